import { z } from 'zod';
import { hexToRgb } from './colour.js';
import type { PhotoSpec } from './schema.js';
import { blue, cream, lightBlue, lightGrey, offWhite, red, white } from './specs/colours.js';

const named = {
  white,
  'off-white': offWhite,
  'light-grey': lightGrey,
  'light-blue': lightBlue,
  blue,
  red,
  cream,
};

/** A background by name (white, blue, red, light-blue, light-grey, off-white, cream) or as #rrggbb. */
export const backgroundChoiceSchema = z.union([
  z.enum(Object.keys(named) as [keyof typeof named, ...(keyof typeof named)[]]),
  z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'expected a colour name or #rrggbb' }),
]);

export type BackgroundChoice = z.infer<typeof backgroundChoiceSchema>;

/** The colour to paint: the choice, or the spec's first allowed background. */
export function resolveBackground(
  spec: PhotoSpec,
  choice: BackgroundChoice | undefined,
): [number, number, number] {
  if (choice === undefined) return hexToRgb(spec.backgrounds[0]!.hex);
  if (choice.startsWith('#')) return hexToRgb(choice.toLowerCase());
  return hexToRgb(named[choice as keyof typeof named].hex);
}

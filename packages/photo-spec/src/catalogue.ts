import { z } from 'zod';
import { SpecOverrideError, UnknownSpecError } from './errors.js';
import { type PhotoSpec, photoSpecSchema } from './schema.js';
import { cnDocumentSpecs } from './specs/cn-documents.js';
import { cnExamSpecs } from './specs/cn-exam.js';
import { cnPrintSpecs } from './specs/cn-print.js';
import { intlSpecs } from './specs/intl.js';

/** Specs are shared by every caller: nothing in them may change after loading. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function buildCatalogue(): ReadonlyMap<string, PhotoSpec> {
  const catalogue = new Map<string, PhotoSpec>();
  for (const spec of [...cnDocumentSpecs, ...cnPrintSpecs, ...cnExamSpecs, ...intlSpecs]) {
    const parsed = photoSpecSchema.parse(spec);
    if (catalogue.has(parsed.id)) throw new Error(`duplicate photo spec id ${parsed.id}`);
    catalogue.set(parsed.id, deepFreeze(parsed));
  }
  return catalogue;
}

const catalogue = buildCatalogue();

/** Every spec in the catalogue, in catalogue order. */
export function listSpecs(): readonly PhotoSpec[] {
  return [...catalogue.values()];
}

export const specOverridesSchema = z
  .object({
    pixels: z.object({
      width: z.number().int().min(64).max(4000),
      height: z.number().int().min(64).max(4000),
    }),
    kb: z
      .object({ min: z.number().nonnegative(), max: z.number().positive() })
      .refine((kb) => kb.min <= kb.max, { message: 'min must not exceed max' }),
  })
  .partial()
  .strict();

export type SpecOverrides = z.infer<typeof specOverridesSchema>;

/**
 * Looks a spec up by id. Editable specs (exam and registration portals) accept pixel and KB
 * overrides; pixel bands then scale with the new height so the geometry stays the same.
 */
export function getSpec(id: string, overrides?: SpecOverrides): PhotoSpec {
  const spec = catalogue.get(id);
  if (!spec) throw new UnknownSpecError(id, [...catalogue.keys()]);
  if (!overrides || Object.keys(overrides).length === 0) return spec;
  if (!spec.editable)
    throw new SpecOverrideError(`Spec "${id}" is fixed by its authority and takes no overrides`);
  const parsed = specOverridesSchema.safeParse(overrides);
  if (!parsed.success) {
    throw new SpecOverrideError(
      `Invalid overrides for "${id}": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const { pixels, kb } = parsed.data;
  const scaleY = pixels ? pixels.height / spec.pixels.height : 1;
  const scaleX = pixels ? pixels.width / spec.pixels.width : 1;
  const scalePx = <T extends { min: number; max: number; unit: string } | undefined>(
    band: T,
    scale = scaleY,
  ): T => (band && band.unit === 'px' ? { ...band, min: band.min * scale, max: band.max * scale } : band);
  return deepFreeze({
    ...spec,
    pixels: pixels ?? spec.pixels,
    kb: kb ?? spec.kb,
    headHeight: scalePx(spec.headHeight),
    eyeLineFromBottom: scalePx(spec.eyeLineFromBottom),
    topMargin: scalePx(spec.topMargin),
    bottomMargin: scalePx(spec.bottomMargin),
    faceWidth: scalePx(spec.faceWidth, scaleX),
    notes: [...spec.notes, `Overridden by the caller: ${JSON.stringify(parsed.data)}.`],
  });
}

import { type ImageInput, InvalidOptionError, probeImage, renderSheet } from '@piplkit/native';
import { z } from 'zod';
import { getSpec } from './catalogue.js';
import { jfifDpi } from './jfif.js';
import { planSheet, type SheetPlan, sheetOptionsSchema } from './layout.js';

export const layoutSheetOptionsSchema = sheetOptionsSchema.extend({
  /** The photo's print size: from this spec's print size… */
  spec: z.string().optional(),
  /** …or given directly; otherwise read from the photo's pixels and its JFIF DPI. */
  photoMm: z.object({ width: z.number().positive(), height: z.number().positive() }).strict().optional(),
  quality: z.number().int().min(1).max(100).default(95),
});

export type LayoutSheetOptions = z.input<typeof layoutSheetOptionsSchema>;

export interface LayoutSheetResult {
  /** The sheet as a JPEG carrying the sheet's DPI. */
  image: Buffer;
  count: number;
  plan: SheetPlan;
}

async function photoSize(
  photo: Uint8Array,
  o: z.output<typeof layoutSheetOptionsSchema>,
): Promise<{ width: number; height: number }> {
  if (o.photoMm) return o.photoMm;
  if (o.spec) {
    const spec = getSpec(o.spec);
    if (spec.printMm) return spec.printMm;
    return { width: (spec.pixels.width / spec.dpi) * 25.4, height: (spec.pixels.height / spec.dpi) * 25.4 };
  }
  const dpi = jfifDpi(photo);
  if (!dpi) {
    throw new InvalidOptionError('layoutSheet', [
      'photoMm: the photo declares no DPI; pass `spec` or `photoMm` so its print size is known',
    ]);
  }
  const { width, height } = await probeImage(photo);
  return { width: (width / dpi) * 25.4, height: (height / dpi) * 25.4 };
}

/** Lays copies of an ID photo out for printing and renders the sheet in one native call. */
export async function layoutSheet(
  photo: ImageInput,
  options: LayoutSheetOptions = {},
): Promise<LayoutSheetResult> {
  const parsed = layoutSheetOptionsSchema.safeParse(options);
  if (!parsed.success) throw InvalidOptionError.fromZod('layoutSheet', parsed.error);
  const o = parsed.data;
  if (!(photo instanceof Uint8Array) && !o.photoMm && !o.spec) {
    throw new InvalidOptionError('layoutSheet', [
      'photoMm: raw pixels carry no DPI; pass `spec` or `photoMm`',
    ]);
  }
  const size = await photoSize(photo as Uint8Array, o);
  const plan = planSheet(size, {
    paper: o.paper,
    dpi: o.dpi,
    gapMm: o.gapMm,
    marginMm: o.marginMm,
    cutMarks: o.cutMarks,
  });
  const image = await renderSheet(photo, {
    paper: plan.paperPx,
    cell: plan.cellPx,
    positions: plan.positions,
    cutMarks: plan.cutMarks,
    dpi: plan.dpi,
    quality: o.quality,
  });
  return { image, count: plan.count, plan };
}

import { z } from 'zod';
import { imageCall } from './image-call.js';
import { decodeOptionsShape, type ImageInput } from './image-input.js';
import type { VisionModelId } from './model-loader.js';

export const segmentPersonOptionsSchema = z.strictObject({
  /**
   * 'general': 256x256 input; 'landscape': 144x256 input, faster; 'auto' (default): landscape
   * for images wider than tall.
   */
  model: z.enum(['general', 'landscape', 'auto']).default('auto'),
  /** Snap the mask's edges to the image's edges with a guided filter (default true). */
  refineEdges: z.boolean().default(true),
  ...decodeOptionsShape,
});
export type SegmentPersonOptions = z.input<typeof segmentPersonOptionsSchema>;

/** A soft mask: one byte per source pixel, 0 = background, 255 = person. */
export interface PersonMask {
  width: number;
  height: number;
  data: Buffer;
}

const segmenterModels: Record<SegmentPersonOptions['model'] & string, VisionModelId[]> = {
  general: ['selfie_segmentation'],
  landscape: ['selfie_segmentation_landscape'],
  auto: ['selfie_segmentation', 'selfie_segmentation_landscape'],
};

/** Cuts the person out with MediaPipe Selfie Segmentation. One native call. */
export function segmentPerson(image: ImageInput, options: SegmentPersonOptions = {}): Promise<PersonMask> {
  return imageCall(
    segmentPerson,
    segmentPersonOptionsSchema,
    image,
    options,
    (opts) => segmenterModels[opts.model],
    (binding, native, opts, callback) => binding.segmentPerson(native, opts, callback),
  );
}

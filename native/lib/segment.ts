import { z } from 'zod';
import { loadBinding } from './binding.js';
import { callNative } from './call.js';
import { decodeOptionsShape, type ImageInput, imageInputSchema, toNativeImage } from './image-input.js';
import { ensureModels, type VisionModelId } from './model-loader.js';
import { parseOptions } from './options.js';

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
  try {
    const input = parseOptions('segmentPerson', imageInputSchema, image);
    const opts = parseOptions('segmentPerson', segmentPersonOptionsSchema, options);
    ensureModels(segmenterModels[opts.model]);
    const binding = loadBinding();
    const native = toNativeImage(input);
    return callNative<PersonMask>(segmentPerson, (callback) => binding.segmentPerson(native, opts, callback));
  } catch (error) {
    return Promise.reject(error);
  }
}

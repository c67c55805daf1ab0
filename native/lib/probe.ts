import { loadBinding } from './binding.js';
import { callNative } from './call.js';
import { InvalidOptionError } from './errors.js';
import { asBuffer, encodedImageSchema } from './input.js';

export interface ImageProbe {
  width: number;
  height: number;
  /** Channels as stored: 1 grey, 2 grey+alpha, 3 colour, 4 colour+alpha (or CMYK for JPEG). */
  channels: number;
  format: 'jpeg' | 'png' | 'webp';
}

/**
 * Reads an image's size, channels and format from its header, without decoding the pixels.
 * Rejects with an ImageDecodeError for empty, truncated, corrupt or unsupported input.
 */
export function probeImage(input: Uint8Array): Promise<ImageProbe> {
  const parsed = encodedImageSchema.safeParse(input);
  if (!parsed.success) return Promise.reject(InvalidOptionError.fromZod('probeImage', parsed.error));
  const binding = loadBinding();
  const buffer = asBuffer(parsed.data);
  return callNative<ImageProbe>(probeImage, (callback) => binding.probeImage(buffer, callback));
}

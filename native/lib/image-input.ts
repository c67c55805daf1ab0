import { z } from 'zod';
import { encodedImageSchema } from './input.js';

/** Raw 8-bit pixels, rows tightly packed: 1 = grey, 3 = RGB, 4 = RGBA (e.g. sharp's `.raw()`). */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

/** An encoded JPEG, PNG or WebP buffer, or raw pixels. */
export type ImageInput = Uint8Array | RawImage;

const rawImageSchema = z
  .object({
    data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'expected a Uint8Array' }),
    width: z.number().int().positive().max(65_535),
    height: z.number().int().positive().max(65_535),
    channels: z.union([z.literal(1), z.literal(3), z.literal(4)]),
  })
  .refine((raw) => raw.data.byteLength === raw.width * raw.height * raw.channels, {
    message: 'data length must be width * height * channels',
  });

export const imageInputSchema = z.union([encodedImageSchema, rawImageSchema]);

/** Options every image call shares. */
export const decodeOptionsShape = {
  /**
   * Refuse images with more pixels than this, read from the header before anything is decoded
   * (decompression bombs). Default 100 million.
   */
  maxPixels: z
    .number()
    .int()
    .positive()
    .max(2 ** 30)
    .optional(),
};

/** The native side's view of an input: Buffers only, so C++ can read them without copying. */
export type NativeImage = Buffer | { data: Buffer; width: number; height: number; channels: number };

function toBuffer(input: Uint8Array): Buffer {
  return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

export function toNativeImage(input: ImageInput): NativeImage {
  if (input instanceof Uint8Array) return toBuffer(input);
  return { data: toBuffer(input.data), width: input.width, height: input.height, channels: input.channels };
}

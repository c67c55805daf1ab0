import { z } from 'zod';

/** An encoded image: a Buffer or any Uint8Array view (not copied). */
export const encodedImageSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, {
  message: 'expected a Buffer or Uint8Array holding an encoded image',
});

export function asBuffer(input: Uint8Array): Buffer {
  return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

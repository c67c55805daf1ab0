/**
 * The print density a JPEG declares in its JFIF header (APP0), in dots per inch; undefined when
 * it declares none (no JFIF segment, or an aspect ratio only).
 */
export function jfifDpi(jpeg: Uint8Array): number | undefined {
  // SOI, then APP0: FF E0, length (2), "JFIF\0", version (2), units (1), Xdensity (2), Ydensity (2).
  if (jpeg.length < 18 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg[2] !== 0xff || jpeg[3] !== 0xe0)
    return undefined;
  const id = String.fromCharCode(...jpeg.subarray(6, 11));
  if (id !== 'JFIF\0') return undefined;
  const units = jpeg[13];
  const x = (jpeg[14]! << 8) | jpeg[15]!;
  if (x === 0) return undefined;
  if (units === 1) return x;
  if (units === 2) return x * 2.54;
  return undefined;
}

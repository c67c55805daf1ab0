import type { CropSpec } from '@piplkit/native';
import type { Band, LengthBand, PhotoSpec } from './schema.js';

/** A spec's geometry, every band in pixels of the finished photo. */
export interface PixelBands {
  width: number;
  height: number;
  headHeight?: Band;
  eyeLineFromBottom?: Band;
  topMargin?: Band;
  bottomMargin?: Band;
  faceWidth?: Band;
  centringTolerancePx: number;
}

function toPixels(band: LengthBand | undefined, spec: PhotoSpec, axis: 'width' | 'height'): Band | undefined {
  if (!band) return undefined;
  const pixels = spec.pixels[axis];
  switch (band.unit) {
    case 'px':
      return { min: band.min, max: band.max };
    case 'fraction':
      return { min: band.min * pixels, max: band.max * pixels };
    case 'mm': {
      // The schema guarantees a print size when a band is in mm.
      const mm = spec.printMm![axis];
      return { min: (band.min / mm) * pixels, max: (band.max / mm) * pixels };
    }
  }
}

export function pixelBands(spec: PhotoSpec): PixelBands {
  return {
    width: spec.pixels.width,
    height: spec.pixels.height,
    headHeight: toPixels(spec.headHeight, spec, 'height'),
    eyeLineFromBottom: toPixels(spec.eyeLineFromBottom, spec, 'height'),
    topMargin: toPixels(spec.topMargin, spec, 'height'),
    bottomMargin: toPixels(spec.bottomMargin, spec, 'height'),
    faceWidth: toPixels(spec.faceWidth, spec, 'width'),
    centringTolerancePx: spec.centringTolerance * spec.pixels.width,
  };
}

/** A spec's bands as the native crop planner takes them. */
export function cropSpecOf(bands: PixelBands): CropSpec {
  return {
    width: bands.width,
    height: bands.height,
    headHeight: bands.headHeight,
    eyeLineFromBottom: bands.eyeLineFromBottom,
    topMargin: bands.topMargin,
    bottomMargin: bands.bottomMargin,
    faceWidth: bands.faceWidth,
    centringTolerancePx: bands.centringTolerancePx,
  };
}

/** What the native analysis measures on a photo; the rules in checks.ts judge it against a spec. */
export interface Point {
  x: number;
  y: number;
}

export interface FaceMeasurements {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  rightEye: Point;
  leftEye: Point;
  noseTip: Point;
  mouth: Point;
  rollDegrees: number;
  /** Estimated from how far the nose tip sits off the eyes' midpoint. */
  yawDegrees: number;
  interEyePx: number;
  /** Chin (estimated from the mouth) to crown (top of the person mask). */
  headHeightPx: number;
  eyeLineFromBottomPx: number;
  topMarginPx: number;
  /** True when the crown is outside the photo and was estimated from face proportions. */
  crownEstimated: boolean;
  faceWidthPx: number;
  /** Horizontal distance of the face centre from the photo's centre line. */
  centringOffsetPx: number;
}

export interface QualityMeasurements {
  /** Variance of the Laplacian of the face region (grey, 8-bit). */
  sharpness: number;
  /** Mean luminance of the face region, 0–255. */
  faceLuminance: number;
  /** Fractions of face pixels at or below 8 and at or above 247. */
  clippedDark: number;
  clippedBright: number;
  /** Standard deviation of the face region's luminance. */
  contrast: number;
}

export interface BackgroundMeasurements {
  meanRgb: [number, number, number];
  /** Mean of the per-channel standard deviations over the background pixels. */
  stdDev: number;
  /** Fraction of the photo that is background. */
  coverage: number;
}

export interface PhotoMeasurements {
  image: { width: number; height: number; format: 'jpeg' | 'png' | 'webp'; bytes: number };
  faceCount: number;
  /** The most confident face; absent when none was found. */
  face?: FaceMeasurements;
  /** Present when a face was found. */
  quality?: QualityMeasurements;
  /** Absent when the person mask covers (nearly) the whole photo. */
  background?: BackgroundMeasurements;
}

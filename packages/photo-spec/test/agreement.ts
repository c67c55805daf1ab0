import { expect } from 'vitest';
import type { MakeIdPhotoReport, PhotoCheck, PhotoSpec } from '../src/index.js';

/**
 * The face found again in the output agrees with where the pipeline put it: head height, eye line
 * and top margin within 2 % of the photo's height.
 */
export function expectPlacementAgrees(spec: PhotoSpec, report: MakeIdPhotoReport, check: PhotoCheck): void {
  const face = check.measurements.face!;
  const tolerance = 0.02 * spec.pixels.height;
  expect(Math.abs(face.headHeightPx - report.geometry.headHeightPx)).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(face.eyeLineFromBottomPx - report.geometry.eyeLineFromBottomPx)).toBeLessThanOrEqual(
    tolerance,
  );
  expect(Math.abs(face.topMarginPx - report.geometry.topMarginPx)).toBeLessThanOrEqual(tolerance);
}

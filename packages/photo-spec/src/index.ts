export { getSpec, listSpecs, type SpecOverrides, specOverridesSchema } from './catalogue.js';
export { deltaE, hexToRgb, rgbToLab } from './colour.js';
export { SpecOverrideError, UnknownSpecError } from './errors.js';
export { type PixelBands, pixelBands } from './geometry-bands.js';
export { paperSizes, planSheet, type SheetOptions, type SheetPlan, sheetOptionsSchema } from './layout.js';
export type {
  BackgroundMeasurements,
  FaceMeasurements,
  PhotoMeasurements,
  Point,
  QualityMeasurements,
} from './measurements.js';
export {
  type CheckThresholds,
  checkThresholdsSchema,
  evaluateRules,
  type LocalText,
  type RuleId,
  type RuleResult,
  ruleIds,
} from './rules.js';
export {
  type Background,
  type Band,
  backgroundNames,
  type LengthBand,
  type PhotoSpec,
  photoSpecSchema,
} from './schema.js';

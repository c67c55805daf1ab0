export { type BackgroundChoice, backgroundChoiceSchema } from './background.js';
export {
  type BatchItem,
  type BatchOptions,
  batchOptionsSchema,
  batchReportCsv,
  makeIdPhotoBatch,
} from './batch.js';
export { getSpec, listSpecs, type SpecOverrides, specOverridesSchema } from './catalogue.js';
export {
  type CheckPhotoOptions,
  checkPhoto,
  checkPhotoOptionsSchema,
  type PhotoCheck,
} from './check-photo.js';
export { deltaE, hexToRgb, rgbToLab } from './colour.js';
export { SheetLayoutError, SpecOverrideError, UnknownSpecError } from './errors.js';
export { cropSpecOf, type PixelBands, pixelBands } from './geometry-bands.js';
export { jfifDpi } from './jfif.js';
export { paperSizes, planSheet, type SheetOptions, type SheetPlan, sheetOptionsSchema } from './layout.js';
export {
  type LayoutSheetOptions,
  type LayoutSheetResult,
  layoutSheet,
  layoutSheetOptionsSchema,
} from './layout-sheet.js';
export {
  type MakeIdPhotoOptions,
  type MakeIdPhotoReport,
  type MakeIdPhotoResult,
  makeIdPhoto,
  makeIdPhotoOptionsSchema,
} from './make-id-photo.js';
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

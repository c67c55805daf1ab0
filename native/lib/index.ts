export { addonCandidates } from './binding.js';
export {
  AddonNotFoundError,
  ImageDecodeError,
  InvalidOptionError,
  ModelError,
  NativeError,
  PhotoRejectedError,
  PiplkitError,
} from './errors.js';
export {
  type BlurFacesOptions,
  type BlurFacesResult,
  blurFaces,
  type DetectedFace,
  type DetectFacesOptions,
  detectFaces,
  type FaceDetectionResult,
  type Point,
} from './faces.js';
export {
  type AnalyzePhotoOptions,
  analyzePhoto,
  type ComposeIdPhotoOptions,
  type CropPlan,
  type CropSpec,
  composeIdPhoto,
  cropSpecSchema,
  type HeadLandmarks,
  headLandmarksSchema,
  type IdPhotoReport,
  type IdPhotoResult,
  type PhotoAnalysis,
  planCrop,
  type RenderSheetOptions,
  renderSheet,
} from './idphoto.js';
export type { ImageInput, RawImage } from './image-input.js';
export { checkModels, type ModelEntry, type ModelStatus, modelManifest } from './models.js';
export { type ImageProbe, probeImage } from './probe.js';
export { type PersonMask, type SegmentPersonOptions, segmentPerson } from './segment.js';
export { type NativeVersions, versions } from './versions.js';

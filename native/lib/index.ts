export { addonCandidates } from './binding.js';
export {
  AddonNotFoundError,
  ImageDecodeError,
  InvalidOptionError,
  NativeError,
  PiplkitError,
} from './errors.js';
export { checkModels, type ModelEntry, type ModelStatus, modelManifest } from './models.js';
export { type ImageProbe, probeImage } from './probe.js';
export { type NativeVersions, versions } from './versions.js';

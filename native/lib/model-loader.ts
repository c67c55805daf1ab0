import { loadBinding } from './binding.js';
import { fromNative, ModelError } from './errors.js';
import { modelManifest, verifyModel } from './models.js';

/** Model ids the vision calls use (models/manifest.json). */
export type VisionModelId =
  | 'face_detection_short_range'
  | 'face_detection_full_range'
  | 'selfie_segmentation'
  | 'selfie_segmentation_landscape';

const registered = new Set<string>();

/**
 * Makes sure the addon holds the given models: each is resolved in its npm package, checked
 * against the manifest's sha256 and handed to C++ once per process; C++ keeps the parsed model
 * and its nets from then on.
 */
export function ensureModels(ids: readonly VisionModelId[]): void {
  for (const id of ids) {
    if (registered.has(id)) continue;
    const entry = modelManifest.find((candidate) => candidate.id === id);
    if (!entry) throw new ModelError('ERR_MODEL_MISSING', `model ${id} is not in models/manifest.json`);
    const verified = verifyModel(entry);
    if (verified.state === 'missing') {
      throw new ModelError(
        'ERR_MODEL_MISSING',
        `model ${id} is missing: ${verified.reason}. Install the package ${entry.package} (a dependency of @piplkit/native).`,
      );
    }
    if (verified.state === 'altered' || !verified.bytes) {
      throw new ModelError(
        'ERR_MODEL_ALTERED',
        `model ${id} (${entry.package}/${entry.file}) does not match the manifest: expected sha256 ${entry.sha256}` +
          (verified.state === 'altered' ? `, found ${verified.actualSha256}` : ''),
      );
    }
    try {
      loadBinding().registerModel(id, verified.bytes);
    } catch (error) {
      throw fromNative(error as Error & { code?: unknown }, undefined);
    }
    registered.add(id);
  }
}

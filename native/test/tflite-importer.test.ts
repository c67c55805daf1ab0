// The TFLite importer: every model of the manifest imports and runs; anything it cannot import
// fails with a ModelError naming the op and the model; damaged files never crash it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFixtureImage } from '@piplkit/test-support';
import { describe, expect, it } from 'vitest';
import { loadBinding } from '../lib/binding.js';
import { detectFaces, ModelError, modelManifest, segmentPerson } from '../lib/index.js';
import { ensureModels } from '../lib/model-loader.js';
import { verifyModel } from '../lib/models.js';

const require = createRequire(import.meta.url);
const faceDetectionDir = dirname(require.resolve('@mediapipe/face_detection/package.json'));

const register = (id: string, bytes: Buffer) => {
  try {
    return loadBinding().registerModel(id, bytes);
  } catch (error) {
    return error as Error & { code?: string };
  }
};

describe('TFLite importer', () => {
  it('imports and runs all four MediaPipe models of the manifest', async () => {
    ensureModels([
      'face_detection_short_range',
      'face_detection_full_range',
      'selfie_segmentation',
      'selfie_segmentation_landscape',
    ]);
    const image = readFixtureImage('astronaut');
    expect((await detectFaces(image, { model: 'short' })).faces).toHaveLength(1);
    expect((await detectFaces(image, { model: 'full' })).faces).toHaveLength(1);
    for (const model of ['general', 'landscape'] as const) {
      const mask = await segmentPerson(image, { model, refineEdges: false });
      expect(mask.data[130 * 512 + 225]).toBeGreaterThan(200); // the face is person
      expect(mask.data[5 * 512 + 5]).toBeLessThan(50); // the corner is not
    }
  });

  it('names the unsupported op and the model (the sparse full-range variant uses DENSIFY)', () => {
    const sparse = readFileSync(join(faceDetectionDir, 'face_detection_full_range_sparse.tflite'));
    const error = register('face_detection_full_range_sparse', sparse);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBe('ERR_MODEL_UNSUPPORTED_OP');
    expect((error as Error).message).toMatch(/face_detection_full_range_sparse.*DENSIFY/);
  });

  it('refuses damaged model files with ERR_MODEL_CORRUPT and survives 300 mutations', () => {
    const bytes = readFileSync(join(faceDetectionDir, 'face_detection_short_range.tflite'));
    expect(register('junk', Buffer.from('not a model at all, not at all'))).toMatchObject({
      code: 'ERR_MODEL_CORRUPT',
    });
    expect(register('cut', bytes.subarray(0, 2000))).toMatchObject({ code: 'ERR_MODEL_CORRUPT' });
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outcomes = { registered: 0, refused: 0 };
    for (let i = 0; i < 300; i++) {
      // Mutations land in the first 4 KB, where the tables and offsets live.
      const copy = Buffer.from(bytes);
      for (let f = 0; f < 4; f++) copy[Math.floor(random() * 4096)] = Math.floor(random() * 256);
      const result = register(`mutant-${i}`, copy);
      if (result === true) outcomes.registered++;
      else {
        expect((result as { code?: string }).code).toMatch(/^ERR_MODEL_/);
        outcomes.refused++;
      }
    }
    expect(outcomes.registered + outcomes.refused).toBe(300);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('refuses a model whose file no longer matches the manifest hash', () => {
    const entry = modelManifest.find((m) => m.id === 'face_detection_short_range');
    if (!entry) throw new Error('manifest lacks face_detection_short_range');
    const status = verifyModel({ ...entry, sha256: '0'.repeat(64) });
    expect(status.state).toBe('altered');
    expect(status.bytes).toBeUndefined();
    expect(verifyModel({ ...entry, package: '@mediapipe/not-installed' }).state).toBe('missing');
  });

  it('maps native model errors to ModelError', async () => {
    const error = await import('../lib/errors.js').then(({ fromNative }) =>
      fromNative(
        { message: 'model x uses the TFLite op DENSIFY', code: 'ERR_MODEL_UNSUPPORTED_OP' },
        undefined,
      ),
    );
    expect(error).toBeInstanceOf(ModelError);
  });
});

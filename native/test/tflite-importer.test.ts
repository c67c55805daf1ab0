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

/**
 * A minimal .tflite FlatBuffer: one [1, 4, 4, 3] float input, one output, one builtin operator.
 * Laid out front to back (every offset points forward), following TFLite's schema.fbs tables.
 */
function tinyModel(builtin: number): Buffer {
  const bytes: number[] = [];
  const u8 = (v: number) => bytes.push(v & 0xff);
  const u16 = (v: number) => {
    u8(v);
    u8(v >> 8);
  };
  const u32 = (v: number) => {
    u16(v & 0xffff);
    u16(v >>> 16);
  };
  const at = () => bytes.length;
  const patch = (pos: number, v: number) => {
    for (let i = 0; i < 4; i++) bytes[pos + i] = (v >>> (8 * i)) & 0xff;
  };
  let tableStart = 0;
  const align = () => {
    while (at() % 4) u8(0);
  };
  // A table whose fields are all 4 bytes; `fields[i]` is a number, 'ref' (offset patched later) or null.
  // `slot`, when given, is the offset field (or vector entry) that points at this table.
  const table = (fields: (number | 'ref' | null)[], slot?: number) => {
    align();
    const present = fields.map((f) => f !== null);
    const vtable = at();
    u16(4 + 2 * fields.length);
    u16(4 + 4 * present.filter(Boolean).length);
    let offset = 4;
    for (const p of present) {
      u16(p ? offset : 0);
      if (p) offset += 4;
    }
    align();
    const start = at();
    tableStart = start;
    if (slot !== undefined) patch(slot, start - slot);
    u32(start - vtable);
    const refs: number[] = [];
    for (const f of fields) {
      if (f === null) continue;
      if (f === 'ref') refs.push(at());
      u32(f === 'ref' ? 0 : f);
    }
    return refs;
  };
  const point = (slot: number) => patch(slot, at() - slot);
  const ints = (slot: number, values: number[]) => {
    align();
    point(slot);
    u32(values.length);
    for (const v of values) u32(v);
  };
  const tables = (slot: number, count: number) => {
    align();
    point(slot);
    u32(count);
    const slots: number[] = [];
    for (let i = 0; i < count; i++) {
      slots.push(at());
      u32(0);
    }
    return slots;
  };
  u32(0); // root offset, patched below
  u8(0x54);
  u8(0x46);
  u8(0x4c);
  u8(0x33); // "TFL3"
  align();
  // Model: 0 version, 1 operator_codes, 2 subgraphs, 3 description (absent), 4 buffers
  const [codes = 0, subgraphs = 0, buffers = 0] = table([3, 'ref', 'ref', null, 'ref']);
  patch(0, tableStart);
  const [code = 0] = tables(codes, 1);
  table([null, null, null, builtin], code); // OperatorCode: 3 builtin_code
  const [buffer = 0] = tables(buffers, 1);
  table([], buffer); // the empty buffer 0
  const [graph = 0] = tables(subgraphs, 1);
  // SubGraph: 0 tensors, 1 inputs, 2 outputs, 3 operators
  const [tensors = 0, inputs = 0, outputs = 0, operators = 0] = table(['ref', 'ref', 'ref', 'ref'], graph);
  const tensorSlots = tables(tensors, 2);
  for (const slot of tensorSlots) {
    const [shape = 0] = table(['ref'], slot); // Tensor: 0 shape
    ints(shape, [1, 4, 4, 3]);
  }
  ints(inputs, [0]);
  ints(outputs, [1]);
  const [operator = 0] = tables(operators, 1);
  const [opInputs = 0, opOutputs = 0] = table([null, 'ref', 'ref'], operator); // Operator: 1 inputs, 2 outputs
  ints(opInputs, [0]);
  ints(opOutputs, [1]);
  return Buffer.from(bytes);
}

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

  it('imports the sparse full-range variant (DENSIFY, DEPTH_TO_SPACE)', () => {
    const sparse = readFileSync(join(faceDetectionDir, 'face_detection_full_range_sparse.tflite'));
    expect(register('face_detection_full_range_sparse', sparse)).toBe(true);
  });

  it('names the unsupported op and the model', () => {
    const error = register('one-softmax', tinyModel(25)); // SOFTMAX
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBe('ERR_MODEL_UNSUPPORTED_OP');
    expect((error as Error).message).toMatch(/one-softmax.*SOFTMAX/);
    expect((register('one-op-255', tinyModel(255)) as Error).message).toMatch(/one-op-255.*builtin #255/);
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

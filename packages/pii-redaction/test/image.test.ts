// Faces covered through @piplkit/native on real photos; the missing-addon path through a loader.
import { detectFaces } from '@piplkit/native';
import { readFixtureImage } from '@piplkit/test-support';
import { describe, expect, it } from 'vitest';
import { PiiRedactionError, redactImage } from '../src/index.js';
import { imageRedactor } from '../src/inputs/image.js';

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('redactImage', () => {
  it('covers the face of a portrait so that no face is found in the result', async () => {
    const source = readFixtureImage('astronaut');
    expect((await detectFaces(source)).faces).toHaveLength(1);
    const result = await redactImage(source, { style: 'solid', format: 'png' });
    expect(result.data.subarray(0, 8).equals(pngSignature)).toBe(true);
    expect(result.faces).toHaveLength(1);
    expect(result.faces[0]?.score).toBeGreaterThan(0.5);
    expect(Object.keys(result.faces[0] ?? {}).sort()).toEqual(['box', 'score']);
    expect((await detectFaces(result.data)).faces).toEqual([]);
  });

  it('blurs every face of a group photo and reports none on a photo without faces', async () => {
    const group = await redactImage(readFixtureImage('faceApiSample2'), { style: 'pixelate' });
    expect(group.faces).toHaveLength(
      (await detectFaces(readFixtureImage('faceApiSample2'), { model: 'full' })).faces.length,
    );
    expect(group.faces.length).toBeGreaterThan(1);
    expect(group.data.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true); // JPEG by default
    const none = await redactImage(readFixtureImage('coffee'), { format: 'webp' });
    expect(none.faces).toEqual([]);
  });

  it('validates its options before loading anything', async () => {
    await expect(redactImage(Buffer.alloc(1), { style: 'swirl' } as never)).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });

  it('names the install step when @piplkit/native is absent or its addon is not built', async () => {
    const absent = imageRedactor(() =>
      Promise.reject(
        Object.assign(new Error("Cannot find package '@piplkit/native'"), { code: 'ERR_MODULE_NOT_FOUND' }),
      ),
    );
    const error = await absent(Buffer.alloc(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PiiRedactionError);
    expect(error).toMatchObject({ code: 'NATIVE_UNAVAILABLE' });
    expect((error as Error).message).toContain('npm install @piplkit/native');

    const unbuilt = imageRedactor(async () => ({
      blurFaces: () => Promise.reject(Object.assign(new Error('not built'), { code: 'ERR_ADDON_NOT_FOUND' })),
    }));
    await expect(unbuilt(Buffer.alloc(1))).rejects.toMatchObject({
      code: 'NATIVE_UNAVAILABLE',
      message: expect.stringContaining('pnpm --filter @piplkit/native build'),
    });
  });
});

// Face detection, segmentation and blurring on real photos. The face-api reference boxes come
// from native/test/golden/face-api-ssd.json; regenerate with
//   node native/scripts/reference/face-api-reference.mjs
import { readFileSync } from 'node:fs';
import { type FixtureImageName, readFixtureImage } from '@piplkit/test-support';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  blurFaces,
  type DetectedFace,
  detectFaces,
  InvalidOptionError,
  segmentPerson,
} from '../lib/index.js';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const faceApi: { images: Record<string, { faces: Box[] }> } = JSON.parse(
  readFileSync(new URL('./golden/face-api-ssd.json', import.meta.url), 'utf8'),
);

const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
const contains = (b: Box, p: { x: number; y: number }) =>
  p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;
// Two detectors frame a face differently (BlazeFace: eyes to mouth; SSD: forehead to chin), so
// "the same face" means each box holds the other's centre.
const sameFace = (a: Box, b: Box) => contains(a, centre(b)) && contains(b, centre(a));

// Eye centres in astronaut.png, annotated by hand from 20x enlargements of the image: the middle
// of the dark iris, in continuous pixel coordinates (pixel i spans [i, i+1)).
const astronautEyes = { rightEye: { x: 204.0, y: 100.5 }, leftEye: { x: 246.5, y: 103.0 } };

describe('detectFaces', () => {
  it("finds every face face-api's SSD finds on its six group photos (22), and nothing else", async () => {
    let matched = 0;
    for (let i = 1; i <= 6; i++) {
      const name = `faceApiSample${i}` as FixtureImageName;
      const reference = faceApi.images[`sample${i}`]?.faces ?? [];
      const { faces } = await detectFaces(readFixtureImage(name), { model: 'full' });
      for (const expected of reference) {
        expect(
          faces.some((face) => sameFace(face.box, expected)),
          `${name}: a face-api face is missed`,
        ).toBe(true);
        matched++;
      }
      for (const face of faces) {
        expect(
          reference.some((expected) => sameFace(face.box, expected)),
          `${name}: false positive`,
        ).toBe(true);
      }
    }
    expect(matched).toBe(22);
  });

  it('finds the one face in astronaut.png with eyes within 3 px of the hand-annotated centres', async () => {
    const { faces, width, height } = await detectFaces(readFixtureImage('astronaut'), { model: 'full' });
    expect({ width, height }).toEqual({ width: 512, height: 512 });
    expect(faces).toHaveLength(1);
    const [face] = faces as [DetectedFace];
    for (const eye of ['rightEye', 'leftEye'] as const) {
      const d = Math.hypot(
        face.keypoints[eye].x - astronautEyes[eye].x,
        face.keypoints[eye].y - astronautEyes[eye].y,
      );
      expect(d, eye).toBeLessThan(3);
    }
    // Subject's right eye is on the image's left.
    expect(face.keypoints.rightEye.x).toBeLessThan(face.keypoints.leftEye.x);
    expect(face.model).toBe('full');
    expect(face.score).toBeGreaterThan(0.6);
  });

  it("'auto' keeps the short-range model for a portrait and switches to full-range for a group", async () => {
    const portrait = await detectFaces(readFixtureImage('astronaut'));
    expect(portrait.faces.map((f) => f.model)).toEqual(['short']);
    const group = await detectFaces(readFixtureImage('faceApiSample5'));
    expect(group.faces.length).toBe(5);
    expect(new Set(group.faces.map((f) => f.model))).toEqual(new Set(['full']));
  });

  it('applies minScore and maxFaces, best first', async () => {
    const all = await detectFaces(readFixtureImage('faceApiSample5'), { model: 'full', minScore: 0.3 });
    const top = await detectFaces(readFixtureImage('faceApiSample5'), {
      model: 'full',
      minScore: 0.3,
      maxFaces: 2,
    });
    expect(top.faces).toEqual(all.faces.slice(0, 2));
    const scores = all.faces.map((f) => f.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s) => s >= 0.3)).toBe(true);
  });

  it('gives the same faces for raw pixels as for the encoded image', async () => {
    const encoded = readFixtureImage('messi');
    const { data, info } = await sharp(encoded).raw().toBuffer({ resolveWithObject: true });
    const fromRaw = await detectFaces(
      { data, width: info.width, height: info.height, channels: 3 },
      { model: 'full' },
    );
    const fromJpeg = await detectFaces(encoded, { model: 'full' });
    expect(fromRaw.faces.length).toBe(fromJpeg.faces.length);
    expect(fromRaw.faces.length).toBeGreaterThan(0);
    expect(fromRaw.faces[0]?.box.x).toBeCloseTo(fromJpeg.faces[0]?.box.x ?? Number.NaN, 0);
  });

  it('applies EXIF orientation: a JPEG stored sideways reports coordinates of the upright image', async () => {
    const upright = readFixtureImage('astronaut');
    // Pixels rotated 90° clockwise, tagged orientation 8 (display needs a 90° counter-clockwise turn).
    const sideways = await sharp(upright)
      .rotate(90)
      .withMetadata({ orientation: 8 })
      .jpeg({ quality: 95 })
      .toBuffer();
    const a = await detectFaces(upright, { model: 'short' });
    const b = await detectFaces(sideways, { model: 'short' });
    expect(b.width).toBe(512);
    expect(b.faces).toHaveLength(1);
    expect(b.faces[0]?.keypoints.rightEye.x).toBeCloseTo(a.faces[0]?.keypoints.rightEye.x ?? Number.NaN, -1);
    expect(b.faces[0]?.keypoints.rightEye.y).toBeCloseTo(a.faces[0]?.keypoints.rightEye.y ?? Number.NaN, -1);
  });

  it('decodes a big JPEG at reduced size and still reports full-size coordinates, EXIF-rotated too', async () => {
    const big = await sharp(readFixtureImage('faceApiSample1'))
      .resize(4000, 2667)
      .jpeg({ quality: 90 })
      .toBuffer();
    const raw = await sharp(big).raw().toBuffer({ resolveWithObject: true });
    const full = await detectFaces(
      { data: raw.data, width: 4000, height: 2667, channels: 3 },
      { model: 'full' },
    );
    const reduced = await detectFaces(big, { model: 'full' });
    expect([reduced.width, reduced.height]).toEqual([4000, 2667]);
    expect(reduced.faces.length).toBe(full.faces.length);
    for (const face of full.faces) {
      const twin = reduced.faces.find(
        (f) => Math.abs(f.box.x - face.box.x) < 40 && Math.abs(f.box.y - face.box.y) < 40,
      );
      expect(twin, 'the same face at the same place').toBeDefined();
    }
    const sideways = await sharp(big)
      .rotate(90)
      .withMetadata({ orientation: 8 })
      .jpeg({ quality: 90 })
      .toBuffer();
    const upright = await detectFaces(sideways, { model: 'full' });
    expect([upright.width, upright.height]).toEqual([4000, 2667]);
    expect(upright.faces.length).toBe(full.faces.length);
  });

  it('maps keypoints back through the letterbox of very wide and very tall images', async () => {
    const face = await sharp(readFixtureImage('astronaut'))
      .extract({ left: 128, top: 0, width: 256, height: 256 })
      .png()
      .toBuffer();
    const alone = (await detectFaces(face, { model: 'full' })).faces[0]?.keypoints.rightEye ?? { x: 0, y: 0 };
    const grey = { r: 128, g: 128, b: 128 };
    for (const [width, height, left, top] of [
      [900, 256, 500, 0],
      [256, 900, 0, 500],
    ] as const) {
      const canvas = await sharp({ create: { width, height, channels: 3, background: grey } })
        .composite([{ input: face, left, top }])
        .png()
        .toBuffer();
      const { faces } = await detectFaces(canvas, { model: 'full' });
      expect(faces).toHaveLength(1);
      // One model pixel is 900 / 192 ≈ 4.7 source pixels here.
      expect(Math.abs((faces[0]?.keypoints.rightEye.x ?? 0) - (alone.x + left))).toBeLessThan(6);
      expect(Math.abs((faces[0]?.keypoints.rightEye.y ?? 0) - (alone.y + top))).toBeLessThan(6);
    }
  });

  it('takes images with a side of 32767 px or more, which OpenCV cannot warp directly', async () => {
    for (const [width, height] of [
      [33_000, 16],
      [16, 33_000],
    ] as const) {
      const raw = { data: new Uint8Array(width * height), width, height, channels: 1 as const };
      for (const model of ['short', 'full'] as const) {
        const result = await detectFaces(raw, { model });
        expect([result.width, result.height, result.faces]).toEqual([width, height, []]);
      }
    }
  });

  it('rejects unknown options and models with the valid names', async () => {
    const error = await detectFaces(readFixtureImage('messi'), { model: 'huge' as 'full' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toMatch(/model: .*"short"\|"full"\|"auto"/);
    const extra = await detectFaces(readFixtureImage('messi'), { thresh: 1 } as object).catch(
      (e: unknown) => e,
    );
    expect(extra).toBeInstanceOf(InvalidOptionError);
  });
});

describe('segmentPerson', () => {
  it('returns a soft mask at source size, person in the middle, background at the corners', async () => {
    const mask = await segmentPerson(readFixtureImage('astronaut'));
    expect(mask.width).toBe(512);
    expect(mask.height).toBe(512);
    expect(mask.data.length).toBe(512 * 512);
    const at = (x: number, y: number) => mask.data[y * 512 + x] ?? -1;
    expect(at(225, 130)).toBeGreaterThan(200); // face
    expect(at(5, 5)).toBeLessThan(30);
    const soft = mask.data.filter((v) => v > 20 && v < 235).length;
    expect(soft).toBeGreaterThan(0); // edges stay soft
  });

  it('follows the image edges more closely with refinement than without', async () => {
    const image = readFixtureImage('faceApiSample2');
    const refined = await segmentPerson(image);
    const raw = await segmentPerson(image, { refineEdges: false });
    expect(refined.width).toBe(raw.width);
    let differing = 0;
    for (let i = 0; i < raw.data.length; i++)
      if (Math.abs((raw.data[i] ?? 0) - (refined.data[i] ?? 0)) > 64) differing++;
    expect(differing).toBeGreaterThan(0);
    expect(differing / raw.data.length).toBeLessThan(0.05);
  });

  it('refines odd sizes up to the last row and column (the 2x2-mean pyramid drops them)', async () => {
    // 1283×855: the coefficients are fitted at 320×213 (two halvings, an odd column and row left
    // out each time); the full-size pass still covers every pixel, continuing the last ones.
    const { data, info } = await sharp(readFixtureImage('faceApiSample2'))
      .resize(1283, 855, { fit: 'fill' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const image = { data, width: info.width, height: info.height, channels: 3 as const };
    const refined = await segmentPerson(image, { model: 'landscape' });
    const raw = await segmentPerson(image, { model: 'landscape', refineEdges: false });
    expect([refined.width, refined.height]).toEqual([1283, 855]);
    // The last column and row agree with the unrefined mask as well as the rest of the image does.
    const at = (m: { data: Buffer }, x: number, y: number) => m.data[y * 1283 + x] ?? -1;
    let edgeOff = 0;
    for (let y = 0; y < 855; y++) if (Math.abs(at(refined, 1282, y) - at(raw, 1282, y)) > 64) edgeOff++;
    for (let x = 0; x < 1283; x++) if (Math.abs(at(refined, x, 854) - at(raw, x, 854)) > 64) edgeOff++;
    expect(edgeOff / (855 + 1283)).toBeLessThan(0.05);
  });
});

describe('blurFaces', () => {
  it('covers each face and encodes the requested format', async () => {
    const source = readFixtureImage('astronaut');
    for (const style of ['gaussian', 'pixelate', 'solid'] as const) {
      const result = await blurFaces(source, { style, format: 'png', model: 'short' });
      expect(result.faces).toHaveLength(1);
      expect((await sharp(result.data).metadata()).format).toBe('png');
      const out = await sharp(result.data).raw().toBuffer({ resolveWithObject: true });
      const original = await sharp(source).raw().toBuffer();
      const px = (buf: Buffer, x: number, y: number) =>
        buf.subarray((y * 512 + x) * 3, (y * 512 + x) * 3 + 3);
      // the face centre changed, a far corner did not
      expect(px(out.data, 225, 125).equals(px(original, 225, 125))).toBe(false);
      expect(px(out.data, 500, 500).equals(px(original, 500, 500))).toBe(true);
      if (style === 'solid') expect([...px(out.data, 225, 125)]).toEqual([0, 0, 0]);
    }
    const jpeg = await blurFaces(source, { format: 'jpeg' });
    expect((await sharp(jpeg.data).metadata()).format).toBe('jpeg');
    const webp = await blurFaces(source, { format: 'webp', quality: 60 });
    expect((await sharp(webp.data).metadata()).format).toBe('webp');
  });

  it('leaves an image without faces unchanged apart from re-encoding', async () => {
    const result = await blurFaces(readFixtureImage('coffee'), { format: 'png' });
    expect(result.faces).toEqual([]);
    const a = await sharp(result.data).raw().toBuffer();
    const b = await sharp(readFixtureImage('coffee')).raw().toBuffer();
    expect(a.equals(b)).toBe(true);
  });
});

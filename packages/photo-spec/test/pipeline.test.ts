// End to end on real photos: makeIdPhoto's output must pass its own checkPhoto, and detecting the
// face again in the output must agree with the report.
import { ImageDecodeError, PhotoRejectedError } from '@piplkit/native';
import { readFixtureImage } from '@piplkit/test-support';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  checkPhoto,
  getSpec,
  jfifDpi,
  layoutSheet,
  type MakeIdPhotoReport,
  makeIdPhoto,
} from '../src/index.js';
import { expectPlacementAgrees } from './agreement.js';

const astronaut = readFixtureImage('astronaut');

describe('makeIdPhoto → checkPhoto', () => {
  it.each([
    ['cn-idcard', undefined],
    ['cn-travel', 'light-blue'],
    ['cn-2inch', 'blue'],
    ['us-passport', undefined],
    ['cn-exam-ncre', undefined],
  ] as const)('%s: the output passes its own check', async (specId, background) => {
    const spec = getSpec(specId);
    const { jpeg, report } = await makeIdPhoto(astronaut, specId, background ? { background } : {});
    expect(report.pass, JSON.stringify(report.rules.filter((r) => r.pass === false))).toBe(true);
    expect(report.geometry.unmet).toEqual([]);
    expect(jfifDpi(jpeg)).toBe(spec.dpi);
    const meta = await sharp(jpeg).metadata();
    expect([meta.width, meta.height]).toEqual([spec.pixels.width, spec.pixels.height]);
    if (spec.kb) expect(report.encoding.inBand).toBe(true);

    const check = await checkPhoto(jpeg, specId);
    expect(check.rules.filter((r) => r.pass === false)).toEqual([]);
    expectPlacementAgrees(spec, report, check);
  });

  it('levels a tilted head', async () => {
    const tilted = await sharp(astronaut).rotate(12, { background: '#808080' }).png().toBuffer();
    const { jpeg, report } = await makeIdPhoto(tilted, 'cn-idcard');
    expect(Math.abs(report.geometry.rollDegrees)).toBeGreaterThan(10);
    const check = await checkPhoto(jpeg, 'cn-idcard');
    expect(Math.abs(check.measurements.face!.rollDegrees)).toBeLessThan(3);
  });

  it('finds a blurred source photo blurred in the output', async () => {
    const blurred = await sharp(astronaut).blur(2).png().toBuffer();
    const { jpeg } = await makeIdPhoto(blurred, 'cn-idcard');
    const check = await checkPhoto(jpeg, 'cn-idcard');
    expect(check.rules.find((r) => r.id === 'sharpness')).toMatchObject({ pass: false });
    expect(check.pass).toBe(false);
  });

  it('reports a KB band the photo cannot reach instead of padding the file', async () => {
    const { jpeg, report } = await makeIdPhoto(astronaut, 'cn-exam-kaoyan', {
      overrides: { kb: { min: 900, max: 950 } },
    });
    expect(report.encoding.inBand).toBe(false);
    expect(report.encoding.shortfall).toMatch(/below the .* floor/);
    expect(report.pass).toBe(false);
    expect(report.rules.find((r) => r.id === 'fileSize')?.pass).toBe(false);
    // The file ends at its EOI marker: nothing appended.
    expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
  });

  it('flags a background colour the spec does not allow', async () => {
    const { report } = await makeIdPhoto(astronaut, 'cn-idcard', { background: 'red' });
    expect(report.rules.find((r) => r.id === 'backgroundColour')).toMatchObject({ pass: false });
    expect(report.pass).toBe(false);
  });
});

describe('bad input', () => {
  it('no face: a typed error', async () => {
    const error = await makeIdPhoto(readFixtureImage('coffee'), 'cn-idcard').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhotoRejectedError);
    expect(error).toMatchObject({ code: 'ERR_NO_FACE' });
  });

  it('a grey image: no face, and checkPhoto says so rule by rule', async () => {
    const grey = await sharp({ create: { width: 400, height: 500, channels: 3, background: '#777777' } })
      .jpeg()
      .toBuffer();
    await expect(makeIdPhoto(grey, 'cn-idcard')).rejects.toMatchObject({ code: 'ERR_NO_FACE' });
    const check = await checkPhoto(grey, 'cn-idcard');
    expect(check.pass).toBe(false);
    expect(check.rules.find((r) => r.id === 'singleFace')).toMatchObject({ pass: false, measured: 0 });
  });

  it('two people: a typed error naming the count', async () => {
    const pair = await sharp({ create: { width: 1024, height: 512, channels: 3, background: '#ffffff' } })
      .composite([
        { input: astronaut, left: 0, top: 0 },
        { input: astronaut, left: 512, top: 0 },
      ])
      .jpeg()
      .toBuffer();
    const error = await makeIdPhoto(pair, 'cn-idcard').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_MULTIPLE_FACES', message: expect.stringMatching(/^2 faces/) });
  });

  it('a head cut at the top: the crown is estimated and the top-margin rule fails in the report', async () => {
    const cut = await sharp(astronaut)
      .extract({ left: 0, top: 80, width: 512, height: 432 })
      .png()
      .toBuffer();
    const { report } = await makeIdPhoto(cut, 'cn-idcard');
    expect(report.geometry.crownEstimated).toBe(true);
    expect(report.rules.find((r) => r.id === 'topMargin')?.pass).toBe(false);
    expect(report.geometry.paddingPx.top).toBeGreaterThan(0);
  });

  it('a face at the edge: the missing side is padded with background and reported', async () => {
    const edge = await sharp(astronaut)
      .extract({ left: 150, top: 0, width: 362, height: 512 })
      .png()
      .toBuffer();
    const { report } = await makeIdPhoto(edge, 'cn-idcard');
    expect(report.geometry.paddingPx.left).toBeGreaterThan(0);
  });

  it('a tiny face: found and upscaled, or refused with a typed error', async () => {
    const small = await sharp(astronaut).resize(96, 96).toBuffer();
    const tiny = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#dddddd' } })
      .composite([{ input: small, left: 700, top: 500 }])
      .jpeg()
      .toBuffer();
    const outcome: MakeIdPhotoReport | Error = await makeIdPhoto(tiny, 'cn-idcard').then(
      ({ report }) => report,
      (error: Error) => error,
    );
    if (outcome instanceof Error) expect(outcome).toMatchObject({ code: 'ERR_NO_FACE' });
    else expect(outcome.geometry.scale).toBeGreaterThan(3);
  });

  it('decodes a 12 MP photo at half size when the face is large, at full size when it is small', async () => {
    const onCanvas = async (side: number) =>
      sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#8a8f96' } })
        .composite([
          { input: await sharp(astronaut).resize(side, side).toBuffer(), left: 1000, top: 3000 - side },
        ])
        .jpeg({ quality: 90 })
        .toBuffer();
    const large = await makeIdPhoto(await onCanvas(2600), 'cn-idcard');
    expect(large.report.source).toEqual({ width: 4000, height: 3000, decodedAtOneIn: 2 });
    const small = await makeIdPhoto(await onCanvas(1700), 'cn-idcard');
    expect(small.report.source).toEqual({ width: 4000, height: 3000, decodedAtOneIn: 1 });
    expect((await checkPhoto(small.jpeg, 'cn-idcard')).rules.find((r) => r.id === 'sharpness')?.pass).toBe(
      true,
    );
  });

  it('a phone JPEG stored sideways (EXIF orientation 6) comes out upright', async () => {
    // Pixels turned a quarter anticlockwise, with the tag that tells viewers to turn them back.
    const sideways = await sharp(astronaut)
      .rotate(-90)
      .jpeg({ quality: 92 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const { jpeg, report } = await makeIdPhoto(sideways, 'cn-idcard');
    expect(Math.abs(report.geometry.rollDegrees)).toBeLessThan(8);
    expect((await checkPhoto(jpeg, 'cn-idcard')).pass).toBe(true);
  });

  it('a truncated JPEG is refused with a typed error, not made from grey padding', async () => {
    const whole = await sharp(astronaut).resize(2000, 2000).jpeg().toBuffer();
    const error = await makeIdPhoto(whole.subarray(0, whole.length / 2), 'cn-idcard').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect(error).toMatchObject({ code: 'ERR_IMAGE_TRUNCATED' });
  });

  it('a decompression bomb header is refused before decoding', async () => {
    const jpeg = Buffer.from(readFixtureImage('messi'));
    // Rewrite the frame header's size to 60000 × 60000.
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    jpeg.writeUInt16BE(60000, sof + 5);
    jpeg.writeUInt16BE(60000, sof + 7);
    const error = await makeIdPhoto(jpeg, 'cn-idcard').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect(error).toMatchObject({ code: 'ERR_IMAGE_TOO_LARGE' });
  });

  it('unknown spec and bad options fail before any native work', async () => {
    await expect(makeIdPhoto(astronaut, 'cn-visa')).rejects.toMatchObject({ code: 'ERR_UNKNOWN_SPEC' });
    await expect(
      makeIdPhoto(astronaut, 'cn-idcard', { background: 'purple' as 'red' }),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
    });
  });
});

describe('layoutSheet', () => {
  it('prints an ID photo on 6-inch paper at its print size, with the DPI', async () => {
    const { jpeg } = await makeIdPhoto(astronaut, 'cn-idcard');
    const sheet = await layoutSheet(jpeg, { paper: '6inch', dpi: 300 });
    expect(sheet.count).toBe(12);
    expect(jfifDpi(sheet.image)).toBe(300);
    const meta = await sharp(sheet.image).metadata();
    expect([meta.width, meta.height]).toEqual([sheet.plan.paperPx.width, sheet.plan.paperPx.height]);
    // A copy's centre holds the photo, the corner of the paper stays white.
    const { data, info } = await sharp(sheet.image).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[(Math.floor(y) * info.width + Math.floor(x)) * info.channels]!;
    expect(at(2, 2)).toBeGreaterThan(245);
    const first = sheet.plan.positions[0]!;
    expect(at(first.x + sheet.plan.cellPx.width / 2, first.y + sheet.plan.cellPx.height / 2)).toBeLessThan(
      245,
    );
  });
});

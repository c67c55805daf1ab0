// piplkit decodes JPEG with its own libjpeg path (not cv::imdecode): the pixels it hands on must
// be the upright image for every EXIF orientation, as sharp (libvips) shows it, at every scale.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { blurFaces } from '../lib/index.js';

// An asymmetric, face-free test card: any flip or quarter turn moves its coloured quadrants.
async function testCard(): Promise<Buffer> {
  const block = (r: number, g: number, b: number) =>
    sharp({ create: { width: 120, height: 80, channels: 3, background: { r, g, b } } })
      .png()
      .toBuffer();
  return sharp({ create: { width: 240, height: 160, channels: 3, background: '#000000' } })
    .composite([
      { input: await block(230, 30, 30), left: 0, top: 0 },
      { input: await block(30, 200, 30), left: 120, top: 0 },
      { input: await block(30, 30, 220), left: 0, top: 80 },
      { input: await block(240, 240, 240), left: 120, top: 80 },
    ])
    .png()
    .toBuffer();
}

async function rgb(image: Buffer) {
  return sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

describe('JPEG decoding', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'orientation %i: the upright image, as sharp shows it',
    async (orientation) => {
      const jpeg = await sharp(await testCard())
        .withMetadata({ orientation })
        .jpeg({ quality: 95 })
        .toBuffer();
      const expected = await rgb(await sharp(jpeg).rotate().png().toBuffer());
      const ours = await rgb((await blurFaces(jpeg, { format: 'png' })).data);
      expect([ours.info.width, ours.info.height]).toEqual([expected.info.width, expected.info.height]);
      let difference = 0;
      for (let i = 0; i < ours.data.length; i++) difference += Math.abs(ours.data[i]! - expected.data[i]!);
      expect(difference / ours.data.length).toBeLessThan(2);
    },
  );

  it('decodes greyscale and progressive JPEGs', async () => {
    const card = await testCard();
    for (const jpeg of [
      await sharp(card).greyscale().jpeg().toBuffer(),
      await sharp(card).jpeg({ progressive: true }).toBuffer(),
    ]) {
      const expected = await rgb(await sharp(jpeg).png().toBuffer());
      const ours = await rgb((await blurFaces(jpeg, { format: 'png' })).data);
      expect([ours.info.width, ours.info.height]).toEqual([240, 160]);
      const channels = expected.info.channels;
      let difference = 0;
      for (let p = 0; p < 240 * 160; p++)
        difference += Math.abs(ours.data[p * 3]! - expected.data[p * channels]!);
      expect(difference / (240 * 160)).toBeLessThan(2);
    }
  });

  it('falls back to OpenCV for CMYK JPEGs', async () => {
    const cmyk = await sharp(await testCard())
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const ours = await rgb((await blurFaces(cmyk, { format: 'png' })).data);
    expect([ours.info.width, ours.info.height]).toEqual([240, 160]);
    // Top-left quadrant stays red-dominant through the CMYK round trip.
    const at = (x: number, y: number) => ours.data.subarray((y * 240 + x) * 3, (y * 240 + x) * 3 + 3);
    const [r, g, b] = at(40, 40);
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(100);
    expect(b).toBeLessThan(100);
  });
});

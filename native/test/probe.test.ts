import { readFileSync } from 'node:fs';
import { readFixtureImage } from '@piplkit/test-support';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError, InvalidOptionError, probeImage, versions } from '../lib/index.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('versions', () => {
  it('reports the addon, the linked OpenCV and the Node-API version declared in package.json', () => {
    const v = versions();
    expect(v.addon).toBe(packageJson.version);
    expect(v.opencv).toMatch(/^4\.\d+\.\d+/);
    expect(v.napi).toBe(packageJson.binary.napi_versions[0]);
  });
});

describe('probeImage on real images', () => {
  it('reads a baseline JPEG', async () => {
    expect(await probeImage(readFixtureImage('messi'))).toEqual({
      width: 548,
      height: 342,
      channels: 3,
      format: 'jpeg',
    });
  });

  it('reads RGB and greyscale PNGs', async () => {
    expect(await probeImage(readFixtureImage('astronaut'))).toEqual({
      width: 512,
      height: 512,
      channels: 3,
      format: 'png',
    });
    expect(await probeImage(readFixtureImage('coffee'))).toEqual({
      width: 600,
      height: 400,
      channels: 3,
      format: 'png',
    });
    expect(await probeImage(readFixtureImage('camera'))).toEqual({
      width: 512,
      height: 512,
      channels: 1,
      format: 'png',
    });
  });

  it('reads PNGs with alpha and palette transparency', async () => {
    const rgba = await sharp(readFixtureImage('coffee')).ensureAlpha(0.5).png().toBuffer();
    expect(await probeImage(rgba)).toEqual({ width: 600, height: 400, channels: 4, format: 'png' });
    const greyAlpha = await sharp(readFixtureImage('camera'))
      .ensureAlpha(0.5)
      .toColourspace('b-w')
      .png()
      .toBuffer();
    expect((await probeImage(greyAlpha)).channels).toBe(2);
  });

  it('reads lossy, lossless and alpha WebP', async () => {
    const source = sharp(readFixtureImage('coffee'));
    expect(await probeImage(await source.clone().webp({ quality: 80 }).toBuffer())).toEqual({
      width: 600,
      height: 400,
      channels: 3,
      format: 'webp',
    });
    expect((await probeImage(await source.clone().webp({ lossless: true }).toBuffer())).channels).toBe(3);
    const alpha = await source.clone().ensureAlpha(0.5).webp({ quality: 80 }).toBuffer();
    expect(await probeImage(alpha)).toEqual({ width: 600, height: 400, channels: 4, format: 'webp' });
  });

  it('reads progressive and greyscale JPEGs', async () => {
    const progressive = await sharp(readFixtureImage('astronaut')).jpeg({ progressive: true }).toBuffer();
    expect(await probeImage(progressive)).toEqual({ width: 512, height: 512, channels: 3, format: 'jpeg' });
    const grey = await sharp(readFixtureImage('camera')).toColourspace('b-w').jpeg().toBuffer();
    expect((await probeImage(grey)).channels).toBe(1);
  });

  it('accepts a Uint8Array view without copying it', async () => {
    const jpeg = readFixtureImage('messi');
    const padded = new Uint8Array(jpeg.length + 16);
    padded.set(jpeg, 8);
    expect((await probeImage(padded.subarray(8, 8 + jpeg.length))).width).toBe(548);
  });
});

describe('probeImage on bad input', () => {
  const expectCode = async (input: Uint8Array, code: string) => {
    const error = await probeImage(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect(error).toMatchObject({ code });
    return error as ImageDecodeError;
  };

  it('refuses a zero-byte buffer', async () => {
    await expectCode(Buffer.alloc(0), 'ERR_IMAGE_EMPTY');
  });

  it('refuses a JPEG cut before its frame header', async () => {
    await expectCode(readFixtureImage('messi').subarray(0, 100), 'ERR_IMAGE_TRUNCATED');
  });

  it('refuses a PNG whose header checksum does not match', async () => {
    const png = Buffer.from(readFixtureImage('astronaut'));
    png[17] = (png[17] ?? 0) ^ 0x40; // flips a bit of the declared width
    await expectCode(png, 'ERR_IMAGE_CORRUPT');
  });

  it('refuses text and other formats without echoing their bytes', async () => {
    const secret = Buffer.from('110101199003074578 is not an image at all');
    const error = await expectCode(secret, 'ERR_IMAGE_UNSUPPORTED');
    expect(error.message).not.toContain('110101');
  });

  it('gives a typed error with the caller’s stack', async () => {
    const error: Error = await probeImage(Buffer.from('not an image, just text')).then(
      () => new Error('resolved unexpectedly'),
      (e: Error) => e,
    );
    expect(error.stack).toContain('probe.test.ts');
    expect(error.stack?.split('\n')[0]).toBe('ImageDecodeError: not a JPEG, PNG or WebP image');
  });

  it('rejects a non-buffer argument before anything native runs', async () => {
    const error = await probeImage('photo.jpg' as unknown as Uint8Array).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toMatch(/probeImage.*Buffer or Uint8Array/);
  });

  it('survives 2,000 random header mutations of a real JPEG and PNG', async () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const sources = [readFixtureImage('messi'), readFixtureImage('astronaut')];
    const outcomes = { ok: 0, typed: 0 };
    for (let i = 0; i < 2000; i++) {
      const source = sources[i % 2] as Buffer;
      const mutated = Buffer.from(source.subarray(0, 1 + Math.floor(random() * 700)));
      for (let flips = 0; flips < 1 + random() * 4; flips++) {
        mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      }
      const result = await probeImage(mutated).then(
        (probe) => probe,
        (error: unknown) => error,
      );
      if (result instanceof ImageDecodeError) outcomes.typed++;
      else {
        expect(result).toMatchObject({ width: expect.any(Number), height: expect.any(Number) });
        outcomes.ok++;
      }
    }
    expect(outcomes.ok + outcomes.typed).toBe(2000);
    expect(outcomes.typed).toBeGreaterThan(0);
  });

  it('settles 1,000 concurrent calls', async () => {
    const good = readFixtureImage('messi');
    const bad = good.subarray(0, 50);
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) => probeImage(i % 2 ? good : bad)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(500);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(500);
  });
});

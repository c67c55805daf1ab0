// Hostile and broken input to the vision calls: typed errors, never a crash, a hang or a leak.
import { readFixtureImage } from '@piplkit/test-support';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  detectFaces,
  ImageDecodeError,
  InvalidOptionError,
  PiplkitError,
  segmentPerson,
} from '../lib/index.js';

const expectCode = async (promise: Promise<unknown>, code: string) => {
  const error = await promise.then(
    () => new Error('resolved unexpectedly'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageDecodeError);
  expect(error).toMatchObject({ code });
};

// A real JPEG whose frame header is rewritten to claim width x height.
function jpegClaiming(width: number, height: number): Buffer {
  const jpeg = Buffer.from(readFixtureImage('messi'));
  for (let i = 2; i < jpeg.length - 9; i++) {
    if (jpeg[i] === 0xff && jpeg[i + 1] === 0xc0) {
      jpeg.writeUInt16BE(height, i + 5);
      jpeg.writeUInt16BE(width, i + 7);
      return jpeg;
    }
  }
  throw new Error('no baseline frame header in the fixture');
}

describe('broken input gives typed errors', () => {
  it('zero-byte, wrong-format and text input', async () => {
    await expectCode(detectFaces(Buffer.alloc(0)), 'ERR_IMAGE_EMPTY');
    await expectCode(
      detectFaces(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;')),
      'ERR_IMAGE_UNSUPPORTED',
    );
    const bmp = Buffer.alloc(64);
    bmp.write('BM', 0);
    await expectCode(segmentPerson(bmp), 'ERR_IMAGE_UNSUPPORTED');
  });

  it('JPEG, PNG and WebP cut short anywhere', async () => {
    const jpeg = readFixtureImage('messi');
    const png = readFixtureImage('astronaut');
    const webp = await sharp(png).webp().toBuffer();
    for (const source of [jpeg, png, webp]) {
      for (const fraction of [0.02, 0.3, 0.7, 0.99]) {
        await expectCode(
          detectFaces(source.subarray(0, Math.floor(source.length * fraction))),
          'ERR_IMAGE_TRUNCATED',
        );
      }
    }
  });

  it('corrupt headers and corrupt compressed data', async () => {
    const png = Buffer.from(readFixtureImage('astronaut'));
    png[17] = (png[17] ?? 0) ^ 0x01; // IHDR checksum no longer matches
    await expectCode(detectFaces(png), 'ERR_IMAGE_CORRUPT');
    const idat = Buffer.from(readFixtureImage('astronaut'));
    const at = idat.indexOf('IDAT') + 40;
    idat.fill(0xff, at, at + 64); // deflate stream destroyed
    await expectCode(detectFaces(idat), 'ERR_IMAGE_CORRUPT');
  });

  it('refuses a 60000x60000 JPEG header before allocating anything', async () => {
    const bomb = jpegClaiming(60000, 60000);
    const before = process.memoryUsage().rss;
    await expectCode(detectFaces(bomb), 'ERR_IMAGE_TOO_LARGE');
    await expectCode(segmentPerson(bomb), 'ERR_IMAGE_TOO_LARGE');
    // 60000² pixels would be 10 GB decoded; nothing near that was touched.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('applies a caller-chosen pixel budget', async () => {
    await expectCode(
      detectFaces(readFixtureImage('astronaut'), { maxPixels: 100_000 }),
      'ERR_IMAGE_TOO_LARGE',
    );
    await expectCode(
      detectFaces(
        { data: Buffer.alloc(600 * 600 * 3), width: 600, height: 600, channels: 3 },
        { maxPixels: 100_000 },
      ),
      'ERR_IMAGE_TOO_LARGE',
    );
  });

  it('rejects raw pixels whose size does not match before anything native runs', async () => {
    const error = await detectFaces({ data: Buffer.alloc(10), width: 4, height: 4, channels: 3 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
  });
});

describe('under load', () => {
  let sources: Buffer[] = [];
  beforeAll(async () => {
    const small = sharp(readFixtureImage('astronaut')).resize(64, 64);
    sources = [
      await small.clone().jpeg({ quality: 80 }).toBuffer(),
      await small.clone().png().toBuffer(),
      await small.clone().webp({ quality: 80 }).toBuffer(),
    ];
  });

  it('survives 10,000 random mutations of real images: typed error or result, RSS flat', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const mutate = (source: Buffer): Buffer => {
      const kind = random();
      if (kind < 0.25) return source.subarray(0, Math.floor(random() * source.length));
      const copy = Buffer.from(source);
      const flips = 1 + Math.floor(random() * 8);
      for (let f = 0; f < flips; f++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      if (kind > 0.9) return Buffer.concat([copy.subarray(0, 40), copy]); // duplicated header bytes
      return copy;
    };
    const outcomes = { ok: 0, typed: 0 };
    let rssAfterWarmUp = 0;
    const batch = 16;
    for (let i = 0; i < 10_000; i += batch) {
      const calls = Array.from({ length: batch }, (_, k) =>
        detectFaces(mutate(sources[(i + k) % sources.length] as Buffer), { model: 'short' }).then(
          (result) => {
            expect(result.faces.length).toBeGreaterThanOrEqual(0);
            outcomes.ok++;
          },
          (error: unknown) => {
            expect(error).toBeInstanceOf(PiplkitError);
            outcomes.typed++;
          },
        ),
      );
      await Promise.all(calls);
      if (i === 1008) rssAfterWarmUp = process.memoryUsage().rss;
    }
    expect(outcomes.ok + outcomes.typed).toBe(10_000);
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.typed).toBeGreaterThan(0);
    expect(process.memoryUsage().rss - rssAfterWarmUp).toBeLessThan(48 * 1024 * 1024);
  }, 150_000);

  it('settles 1,000 concurrent calls', async () => {
    const good = sources[0] as Buffer;
    const bad = good.subarray(0, 30);
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) =>
        i % 3 === 2 ? segmentPerson(i % 2 ? good : bad) : detectFaces(i % 2 ? good : bad, { model: 'short' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(500);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(500);
  }, 60_000);
});

// The byte-band search: whatever path it takes, it must land on the highest quality whose file
// fits under the band's ceiling, for both subsamplings, and report what it could not reach.
import { readFixtureImage } from '@piplkit/test-support';
import { describe, expect, it } from 'vitest';
import { type ComposeIdPhotoOptions, composeIdPhoto } from '../lib/index.js';

const astronaut = readFixtureImage('astronaut');
const base: ComposeIdPhotoOptions = {
  crop: {
    width: 358,
    height: 441,
    headHeight: { min: 250, max: 300 },
    centringTolerancePx: 8,
  },
  background: [255, 255, 255],
  dpi: 350,
  model: 'short',
};

async function bytesAt(quality: number): Promise<number> {
  return (await composeIdPhoto(astronaut, { ...base, quality })).jpeg.length;
}

describe('JPEG byte band', () => {
  it.each([6_000, 14_000, 20_000, 45_000, 400_000])(
    'ceiling %i bytes: the chosen quality fits and one step up does not',
    async (max) => {
      const { jpeg, report } = await composeIdPhoto(astronaut, { ...base, bytes: { min: 0, max } });
      const { quality, chromaSubsampling, inBand, encodes } = report.encoding;
      expect(inBand).toBe(true);
      expect(chromaSubsampling).toBe('4:2:0');
      expect(jpeg.length).toBeLessThanOrEqual(max);
      expect(await bytesAt(quality)).toBe(jpeg.length);
      if (quality < 100) expect(await bytesAt(quality + 1)).toBeGreaterThan(max);
      // Never more probes than bisection over 1..100 plus the ceiling probe would take.
      expect(encodes).toBeLessThanOrEqual(8);
    },
  );

  it('switches to 4:4:4 when 4:2:0 at its best stays under the floor', async () => {
    const best420 = await bytesAt(100);
    const { jpeg, report } = await composeIdPhoto(astronaut, {
      ...base,
      bytes: { min: best420 + 1, max: best420 * 3 },
    });
    expect(report.encoding.chromaSubsampling).toBe('4:4:4');
    expect(report.encoding.inBand).toBe(true);
    expect(jpeg.length).toBeGreaterThan(best420);
  });

  it('says why an unreachable band was missed instead of padding', async () => {
    const { jpeg, report } = await composeIdPhoto(astronaut, { ...base, bytes: { min: 0, max: 300 } });
    expect(report.encoding.inBand).toBe(false);
    expect(report.encoding.quality).toBe(1);
    expect(report.encoding.shortfall).toMatch(/quality 1/);
    expect(jpeg.length).toBe(await bytesAt(1));
  });
});

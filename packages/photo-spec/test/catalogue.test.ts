import { describe, expect, it } from 'vitest';
import { getSpec, listSpecs, pixelBands, SpecOverrideError, UnknownSpecError } from '../src/index.js';

const requiredIds = [
  'cn-idcard',
  'cn-ssc',
  'cn-travel',
  'cn-driving',
  'cn-1inch',
  'cn-1inch-small',
  'cn-1inch-large',
  'cn-2inch',
  'cn-2inch-large',
  'cn-2inch-small',
  'cn-exam-civil',
  'cn-exam-kaoyan',
  'cn-exam-cet',
  'cn-exam-ncre',
  'cn-xuexin',
  'icao',
  'us-passport',
  'uk-passport',
  'schengen',
  'ca-passport',
  'jp-passport',
  'in-passport',
  'au-passport',
];

describe('spec catalogue', () => {
  it('holds every required spec, each with a source', () => {
    const ids = listSpecs().map((spec) => spec.id);
    expect(ids).toEqual(expect.arrayContaining(requiredIds));
    for (const spec of listSpecs()) expect(spec.sources.length).toBeGreaterThan(0);
  });

  it('keeps print size, pixels and dpi consistent where a print size is given', () => {
    for (const spec of listSpecs()) {
      if (!spec.printMm) continue;
      const expectedWidth = (spec.printMm.width / 25.4) * spec.dpi;
      expect(Math.abs(spec.pixels.width - expectedWidth), spec.id).toBeLessThanOrEqual(
        expectedWidth * 0.02 + 1,
      );
    }
  });

  it('states GA 461 for the ID card exactly', () => {
    const idcard = getSpec('cn-idcard');
    expect(idcard.pixels).toEqual({ width: 358, height: 441 });
    expect(idcard.dpi).toBe(350);
    expect(idcard.faceWidth).toEqual({ min: 193, max: 221, unit: 'px' });
    expect(idcard.topMargin).toEqual({ min: 7, max: 21, unit: 'px' });
    expect(idcard.backgrounds.map((b) => b.name)).toEqual(['white']);
  });

  it('names the valid ids when an id is unknown', () => {
    expect(() => getSpec('cn-passport-xl')).toThrow(UnknownSpecError);
    expect(() => getSpec('cn-passport-xl')).toThrow(/Valid specs: .*cn-idcard/);
  });

  it('lets editable specs take pixel and KB overrides, scaling pixel bands', () => {
    const spec = getSpec('cn-exam-kaoyan', {
      pixels: { width: 780, height: 1134 },
      kb: { min: 10, max: 100 },
    });
    expect(spec.pixels).toEqual({ width: 780, height: 1134 });
    expect(spec.kb).toEqual({ min: 10, max: 100 });
    expect(spec.headHeight).toEqual({ min: 662, max: 780, unit: 'px' });
  });

  it('refuses overrides on fixed specs and invalid overrides', () => {
    expect(() => getSpec('cn-idcard', { kb: { min: 1, max: 2 } })).toThrow(SpecOverrideError);
    expect(() => getSpec('cn-xuexin', { kb: { min: 50, max: 10 } })).toThrow(/min must not exceed max/);
  });
});

describe('pixel bands', () => {
  it('converts mm bands through the print size', () => {
    const bands = pixelBands(getSpec('cn-travel'));
    // 28–33 mm of a 40 mm frame, 472 px tall.
    expect(bands.headHeight?.min).toBeCloseTo((28 / 40) * 472, 5);
    expect(bands.headHeight?.max).toBeCloseTo((33 / 40) * 472, 5);
    expect(bands.topMargin?.min).toBeCloseTo((3 / 40) * 472, 5);
  });

  it('converts fraction bands through the pixel height', () => {
    const bands = pixelBands(getSpec('icao'));
    expect(bands.headHeight?.min).toBeCloseTo(0.7 * 1063, 5);
    expect(bands.eyeLineFromBottom?.max).toBeCloseTo(0.7 * 1063, 5);
  });

  it('converts US inches to the 600 px square', () => {
    const bands = pixelBands(getSpec('us-passport'));
    expect(bands.headHeight?.min).toBeCloseTo((25 / 51) * 600, 5);
    expect(bands.eyeLineFromBottom?.max).toBeCloseTo((35 / 51) * 600, 5);
  });
});

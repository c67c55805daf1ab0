import { describe, expect, it } from 'vitest';
import {
  checkThresholdsSchema,
  evaluateRules,
  getSpec,
  type PhotoMeasurements,
  type RuleId,
  type RuleResult,
} from '../src/index.js';

const idcard = getSpec('cn-idcard');
const thresholds = checkThresholdsSchema.parse({});

// A compliant 358 × 441 ID-card photo, as the native analysis would measure it.
function compliant(): PhotoMeasurements {
  return {
    image: { width: 358, height: 441, format: 'jpeg', bytes: 17 * 1024 },
    faceCount: 1,
    face: {
      box: { x: 75, y: 110, width: 207, height: 207 },
      score: 0.95,
      rightEye: { x: 131, y: 205 },
      leftEye: { x: 227, y: 205 },
      noseTip: { x: 179, y: 250 },
      mouth: { x: 179, y: 285 },
      rollDegrees: 0.5,
      yawDegrees: 1,
      interEyePx: 96,
      headHeightPx: 290,
      eyeLineFromBottomPx: 236,
      topMarginPx: 14,
      crownEstimated: false,
      faceWidthPx: 207,
      centringOffsetPx: 2,
    },
    quality: { sharpness: 180, faceLuminance: 150, clippedDark: 0, clippedBright: 0.01, contrast: 40 },
    background: { meanRgb: [250, 250, 250], stdDev: 3, coverage: 0.4 },
  };
}

const byId = (results: RuleResult[]) =>
  Object.fromEntries(results.map((r) => [r.id, r])) as Record<RuleId, RuleResult>;

describe('evaluateRules', () => {
  it('passes every rule of a compliant ID-card photo, with zh and en messages', () => {
    const results = evaluateRules(idcard, compliant(), thresholds);
    expect(results.filter((r) => r.pass === false)).toEqual([]);
    for (const r of results) {
      expect(r.message.zh.length).toBeGreaterThan(0);
      expect(r.message.en.length).toBeGreaterThan(0);
    }
  });

  it('fails the face-width and top-margin rules with the measured value and the band', () => {
    const m = compliant();
    m.face = { ...m.face!, faceWidthPx: 150, topMarginPx: 60 };
    const r = byId(evaluateRules(idcard, m, thresholds));
    expect(r.faceWidth).toMatchObject({ pass: false, measured: 150, allowed: '193–221 px' });
    expect(r.faceWidth.message.en).toMatch(/too narrow/);
    expect(r.topMargin).toMatchObject({ pass: false, measured: 60, allowed: '7–21 px' });
    // GA 461 states no head-height band: the rule does not apply.
    expect(r.headHeight).toMatchObject({ pass: null, allowed: 'not specified' });
  });

  it('fails head height against a spec that states it (NIA travel documents: 28–33 mm of 40)', () => {
    const travel = getSpec('cn-travel');
    const m = compliant();
    m.image = { ...m.image, width: 354, height: 472, bytes: 40 * 1024 };
    m.face = { ...m.face!, headHeightPx: 300 };
    const r = byId(evaluateRules(travel, m, thresholds));
    expect(r.headHeight).toMatchObject({ pass: false, measured: 300, allowed: '330.4–389.4 px' });
    expect(r.headHeight.message.zh).toBe('头部太小，请靠近镜头或放大');
  });

  it('fails the top margin when the crown is outside the photo', () => {
    const m = compliant();
    m.face = { ...m.face!, crownEstimated: true };
    expect(byId(evaluateRules(idcard, m, thresholds)).topMargin).toMatchObject({ pass: false });
  });

  it('reports two faces, and no measurable geometry without a face', () => {
    const two = { ...compliant(), faceCount: 2 };
    expect(byId(evaluateRules(idcard, two, thresholds)).singleFace.message.zh).toContain('2 张人脸');
    const none: PhotoMeasurements = { image: compliant().image, faceCount: 0 };
    const r = byId(evaluateRules(idcard, none, thresholds));
    expect(r.singleFace.pass).toBe(false);
    expect(r.headHeight).toMatchObject({ pass: null, measured: null });
    expect(r.resolution.pass).toBe(true);
  });

  it('judges pose, sharpness, exposure and contrast against the thresholds', () => {
    const m = compliant();
    m.face = { ...m.face!, rollDegrees: -12, yawDegrees: 9 };
    m.quality = { sharpness: 5, faceLuminance: 40, clippedDark: 0.2, clippedBright: 0, contrast: 6 };
    const r = byId(evaluateRules(idcard, m, thresholds));
    expect(r.roll).toMatchObject({ pass: false, measured: 12 });
    expect(r.yaw).toMatchObject({ pass: false, measured: 9 });
    expect(r.sharpness.pass).toBe(false);
    expect(r.exposure).toMatchObject({ pass: false, message: { en: 'the face is too dark: add light' } });
    expect(r.contrast.pass).toBe(false);
  });

  it('finds a blue background wrong for the ID card and right for the graduate photo', () => {
    const m = compliant();
    m.background = { meanRgb: [98, 139, 206], stdDev: 4, coverage: 0.4 };
    expect(byId(evaluateRules(idcard, m, thresholds)).backgroundColour).toMatchObject({
      pass: false,
      measured: '#628bce',
    });
    const xuexin = getSpec('cn-xuexin');
    const scaled: PhotoMeasurements = { ...m, image: { ...m.image, width: 480, height: 640 } };
    expect(byId(evaluateRules(xuexin, scaled, thresholds)).backgroundColour.pass).toBe(true);
  });

  it('checks pixel size, file type and the KB band', () => {
    const m = compliant();
    m.image = { width: 400, height: 500, format: 'png', bytes: 40 * 1024 };
    const r = byId(evaluateRules(idcard, m, thresholds));
    expect(r.resolution).toMatchObject({ pass: false, measured: '400 × 500' });
    expect(r.fileType).toMatchObject({ pass: false, measured: 'png' });
    expect(r.fileSize).toMatchObject({ pass: false, measured: 40, allowed: '14–20 KB' });
  });

  it('scales geometry bands to a photo of another size', () => {
    const m = compliant();
    m.image = { ...m.image, width: 716, height: 882 };
    m.face = { ...m.face!, headHeightPx: 580, topMarginPx: 28, faceWidthPx: 414, eyeLineFromBottomPx: 472 };
    const r = byId(evaluateRules(idcard, m, thresholds));
    expect(r.eyeLine.pass).toBe(true);
    expect(r.topMargin.pass).toBe(true);
    expect(r.faceWidth.pass).toBe(true);
  });

  it('rejects unknown threshold options', () => {
    expect(() => checkThresholdsSchema.parse({ maxRoll: 3 })).toThrow();
  });
});

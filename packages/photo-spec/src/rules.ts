import { z } from 'zod';
import { deltaE, hexToRgb } from './colour.js';
import { type PixelBands, pixelBands } from './geometry-bands.js';
import type { PhotoMeasurements } from './measurements.js';
import type { Band, PhotoSpec } from './schema.js';

export interface LocalText {
  zh: string;
  en: string;
}

export interface RuleResult {
  id: RuleId;
  name: LocalText;
  /** The measured value (a number in `unit`, or a word), null when it could not be measured. */
  measured: number | string | null;
  unit: string;
  /** The allowed values, as a person would read them. */
  allowed: string;
  /** null: the rule does not apply to this spec or could not be evaluated (see message). */
  pass: boolean | null;
  message: LocalText;
}

export const ruleIds = [
  'singleFace',
  'headHeight',
  'eyeLine',
  'topMargin',
  'bottomMargin',
  'faceWidth',
  'centring',
  'roll',
  'yaw',
  'eyeDistance',
  'sharpness',
  'exposure',
  'contrast',
  'backgroundUniformity',
  'backgroundColour',
  'resolution',
  'fileType',
  'fileSize',
] as const;

export type RuleId = (typeof ruleIds)[number];

/** Thresholds for the rules no spec states; defaults documented in the README. */
export const checkThresholdsSchema = z
  .object({
    /** ISO/IEC 19794-5 §7.2.2: roll within ±8°, yaw within ±5°. */
    maxRollDegrees: z.number().positive().default(8),
    maxYawDegrees: z.number().positive().default(5),
    minSharpness: z.number().nonnegative().default(40),
    faceLuminance: z.object({ min: z.number(), max: z.number() }).default({ min: 70, max: 215 }),
    maxClipped: z.number().min(0).max(1).default(0.05),
    minContrast: z.number().nonnegative().default(18),
    maxBackgroundStdDev: z.number().positive().default(14),
  })
  .strict();

export type CheckThresholds = z.infer<typeof checkThresholdsSchema>;

interface RuleContext {
  spec: PhotoSpec;
  bands: PixelBands;
  m: PhotoMeasurements;
  t: CheckThresholds;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const showBand = (band: Band, unit: string) => `${round(band.min)}–${round(band.max)} ${unit}`;

function result(
  id: RuleId,
  name: LocalText,
  measured: number | string | null,
  unit: string,
  allowed: string,
  pass: boolean | null,
  message: LocalText,
): RuleResult {
  return {
    id,
    name,
    measured: typeof measured === 'number' ? round(measured, 2) : measured,
    unit,
    allowed,
    pass,
    message,
  };
}

const backgroundZh: Record<string, string> = {
  white: '白色',
  'off-white': '米白色',
  'light-grey': '浅灰色',
  'light-blue': '浅蓝色',
  blue: '蓝色',
  red: '红色',
  cream: '奶油色',
};

const noFace: LocalText = { zh: '未检测到人脸，无法测量', en: 'no face found, so this cannot be measured' };

/** A geometric band rule: measured px against a spec band (already scaled to the photo's size). */
function bandRule(
  id: RuleId,
  name: LocalText,
  band: Band | undefined,
  measured: number | undefined,
  tooLow: LocalText,
  tooHigh: LocalText,
): RuleResult {
  if (!band)
    return result(id, name, measured ?? null, 'px', 'not specified', null, {
      zh: '该规格未规定',
      en: 'not specified by this spec',
    });
  if (measured === undefined) return result(id, name, null, 'px', showBand(band, 'px'), null, noFace);
  const allowed = showBand(band, 'px');
  if (measured < band.min - 0.5) return result(id, name, measured, 'px', allowed, false, tooLow);
  if (measured > band.max + 0.5) return result(id, name, measured, 'px', allowed, false, tooHigh);
  return result(id, name, measured, 'px', allowed, true, { zh: '符合要求', en: 'within the allowed range' });
}

const rules: Record<RuleId, (ctx: RuleContext) => RuleResult> = {
  singleFace: ({ m }) =>
    result(
      'singleFace',
      { zh: '单人正面', en: 'exactly one face' },
      m.faceCount,
      'faces',
      '1',
      m.faceCount === 1,
      m.faceCount === 1
        ? { zh: '检测到一张人脸', en: 'one face found' }
        : m.faceCount === 0
          ? { zh: '未检测到人脸，请正对镜头', en: 'no face found: face the camera' }
          : {
              zh: `检测到 ${m.faceCount} 张人脸，照片中只能有一人`,
              en: `${m.faceCount} faces found: only one person may be in the photo`,
            },
    ),
  headHeight: (ctx) => {
    const r = bandRule(
      'headHeight',
      { zh: '头部高度（下巴至头顶）', en: 'head height (chin to crown)' },
      ctx.bands.headHeight,
      ctx.m.face?.headHeightPx,
      { zh: '头部太小，请靠近镜头或放大', en: 'head too small: move closer or zoom in' },
      { zh: '头部太大，请远离镜头', en: 'head too large: move back from the camera' },
    );
    if (ctx.m.face?.crownEstimated && r.pass !== null) {
      return {
        ...r,
        pass: false,
        message: {
          zh: '头顶不在照片内，无法测量头部高度',
          en: 'the top of the head is outside the photo, so its height cannot be measured',
        },
      };
    }
    return r;
  },
  eyeLine: (ctx) =>
    bandRule(
      'eyeLine',
      { zh: '眼睛位置（距下边缘）', en: 'eye line (above the bottom edge)' },
      ctx.bands.eyeLineFromBottom,
      ctx.m.face?.eyeLineFromBottomPx,
      { zh: '眼睛位置太低，头部应在照片中更靠上', en: 'eyes too low: the head must sit higher in the frame' },
      { zh: '眼睛位置太高，头部应在照片中更靠下', en: 'eyes too high: the head must sit lower in the frame' },
    ),
  topMargin: (ctx) => {
    const r = bandRule(
      'topMargin',
      { zh: '头顶距上边缘', en: 'space above the head' },
      ctx.bands.topMargin,
      ctx.m.face?.topMarginPx,
      { zh: '头顶离上边缘太近或被裁切', en: 'head too close to the top edge, or cut off' },
      { zh: '头顶上方留白太多', en: 'too much space above the head' },
    );
    if (ctx.m.face?.crownEstimated && r.pass !== null) {
      return {
        ...r,
        pass: false,
        message: { zh: '头顶超出照片，需重新取景', en: 'the top of the head is outside the photo: reframe' },
      };
    }
    return r;
  },
  bottomMargin: (ctx) =>
    bandRule(
      'bottomMargin',
      { zh: '下巴距下边缘', en: 'space below the chin' },
      ctx.bands.bottomMargin,
      ctx.m.face && ctx.m.image.height - ctx.m.face.topMarginPx - ctx.m.face.headHeightPx,
      {
        zh: '下巴离下边缘太近，头部应更靠上或更小',
        en: 'chin too close to the bottom edge: the head must sit higher or smaller',
      },
      { zh: '下巴下方留白太多', en: 'too much space below the chin' },
    ),
  faceWidth: (ctx) =>
    bandRule(
      'faceWidth',
      { zh: '脸部宽度', en: 'face width' },
      ctx.bands.faceWidth,
      ctx.m.face?.faceWidthPx,
      { zh: '脸部太窄（人脸太小）', en: 'face too narrow (too small in the frame)' },
      { zh: '脸部太宽（人脸太大）', en: 'face too wide (too large in the frame)' },
    ),
  centring: ({ m, bands }) => {
    const name = { zh: '人脸居中', en: 'face centred' };
    const allowed = `≤ ${round(bands.centringTolerancePx)} px`;
    if (!m.face) return result('centring', name, null, 'px', allowed, null, noFace);
    const off = Math.abs(m.face.centringOffsetPx);
    return off <= bands.centringTolerancePx
      ? result('centring', name, off, 'px', allowed, true, { zh: '人脸居中', en: 'the face is centred' })
      : result('centring', name, off, 'px', allowed, false, {
          zh: m.face.centringOffsetPx < 0 ? '人脸偏左，请居中' : '人脸偏右，请居中',
          en:
            m.face.centringOffsetPx < 0
              ? 'face left of centre: centre it'
              : 'face right of centre: centre it',
        });
  },
  roll: ({ m, t }) => {
    const name = { zh: '头部倾斜', en: 'head tilt (roll)' };
    const allowed = `≤ ${t.maxRollDegrees}°`;
    if (!m.face) return result('roll', name, null, '°', allowed, null, noFace);
    const roll = Math.abs(m.face.rollDegrees);
    return result(
      'roll',
      name,
      roll,
      '°',
      allowed,
      roll <= t.maxRollDegrees,
      roll <= t.maxRollDegrees
        ? { zh: '头部端正', en: 'the head is level' }
        : { zh: '头部倾斜，请摆正头部', en: 'the head is tilted: hold it level' },
    );
  },
  yaw: ({ m, t }) => {
    const name = { zh: '头部侧转', en: 'head turn (yaw)' };
    const allowed = `≤ ${t.maxYawDegrees}°`;
    if (!m.face) return result('yaw', name, null, '°', allowed, null, noFace);
    const yaw = Math.abs(m.face.yawDegrees);
    return result(
      'yaw',
      name,
      yaw,
      '°',
      allowed,
      yaw <= t.maxYawDegrees,
      yaw <= t.maxYawDegrees
        ? { zh: '正面朝向镜头', en: 'facing the camera' }
        : { zh: '头部侧转，请正对镜头', en: 'the head is turned: look straight at the camera' },
    );
  },
  eyeDistance: ({ m, spec }) => {
    const name = { zh: '两眼间距', en: 'distance between the eyes' };
    // Enough pixels across the face: the spec's own minimum (ICAO: 90 px) where it states one;
    // elsewhere the eyes at least 18 % of the smallest allowed head height apart (adult faces
    // measure about 25 %), so a face this small cannot pass.
    const scale = m.image.height / spec.pixels.height;
    const headMin = pixelBands(spec).headHeight?.min ?? 0.6 * spec.pixels.height;
    const min = (spec.minEyeDistancePx ?? 0.18 * headMin) * scale;
    const allowed = `≥ ${round(min)} px`;
    if (!m.face) return result('eyeDistance', name, null, 'px', allowed, null, noFace);
    return result(
      'eyeDistance',
      name,
      m.face.interEyePx,
      'px',
      allowed,
      m.face.interEyePx >= min,
      m.face.interEyePx >= min
        ? { zh: '分辨率足够', en: 'enough resolution across the face' }
        : {
            zh: '人脸分辨率不足，请靠近或使用更高分辨率',
            en: 'too few pixels across the face: move closer or use a higher resolution',
          },
    );
  },
  sharpness: ({ m, t }) => {
    const name = { zh: '清晰度', en: 'sharpness' };
    const allowed = `≥ ${t.minSharpness}`;
    if (!m.quality) return result('sharpness', name, null, '', allowed, null, noFace);
    const ok = m.quality.sharpness >= t.minSharpness;
    return result(
      'sharpness',
      name,
      m.quality.sharpness,
      'Laplacian variance',
      allowed,
      ok,
      ok
        ? { zh: '照片清晰', en: 'the photo is sharp' }
        : { zh: '照片模糊，请对焦并保持稳定', en: 'the photo is blurred: focus and hold still' },
    );
  },
  exposure: ({ m, t }) => {
    const name = { zh: '曝光', en: 'exposure' };
    const allowed = `face luminance ${t.faceLuminance.min}–${t.faceLuminance.max}, ≤ ${t.maxClipped * 100}% clipped`;
    const q = m.quality;
    if (!q) return result('exposure', name, null, '', allowed, null, noFace);
    if (q.faceLuminance < t.faceLuminance.min || q.clippedDark > t.maxClipped) {
      return result('exposure', name, q.faceLuminance, 'luminance', allowed, false, {
        zh: '面部太暗，请补光',
        en: 'the face is too dark: add light',
      });
    }
    if (q.faceLuminance > t.faceLuminance.max || q.clippedBright > t.maxClipped) {
      return result('exposure', name, q.faceLuminance, 'luminance', allowed, false, {
        zh: '面部过曝，请减弱光线',
        en: 'the face is overexposed: reduce the light',
      });
    }
    return result('exposure', name, q.faceLuminance, 'luminance', allowed, true, {
      zh: '曝光正常',
      en: 'well exposed',
    });
  },
  contrast: ({ m, t }) => {
    const name = { zh: '对比度', en: 'contrast' };
    const allowed = `≥ ${t.minContrast}`;
    if (!m.quality) return result('contrast', name, null, '', allowed, null, noFace);
    const ok = m.quality.contrast >= t.minContrast;
    return result(
      'contrast',
      name,
      m.quality.contrast,
      'luminance std',
      allowed,
      ok,
      ok
        ? { zh: '对比度正常', en: 'enough contrast' }
        : { zh: '面部对比度太低（光线太平或雾化）', en: 'the face is too flat (low contrast)' },
    );
  },
  backgroundUniformity: ({ m, t }) => {
    const name = { zh: '背景均匀', en: 'plain background' };
    const allowed = `std ≤ ${t.maxBackgroundStdDev}`;
    if (!m.background)
      return result('backgroundUniformity', name, null, '', allowed, null, {
        zh: '未找到背景区域',
        en: 'no background area found',
      });
    const ok = m.background.stdDev <= t.maxBackgroundStdDev;
    return result(
      'backgroundUniformity',
      name,
      m.background.stdDev,
      'std',
      allowed,
      ok,
      ok
        ? { zh: '背景纯净', en: 'the background is plain' }
        : {
            zh: '背景不均匀（有杂物、阴影或图案）',
            en: 'the background is not plain (objects, shadows or patterns)',
          },
    );
  },
  backgroundColour: ({ m, spec }) => {
    const name = { zh: '背景颜色', en: 'background colour' };
    const allowed = spec.backgrounds.map((b) => `${b.name} ${b.hex} (ΔE ≤ ${b.maxDeltaE})`).join(', ');
    if (!m.background)
      return result('backgroundColour', name, null, '', allowed, null, {
        zh: '未找到背景区域',
        en: 'no background area found',
      });
    const distances = spec.backgrounds.map((b) => ({ b, d: deltaE(m.background!.meanRgb, hexToRgb(b.hex)) }));
    const nearest = distances.reduce((best, x) => (x.d < best.d ? x : best));
    const ok = nearest.d <= nearest.b.maxDeltaE;
    const hex = `#${m.background.meanRgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
    return result(
      'backgroundColour',
      name,
      hex,
      'sRGB',
      allowed,
      ok,
      ok
        ? { zh: `背景为${backgroundZh[nearest.b.name]}`, en: `the background is ${nearest.b.name}` }
        : {
            zh: `背景颜色不符合要求（最接近${backgroundZh[nearest.b.name]}，ΔE ${round(nearest.d)}）`,
            en: `wrong background colour (closest allowed: ${nearest.b.name}, ΔE ${round(nearest.d)})`,
          },
    );
  },
  resolution: ({ m, spec }) => {
    const name = { zh: '像素尺寸', en: 'pixel size' };
    const allowed = `${spec.pixels.width} × ${spec.pixels.height} px`;
    const ok = m.image.width === spec.pixels.width && m.image.height === spec.pixels.height;
    return result(
      'resolution',
      name,
      `${m.image.width} × ${m.image.height}`,
      'px',
      allowed,
      ok,
      ok
        ? { zh: '尺寸正确', en: 'correct size' }
        : { zh: `尺寸应为 ${allowed}`, en: `the photo must be ${allowed}` },
    );
  },
  fileType: ({ m, spec }) => {
    const ok = m.image.format === spec.fileType;
    return result(
      'fileType',
      { zh: '文件格式', en: 'file type' },
      m.image.format,
      '',
      spec.fileType,
      ok,
      ok
        ? { zh: '格式正确', en: 'correct file type' }
        : {
            zh: `文件格式应为 ${spec.fileType.toUpperCase()}`,
            en: `the file must be ${spec.fileType.toUpperCase()}`,
          },
    );
  },
  fileSize: ({ m, spec }) => {
    const name = { zh: '文件大小', en: 'file size' };
    const kb = m.image.bytes / 1024;
    if (!spec.kb)
      return result('fileSize', name, kb, 'KB', 'not specified', null, {
        zh: '该规格未规定',
        en: 'not specified by this spec',
      });
    const allowed = showBand(spec.kb, 'KB');
    if (kb < spec.kb.min)
      return result('fileSize', name, kb, 'KB', allowed, false, { zh: '文件太小', en: 'file too small' });
    if (kb > spec.kb.max)
      return result('fileSize', name, kb, 'KB', allowed, false, { zh: '文件太大', en: 'file too large' });
    return result('fileSize', name, kb, 'KB', allowed, true, {
      zh: '大小符合要求',
      en: 'within the size band',
    });
  },
};

/** Geometry bands scaled to the photo's actual height, so a larger or smaller file is judged in proportion. */
function scaledBands(spec: PhotoSpec, imageHeight: number): PixelBands {
  const bands = pixelBands(spec);
  const k = imageHeight / spec.pixels.height;
  const scale = (band?: Band) => (band ? { min: band.min * k, max: band.max * k } : undefined);
  return {
    width: bands.width * k,
    height: bands.height * k,
    headHeight: scale(bands.headHeight),
    eyeLineFromBottom: scale(bands.eyeLineFromBottom),
    topMargin: scale(bands.topMargin),
    bottomMargin: scale(bands.bottomMargin),
    faceWidth: scale(bands.faceWidth),
    centringTolerancePx: bands.centringTolerancePx * k,
  };
}

/** Judges measurements against a spec: one result per rule, in a fixed order. */
export function evaluateRules(
  spec: PhotoSpec,
  m: PhotoMeasurements,
  thresholds: CheckThresholds,
): RuleResult[] {
  const ctx: RuleContext = { spec, bands: scaledBands(spec, m.image.height), m, t: thresholds };
  return ruleIds.map((id) => rules[id](ctx));
}

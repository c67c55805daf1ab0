import { composeIdPhoto, type IdPhotoReport, type ImageInput, InvalidOptionError } from '@piplkit/native';
import { z } from 'zod';
import { backgroundChoiceSchema, resolveBackground } from './background.js';
import { getSpec, specOverridesSchema } from './catalogue.js';
import { cropSpecOf, pixelBands } from './geometry-bands.js';
import type { PhotoMeasurements } from './measurements.js';
import { checkThresholdsSchema, evaluateRules, type RuleResult } from './rules.js';

export const makeIdPhotoOptionsSchema = z
  .object({
    background: backgroundChoiceSchema.optional(),
    /** Pixels and KB for editable specs (exam and registration portals). */
    overrides: specOverridesSchema.optional(),
    /** JPEG quality for specs without a KB band; with a band, the highest quality inside it is used. */
    quality: z.number().int().min(1).max(100).default(92),
    model: z.enum(['short', 'full', 'auto']).default('auto'),
    maxPixels: z.number().int().positive().optional(),
  })
  .strict();

export type MakeIdPhotoOptions = z.input<typeof makeIdPhotoOptionsSchema>;

export interface MakeIdPhotoReport extends IdPhotoReport {
  specId: string;
  /** The geometry, file and background rules judged on what the pipeline placed and encoded. */
  rules: RuleResult[];
  /** True when no judged rule failed. */
  pass: boolean;
}

export interface MakeIdPhotoResult {
  jpeg: Buffer;
  report: MakeIdPhotoReport;
}

/**
 * Turns a photo into a compliant ID photo for `specId` in one native call: the face found,
 * the crop placed by the spec's head, eye and margin rules, the background replaced, the JPEG
 * inside the KB band with the spec's DPI. The report says which rules hold and why any cannot.
 */
export async function makeIdPhoto(
  input: ImageInput,
  specId: string,
  options: MakeIdPhotoOptions = {},
): Promise<MakeIdPhotoResult> {
  const parsed = makeIdPhotoOptionsSchema.safeParse(options);
  if (!parsed.success) throw InvalidOptionError.fromZod('makeIdPhoto', parsed.error);
  const o = parsed.data;
  const spec = getSpec(specId, o.overrides);
  const bands = pixelBands(spec);
  const background = resolveBackground(spec, o.background);
  const { jpeg, report } = await composeIdPhoto(input, {
    crop: cropSpecOf(bands),
    background,
    dpi: spec.dpi,
    quality: o.quality,
    bytes: spec.kb ? { min: Math.ceil(spec.kb.min * 1024), max: Math.floor(spec.kb.max * 1024) } : undefined,
    model: o.model,
    maxPixels: o.maxPixels,
  });
  const g = report.geometry;
  const placed: PhotoMeasurements = {
    image: { width: bands.width, height: bands.height, format: 'jpeg', bytes: jpeg.length },
    faceCount: 1,
    face: {
      box: report.face.box,
      score: report.face.score,
      rightEye: report.face.keypoints.rightEye,
      leftEye: report.face.keypoints.leftEye,
      noseTip: report.face.keypoints.noseTip,
      mouth: report.face.keypoints.mouth,
      rollDegrees: 0,
      yawDegrees: 0,
      interEyePx: 0,
      headHeightPx: g.headHeightPx,
      eyeLineFromBottomPx: g.eyeLineFromBottomPx,
      topMarginPx: g.topMarginPx,
      crownEstimated: g.crownEstimated,
      faceWidthPx: g.faceWidthPx,
      centringOffsetPx: 0,
    },
    background: { meanRgb: background, stdDev: 0, coverage: 1 },
  };
  // Only the rules this call decides: pose, sharpness and exposure belong to the source photo
  // and are judged by checkPhoto on the result.
  const judged = new Set([
    'headHeight',
    'eyeLine',
    'topMargin',
    'bottomMargin',
    'faceWidth',
    'backgroundColour',
    'resolution',
    'fileType',
    'fileSize',
  ]);
  const rules = evaluateRules(spec, placed, checkThresholdsSchema.parse({})).filter((rule) =>
    judged.has(rule.id),
  );
  return {
    jpeg,
    report: { specId: spec.id, ...report, rules, pass: rules.every((rule) => rule.pass !== false) },
  };
}

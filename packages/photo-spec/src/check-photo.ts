import { analyzePhoto, type ImageInput, InvalidOptionError } from '@piplkit/native';
import { z } from 'zod';
import { getSpec, specOverridesSchema } from './catalogue.js';
import type { PhotoMeasurements } from './measurements.js';
import { checkThresholdsSchema, evaluateRules, type RuleResult } from './rules.js';

export const checkPhotoOptionsSchema = z
  .object({
    overrides: specOverridesSchema.optional(),
    thresholds: checkThresholdsSchema.optional(),
    model: z.enum(['short', 'full', 'auto']).default('auto'),
    maxPixels: z.number().int().positive().optional(),
  })
  .strict();

export type CheckPhotoOptions = z.input<typeof checkPhotoOptionsSchema>;

export interface PhotoCheck {
  specId: string;
  /** True when no rule failed (rules that do not apply are not failures). */
  pass: boolean;
  rules: RuleResult[];
  measurements: PhotoMeasurements;
}

/** Measures a photo in one native call and judges it against every rule of the spec. */
export async function checkPhoto(
  image: ImageInput,
  specId: string,
  options: CheckPhotoOptions = {},
): Promise<PhotoCheck> {
  const parsed = checkPhotoOptionsSchema.safeParse(options);
  if (!parsed.success) throw InvalidOptionError.fromZod('checkPhoto', parsed.error);
  const spec = getSpec(specId, parsed.data.overrides);
  // File type and size are rules: only the encoded file can be judged.
  if (!(image instanceof Uint8Array)) {
    throw new InvalidOptionError('checkPhoto', [
      'image: a compliance check needs the encoded file, not raw pixels',
    ]);
  }
  const analysis = await analyzePhoto(image, { model: parsed.data.model, maxPixels: parsed.data.maxPixels });
  if (analysis.image.format === 'raw')
    throw new InvalidOptionError('checkPhoto', ['image: expected an encoded file']);
  const face = analysis.face;
  const measurements: PhotoMeasurements = {
    image: { ...analysis.image, format: analysis.image.format },
    faceCount: analysis.faceCount,
    face: face && {
      box: face.box,
      score: face.score,
      rightEye: face.keypoints.rightEye,
      leftEye: face.keypoints.leftEye,
      noseTip: face.keypoints.noseTip,
      mouth: face.keypoints.mouth,
      rollDegrees: face.rollDegrees,
      yawDegrees: face.yawDegrees,
      interEyePx: face.interEyePx,
      headHeightPx: face.headHeightPx,
      eyeLineFromBottomPx: face.eyeLineFromBottomPx,
      topMarginPx: face.topMarginPx,
      crownEstimated: face.crownEstimated,
      faceWidthPx: face.faceWidthPx,
      centringOffsetPx: face.centringOffsetPx,
    },
    quality: analysis.quality,
    background: analysis.background,
  };
  const rules = evaluateRules(spec, measurements, parsed.data.thresholds ?? checkThresholdsSchema.parse({}));
  return { specId: spec.id, pass: rules.every((rule) => rule.pass !== false), rules, measurements };
}

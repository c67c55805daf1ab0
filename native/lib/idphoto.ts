import { z } from 'zod';
import { loadBinding } from './binding.js';
import type { DetectedFace } from './faces.js';
import { imageCall } from './image-call.js';
import { decodeOptionsShape, type ImageInput } from './image-input.js';
import type { VisionModelId } from './model-loader.js';
import { parseOptions as parse } from './options.js';

// The ID-photo calls at the pixel level. Specs, rules and messages live in @piplkit/photo-spec,
// which turns a spec into the pixel bands these calls take.

const bandSchema = z
  .strictObject({ min: z.number().nonnegative(), max: z.number().nonnegative() })
  .refine((band) => band.min <= band.max, { message: 'min must not exceed max' });

const visionModels: VisionModelId[] = [
  'face_detection_short_range',
  'face_detection_full_range',
  'selfie_segmentation',
  'selfie_segmentation_landscape',
];

/** The finished photo's size and geometry bands, all in its pixels. */
export const cropSpecSchema = z.strictObject({
  width: z.number().int().min(16).max(8000),
  height: z.number().int().min(16).max(8000),
  headHeight: bandSchema.optional(),
  eyeLineFromBottom: bandSchema.optional(),
  topMargin: bandSchema.optional(),
  bottomMargin: bandSchema.optional(),
  faceWidth: bandSchema.optional(),
  centringTolerancePx: z.number().nonnegative(),
});

export type CropSpec = z.input<typeof cropSpecSchema>;

export const composeIdPhotoOptionsSchema = z.strictObject({
  crop: cropSpecSchema,
  /** New background, sRGB. */
  background: z.tuple([
    z.number().int().min(0).max(255),
    z.number().int().min(0).max(255),
    z.number().int().min(0).max(255),
  ]),
  /** Written into the JFIF header. */
  dpi: z.number().int().min(1).max(65_535),
  /** JPEG quality when no byte band is given; with a band, the highest quality inside it is used. */
  quality: z.number().int().min(1).max(100).default(92),
  /** File size band in bytes: the highest quality that lands inside it is chosen. */
  bytes: bandSchema.optional(),
  model: z.enum(['short', 'full', 'auto']).default('auto'),
  ...decodeOptionsShape,
});

export type ComposeIdPhotoOptions = z.input<typeof composeIdPhotoOptionsSchema>;

export interface IdPhotoReport {
  source: { width: number; height: number; decodedAtOneIn: number };
  face: DetectedFace;
  geometry: {
    /** Output pixels per source pixel. */
    scale: number;
    rollDegrees: number;
    headHeightPx: number;
    eyeLineFromBottomPx: number;
    topMarginPx: number;
    /** Chin above the bottom edge. */
    bottomMarginPx: number;
    faceWidthPx: number;
    crownEstimated: boolean;
    /** Rules the crop could not meet (headHeight, eyeLine, topMargin, bottomMargin, faceWidth). */
    unmet: string[];
    /** Source → output affine transform, row-major [a, b, tx, c, d, ty] (full-size source pixels × scale). */
    transform: number[];
    /**
     * How far the output reaches past the source on each side: background above and beside it;
     * below it the body is continued from the photo's last rows.
     */
    paddingPx: { top: number; bottom: number; left: number; right: number };
  };
  encoding: {
    quality: number;
    chromaSubsampling: '4:2:0' | '4:4:4';
    dpi: number;
    bytes: number;
    encodes: number;
    inBand: boolean;
    shortfall?: string;
  };
  /**
   * Wall time of each stage inside the native call. `encode` is the whole byte-band search;
   * `encodeOnce` is the one encode that produced the kept file (the codec's own cost).
   */
  timingsMs: {
    decode: number;
    detect: number;
    segment: number;
    compose: number;
    encode: number;
    encodeOnce: number;
  };
}

export interface IdPhotoResult {
  jpeg: Buffer;
  report: IdPhotoReport;
}

/**
 * One native call: decode (reduced when the output allows), detect the one face, segment the
 * person, plan the crop, warp once, composite the background through the refined mask, encode
 * into the byte band with the DPI. Rejects with ERR_NO_FACE / ERR_MULTIPLE_FACES.
 */
export function composeIdPhoto(image: ImageInput, options: ComposeIdPhotoOptions): Promise<IdPhotoResult> {
  return imageCall(
    composeIdPhoto,
    composeIdPhotoOptionsSchema,
    image,
    options,
    () => visionModels,
    (binding, native, opts, callback) => binding.makeIdPhoto(native, opts, callback),
  );
}

export const analyzePhotoOptionsSchema = z.strictObject({
  model: z.enum(['short', 'full', 'auto']).default('auto'),
  ...decodeOptionsShape,
});

export type AnalyzePhotoOptions = z.input<typeof analyzePhotoOptionsSchema>;

/** Measurements of a photo, in its pixels, for compliance rules. */
export interface PhotoAnalysis {
  image: { width: number; height: number; format: 'jpeg' | 'png' | 'webp' | 'raw'; bytes: number };
  faceCount: number;
  face?: DetectedFace & {
    rollDegrees: number;
    yawDegrees: number;
    interEyePx: number;
    headHeightPx: number;
    eyeLineFromBottomPx: number;
    topMarginPx: number;
    crownEstimated: boolean;
    faceWidthPx: number;
    centringOffsetPx: number;
  };
  quality?: {
    sharpness: number;
    faceLuminance: number;
    clippedDark: number;
    clippedBright: number;
    contrast: number;
  };
  background?: { meanRgb: [number, number, number]; stdDev: number; coverage: number };
}

/** One native call: faces, head geometry, face-region quality and background statistics. */
export function analyzePhoto(image: ImageInput, options: AnalyzePhotoOptions = {}): Promise<PhotoAnalysis> {
  return imageCall(
    analyzePhoto,
    analyzePhotoOptionsSchema,
    image,
    options,
    () => visionModels,
    (binding, native, opts, callback) => binding.analyzePhoto(native, opts, callback),
  );
}

const pointSchema = z.strictObject({ x: z.number().int().nonnegative(), y: z.number().int().nonnegative() });
const sizeSchema = z.strictObject({
  width: z.number().int().positive().max(20_000),
  height: z.number().int().positive().max(20_000),
});

export const renderSheetOptionsSchema = z
  .strictObject({
    paper: sizeSchema,
    cell: sizeSchema,
    positions: z.array(pointSchema).max(10_000),
    cutMarks: z.boolean(),
    dpi: z.number().int().min(1).max(65_535),
    quality: z.number().int().min(1).max(100).default(95),
    ...decodeOptionsShape,
  })
  .refine(
    (o) =>
      o.positions.every((p) => p.x + o.cell.width <= o.paper.width && p.y + o.cell.height <= o.paper.height),
    {
      message: 'every copy must lie inside the paper',
    },
  );

export type RenderSheetOptions = z.input<typeof renderSheetOptionsSchema>;

/** One native call: copies of `photo` at `positions` on a white page, cut lines, JPEG with the DPI. */
export function renderSheet(photo: ImageInput, options: RenderSheetOptions): Promise<Buffer> {
  return imageCall(
    renderSheet,
    renderSheetOptionsSchema,
    photo,
    options,
    () => [],
    (binding, native, opts, callback) => binding.renderSheet(native, opts, callback),
  );
}

const landmarkPointSchema = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

/** Where a head is in a photo, source pixels: the inputs of the crop plan. */
export const headLandmarksSchema = z.strictObject({
  rightEye: landmarkPointSchema,
  leftEye: landmarkPointSchema,
  mouth: landmarkPointSchema,
  faceWidth: z.number().positive(),
  /** Top of the hair; leave out when it is outside the photo (it is then estimated). */
  crown: landmarkPointSchema.optional(),
});

export type HeadLandmarks = z.input<typeof headLandmarksSchema>;

export type CropPlan = Omit<IdPhotoReport['geometry'], 'paddingPx'>;

/**
 * The crop makeIdPhoto would choose for a head, without an image: one similarity transform and
 * the geometry it gives, or the rules it cannot meet. For previews and for testing the geometry.
 */
export function planCrop(head: HeadLandmarks, crop: CropSpec): CropPlan {
  const landmarks = parse('planCrop', headLandmarksSchema, head);
  const spec = parse('planCrop', cropSpecSchema, crop);
  return loadBinding().planCrop(landmarks, spec);
}

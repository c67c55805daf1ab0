import { z } from 'zod';
import { imageCall } from './image-call.js';
import { decodeOptionsShape, type ImageInput } from './image-input.js';
import type { VisionModelId } from './model-loader.js';

export interface Point {
  x: number;
  y: number;
}

/** One face, in source pixels (after EXIF orientation). */
export interface DetectedFace {
  box: { x: number; y: number; width: number; height: number };
  /** The model's confidence, 0..1: why this face was reported (it passed `minScore`). */
  score: number;
  /** Subject's right eye is the one on the image's left. */
  keypoints: {
    rightEye: Point;
    leftEye: Point;
    noseTip: Point;
    mouth: Point;
    rightEar: Point;
    leftEar: Point;
  };
  /** The BlazeFace model that found it. */
  model: 'short' | 'full';
}

export interface FaceDetectionResult {
  /** Size of the image the coordinates refer to. */
  width: number;
  height: number;
  /** Highest score first. */
  faces: DetectedFace[];
}

const faceOptionsShape = {
  /**
   * 'short': faces within about 2 m (portraits, selfies, ID photos), 128x128 input.
   * 'full': small faces too (group photos), 192x192 input.
   * 'auto' (default): short-range when it finds exactly one large face, else full-range.
   */
  model: z.enum(['short', 'full', 'auto']).default('auto'),
  /** Minimum score (default 0.5, as MediaPipe's face detection solution). */
  minScore: z.number().min(0).max(1).optional(),
  /** Keep at most this many faces, best first. */
  maxFaces: z.number().int().positive().optional(),
  ...decodeOptionsShape,
};

export const detectFacesOptionsSchema = z.strictObject(faceOptionsShape);
export type DetectFacesOptions = z.input<typeof detectFacesOptionsSchema>;

function faceModels(model: 'short' | 'full' | 'auto'): VisionModelId[] {
  if (model === 'short') return ['face_detection_short_range'];
  if (model === 'full') return ['face_detection_full_range'];
  return ['face_detection_short_range', 'face_detection_full_range'];
}

/**
 * Finds faces with MediaPipe BlazeFace (6 keypoints each). `image` is an encoded JPEG/PNG/WebP
 * (EXIF orientation applied) or raw pixels; any aspect ratio. One native call.
 */
export function detectFaces(
  image: ImageInput,
  options: DetectFacesOptions = {},
): Promise<FaceDetectionResult> {
  return imageCall(
    detectFaces,
    detectFacesOptionsSchema,
    image,
    options,
    (opts) => faceModels(opts.model),
    (binding, native, opts, callback) => binding.detectFaces(native, opts, callback),
  );
}

export const blurFacesOptionsSchema = z.strictObject({
  ...faceOptionsShape,
  /** 'gaussian' (default): heavy blur; 'pixelate': 8 blocks across; 'solid': filled black. */
  style: z.enum(['gaussian', 'pixelate', 'solid']).default('gaussian'),
  format: z.enum(['jpeg', 'png', 'webp']).default('jpeg'),
  /** JPEG/WebP quality. */
  quality: z.number().int().min(1).max(100).default(90),
});
export type BlurFacesOptions = z.input<typeof blurFacesOptionsSchema>;

export interface BlurFacesResult {
  /** The encoded image with every detected face covered. */
  data: Buffer;
  /** The faces that were covered, so a caller can log why (count and scores, no pixels). */
  faces: DetectedFace[];
}

/** Detects faces and covers each one (head outline, with margin), then encodes. One native call. */
export function blurFaces(image: ImageInput, options: BlurFacesOptions = {}): Promise<BlurFacesResult> {
  return imageCall(
    blurFaces,
    blurFacesOptionsSchema,
    image,
    options,
    (opts) => faceModels(opts.model),
    (binding, native, opts, callback) => binding.blurFaces(native, opts, callback),
  );
}

import { z } from 'zod';
import { PiiRedactionError } from '../errors.js';

/** Raw 8-bit pixels, rows tightly packed: 1 = grey, 3 = RGB, 4 = RGBA. */
export interface RawImagePixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

/** An encoded JPEG, PNG or WebP, or raw pixels. */
export type RedactableImage = Uint8Array | RawImagePixels;

export const redactImageOptionsSchema = z.strictObject({
  /** 'gaussian' (default): heavy blur; 'pixelate': coarse blocks; 'solid': filled black. */
  style: z.enum(['gaussian', 'pixelate', 'solid']).default('gaussian'),
  /** Encoding of the result. */
  format: z.enum(['jpeg', 'png', 'webp']).default('jpeg'),
  /** JPEG/WebP quality. */
  quality: z.number().int().min(1).max(100).default(90),
  /**
   * BlazeFace model: 'full' (default) finds small faces too, so a face in the back of a group photo
   * is not missed; 'short' suits portraits; 'auto' tries short-range first.
   */
  model: z.enum(['full', 'short', 'auto']).default('full'),
  /** Faces scoring below this are left alone (default: the detector's own, 0.5). */
  minScore: z.number().min(0).max(1).optional(),
});
export type RedactImageOptions = z.input<typeof redactImageOptionsSchema>;

/** One face that was covered: where, and the detector's score (why it was covered). No pixels. */
export interface CoveredFace {
  box: { x: number; y: number; width: number; height: number };
  score: number;
}

export interface ImageRedaction {
  /** The encoded image with every detected face covered. */
  data: Buffer;
  faces: CoveredFace[];
}

/** The one call this entry point needs from @piplkit/native (an optional peer dependency). */
export interface FaceBlurModule {
  blurFaces(
    image: RedactableImage,
    options: { style: string; format: string; quality: number; model: string; minScore?: number },
  ): Promise<{ data: Buffer; faces: CoveredFace[] }>;
}

const installStep =
  'redactImage needs the optional peer dependency @piplkit/native: install it next to ' +
  '@piplkit/pii-redaction (npm install @piplkit/native); it builds its addon against the system ' +
  'OpenCV 4 (apt-get install cmake build-essential libopencv-dev)';
const buildStep =
  "redactImage needs @piplkit/native's compiled addon, which is not built for this machine: " +
  'apt-get install cmake build-essential libopencv-dev, then pnpm --filter @piplkit/native build ' +
  '(or reinstall @piplkit/native)';

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * Builds `redactImage` over a loader of the native module, so that a missing module (or a module
 * whose compiled addon cannot be loaded) becomes one typed error naming the install step.
 */
export function imageRedactor(
  load: () => Promise<FaceBlurModule>,
): (image: RedactableImage, options?: RedactImageOptions) => Promise<ImageRedaction> {
  return async (image, options = {}) => {
    const parsed = redactImageOptionsSchema.safeParse(options);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
      throw new PiiRedactionError('INVALID_OPTIONS', issues.join('; '));
    }
    let native: FaceBlurModule;
    try {
      native = await load();
    } catch (error) {
      if (isMissingModule(error))
        throw new PiiRedactionError('NATIVE_UNAVAILABLE', installStep, { cause: error });
      throw error;
    }
    try {
      const { minScore, ...rest } = parsed.data;
      const result = await native.blurFaces(image, minScore === undefined ? rest : { ...rest, minScore });
      return {
        data: result.data,
        faces: result.faces.map((face) => ({ box: { ...face.box }, score: face.score })),
      };
    } catch (error) {
      // The package is there but its compiled addon is not (or was built for another Node).
      if ((error as { code?: unknown } | null)?.code === 'ERR_ADDON_NOT_FOUND') {
        throw new PiiRedactionError('NATIVE_UNAVAILABLE', buildStep, { cause: error });
      }
      throw error;
    }
  };
}

/**
 * Covers every face in a photo (MediaPipe BlazeFace through @piplkit/native, one native call on a
 * worker thread) and re-encodes it. Decode errors and the like are @piplkit/native's typed errors.
 */
export const redactImage = imageRedactor(() => import('@piplkit/native') as Promise<FaceBlurModule>);

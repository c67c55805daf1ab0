import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddonNotFoundError } from './errors.js';
import type { BlurFacesResult, FaceDetectionResult } from './faces.js';
import type { CropPlan, IdPhotoResult, PhotoAnalysis } from './idphoto.js';
import type { NativeImage } from './image-input.js';
import type { PersonMask } from './segment.js';

export type NativeCallback<T> = (error: (Error & { code?: unknown }) | null, result?: T) => void;

export interface RawProbe {
  width: number;
  height: number;
  channels: number;
  format: 'jpeg' | 'png' | 'webp';
}

/** The addon's exports exactly as C++ defines them (native/src/addon.cc). Arguments are trusted. */
export interface NativeBinding {
  versions(): { addon: string; opencv: string; napi: number };
  probeImage(input: Buffer, callback: NativeCallback<RawProbe>): void;
  /** Parses and checks a .tflite model once per process; false when `id` was already there. */
  registerModel(id: string, bytes: Buffer): boolean;
  detectFaces(image: NativeImage, options: object, callback: NativeCallback<FaceDetectionResult>): void;
  segmentPerson(image: NativeImage, options: object, callback: NativeCallback<PersonMask>): void;
  blurFaces(image: NativeImage, options: object, callback: NativeCallback<BlurFacesResult>): void;
  makeIdPhoto(image: NativeImage, options: object, callback: NativeCallback<IdPhotoResult>): void;
  analyzePhoto(image: NativeImage, options: object, callback: NativeCallback<PhotoAnalysis>): void;
  renderSheet(image: NativeImage, options: object, callback: NativeCallback<Buffer>): void;
  planCrop(head: object, crop: object): CropPlan;
}

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where a local build lands; the first one that exists is loaded. */
export const addonCandidates: readonly string[] = [
  join(packageDir, 'build', 'Release', 'piplkit.node'),
  join(packageDir, 'build', 'Debug', 'piplkit.node'),
];

let cached: NativeBinding | undefined;

export function loadBinding(): NativeBinding {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const failures: string[] = [];
  for (const candidate of addonCandidates) {
    if (!existsSync(candidate)) {
      failures.push(`${candidate}: not built`);
      continue;
    }
    try {
      cached = require(candidate) as NativeBinding;
      return cached;
    } catch (error) {
      failures.push(`${candidate}: ${(error as Error).message}`);
    }
  }
  throw new AddonNotFoundError(
    'ERR_ADDON_NOT_FOUND',
    [
      'The @piplkit/native addon is not built for this machine.',
      ...failures.map((line) => `  tried ${line}`),
      'Possible solutions:',
      '  - from the repository root, run: bash scripts/setup   (installs OpenCV, cmake and builds everything)',
      '  - or install the build tools yourself: apt-get install cmake build-essential libopencv-dev',
      '    then run: pnpm --filter @piplkit/native build',
    ].join('\n'),
  );
}

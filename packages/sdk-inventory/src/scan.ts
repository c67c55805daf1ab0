import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { readAndroidArchive } from './android/apk.js';
import { ZipArchive } from './archive/zip.js';
import { buildFileKind, readBuildDirectory, readBuildFile } from './build/index.js';
import { loadCatalogue, parseCatalogue } from './catalogue/index.js';
import type { Catalogue } from './catalogue/schema.js';
import { Artifacts } from './detect/artifacts.js';
import { Detector } from './detect/detector.js';
import type { ScanResult } from './detect/scan-result.js';
import { ArchiveError, parseOptions, SdkInventoryError } from './errors.js';
import { isIpa, readIpa } from './ios/ipa.js';
import { type ScanLimits, scanLimitsSchema } from './limits.js';

export const scanOptionsSchema = z
  .object({
    /** A catalogue object to use instead of the bundled one (validated). */
    catalogue: z.unknown().optional(),
    limits: scanLimitsSchema.default(scanLimitsSchema.parse({})),
  })
  .strict();

export type ScanOptions = z.input<typeof scanOptionsSchema>;

const CAVEAT =
  'Presence is not use: a match proves that the code or dependency ships in the app, not that it runs or collects data.';

const detectors = new WeakMap<Catalogue, Detector>();

function detectorFor(catalogue: Catalogue): Detector {
  let detector = detectors.get(catalogue);
  if (detector === undefined) {
    detector = new Detector(catalogue);
    detectors.set(catalogue, detector);
  }
  return detector;
}

function resolve(options: ScanOptions | undefined): { catalogue: Catalogue; limits: ScanLimits } {
  const parsed = parseOptions('scan', scanOptionsSchema, options ?? {});
  return {
    catalogue: parsed.catalogue === undefined ? loadCatalogue() : parseCatalogue(parsed.catalogue),
    limits: parsed.limits,
  };
}

function warningsFor(artifacts: Artifacts, result: ScanResult['findings']): string[] {
  const warnings: string[] = [...artifacts.warnings];
  const hardening = result.filter((finding) => finding.category === 'hardening');
  if (hardening.length > 0) {
    warnings.push(
      `hardening detected (${hardening.map((finding) => finding.sdkId).join(', ')}): the real dex is encrypted, so SDKs found only by class names may be missing; manifest components and native libraries still count`,
    );
  }
  if (
    artifacts.dexClassesBySource.size === 0 &&
    artifacts.dependencies.length === 0 &&
    artifacts.frameworks.length === 0
  ) {
    warnings.push('no dex, framework or dependency was found: nothing could be matched by code');
  }
  return warnings;
}

/** Turns collected artifacts into a scan result. */
export function resultFromArtifacts(
  artifacts: Artifacts,
  target: ScanResult['target'],
  catalogue: Catalogue,
): ScanResult {
  const findings = detectorFor(catalogue).detect(artifacts);
  return {
    kind: 'piplkit-sdk-scan',
    schemaVersion: 1,
    catalogueVersion: catalogue.version,
    target,
    app: {
      ...(artifacts.packageName === undefined ? {} : { packageName: artifacts.packageName }),
      permissions: [...artifacts.permissions].sort(),
      classCount: artifacts.classCount,
      dexFiles: artifacts.dexClassesBySource.size,
      nativeLibs: artifacts.nativeLibs.length,
      usageDescriptions: Object.fromEntries(artifacts.usageDescriptions),
      privacyManifests: artifacts.privacyManifests,
    },
    findings,
    warnings: warningsFor(artifacts, findings),
    caveat: CAVEAT,
  };
}

/**
 * Scans an APK, AAB, split-APK set or IPA held in memory. Asynchronous because large dex files
 * inflate on the libuv thread pool, several at once, while the main thread parses.
 */
export async function scanArchive(
  bytes: Uint8Array,
  name: string,
  options?: ScanOptions,
): Promise<ScanResult> {
  const { catalogue, limits } = resolve(options);
  if (bytes.byteLength > limits.maxInputBytes) {
    throw new SdkInventoryError(
      'ERR_INPUT_TOO_LARGE',
      `input of ${bytes.byteLength} bytes is over ${limits.maxInputBytes}`,
    );
  }
  const zip = new ZipArchive(bytes, limits);
  const artifacts = new Artifacts();
  if (isIpa(zip)) {
    readIpa(zip, artifacts);
    return resultFromArtifacts(artifacts, { name, type: 'ipa', bytes: bytes.byteLength }, catalogue);
  }
  const type = await readAndroidArchive(zip, artifacts, limits, '');
  return resultFromArtifacts(artifacts, { name, type, bytes: bytes.byteLength }, catalogue);
}

/**
 * Scans a path: an archive (.apk, .aab, .apks, .xapk, .ipa), a single build file, or a project
 * directory whose build files are read.
 */
export async function scanPath(path: string, options?: ScanOptions): Promise<ScanResult> {
  const { catalogue, limits } = resolve(options);
  const stat = statSync(path);
  const name = basename(path);
  if (stat.isDirectory()) {
    const artifacts = new Artifacts();
    readBuildDirectory(path, artifacts, limits);
    return resultFromArtifacts(artifacts, { name, type: 'directory', bytes: 0 }, catalogue);
  }
  if (stat.size > limits.maxInputBytes) {
    throw new SdkInventoryError(
      'ERR_INPUT_TOO_LARGE',
      `input of ${stat.size} bytes is over ${limits.maxInputBytes}`,
    );
  }
  if (buildFileKind(name) !== undefined) {
    const artifacts = new Artifacts();
    readBuildFile(path, name, artifacts, limits);
    return resultFromArtifacts(artifacts, { name, type: 'build-file', bytes: stat.size }, catalogue);
  }
  const bytes = await readFile(path);
  try {
    return await scanArchive(bytes, name, { ...(options ?? {}), limits });
  } catch (error) {
    if (error instanceof ArchiveError && error.code === 'ERR_ZIP_NOT_FOUND') {
      throw new SdkInventoryError(
        'ERR_UNSUPPORTED_INPUT',
        'the input is neither a ZIP-based app package (APK, AAB, APKS, IPA) nor a known build file',
      );
    }
    throw error;
  }
}

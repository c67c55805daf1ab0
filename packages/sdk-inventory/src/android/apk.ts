import { ZipArchive } from '../archive/zip.js';
import type { Artifacts } from '../detect/artifacts.js';
import { ArchiveError } from '../errors.js';
import type { ScanLimits } from '../limits.js';
import { readBinaryManifest } from './axml.js';
import { readDexClasses } from './dex.js';
import type { AndroidManifestInfo } from './manifest.js';
import { readProtoManifest } from './proto-manifest.js';

export type AndroidArchiveType = 'apk' | 'aab' | 'apks';

/** `classes.dex`, `classes2.dex` … at the root (APK) or under `<module>/dex/` (AAB). */
function dexModule(name: string): string | undefined {
  const slash = name.lastIndexOf('/');
  const file = name.slice(slash + 1);
  if (!file.startsWith('classes') || !file.endsWith('.dex')) return undefined;
  const number = file.slice(7, -4);
  if (number !== '' && !/^[1-9]\d*$/.test(number)) return undefined;
  if (slash === -1) return '';
  const parts = name.split('/');
  return parts.length === 3 && parts[1] === 'dex' ? parts[0] : undefined;
}

/** `lib/<abi>/<file>.so` in an APK, `<module>/lib/<abi>/<file>.so` in an AAB. */
function nativeLibFile(name: string): string | undefined {
  const parts = name.split('/');
  const libAt = parts.length - 3;
  if (libAt < 0 || libAt > 1 || parts[libAt] !== 'lib') return undefined;
  const file = parts.at(-1) as string;
  return file.endsWith('.so') ? file : undefined;
}

/** Tells an APK, an App Bundle and a split-APK set (.apks/.xapk) apart by their entries. */
export function androidArchiveType(zip: ZipArchive): AndroidArchiveType | undefined {
  if (zip.get('AndroidManifest.xml') !== undefined) return 'apk';
  if (zip.get('base/manifest/AndroidManifest.xml') !== undefined || zip.get('BundleConfig.pb') !== undefined)
    return 'aab';
  if (zip.entries.some((entry) => entry.name.endsWith('.apk'))) return 'apks';
  return undefined;
}

function mergeManifest(artifacts: Artifacts, manifest: AndroidManifestInfo, source: string): void {
  artifacts.packageName ??= manifest.packageName;
  for (const permission of manifest.usesPermissions) artifacts.permissions.add(permission);
  for (const key of manifest.metaDataKeys) artifacts.metaDataKeys.push({ key, source });
  for (const component of manifest.components) artifacts.components.push({ ...component, source });
}

/**
 * Reads every dex, manifest and native library of an APK, AAB or split-APK set into `artifacts`.
 * APKs nested in a set are opened up to `limits.maxNestingDepth`, sharing one decompression budget.
 */
export function readAndroidArchive(
  zip: ZipArchive,
  artifacts: Artifacts,
  limits: ScanLimits,
  label: string,
  depth = 0,
): AndroidArchiveType {
  const type = androidArchiveType(zip);
  if (type === undefined) {
    throw new ArchiveError(
      'ERR_ZIP_UNSUPPORTED',
      'the archive holds no Android manifest, bundle config or APK',
    );
  }
  const prefix = label === '' ? '' : `${label}!`;
  for (const entry of zip.entries) {
    if (entry.isDirectory) continue;
    const name = entry.name;
    if (dexModule(name) !== undefined) {
      const dex = readDexClasses(zip.read(entry), limits);
      artifacts.dexClassesBySource.set(`${prefix}${name}`, dex.descriptors);
    } else if (name === 'AndroidManifest.xml') {
      mergeManifest(artifacts, readBinaryManifest(zip.read(entry)), `${prefix}${name}`);
    } else if (
      type === 'aab' &&
      name.endsWith('/manifest/AndroidManifest.xml') &&
      name.split('/').length === 3
    ) {
      mergeManifest(artifacts, readProtoManifest(zip.read(entry)), `${prefix}${name}`);
    } else if (name.endsWith('.apk') && type === 'apks') {
      if (depth >= limits.maxNestingDepth) {
        throw new ArchiveError(
          'ERR_ZIP_LIMIT',
          `APKs nest deeper than the limit of ${limits.maxNestingDepth}`,
        );
      }
      const nested = new ZipArchive(zip.read(entry), limits, zip.inflateBudget);
      readAndroidArchive(nested, artifacts, limits, `${prefix}${name}`, depth + 1);
    } else {
      const file = nativeLibFile(name);
      if (file !== undefined) artifacts.nativeLibs.push({ file, path: `${prefix}${name}` });
    }
  }
  artifacts.inputs.push(label === '' ? type : label);
  return type;
}

import { availableParallelism } from 'node:os';
import { ZipArchive, type ZipEntry } from '../archive/zip.js';
import type { Artifacts } from '../detect/artifacts.js';
import { ArchiveError } from '../errors.js';
import type { ScanLimits } from '../limits.js';
import { readBinaryManifest } from './axml.js';
import { type DexClasses, readDexEntry } from './dex.js';
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
  // Checked before splitting: most entries of a large APK are resources, and this runs for each.
  if (!name.endsWith('.so')) return undefined;
  const parts = name.split('/');
  const libAt = parts.length - 3;
  if (libAt < 0 || libAt > 1 || parts[libAt] !== 'lib') return undefined;
  return parts.at(-1) as string;
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

/** How many large dex files inflate at once: each holds a buffer of up to its size and a pool thread. */
const DEX_PARALLELISM = Math.min(4, Math.max(2, availableParallelism()));

/**
 * Caps the bytes of the dex files inflating at once at one entry's limit, so reading them
 * concurrently holds no more memory than reading the largest allowed entry alone did.
 */
class ByteGate {
  private used = 0;
  private waiting: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  /**
   * Takes `bytes` at once when they fit and returns undefined (so the caller goes on in the same
   * turn, before the manifest is parsed), else a promise settled once they have been taken.
   */
  acquire(bytes: number): Promise<unknown> | undefined {
    if (this.used > 0 && this.used + bytes > this.capacity) {
      return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.acquire(bytes));
    }
    this.used += bytes;
    return undefined;
  }

  release(bytes: number): void {
    this.used -= bytes;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/**
 * Lists the classes of `entries`, the largest first so the long inflations start early and overlap
 * with the small ones, which inflate on the main thread. Results come back in the order given.
 * `stop` keeps entries not yet started from starting, for when the caller fails meanwhile.
 */
function readDexFiles(
  zip: ZipArchive,
  entries: readonly ZipEntry[],
  limits: ScanLimits,
): { classes: Promise<DexClasses[]>; stop: () => void } {
  const results: DexClasses[] = new Array(entries.length);
  const order = entries.map((_, index) => index);
  order.sort((a, b) => (entries[b] as ZipEntry).uncompressedSize - (entries[a] as ZipEntry).uncompressedSize);
  let next = 0;
  let stopped = false;
  const gate = new ByteGate(limits.maxEntryBytes);
  const worker = async (): Promise<void> => {
    while (!stopped && next < order.length) {
      const index = order[next++] as number;
      const entry = entries[index] as ZipEntry;
      const wait = gate.acquire(entry.uncompressedSize);
      if (wait !== undefined) await wait;
      try {
        results[index] = await readDexEntry(zip.open(entry), limits);
      } finally {
        gate.release(entry.uncompressedSize);
      }
    }
  };
  const workers = Array.from({ length: Math.min(DEX_PARALLELISM, entries.length) }, worker);
  const classes = Promise.all(workers).then(
    () => results,
    (error: unknown) => {
      stopped = true;
      throw error;
    },
  );
  // Marked as handled: if the caller fails before awaiting it, its rejection must not go unheard.
  classes.catch(() => undefined);
  return {
    classes,
    stop: () => {
      stopped = true;
    },
  };
}

/** Manifests and native libraries of one archive; returns the APKs nested in a split set. */
function readOtherEntries(
  zip: ZipArchive,
  type: AndroidArchiveType,
  artifacts: Artifacts,
  limits: ScanLimits,
  prefix: string,
  depth: number,
): ZipEntry[] {
  const nested: ZipEntry[] = [];
  for (const entry of zip.entries) {
    const name = entry.name;
    // classes*.dex are read by readDexFiles, and no branch below takes any other .dex name.
    if (entry.isDirectory || name.endsWith('.dex')) continue;
    if (name === 'AndroidManifest.xml') {
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
      nested.push(entry);
    } else {
      const file = nativeLibFile(name);
      if (file !== undefined) artifacts.nativeLibs.push({ file, path: `${prefix}${name}` });
    }
  }
  return nested;
}

/**
 * Reads every dex, manifest and native library of an APK, AAB or split-APK set into `artifacts`.
 * APKs nested in a set are opened up to `limits.maxNestingDepth`, sharing one decompression budget.
 * The dex files of one archive are read concurrently; what lands in `artifacts` keeps archive order.
 */
export async function readAndroidArchive(
  zip: ZipArchive,
  artifacts: Artifacts,
  limits: ScanLimits,
  label: string,
  depth = 0,
): Promise<AndroidArchiveType> {
  const type = androidArchiveType(zip);
  if (type === undefined) {
    throw new ArchiveError(
      'ERR_ZIP_UNSUPPORTED',
      'the archive holds no Android manifest, bundle config or APK',
    );
  }
  const prefix = label === '' ? '' : `${label}!`;
  const dexEntries = zip.entries.filter((entry) => !entry.isDirectory && dexModule(entry.name) !== undefined);
  // Started first, so the large dex files inflate on the thread pool while the manifest is parsed.
  const dexFiles = readDexFiles(zip, dexEntries, limits);
  let nested: ZipEntry[];
  try {
    nested = readOtherEntries(zip, type, artifacts, limits, prefix, depth);
  } catch (error) {
    dexFiles.stop();
    throw error;
  }
  const classes = await dexFiles.classes;
  dexEntries.forEach((entry, index) => {
    artifacts.dexClassesBySource.set(`${prefix}${entry.name}`, (classes[index] as DexClasses).descriptors);
  });
  // One nested APK at a time, so only one of them is held inflated.
  for (const entry of nested) {
    const inner = new ZipArchive(zip.read(entry), limits, zip.inflateBudget);
    await readAndroidArchive(inner, artifacts, limits, `${prefix}${entry.name}`, depth + 1);
  }
  artifacts.inputs.push(label === '' ? type : label);
  return type;
}

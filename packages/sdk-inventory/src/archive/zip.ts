import { inflateRawSync } from 'node:zlib';
import { ArchiveError } from '../errors.js';
import type { ScanLimits } from '../limits.js';

/** One file in a ZIP central directory. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  readonly isDirectory: boolean;
  /** General-purpose flag bit 0: the data is encrypted and cannot be read. */
  readonly encrypted: boolean;
}

const EOCD_SIGNATURE = 0x06054b50;
const EOCD64_LOCATOR_SIGNATURE = 0x07064b50;
const EOCD64_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_COMMENT = 0xffff;
const RATIO_FLOOR_BYTES = 1024 * 1024;
const MAX_INFLATE_CHUNK = 64 * 1024 * 1024;

/** Tracks decompressed bytes across one scan so nested archives share a single budget. */
export class InflateBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  charge(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) {
      throw new ArchiveError(
        'ERR_ZIP_BOMB',
        `decompressed data exceeds the ${this.limit}-byte budget of this scan`,
      );
    }
  }
}

function unsafeNameReason(name: string): string | undefined {
  if (name.length === 0) return 'an empty name';
  if (name.includes('\0')) return 'a NUL byte';
  if (name.includes('\\')) return 'a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  if (name.split('/').some((segment) => segment === '..')) return 'a ".." segment';
  return undefined;
}

/**
 * Reads a ZIP archive held in memory through its central directory only (local headers are trusted
 * for the data offset alone). Names that could escape a target directory are rejected outright, sizes
 * are checked against the limits before anything is inflated, and inflation is capped at the size
 * the directory declares.
 */
export class ZipArchive {
  readonly entries: readonly ZipEntry[];
  private readonly byName: Map<string, ZipEntry>;

  constructor(
    private readonly data: Uint8Array,
    limits: ScanLimits,
    private readonly budget: InflateBudget = new InflateBudget(limits.maxTotalBytes),
  ) {
    this.entries = readCentralDirectory(data, limits);
    this.byName = new Map(this.entries.map((entry) => [entry.name, entry]));
  }

  get size(): number {
    return this.data.byteLength;
  }

  /** The shared decompression budget, handed on to archives nested inside this one. */
  get inflateBudget(): InflateBudget {
    return this.budget;
  }

  get(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /** The decompressed bytes of one entry. */
  read(entry: ZipEntry): Uint8Array {
    const view = new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    const at = entry.localHeaderOffset;
    if (at + 30 > this.data.byteLength || view.getUint32(at, true) !== LOCAL_SIGNATURE) {
      throw new ArchiveError('ERR_ZIP_CORRUPT', `local header of an entry at offset ${at} is missing`);
    }
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > this.data.byteLength) {
      throw new ArchiveError(
        'ERR_ZIP_CORRUPT',
        `entry data at offset ${start} runs past the end of the archive`,
      );
    }
    if (entry.encrypted) throw new ArchiveError('ERR_ZIP_UNSUPPORTED', 'an entry is encrypted');
    const raw = this.data.subarray(start, end);
    this.budget.charge(entry.uncompressedSize);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.uncompressedSize) {
        throw new ArchiveError(
          'ERR_ZIP_CORRUPT',
          'a stored entry declares different compressed and real sizes',
        );
      }
      return raw;
    }
    if (entry.method !== 8) {
      throw new ArchiveError('ERR_ZIP_UNSUPPORTED', `compression method ${entry.method} is not supported`);
    }
    let out: Buffer;
    try {
      // maxOutputLength makes zlib stop at the declared size even if the stream claims more; one
      // output chunk of the declared size avoids zlib's default 16 KiB chunks being joined afterwards.
      out = inflateRawSync(raw, {
        maxOutputLength: Math.max(1, entry.uncompressedSize),
        chunkSize: Math.min(Math.max(64, entry.uncompressedSize), MAX_INFLATE_CHUNK),
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ArchiveError(
          'ERR_ZIP_BOMB',
          'an entry inflates past the size its directory record declares',
        );
      }
      throw new ArchiveError(
        'ERR_ZIP_CORRUPT',
        `an entry's deflate stream is invalid (${code ?? 'zlib error'})`,
      );
    }
    if (out.byteLength !== entry.uncompressedSize) {
      throw new ArchiveError(
        'ERR_ZIP_CORRUPT',
        `an entry inflated to ${out.byteLength} bytes, its directory record declares ${entry.uncompressedSize}`,
      );
    }
    return out;
  }
}

function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - MAX_COMMENT);
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  throw new ArchiveError('ERR_ZIP_NOT_FOUND', 'no ZIP end-of-central-directory record: not a ZIP archive');
}

function readCentralDirectory(data: Uint8Array, limits: ScanLimits): ZipEntry[] {
  if (data.byteLength < 22)
    throw new ArchiveError('ERR_ZIP_NOT_FOUND', 'input is too short to be a ZIP archive');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== EOCD64_LOCATOR_SIGNATURE) {
      throw new ArchiveError('ERR_ZIP_CORRUPT', 'ZIP64 sizes are announced but the ZIP64 locator is missing');
    }
    const record = Number(view.getBigUint64(locator + 8, true));
    if (record + 56 > data.byteLength || view.getUint32(record, true) !== EOCD64_SIGNATURE) {
      throw new ArchiveError('ERR_ZIP_CORRUPT', 'the ZIP64 end-of-central-directory record is missing');
    }
    count = Number(view.getBigUint64(record + 32, true));
    size = Number(view.getBigUint64(record + 40, true));
    offset = Number(view.getBigUint64(record + 48, true));
  }
  if (count > limits.maxEntries) {
    throw new ArchiveError(
      'ERR_ZIP_LIMIT',
      `the archive declares ${count} entries, over the limit of ${limits.maxEntries}`,
    );
  }
  if (offset + size > data.byteLength) {
    throw new ArchiveError('ERR_ZIP_CORRUPT', 'the central directory runs past the end of the archive');
  }
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const entries: ZipEntry[] = [];
  let at = offset;
  const end = offset + size;
  for (let index = 0; index < count; index++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw new ArchiveError('ERR_ZIP_CORRUPT', `central directory record ${index} is malformed`);
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > end)
      throw new ArchiveError('ERR_ZIP_CORRUPT', `central directory record ${index} is truncated`);
    const name = decoder.decode(data.subarray(at + 46, at + 46 + nameLength));
    if (
      uncompressedSize === 0xffffffff ||
      compressedSize === 0xffffffff ||
      localHeaderOffset === 0xffffffff
    ) {
      ({ compressedSize, uncompressedSize, localHeaderOffset } = readZip64Extra(
        view,
        at + 46 + nameLength,
        extraLength,
        { compressedSize, uncompressedSize, localHeaderOffset },
      ));
    }
    const unsafe = unsafeNameReason(name);
    if (unsafe !== undefined) {
      throw new ArchiveError('ERR_ZIP_UNSAFE_PATH', `entry ${index} has an unsafe name (${unsafe})`);
    }
    if (uncompressedSize > limits.maxEntryBytes) {
      throw new ArchiveError(
        'ERR_ZIP_LIMIT',
        `entry ${index} declares ${uncompressedSize} bytes, over the per-entry limit of ${limits.maxEntryBytes}`,
      );
    }
    if (
      uncompressedSize > RATIO_FLOOR_BYTES &&
      uncompressedSize > compressedSize * limits.maxCompressionRatio
    ) {
      throw new ArchiveError(
        'ERR_ZIP_BOMB',
        `entry ${index} declares a compression ratio over ${limits.maxCompressionRatio}:1`,
      );
    }
    entries.push({
      name,
      method,
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
      isDirectory: name.endsWith('/'),
      encrypted: (flags & 1) === 1,
    });
    at = next;
  }
  return entries;
}

function readZip64Extra(
  view: DataView,
  start: number,
  length: number,
  sizes: { compressedSize: number; uncompressedSize: number; localHeaderOffset: number },
): { compressedSize: number; uncompressedSize: number; localHeaderOffset: number } {
  let at = start;
  const end = start + length;
  while (at + 4 <= end) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const take = (): number => {
        if (field + 8 > at + 4 + size)
          throw new ArchiveError('ERR_ZIP_CORRUPT', 'a ZIP64 extra field is truncated');
        const value = Number(view.getBigUint64(field, true));
        field += 8;
        return value;
      };
      const uncompressedSize = sizes.uncompressedSize === 0xffffffff ? take() : sizes.uncompressedSize;
      const compressedSize = sizes.compressedSize === 0xffffffff ? take() : sizes.compressedSize;
      const localHeaderOffset = sizes.localHeaderOffset === 0xffffffff ? take() : sizes.localHeaderOffset;
      return { compressedSize, uncompressedSize, localHeaderOffset };
    }
    at += 4 + size;
  }
  throw new ArchiveError('ERR_ZIP_CORRUPT', 'ZIP64 sizes are announced but the ZIP64 extra field is missing');
}

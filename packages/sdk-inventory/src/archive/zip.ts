import { constants, createInflateRaw, type InflateRaw, inflateRawSync } from 'node:zlib';
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
/**
 * Entries up to this size are inflated at once by `open`; larger ones inflate on the thread pool. A
 * leading part of a larger one up to this size is inflated on the spot too (see `InflatingEntry`).
 */
const SYNC_MAX_BYTES = 512 * 1024;

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
  const drive = name.charCodeAt(0) | 0x20;
  if (name.startsWith('/') || (drive >= 0x61 && drive <= 0x7a && name[1] === ':')) return 'an absolute path';
  if (name === '..' || name.startsWith('../') || name.endsWith('/..') || name.includes('/../')) {
    return 'a ".." segment';
  }
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Entry names are nearly always ASCII, which a latin1 slice decodes far cheaper than TextDecoder. */
function decodeName(data: Buffer, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    if ((data[i] as number) >= 0x80) return utf8.decode(data.subarray(start, end));
  }
  return data.toString('latin1', start, end);
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

  /** The compressed bytes of an entry, after its local header and the checks that need no inflating. */
  private compressed(entry: ZipEntry): Uint8Array {
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
    if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) {
      throw new ArchiveError(
        'ERR_ZIP_CORRUPT',
        'a stored entry declares different compressed and real sizes',
      );
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ArchiveError('ERR_ZIP_UNSUPPORTED', `compression method ${entry.method} is not supported`);
    }
    this.budget.charge(entry.uncompressedSize);
    return this.data.subarray(start, end);
  }

  /** The decompressed bytes of one entry. */
  read(entry: ZipEntry): Uint8Array {
    const raw = this.compressed(entry);
    return entry.method === 0 ? raw : inflateWhole(raw, entry.uncompressedSize);
  }

  /**
   * Opens an entry for reading from its start, for callers that may not need all of it: a large
   * deflated entry inflates only as far as asked, on the libuv thread pool, so the main thread can
   * parse other entries meanwhile.
   */
  open(entry: ZipEntry): EntryReader {
    const raw = this.compressed(entry);
    if (entry.method === 0) return new WholeEntry(raw);
    // Below this size a thread-pool round trip costs more than inflating on the spot.
    if (entry.uncompressedSize <= SYNC_MAX_BYTES) {
      return new WholeEntry(inflateWhole(raw, entry.uncompressedSize));
    }
    return new InflatingEntry(raw, entry.uncompressedSize);
  }
}

/** An entry read from its start; `ensure` resolves once at least `length` bytes are available. */
export interface EntryReader {
  /** The decompressed size the central directory declares. */
  readonly size: number;
  /**
   * Every byte available so far, at least `length` of them (`length` must not exceed `size`).
   * `expected` (at least `length`) tells how far the caller expects to read in the end, so a
   * compressed entry can inflate that far in one step instead of in several.
   */
  ensure(length: number, expected?: number): Promise<Uint8Array>;
  /** Stops inflating. */
  close(): void;
}

class WholeEntry implements EntryReader {
  constructor(private readonly bytes: Uint8Array) {}

  get size(): number {
    return this.bytes.byteLength;
  }

  ensure(): Promise<Uint8Array> {
    return Promise.resolve(this.bytes);
  }

  close(): void {}
}

function invalidStream(error: unknown): ArchiveError {
  const code = (error as { code?: string }).code;
  return new ArchiveError(
    'ERR_ZIP_CORRUPT',
    `an entry's deflate stream is invalid (${code ?? 'zlib error'})`,
  );
}

function sizeMismatch(inflated: number, declared: number): ArchiveError {
  return new ArchiveError(
    'ERR_ZIP_CORRUPT',
    `an entry inflated to ${inflated} bytes, its directory record declares ${declared}`,
  );
}

function overDeclared(): ArchiveError {
  return new ArchiveError('ERR_ZIP_BOMB', 'an entry inflates past the size its directory record declares');
}

function inflateWhole(raw: Uint8Array, size: number): Uint8Array {
  let out: Buffer;
  try {
    // maxOutputLength makes zlib stop at the declared size even if the stream claims more; one
    // output chunk of the declared size avoids zlib's default 16 KiB chunks being joined afterwards.
    out = inflateRawSync(raw, {
      maxOutputLength: Math.max(1, size),
      chunkSize: Math.min(Math.max(64, size), MAX_INFLATE_CHUNK),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw overDeclared();
    throw invalidStream(error);
  }
  if (out.byteLength !== size) throw sizeMismatch(out.byteLength, size);
  return out;
}

const EMPTY = Buffer.alloc(0);

/**
 * A large deflated entry, inflated from its start only as far as a reader asks. Each inflation is one
 * step that zlib writes straight into a buffer of the length asked for (never past the declared
 * size), so no chunk is copied and no buffer outlives the scan: short prefixes are inflated on the
 * spot from a leading part of the compressed bytes, longer ones in one step on the thread pool. A
 * request beyond what has been inflated starts over from the first byte, for the rest of the entry.
 */
class InflatingEntry implements EntryReader {
  /** The leading bytes inflated so far. */
  private bytes: Buffer = EMPTY;
  private running: Promise<void> | undefined;
  /** Thread-pool steps started, each from the first byte. */
  private steps = 0;
  private inflater: InflateRaw | undefined;
  private closed = false;

  constructor(
    private readonly raw: Uint8Array,
    readonly size: number,
  ) {}

  async ensure(length: number, expected = length): Promise<Uint8Array> {
    // `length` never exceeds the declared size, which is all a stream that ends correctly yields.
    while (this.bytes.byteLength < Math.min(length, this.size)) {
      if (this.closed) throw new ArchiveError('ERR_ZIP_CORRUPT', 'an entry was read after it was closed');
      if (this.running !== undefined) {
        await this.running;
        continue;
      }
      // A reader that outran the step its own estimate sized gets the rest of the entry, not a third try.
      const target = this.steps > 0 ? this.size : Math.min(this.size, Math.max(length, expected));
      if (target <= SYNC_MAX_BYTES) {
        this.bytes = this.inflatePrefix(target);
      } else {
        this.steps++;
        this.running = this.inflateStep(target).finally(() => {
          this.running = undefined;
        });
      }
    }
    return this.bytes;
  }

  close(): void {
    this.closed = true;
    this.inflater?.destroy();
    this.bytes = EMPTY;
  }

  /**
   * At least `length` leading bytes, inflated on the main thread from a leading part of the compressed
   * bytes (sized from the entry's overall ratio, doubled while it falls short), so a caller that only
   * needs a header and some tables does not wait for a thread-pool round trip.
   */
  private inflatePrefix(length: number): Buffer {
    const ratio = this.raw.byteLength / Math.max(1, this.size);
    let input = Math.min(this.raw.byteLength, Math.ceil(length * ratio * 1.2) + 1024);
    for (;;) {
      let out: Buffer;
      try {
        out = inflateRawSync(this.raw.subarray(0, input), {
          // A cut stream is expected here: the sync flush returns what the part given inflates to.
          finishFlush: input < this.raw.byteLength ? constants.Z_SYNC_FLUSH : constants.Z_FINISH,
          maxOutputLength: this.size,
          chunkSize: Math.min(MAX_INFLATE_CHUNK, Math.max(64, length * 2)),
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw overDeclared();
        throw invalidStream(error);
      }
      if (out.byteLength >= length) return out;
      if (input === this.raw.byteLength) throw sizeMismatch(out.byteLength, this.size);
      input = Math.min(this.raw.byteLength, input * 2);
    }
  }

  /**
   * Inflates the first `target` bytes on the thread pool in one step: zlib stops when its output
   * buffer of `target` bytes is full and the stream is destroyed before it asks for another. The whole
   * entry gets one spare byte, so a stream running past the declared size is caught.
   */
  private inflateStep(target: number): Promise<void> {
    const whole = target >= this.size;
    return new Promise<void>((resolve, reject) => {
      let first: Buffer | undefined;
      const inflater = createInflateRaw({ chunkSize: whole ? this.size + 1 : target });
      this.inflater = inflater;
      const fail = (error: ArchiveError): void => {
        inflater.destroy();
        reject(error);
      };
      inflater.on('data', (chunk: Buffer) => {
        if (first !== undefined || chunk.byteLength > this.size) {
          fail(overDeclared());
          return;
        }
        first = chunk;
        if (!whole && chunk.byteLength === target) {
          inflater.destroy();
          this.bytes = chunk;
          resolve();
        }
      });
      // Reached only when the stream ended within the output buffer, i.e. no later than `target`.
      inflater.on('end', () => {
        const inflated = first?.byteLength ?? 0;
        if (inflated !== this.size) {
          reject(sizeMismatch(inflated, this.size));
          return;
        }
        this.bytes = first ?? EMPTY;
        resolve();
      });
      inflater.on('error', (error) => fail(invalidStream(error)));
      // Settles a step that `close` cut short (a no-op once it has settled).
      inflater.on('close', () =>
        reject(new ArchiveError('ERR_ZIP_CORRUPT', 'an entry was closed while it inflated')),
      );
      inflater.end(this.raw);
    });
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
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
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
    const name = decodeName(text, at + 46, at + 46 + nameLength);
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

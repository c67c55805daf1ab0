import { createInflateRaw, type InflateRaw, inflateRawSync } from 'node:zlib';
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
/** Entries up to this size are inflated at once by `open`; larger ones stream on the thread pool. */
const STREAM_MIN_BYTES = 512 * 1024;
/** Output step of a streamed entry: how far inflation may run past what a reader asked for. */
const STREAM_CHUNK_BYTES = 512 * 1024;

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
   * deflated entry inflates on the libuv thread pool as it is read and stops when the reader is
   * closed, so the main thread can parse what has arrived (or other entries) meanwhile.
   */
  open(entry: ZipEntry): EntryReader {
    const raw = this.compressed(entry);
    if (entry.method === 0) return new WholeEntry(raw);
    // Below this size a thread-pool round trip costs more than inflating on the spot.
    if (entry.uncompressedSize <= STREAM_MIN_BYTES) {
      return new WholeEntry(inflateWhole(raw, entry.uncompressedSize));
    }
    return new InflatingEntry(raw, entry.uncompressedSize);
  }
}

/** An entry read from its start; `ensure` resolves once at least `length` bytes are available. */
export interface EntryReader {
  /** The decompressed size the central directory declares. */
  readonly size: number;
  /** Every byte available so far, at least `length` of them (`length` must not exceed `size`). */
  ensure(length: number): Promise<Uint8Array>;
  /** Stops inflating. The bytes handed out must not be used afterwards: their buffer is reused. */
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

/**
 * Buffers that streamed entries inflated into, kept for the next entry or scan. A target lives across
 * several event-loop turns, so a fresh one per entry is promoted to the old generation and costs a
 * major GC per scan; reuse avoids that. Weak references let a major GC still reclaim idle ones.
 */
const spareTargets: WeakRef<Buffer>[] = [];
const MAX_SPARE_TARGETS = 4;
const MAX_SPARE_BYTES = 64 * 1024 * 1024;

function takeTarget(size: number): Buffer {
  for (let i = 0; i < spareTargets.length; i++) {
    const spare = spareTargets[i]?.deref();
    if (spare === undefined || spare.byteLength >= size) {
      spareTargets.splice(i--, 1);
      if (spare !== undefined) return spare;
    }
  }
  // Only the first `have` bytes are ever handed out, so the rest need not be zeroed.
  return Buffer.allocUnsafe(size);
}

function giveTarget(buffer: Buffer): void {
  // A rare huge target is left to the GC rather than kept waiting for its like.
  if (spareTargets.length < MAX_SPARE_TARGETS && buffer.byteLength <= MAX_SPARE_BYTES) {
    spareTargets.push(new WeakRef(buffer));
  }
}

/**
 * Inflates on the thread pool into one buffer of the declared size, in STREAM_CHUNK_BYTES steps, so
 * a reader waiting for a prefix is woken as soon as the prefix exists and closing stops the work.
 */
class InflatingEntry implements EntryReader {
  private readonly target: Buffer;
  private readonly inflater: InflateRaw;
  /** Bytes copied into `target`, ready to hand out. */
  private have = 0;
  /** Bytes received from zlib, copied or not. */
  private received = 0;
  /** Chunks received but not copied yet. */
  private arrived: Buffer[] = [];
  private settling = false;
  private ended = false;
  private closed = false;
  private failure: ArchiveError | undefined;
  private waiting: {
    length: number;
    resolve: (bytes: Uint8Array) => void;
    reject: (error: Error) => void;
  }[] = [];

  constructor(
    raw: Uint8Array,
    readonly size: number,
  ) {
    this.target = takeTarget(size);
    this.inflater = createInflateRaw({ chunkSize: STREAM_CHUNK_BYTES });
    this.inflater.on('data', (chunk: Buffer) => this.arrive(chunk));
    this.inflater.on('end', () => {
      this.ended = true;
      this.schedule();
    });
    this.inflater.on('error', (error) => this.fail(invalidStream(error)));
    this.inflater.end(raw);
  }

  ensure(length: number): Promise<Uint8Array> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.have >= length) return Promise.resolve(this.target.subarray(0, this.have));
    return new Promise((resolve, reject) => {
      this.waiting.push({ length, resolve, reject });
      this.schedule();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.inflater.destroy();
    this.arrived = [];
    giveTarget(this.target);
  }

  /**
   * zlib emits a chunk before it queues the next step of inflation, so the copy and whatever the
   * reader does with the bytes are put off to a microtask and overlap with that step.
   */
  private arrive(chunk: Buffer): void {
    if (this.failure !== undefined) return;
    this.received += chunk.byteLength;
    if (this.received > this.size) {
      this.fail(overDeclared());
      return;
    }
    // zlib never writes again into the part of its buffer a chunk it emitted covers.
    this.arrived.push(chunk);
    this.schedule();
  }

  private schedule(): void {
    if (this.settling) return;
    this.settling = true;
    queueMicrotask(() => this.settle());
  }

  private settle(): void {
    this.settling = false;
    if (this.closed || this.failure !== undefined) return;
    for (const chunk of this.arrived) {
      chunk.copy(this.target, this.have);
      this.have += chunk.byteLength;
    }
    this.arrived = [];
    if (this.ended && this.have !== this.size) {
      this.fail(sizeMismatch(this.have, this.size));
      return;
    }
    const still: typeof this.waiting = [];
    for (const waiter of this.waiting) {
      if (this.have >= waiter.length) waiter.resolve(this.target.subarray(0, this.have));
      else still.push(waiter);
    }
    this.waiting = still;
  }

  private fail(error: ArchiveError): void {
    this.failure ??= error;
    this.inflater.destroy();
    for (const waiter of this.waiting) waiter.reject(this.failure);
    this.waiting = [];
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

import type { EntryReader } from '../archive/zip.js';
import { DexError } from '../errors.js';
import type { ScanLimits } from '../limits.js';

const HEADER_SIZE = 0x70;
const ENDIAN_CONSTANT = 0x12345678;
const CLASS_DEF_SIZE = 32;
const NO_INDEX = 0xffffffff;

/** What one dex file defines, in the order of its class_defs table. */
export interface DexClasses {
  readonly version: string;
  /** Type descriptors of defined classes, e.g. `Lcom/umeng/analytics/MobclickAgent;`. */
  readonly descriptors: readonly string[];
  readonly stringCount: number;
  readonly typeCount: number;
}

interface Table {
  readonly count: number;
  readonly offset: number;
  readonly end: number;
}

function checkedTable(
  view: DataView,
  size: number,
  countAt: number,
  offsetAt: number,
  itemSize: number,
  table: string,
): Table {
  const count = view.getUint32(countAt, true);
  const offset = view.getUint32(offsetAt, true);
  if (count === 0) return { count, offset, end: 0 };
  if (offset < HEADER_SIZE || offset + count * itemSize > size) {
    throw new DexError(
      'ERR_DEX_CORRUPT',
      `${table} (${count} items at offset ${offset}) lies outside the ${size}-byte file`,
    );
  }
  return { count, offset, end: offset + count * itemSize };
}

/**
 * Decodes the MUTF-8 string at `at` (after its uleb128 length) whose NUL must come before `limit`.
 * ASCII, which is nearly every class name, takes the fast path; the rest is decoded as modified
 * UTF-8 code units.
 */
function readMutf8(bytes: Buffer, at: number, limit: number): string {
  let end = at;
  let ascii = true;
  while (end < limit && bytes[end] !== 0) {
    if ((bytes[end] as number) >= 0x80) ascii = false;
    end++;
  }
  if (end >= limit) {
    throw new DexError('ERR_DEX_CORRUPT', `string data at offset ${at} is not terminated within its length`);
  }
  if (ascii) return bytes.toString('latin1', at, end);
  const units: number[] = [];
  let i = at;
  while (i < end) {
    const a = bytes[i++] as number;
    if (a < 0x80) {
      units.push(a);
    } else if ((a & 0xe0) === 0xc0 && i < end) {
      units.push(((a & 0x1f) << 6) | ((bytes[i++] as number) & 0x3f));
    } else if ((a & 0xf0) === 0xe0 && i + 1 < end) {
      const b = bytes[i++] as number;
      const c = bytes[i++] as number;
      units.push(((a & 0x0f) << 12) | ((b & 0x3f) << 6) | (c & 0x3f));
    } else {
      throw new DexError('ERR_DEX_CORRUPT', `string data at offset ${at} is not valid MUTF-8`);
    }
  }
  let out = '';
  for (let k = 0; k < units.length; k += 8192) out += String.fromCharCode(...units.slice(k, k + 8192));
  return out;
}

/**
 * Where a string's characters start and the offset its NUL must precede: MUTF-8 spends at most three
 * bytes on each of the UTF-16 units the uleb128 length counts, so a string cannot run further.
 */
function stringExtent(bytes: Uint8Array, at: number, size: number): { start: number; limit: number } {
  let units = 0;
  let i = at;
  for (let shift = 0; shift < 35; shift += 7) {
    if (i >= bytes.byteLength) break;
    const byte = bytes[i++] as number;
    units += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { start: i, limit: Math.min(size, i + units * 3 + 1) };
  }
  throw new DexError('ERR_DEX_CORRUPT', `the length of the string at offset ${at} is truncated or too long`);
}

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Lists the classes a dex file of `size` bytes defines: header -> class_defs -> type_ids ->
 * string_ids -> string data. It yields how many leading bytes of the file it needs next and is sent
 * every byte available, at least that many, so a caller can feed it while the file is still
 * inflating: the tables come first, then the string data up to the end of the last class name, and
 * nothing after it (the method names and other strings sorted after class names, class data,
 * annotations) is waited for. Only strings that class_defs reach are decoded, so a huge string
 * table costs its bounds check and nothing more.
 */
export function* dexClassesReader(
  size: number,
  limits: Pick<ScanLimits, 'maxDexStrings' | 'maxDexClasses'>,
): Generator<number, DexClasses, Uint8Array> {
  if (size < HEADER_SIZE) {
    throw new DexError('ERR_DEX_CORRUPT', `a dex file of ${size} bytes is shorter than its header`);
  }
  let bytes = yield HEADER_SIZE;
  if (bytes[0] !== 0x64 || bytes[1] !== 0x65 || bytes[2] !== 0x78 || bytes[3] !== 0x0a || bytes[7] !== 0) {
    throw new DexError('ERR_DEX_CORRUPT', 'the dex magic is missing');
  }
  let header = view(bytes);
  if (header.getUint32(40, true) !== ENDIAN_CONSTANT) {
    throw new DexError('ERR_DEX_CORRUPT', 'the dex endian tag is not the little-endian constant');
  }
  const version = String.fromCharCode(bytes[4] as number, bytes[5] as number, bytes[6] as number);
  const fileSize = header.getUint32(32, true);
  if (fileSize > size) {
    throw new DexError('ERR_DEX_CORRUPT', `the dex header declares ${fileSize} bytes but only ${size} exist`);
  }
  const strings = checkedTable(header, size, 56, 60, 4, 'string_ids');
  if (strings.count > limits.maxDexStrings) {
    throw new DexError(
      'ERR_DEX_LIMIT',
      `string_ids has ${strings.count} items, over the limit of ${limits.maxDexStrings}`,
    );
  }
  const types = checkedTable(header, size, 64, 68, 4, 'type_ids');
  const classes = checkedTable(header, size, 96, 100, CLASS_DEF_SIZE, 'class_defs');
  if (classes.count > limits.maxDexClasses) {
    throw new DexError(
      'ERR_DEX_LIMIT',
      `class_defs has ${classes.count} items, over the limit of ${limits.maxDexClasses}`,
    );
  }
  bytes = yield Math.max(HEADER_SIZE, strings.end, types.end, classes.end);
  header = view(bytes);
  const offsets = new Uint32Array(classes.count);
  let lastOffset = 0;
  for (let i = 0; i < classes.count; i++) {
    const typeIndex = header.getUint32(classes.offset + i * CLASS_DEF_SIZE, true);
    if (typeIndex >= types.count) {
      throw new DexError('ERR_DEX_CORRUPT', `class_def ${i} points at type ${typeIndex} of ${types.count}`);
    }
    const stringIndex = header.getUint32(types.offset + typeIndex * 4, true);
    if (stringIndex === NO_INDEX || stringIndex >= strings.count) {
      throw new DexError(
        'ERR_DEX_CORRUPT',
        `type ${typeIndex} points at string ${stringIndex} of ${strings.count}`,
      );
    }
    const dataOffset = header.getUint32(strings.offset + stringIndex * 4, true);
    if (dataOffset >= size) {
      throw new DexError('ERR_DEX_CORRUPT', `string ${stringIndex} lies outside the file`);
    }
    offsets[i] = dataOffset;
    if (dataOffset > lastOffset) lastOffset = dataOffset;
  }
  // Every length prefix lies within five bytes of its offset, and each length bounds its characters.
  // Decoding waits for all of them and then runs in one go: strings built across several event-loop
  // turns would outlive young-generation collections and cost a major GC every few scans.
  bytes = yield Math.min(size, lastOffset + 5);
  const starts = new Uint32Array(classes.count);
  const ends = new Float64Array(classes.count);
  let needed = 0;
  for (let i = 0; i < classes.count; i++) {
    const { start, limit } = stringExtent(bytes, offsets[i] as number, size);
    starts[i] = start;
    ends[i] = limit;
    if (limit > needed) needed = limit;
  }
  bytes = yield needed;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const descriptors: string[] = new Array(classes.count);
  for (let i = 0; i < classes.count; i++) {
    descriptors[i] = readMutf8(text, starts[i] as number, ends[i] as number);
  }
  return { version, descriptors, stringCount: strings.count, typeCount: types.count };
}

/** Lists the classes of a dex file held whole in memory (see `dexClassesReader`). */
export function readDexClasses(
  bytes: Uint8Array,
  limits: Pick<ScanLimits, 'maxDexStrings' | 'maxDexClasses'>,
): DexClasses {
  const reader = dexClassesReader(bytes.byteLength, limits);
  let step = reader.next();
  while (step.done !== true) step = reader.next(bytes);
  return step.value;
}

/** Lists the classes of a dex entry as it inflates, then stops the inflation. */
export async function readDexEntry(
  entry: EntryReader,
  limits: Pick<ScanLimits, 'maxDexStrings' | 'maxDexClasses'>,
): Promise<DexClasses> {
  try {
    const reader = dexClassesReader(entry.size, limits);
    let step = reader.next();
    while (step.done !== true) step = reader.next(await entry.ensure(step.value));
    return step.value;
  } finally {
    entry.close();
  }
}

/** `Lcom/foo/Bar$Inner;` -> `com.foo.Bar$Inner`; anything that is not a class descriptor comes back unchanged. */
export function descriptorToClassName(descriptor: string): string {
  if (descriptor.length < 3 || descriptor[0] !== 'L' || !descriptor.endsWith(';')) return descriptor;
  return descriptor.slice(1, -1).replaceAll('/', '.');
}

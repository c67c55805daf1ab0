import { isAscii } from 'node:buffer';
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

/** Decodes the MUTF-8 string in `bytes[at, end)` (its NUL is at `end`); ASCII, nearly every class name, comes first. */
function readMutf8(bytes: Buffer, at: number, end: number, ascii: boolean): string {
  if (ascii || isAscii(bytes.subarray(at, end))) return bytes.toString('latin1', at, end);
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
 * Reads the uleb128 length of the string at `at` into `starts`/`units`/`limits[index]`: where its
 * characters start, how many UTF-16 units it holds, and the offset its NUL must precede (MUTF-8
 * spends one to three bytes on each unit, so a string cannot run further).
 */
function readStringLength(
  bytes: Uint8Array,
  at: number,
  size: number,
  index: number,
  extents: StringExtents,
): void {
  let units = 0;
  let i = at;
  for (let shift = 0; shift < 35; shift += 7) {
    if (i >= bytes.byteLength) break;
    const byte = bytes[i++] as number;
    units += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) {
      extents.starts[index] = i;
      extents.units[index] = units;
      extents.limits[index] = Math.min(size, i + units * 3 + 1);
      return;
    }
  }
  throw new DexError('ERR_DEX_CORRUPT', `the length of the string at offset ${at} is truncated or too long`);
}

interface StringExtents {
  readonly starts: Float64Array;
  readonly units: Float64Array;
  readonly limits: Float64Array;
}

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * How far the class names probably run: to where the string after the last type descriptor begins.
 * Class names are type descriptors, and d8 and dx lay string data out in string_ids order, so this
 * is a tight guess; a dex laid out otherwise costs a second pass, never a wrong answer.
 */
function classNamesEndGuess(header: DataView, strings: Table, types: Table, size: number): number {
  let lastString = -1;
  for (let i = 0; i < types.count; i++) {
    const index = header.getUint32(types.offset + i * 4, true);
    if (index < strings.count && index > lastString) lastString = index;
  }
  if (lastString < 0 || lastString + 1 >= strings.count) return size;
  return Math.min(size, header.getUint32(strings.offset + (lastString + 1) * 4, true) + 1);
}

/** What `dexClassesReader` asks for next: at least `length` leading bytes, `expected` of them likely in the end. */
export interface DexRead {
  readonly length: number;
  readonly expected: number;
}

/**
 * Lists the classes a dex file of `size` bytes defines: header -> string_ids and type_ids ->
 * class_defs -> string data. It yields how many leading bytes of the file it needs next (and how far
 * it expects to read in the end) and is sent every byte available, at least that many, so a caller
 * can feed it while the file is still inflating: the tables come first, then the string data up to
 * the NUL of the last class name, and nothing after it (the method names and other strings sorted
 * after class names, class data, annotations) is asked for. Only strings that class_defs reach are
 * decoded, so a huge string table costs its bounds check and nothing more.
 */
export function* dexClassesReader(
  size: number,
  limits: Pick<ScanLimits, 'maxDexStrings' | 'maxDexClasses'>,
): Generator<DexRead, DexClasses, Uint8Array> {
  if (size < HEADER_SIZE) {
    throw new DexError('ERR_DEX_CORRUPT', `a dex file of ${size} bytes is shorter than its header`);
  }
  let bytes = yield { length: HEADER_SIZE, expected: HEADER_SIZE };
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
  // string_ids and type_ids come before the larger method_ids, so the guess needs only a short prefix.
  const idsEnd = Math.max(HEADER_SIZE, strings.end, types.end);
  bytes = yield { length: idsEnd, expected: idsEnd };
  const guess = Math.max(classes.end, classNamesEndGuess(view(bytes), strings, types, size));
  bytes = yield { length: Math.max(idsEnd, classes.end), expected: guess };
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
  // Every length prefix lies within five bytes of its offset. Decoding waits for every name and then
  // runs in one go: strings built across several event-loop turns would outlive young-generation
  // collections and cost a major GC every few scans.
  bytes = yield { length: Math.min(size, lastOffset + 5), expected: guess };
  const extents: StringExtents = {
    starts: new Float64Array(classes.count),
    units: new Float64Array(classes.count),
    limits: new Float64Array(classes.count),
  };
  // A name of n units takes at least n bytes before its NUL; ASCII names take exactly that.
  let needed = 0;
  for (let i = 0; i < classes.count; i++) {
    readStringLength(bytes, offsets[i] as number, size, i, extents);
    needed = Math.max(
      needed,
      Math.min(size, (extents.starts[i] as number) + (extents.units[i] as number) + 1),
    );
  }
  const ends = new Float64Array(classes.count);
  for (;;) {
    bytes = yield { length: needed, expected: Math.max(needed, guess) };
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    needed = 0;
    for (let i = 0; i < classes.count; i++) {
      const start = extents.starts[i] as number;
      const limit = extents.limits[i] as number;
      const stop = Math.min(limit, text.byteLength);
      let end = start;
      while (end < stop && text[end] !== 0) end++;
      if (end < stop) {
        ends[i] = end;
      } else if (stop < limit) {
        // Multi-byte characters push this NUL past the bytes at hand.
        needed = Math.max(needed, limit);
      } else {
        throw new DexError(
          'ERR_DEX_CORRUPT',
          `string data at offset ${start} is not terminated within its length`,
        );
      }
    }
    if (needed === 0) break;
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // One check over the span of all the names spares a check per name when they are all ASCII.
  let first = size;
  let last = 0;
  for (let i = 0; i < classes.count; i++) {
    first = Math.min(first, extents.starts[i] as number);
    last = Math.max(last, ends[i] as number);
  }
  const allAscii = classes.count === 0 || isAscii(text.subarray(first, last));
  const descriptors: string[] = new Array(classes.count);
  for (let i = 0; i < classes.count; i++) {
    descriptors[i] = readMutf8(text, extents.starts[i] as number, ends[i] as number, allAscii);
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
    while (step.done !== true) {
      step = reader.next(await entry.ensure(step.value.length, step.value.expected));
    }
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

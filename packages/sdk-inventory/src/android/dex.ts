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

function checkedTable(
  view: DataView,
  countAt: number,
  offsetAt: number,
  itemSize: number,
  table: string,
): { count: number; offset: number } {
  const count = view.getUint32(countAt, true);
  const offset = view.getUint32(offsetAt, true);
  if (count === 0) return { count, offset };
  if (offset < HEADER_SIZE || offset + count * itemSize > view.byteLength) {
    throw new DexError(
      'ERR_DEX_CORRUPT',
      `${table} (${count} items at offset ${offset}) lies outside the ${view.byteLength}-byte file`,
    );
  }
  return { count, offset };
}

/**
 * Decodes a MUTF-8 string starting at `at` (after its uleb128 length). ASCII, which is nearly every
 * class name, takes the fast path; the rest is decoded as modified UTF-8 code units.
 */
function readMutf8(bytes: Buffer, at: number): string {
  let end = at;
  let ascii = true;
  while (end < bytes.length && bytes[end] !== 0) {
    if ((bytes[end] as number) >= 0x80) ascii = false;
    end++;
  }
  if (end >= bytes.length)
    throw new DexError('ERR_DEX_CORRUPT', `string data at offset ${at} is not terminated`);
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

function skipUleb128(bytes: Uint8Array, at: number): number {
  for (let i = 0; i < 5; i++) {
    if (at >= bytes.length) break;
    if (((bytes[at++] as number) & 0x80) === 0) return at;
  }
  throw new DexError('ERR_DEX_CORRUPT', 'a string length (uleb128) is truncated or too long');
}

/**
 * Lists the classes a dex file defines: header -> class_defs -> type_ids -> string_ids -> string
 * data. Only the strings class_defs reach are decoded, so a huge string table costs its bounds check
 * and nothing more.
 */
export function readDexClasses(
  bytes: Uint8Array,
  limits: Pick<ScanLimits, 'maxDexStrings' | 'maxDexClasses'>,
): DexClasses {
  if (bytes.byteLength < HEADER_SIZE) {
    throw new DexError(
      'ERR_DEX_CORRUPT',
      `a dex file of ${bytes.byteLength} bytes is shorter than its header`,
    );
  }
  if (bytes[0] !== 0x64 || bytes[1] !== 0x65 || bytes[2] !== 0x78 || bytes[3] !== 0x0a || bytes[7] !== 0) {
    throw new DexError('ERR_DEX_CORRUPT', 'the dex magic is missing');
  }
  // One Buffer view over the file, so each string is sliced without allocating a view of its own.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = buffer.toString('latin1', 4, 7);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(40, true) !== ENDIAN_CONSTANT) {
    throw new DexError('ERR_DEX_CORRUPT', 'the dex endian tag is not the little-endian constant');
  }
  const fileSize = view.getUint32(32, true);
  if (fileSize > bytes.byteLength) {
    throw new DexError(
      'ERR_DEX_CORRUPT',
      `the dex header declares ${fileSize} bytes but only ${bytes.byteLength} exist`,
    );
  }
  const strings = checkedTable(view, 56, 60, 4, 'string_ids');
  if (strings.count > limits.maxDexStrings) {
    throw new DexError(
      'ERR_DEX_LIMIT',
      `string_ids has ${strings.count} items, over the limit of ${limits.maxDexStrings}`,
    );
  }
  const types = checkedTable(view, 64, 68, 4, 'type_ids');
  const classes = checkedTable(view, 96, 100, CLASS_DEF_SIZE, 'class_defs');
  if (classes.count > limits.maxDexClasses) {
    throw new DexError(
      'ERR_DEX_LIMIT',
      `class_defs has ${classes.count} items, over the limit of ${limits.maxDexClasses}`,
    );
  }
  const descriptors: string[] = new Array(classes.count);
  for (let i = 0; i < classes.count; i++) {
    const typeIndex = view.getUint32(classes.offset + i * CLASS_DEF_SIZE, true);
    if (typeIndex >= types.count) {
      throw new DexError('ERR_DEX_CORRUPT', `class_def ${i} points at type ${typeIndex} of ${types.count}`);
    }
    const stringIndex = view.getUint32(types.offset + typeIndex * 4, true);
    if (stringIndex === NO_INDEX || stringIndex >= strings.count) {
      throw new DexError(
        'ERR_DEX_CORRUPT',
        `type ${typeIndex} points at string ${stringIndex} of ${strings.count}`,
      );
    }
    const dataOffset = view.getUint32(strings.offset + stringIndex * 4, true);
    if (dataOffset >= bytes.byteLength) {
      throw new DexError('ERR_DEX_CORRUPT', `string ${stringIndex} lies outside the file`);
    }
    descriptors[i] = readMutf8(buffer, skipUleb128(bytes, dataOffset));
  }
  return { version, descriptors, stringCount: strings.count, typeCount: types.count };
}

/** `Lcom/foo/Bar$Inner;` -> `com.foo.Bar$Inner`; anything that is not a class descriptor comes back unchanged. */
export function descriptorToClassName(descriptor: string): string {
  if (descriptor.length < 3 || descriptor[0] !== 'L' || !descriptor.endsWith(';')) return descriptor;
  return descriptor.slice(1, -1).replaceAll('/', '.');
}

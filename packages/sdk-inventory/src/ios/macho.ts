import { MachOError } from '../errors.js';

const FAT_MAGIC = 0xcafebabe;
const MH_MAGIC_64 = 0xfeedfacf;
const CPU_TYPE_ARM64 = 0x0100000c;
const LC_SEGMENT_64 = 0x19;
const LC_ENCRYPTION_INFO_64 = 0x2c;
const MAX_LOAD_COMMANDS = 10_000;

export interface ObjcClassNames {
  /** Class names from `__TEXT,__objc_classname`, in section order. */
  readonly names: string[];
  /** True when LC_ENCRYPTION_INFO_64 says the text is encrypted (App Store build): names are unreadable. */
  readonly encrypted: boolean;
}

const fail = (message: string): never => {
  throw new MachOError('ERR_MACHO_CORRUPT', `Mach-O: ${message}`);
};

/** The 64-bit slice to read: the file itself, or the arm64 (else first 64-bit) slice of a fat binary. */
function thinSlice(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, false) !== FAT_MAGIC) return bytes;
  const count = view.getUint32(4, false);
  if (8 + count * 20 > bytes.byteLength) fail('the fat header runs past the file');
  let chosen: Uint8Array | undefined;
  for (let i = 0; i < count; i++) {
    const at = 8 + i * 20;
    const cpu = view.getUint32(at, false);
    const offset = view.getUint32(at + 8, false);
    const size = view.getUint32(at + 12, false);
    if (offset + size > bytes.byteLength) fail(`fat slice ${i} runs past the file`);
    const slice = bytes.subarray(offset, offset + size);
    if (cpu === CPU_TYPE_ARM64) return slice;
    chosen ??= slice;
  }
  return chosen ?? fail('the fat binary has no slices');
}

/**
 * Reads Objective-C class names from a Mach-O executable or framework binary (thin or fat, 64-bit):
 * load commands → LC_SEGMENT_64 sections → `__objc_classname`. Other formats yield no names.
 */
export function readObjcClassNames(bytes: Uint8Array): ObjcClassNames {
  const slice = thinSlice(bytes);
  const view = new DataView(slice.buffer, slice.byteOffset, slice.byteLength);
  if (slice.byteLength < 32 || view.getUint32(0, true) !== MH_MAGIC_64)
    return { names: [], encrypted: false };
  const commands = view.getUint32(16, true);
  if (commands > MAX_LOAD_COMMANDS) fail(`${commands} load commands are more than ${MAX_LOAD_COMMANDS}`);
  let at = 32;
  let encrypted = false;
  const names: string[] = [];
  for (let i = 0; i < commands; i++) {
    if (at + 8 > slice.byteLength) fail(`load command ${i} runs past the file`);
    const cmd = view.getUint32(at, true);
    const size = view.getUint32(at + 4, true);
    if (size < 8 || at + size > slice.byteLength) fail(`load command ${i} has an impossible size`);
    if (cmd === LC_ENCRYPTION_INFO_64 && size >= 20) encrypted ||= view.getUint32(at + 16, true) !== 0;
    if (cmd === LC_SEGMENT_64 && size >= 72) {
      const sections = view.getUint32(at + 64, true);
      if (72 + sections * 80 > size) fail(`segment ${i} declares more sections than fit`);
      for (let s = 0; s < sections; s++) {
        const section = at + 72 + s * 80;
        const name = Buffer.from(slice.subarray(section, section + 16))
          .toString('latin1')
          .replace(/\0+$/, '');
        if (name !== '__objc_classname') continue;
        const sectionSize = Number(view.getBigUint64(section + 40, true));
        const offset = view.getUint32(section + 48, true);
        if (offset + sectionSize > slice.byteLength) fail('__objc_classname runs past the file');
        const text = Buffer.from(slice.subarray(offset, offset + sectionSize)).toString('latin1');
        for (const className of text.split('\0')) if (className.length > 0) names.push(className);
      }
    }
    at += size;
  }
  return { names, encrypted };
}

// Builds XML and binary (bplist00) property lists and IPA archives for tests.
import { buildZip, type ZipSpecEntry } from './fixtures.js';

export type PlistInput = string | number | boolean | PlistInput[] | { [key: string]: PlistInput };

const escapeXml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export function xmlPlist(value: PlistInput): Buffer {
  const render = (item: PlistInput): string => {
    if (typeof item === 'string') return `<string>${escapeXml(item)}</string>`;
    if (typeof item === 'number') return `<integer>${item}</integer>`;
    if (typeof item === 'boolean') return item ? '<true/>' : '<false/>';
    if (Array.isArray(item)) return `<array>${item.map(render).join('')}</array>`;
    return `<dict>${Object.entries(item)
      .map(([key, inner]) => `<key>${escapeXml(key)}</key>${render(inner)}`)
      .join('')}</dict>`;
  };
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">${render(value)}</plist>\n`,
  );
}

/** A bplist00 with one-byte object references (fine for fewer than 256 objects). */
export function binaryPlist(value: PlistInput): Buffer {
  const objects: Buffer[] = [];
  const add = (item: PlistInput): number => {
    const index = objects.length;
    objects.push(Buffer.alloc(0));
    const header = (type: number, length: number): Buffer =>
      length < 15 ? Buffer.from([(type << 4) | length]) : Buffer.from([(type << 4) | 0x0f, 0x10, length]);
    if (typeof item === 'string') {
      const ascii = /^[\x20-\x7e]*$/.test(item);
      objects[index] = ascii
        ? Buffer.concat([header(0x5, item.length), Buffer.from(item, 'latin1')])
        : Buffer.concat([header(0x6, item.length), Buffer.from(item, 'utf16le').swap16()]);
    } else if (typeof item === 'number') {
      objects[index] = Buffer.from([0x11, (item >> 8) & 0xff, item & 0xff]);
    } else if (typeof item === 'boolean') {
      objects[index] = Buffer.from([item ? 0x09 : 0x08]);
    } else if (Array.isArray(item)) {
      const refs = item.map(add);
      objects[index] = Buffer.concat([header(0xa, refs.length), Buffer.from(refs)]);
    } else {
      const entries = Object.entries(item);
      const keys = entries.map(([key]) => add(key));
      const values = entries.map(([, inner]) => add(inner));
      objects[index] = Buffer.concat([header(0xd, entries.length), Buffer.from([...keys, ...values])]);
    }
    return index;
  };
  add(value);
  const head = Buffer.from('bplist00', 'latin1');
  const offsets: number[] = [];
  let at = head.length;
  for (const object of objects) {
    offsets.push(at);
    at += object.length;
  }
  const table = Buffer.alloc(objects.length * 2);
  for (const [i, offset] of offsets.entries()) table.writeUInt16BE(offset, i * 2);
  const trailer = Buffer.alloc(32);
  trailer.writeUInt8(2, 6);
  trailer.writeUInt8(1, 7);
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(0n, 16);
  trailer.writeBigUInt64BE(BigInt(at), 24);
  return Buffer.concat([head, ...objects, table, trailer]);
}

export function buildIpa(spec: {
  infoPlist: Buffer;
  frameworks: string[];
  privacyManifests?: Record<string, Buffer>;
  executable?: Buffer;
}): Buffer {
  const app = 'Payload/IDPhoto.app';
  const entries: ZipSpecEntry[] = [
    { name: `${app}/Info.plist`, data: spec.infoPlist },
    { name: `${app}/IDPhoto`, data: spec.executable ?? Buffer.from([0xcf, 0xfa, 0xed, 0xfe]) },
    ...spec.frameworks.map((name) => ({
      name: `${app}/Frameworks/${name}.framework/${name}`,
      data: Buffer.alloc(16),
    })),
    ...Object.entries(spec.privacyManifests ?? {}).map(([path, data]) => ({ name: `${app}/${path}`, data })),
  ];
  return buildZip(entries);
}

/** A 64-bit arm64 Mach-O with `__TEXT,__objc_classname` holding `classes`, optionally marked encrypted. */
export function machO(
  classes: readonly string[],
  options: { encrypted?: boolean; fat?: boolean } = {},
): Buffer {
  const names = Buffer.from(`${classes.join('\0')}\0`, 'latin1');
  const segmentSize = 72 + 80;
  const encryptionSize = options.encrypted ? 24 : 0;
  const dataOffset = 32 + segmentSize + encryptionSize;
  const header = Buffer.alloc(32);
  header.writeUInt32LE(0xfeedfacf, 0);
  header.writeUInt32LE(0x0100000c, 4);
  header.writeUInt32LE(2, 12);
  header.writeUInt32LE(options.encrypted ? 2 : 1, 16);
  header.writeUInt32LE(segmentSize + encryptionSize, 20);
  const segment = Buffer.alloc(segmentSize);
  segment.writeUInt32LE(0x19, 0);
  segment.writeUInt32LE(segmentSize, 4);
  segment.write('__TEXT', 8, 'latin1');
  segment.writeUInt32LE(1, 64);
  segment.write('__objc_classname', 72, 'latin1');
  segment.write('__TEXT', 88, 'latin1');
  segment.writeBigUInt64LE(BigInt(names.length), 72 + 40);
  segment.writeUInt32LE(dataOffset, 72 + 48);
  const parts = [header, segment];
  if (options.encrypted) {
    const encryption = Buffer.alloc(24);
    encryption.writeUInt32LE(0x2c, 0);
    encryption.writeUInt32LE(24, 4);
    encryption.writeUInt32LE(1, 16);
    parts.push(encryption);
  }
  const thin = Buffer.concat([...parts, names]);
  if (!options.fat) return thin;
  const fat = Buffer.alloc(8 + 2 * 20);
  fat.writeUInt32BE(0xcafebabe, 0);
  fat.writeUInt32BE(2, 4);
  // an x86_64 slice first, then arm64: the reader must pick arm64
  const x86 = Buffer.alloc(64);
  fat.writeUInt32BE(0x01000007, 8);
  fat.writeUInt32BE(48, 16);
  fat.writeUInt32BE(x86.length, 20);
  fat.writeUInt32BE(0x0100000c, 28);
  fat.writeUInt32BE(48 + x86.length, 36);
  fat.writeUInt32BE(thin.length, 40);
  return Buffer.concat([fat, x86, thin]);
}

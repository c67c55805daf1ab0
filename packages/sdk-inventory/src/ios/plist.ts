import { PlistError } from '../errors.js';

export type PlistValue =
  | string
  | number
  | boolean
  | Date
  | Uint8Array
  | PlistValue[]
  | { [key: string]: PlistValue };

const MAX_DEPTH = 64;
const MAX_OBJECTS = 1_000_000;
// Values read in one parse, shared references counted each time (real Info.plists hold a few thousand).
const MAX_VISITS = 200_000;

/** Parses an XML or binary (bplist00) property list. */
export function parsePlist(bytes: Uint8Array): PlistValue {
  if (bytes.byteLength >= 8 && Buffer.from(bytes.subarray(0, 6)).toString('latin1') === 'bplist') {
    return parseBinaryPlist(bytes);
  }
  return parseXmlPlist(Buffer.from(bytes).toString('utf8'));
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return entities[entity] ?? '';
  });
}

interface Token {
  readonly type: 'open' | 'close' | 'empty' | 'text';
  readonly name: string;
  readonly text: string;
}

function* tokenize(xml: string): Generator<Token> {
  let at = 0;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    if (lt === -1) break;
    if (lt > at) yield { type: 'text', name: '', text: xml.slice(at, lt) };
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt);
      if (end === -1) throw new PlistError('ERR_PLIST_CORRUPT', 'an XML comment is not closed');
      at = end + 3;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt === -1) throw new PlistError('ERR_PLIST_CORRUPT', 'an XML tag is not closed');
    const tag = xml.slice(lt + 1, gt);
    at = gt + 1;
    if (tag.startsWith('?') || tag.startsWith('!')) continue;
    const name =
      tag
        .replace(/^\/|\/$/g, '')
        .trim()
        .split(/\s/)[0] ?? '';
    if (tag.startsWith('/')) yield { type: 'close', name, text: '' };
    else if (tag.endsWith('/')) yield { type: 'empty', name, text: '' };
    else yield { type: 'open', name, text: '' };
  }
}

function parseXmlPlist(xml: string): PlistValue {
  const tokens = [...tokenize(xml)];
  let at = 0;
  const next = (): Token => {
    const token = tokens[at++];
    if (token === undefined) throw new PlistError('ERR_PLIST_CORRUPT', 'the XML plist ends early');
    return token;
  };
  const skipBlank = (): void => {
    while (tokens[at]?.type === 'text' && tokens[at]?.text.trim() === '') at++;
  };
  const textUntil = (name: string): string => {
    let text = '';
    for (;;) {
      const token = next();
      if (token.type === 'text') text += token.text;
      else if (token.type === 'close' && token.name === name) return decodeEntities(text);
      else throw new PlistError('ERR_PLIST_CORRUPT', `unexpected <${token.name}> inside <${name}>`);
    }
  };
  const value = (depth: number): PlistValue => {
    if (depth > MAX_DEPTH)
      throw new PlistError('ERR_PLIST_CORRUPT', `the plist nests deeper than ${MAX_DEPTH}`);
    skipBlank();
    const token = next();
    if (token.type === 'empty') {
      if (token.name === 'true') return true;
      if (token.name === 'false') return false;
      if (token.name === 'string') return '';
      if (token.name === 'dict') return {};
      if (token.name === 'array') return [];
      throw new PlistError('ERR_PLIST_CORRUPT', `unexpected empty <${token.name}/>`);
    }
    if (token.type !== 'open') throw new PlistError('ERR_PLIST_CORRUPT', 'expected a plist value');
    switch (token.name) {
      case 'string':
        return textUntil('string');
      case 'integer':
      case 'real':
        return Number(textUntil(token.name).trim());
      case 'date':
        return new Date(textUntil('date').trim());
      case 'data':
        return Buffer.from(textUntil('data').replace(/\s+/g, ''), 'base64');
      case 'true':
      case 'false':
        textUntil(token.name);
        return token.name === 'true';
      case 'array': {
        const items: PlistValue[] = [];
        for (;;) {
          skipBlank();
          if (tokens[at]?.type === 'close' && tokens[at]?.name === 'array') {
            at++;
            return items;
          }
          items.push(value(depth + 1));
        }
      }
      case 'dict': {
        const dict: { [key: string]: PlistValue } = {};
        for (;;) {
          skipBlank();
          const key = next();
          if (key.type === 'close' && key.name === 'dict') return dict;
          if (key.type !== 'open' || key.name !== 'key')
            throw new PlistError('ERR_PLIST_CORRUPT', 'a dict entry has no <key>');
          const name = textUntil('key');
          dict[name] = value(depth + 1);
        }
      }
      case 'plist': {
        const inner = value(depth + 1);
        skipBlank();
        return inner;
      }
      default:
        throw new PlistError('ERR_PLIST_CORRUPT', `unknown plist element <${token.name}>`);
    }
  };
  return value(0);
}

function parseBinaryPlist(bytes: Uint8Array): PlistValue {
  if (bytes.byteLength < 40)
    throw new PlistError('ERR_PLIST_CORRUPT', 'a binary plist is shorter than its trailer');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trailer = bytes.byteLength - 32;
  const offsetSize = view.getUint8(trailer + 6);
  const refSize = view.getUint8(trailer + 7);
  const objectCount = Number(view.getBigUint64(trailer + 8));
  const top = Number(view.getBigUint64(trailer + 16));
  const tableOffset = Number(view.getBigUint64(trailer + 24));
  if (
    offsetSize < 1 ||
    offsetSize > 8 ||
    refSize < 1 ||
    refSize > 8 ||
    objectCount > MAX_OBJECTS ||
    top >= objectCount ||
    tableOffset + objectCount * offsetSize > trailer
  ) {
    throw new PlistError('ERR_PLIST_CORRUPT', 'the binary plist trailer is inconsistent');
  }
  const uint = (at: number, size: number): number => {
    if (at + size > bytes.byteLength)
      throw new PlistError('ERR_PLIST_CORRUPT', 'a binary plist integer runs past the end');
    let result = 0;
    for (let i = 0; i < size; i++) result = result * 256 + (bytes[at + i] as number);
    return result;
  };
  const offsetOf = (ref: number): number => {
    if (ref >= objectCount)
      throw new PlistError('ERR_PLIST_CORRUPT', `object reference ${ref} is out of range`);
    return uint(tableOffset + ref * offsetSize, offsetSize);
  };
  const lengthAt = (at: number, nibble: number): { length: number; start: number } => {
    if (nibble !== 0x0f) return { length: nibble, start: at + 1 };
    const marker = bytes[at + 1] ?? 0;
    if (marker >> 4 !== 0x1)
      throw new PlistError('ERR_PLIST_CORRUPT', 'a binary plist length is not an integer');
    const size = 1 << (marker & 0x0f);
    return { length: uint(at + 2, size), start: at + 2 + size };
  };
  // Objects may be shared by reference, so a small file can expand exponentially: count every visit.
  let visits = 0;
  const read = (ref: number, depth: number): PlistValue => {
    if (depth > MAX_DEPTH)
      throw new PlistError('ERR_PLIST_CORRUPT', `the plist nests deeper than ${MAX_DEPTH}`);
    if (++visits > MAX_VISITS) {
      throw new PlistError('ERR_PLIST_CORRUPT', `the plist expands to more than ${MAX_VISITS} values`);
    }
    const at = offsetOf(ref);
    const marker = bytes[at];
    if (marker === undefined)
      throw new PlistError('ERR_PLIST_CORRUPT', 'an object offset lies outside the plist');
    const high = marker >> 4;
    const low = marker & 0x0f;
    switch (high) {
      case 0x0:
        return marker === 0x09;
      case 0x1:
        return uint(at + 1, 1 << low);
      case 0x2:
        return low === 2 ? view.getFloat32(at + 1) : view.getFloat64(at + 1);
      case 0x3:
        return new Date(Date.UTC(2001, 0, 1) + view.getFloat64(at + 1) * 1000);
      case 0x4: {
        const { length, start } = lengthAt(at, low);
        return bytes.slice(start, start + length);
      }
      case 0x5: {
        const { length, start } = lengthAt(at, low);
        if (start + length > bytes.byteLength)
          throw new PlistError('ERR_PLIST_CORRUPT', 'a string runs past the end');
        return Buffer.from(bytes.subarray(start, start + length)).toString('latin1');
      }
      case 0x6: {
        const { length, start } = lengthAt(at, low);
        if (start + length * 2 > bytes.byteLength)
          throw new PlistError('ERR_PLIST_CORRUPT', 'a string runs past the end');
        const swapped = Buffer.from(bytes.subarray(start, start + length * 2));
        return swapped.swap16().toString('utf16le');
      }
      case 0xa: {
        const { length, start } = lengthAt(at, low);
        return Array.from({ length }, (_, i) => read(uint(start + i * refSize, refSize), depth + 1));
      }
      case 0xd: {
        const { length, start } = lengthAt(at, low);
        const dict: { [key: string]: PlistValue } = {};
        for (let i = 0; i < length; i++) {
          const key = read(uint(start + i * refSize, refSize), depth + 1);
          if (typeof key !== 'string')
            throw new PlistError('ERR_PLIST_CORRUPT', 'a dict key is not a string');
          dict[key] = read(uint(start + (length + i) * refSize, refSize), depth + 1);
        }
        return dict;
      }
      default:
        throw new PlistError(
          'ERR_PLIST_CORRUPT',
          `binary plist object type 0x${high.toString(16)} is not supported`,
        );
    }
  };
  return read(top, 0);
}

export function isDict(value: PlistValue | undefined): value is { [key: string]: PlistValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

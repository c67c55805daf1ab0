import { ConsentError } from './errors.js';

/** JSON values the ledger accepts: no undefined, no NaN or Infinity, no class instances. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `"key":` for keys met before: ledger events repeat a few dozen keys millions of times. */
const quotedKeys = new Map<string, string>();
const quotedKeysLimit = 4096;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    // Bounded: arbitrary documents must not grow the cache without end.
    if (quotedKeys.size < quotedKeysLimit) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * RFC 8785-style canonical JSON: object keys sorted by UTF-16 code units, no whitespace, numbers and
 * strings as ECMAScript serialises them. Hashes over this text do not depend on key order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new ConsentError('INVALID_INPUT', 'canonical JSON cannot hold NaN or Infinity');
      }
      return JSON.stringify(value);
    case 'object': {
      // Plain loops and string appends: this runs for every ledger event, on the append hot path.
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i += 1) {
          if (i > 0) out += ',';
          out += canonicalJson(value[i]);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      // Objects built by this package already list their keys in order: check before sorting.
      for (let i = 1; i < keys.length; i += 1) {
        if ((keys[i - 1] as string) > (keys[i] as string)) {
          keys.sort();
          break;
        }
      }
      let out = '{';
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i] as string;
        const item = record[key];
        if (item === undefined) continue;
        if (out.length > 1) out += ',';
        out += quotedKey(key) + canonicalJson(item);
      }
      return `${out}}`;
    }
    default:
      throw new ConsentError('INVALID_INPUT', `canonical JSON cannot hold a ${typeof value}`);
  }
}

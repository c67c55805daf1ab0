import { ConsentError } from './errors.js';

/** JSON values the ledger accepts: no undefined, no NaN or Infinity, no class instances. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

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
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
      }
      return `${out}}`;
    }
    default:
      throw new ConsentError('INVALID_INPUT', `canonical JSON cannot hold a ${typeof value}`);
  }
}

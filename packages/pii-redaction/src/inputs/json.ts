import { randomBytes } from 'node:crypto';
import { type ContextKind, fieldNameKind } from '../detect/context.js';
import { PiiRedactionError } from '../errors.js';
import type { Redactor } from '../redactor.js';
import type { Finding, PiiType } from '../types.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A finding inside a JSON document: the path to the value (or key) it was found in. */
export interface JsonFinding extends Finding {
  path: (string | number)[];
  in: 'key' | 'value';
}

export interface JsonRedaction {
  value: JsonValue;
  findings: JsonFinding[];
  failure?: { code: string; message: string };
}

/** Field-name kinds that make a whole scalar value personal data when nothing more precise matched. */
const wholeValueTypes: Partial<Record<ContextKind, PiiType>> = {
  id: 'resident-id',
  phone: 'mobile',
  bank: 'bank-card',
  device: 'imei',
  imsi: 'imsi',
  idfa: 'idfa',
  oaid: 'oaid',
  android: 'android-id',
  passport: 'passport',
  permit: 'hk-macau-permit',
  'taiwan-permit': 'taiwan-permit',
  qq: 'qq',
  wechat: 'wechat',
  sms: 'sms-code',
  order: 'order-number',
  tracking: 'tracking-number',
  name: 'chinese-name',
  address: 'address',
  email: 'email',
  uscc: 'uscc',
  plate: 'licence-plate',
};

/**
 * Whether a field's whole value looks like what its name says, so that "name": "pino" or
 * "card": "VIP" is left alone: numbers for numeric kinds, CJK for names and addresses, '@' for mail.
 */
function valueFitsKind(kind: ContextKind, value: string): boolean {
  if (value.length === 0 || value.length > 256) return false;
  switch (kind) {
    case 'name':
    case 'address':
      return /[\u4e00-\u9fff]/.test(value);
    case 'email':
      return value.includes('@');
    case 'wechat':
      return /^[A-Za-z0-9_-]{5,40}$/.test(value);
    case 'idfa':
    case 'oaid':
    case 'android':
      return /^[0-9A-Fa-f-]{8,64}$/.test(value);
    default:
      return /\d{4}/.test(value);
  }
}

const maxDepth = 256;

/** A path kept as a linked list while walking; turned into an array only for a finding. */
interface PathNode {
  parent: PathNode | undefined;
  key: string | number;
}

function pathArray(node: PathNode | undefined): (string | number)[] {
  const out: (string | number)[] = [];
  for (let n = node; n !== undefined; n = n.parent) out.push(n.key);
  return out.reverse();
}

function jsonFinding(f: Finding, path: PathNode | undefined, where: 'key' | 'value'): JsonFinding {
  return {
    type: f.type,
    start: f.start,
    end: f.end,
    confidence: f.confidence,
    why: f.why,
    path: pathArray(path),
    in: where,
  };
}

/** Walks a parsed JSON value: keys and values scanned, field names used as hints. */
export function redactJsonValue(redactor: Redactor, input: JsonValue, numberMarker?: string): JsonRedaction {
  const findings: JsonFinding[] = [];
  try {
    const value = walk(redactor, input, undefined, undefined, findings, numberMarker, 0);
    return { value, findings };
  } catch (error) {
    const code = error instanceof PiiRedactionError ? error.code : 'REDACTION_FAILED';
    return {
      value: '[REDACTION_FAILED]',
      findings: [],
      failure: { code, message: error instanceof Error ? error.message : 'unknown failure' },
    };
  }
}

function walk(
  redactor: Redactor,
  value: JsonValue,
  path: PathNode | undefined,
  field: string | undefined,
  findings: JsonFinding[],
  numberMarker: string | undefined,
  depth: number,
): JsonValue {
  if (depth > maxDepth) throw new PiiRedactionError('INVALID_JSON', `nesting deeper than ${maxDepth}`);
  if (typeof value === 'string') {
    if (numberMarker !== undefined && value.startsWith(numberMarker)) {
      return redactScalar(redactor, value.slice(numberMarker.length), path, field, findings, true);
    }
    return redactScalar(redactor, value, path, field, findings, false);
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      return redactUnsafeNumber(redactor, value, path, field, findings);
    }
    if (!Number.isInteger(value) || Math.abs(value) < 1000) return value;
    const text = String(value);
    // Without a field hint a bare number can only be a phone (11/12 digits, 13 with 86) or a
    // device number (15) or a card (16): counters, prices and timestamps are not scanned.
    if (field === undefined || cachedFieldKind(field) === undefined) {
      const n = text.length;
      if (!(n === 11 || n === 12 || n === 15 || n === 16 || (n === 13 && text.startsWith('86'))))
        return value;
    }
    const redacted = redactScalar(redactor, text, path, field, findings, false);
    return redacted === text ? value : redacted;
  }
  if (value === null || typeof value === 'boolean') return value;
  // Text parsed here is ours to change in place (`numberMarker` is only set then); a caller's value is copied.
  const inPlace = numberMarker !== undefined;
  if (Array.isArray(value)) {
    const items = inPlace ? value : new Array<JsonValue>(value.length);
    for (let index = 0; index < value.length; index++) {
      const item = value[index] as JsonValue;
      items[index] = walk(
        redactor,
        item,
        { parent: path, key: index },
        field,
        findings,
        numberMarker,
        depth + 1,
      );
    }
    return items;
  }
  const keys = Object.keys(value);
  // In place unless a key itself holds personal data: then the object is rebuilt (key order kept).
  if (inPlace && !keys.some((key) => mayHoldFinding.test(key) && redactor.detect(key).length > 0)) {
    for (const key of keys) {
      value[key] = walk(
        redactor,
        value[key] as JsonValue,
        { parent: path, key },
        key,
        findings,
        numberMarker,
        depth + 1,
      );
    }
    return value;
  }
  const out: { [key: string]: JsonValue } = {};
  for (const key of keys) {
    const item = value[key] as JsonValue;
    let outKey = key;
    const keyFindings = mayHoldFinding.test(key) ? redactor.detect(key) : undefined;
    if (keyFindings !== undefined && keyFindings.length > 0) {
      outKey = redactor.redactText(key).text;
      for (const f of keyFindings) findings.push(jsonFinding(f, { parent: path, key }, 'key'));
    }
    out[outKey] = walk(redactor, item, { parent: path, key: outKey }, key, findings, numberMarker, depth + 1);
  }
  return out;
}

/** Field-name verdicts, cached: documents repeat the same keys over and over. */
const fieldKinds = new Map<string, ContextKind | null>();
function cachedFieldKind(field: string): ContextKind | undefined {
  let kind = fieldKinds.get(field);
  if (kind === undefined) {
    kind = fieldNameKind(field) ?? null;
    if (fieldKinds.size < 10_000) fieldKinds.set(field, kind);
  }
  return kind ?? undefined;
}

/**
 * Without a field hint, only text holding a digit, '@' or a CJK character can contain a finding
 * (every detector needs one of them, or a keyword inside the same text followed by one).
 */
const mayHoldFinding = /[0-9@\u3400-\u9fff]/;

function redactScalar(
  redactor: Redactor,
  text: string,
  path: PathNode | undefined,
  field: string | undefined,
  findings: JsonFinding[],
  fromNumber: boolean,
): string {
  const kind = field === undefined ? undefined : cachedFieldKind(field);
  const hint = kind === undefined || field === undefined ? undefined : { kind, word: field };
  if (hint === undefined && !mayHoldFinding.test(text)) return text;
  let found = redactor.detect(text, hint);
  if (found.length === 0 && kind !== undefined && field !== undefined && valueFitsKind(kind, text)) {
    const type = wholeValueTypes[kind];
    if (type !== undefined && redactor.enabled.has(type)) {
      found = [
        {
          type,
          start: 0,
          end: text.length,
          confidence: 0.6,
          why: { pattern: 'whole value of a named field', validators: [], context: [], field },
        },
      ];
    }
  }
  if (found.length === 0) return text;
  for (const f of found) {
    if (field !== undefined && kind !== undefined) f.why.field = field;
    if (fromNumber) f.why.corruptedNumber = true;
    findings.push(jsonFinding(f, path, 'value'));
  }
  let out = '';
  let last = 0;
  for (const f of found) {
    out += text.slice(last, f.start) + redactor.replace(text.slice(f.start, f.end), f);
    last = f.end;
  }
  return out + text.slice(last);
}

/** An integer beyond 2^53 has already lost digits: reported as corrupted, never checkable. */
function redactUnsafeNumber(
  redactor: Redactor,
  value: number,
  path: PathNode | undefined,
  field: string | undefined,
  findings: JsonFinding[],
): JsonValue {
  const digits = BigInt(value).toString().replace('-', '');
  const kind = field === undefined ? undefined : cachedFieldKind(field);
  const hinted = kind === undefined ? undefined : wholeValueTypes[kind];
  const type: PiiType | undefined =
    hinted ??
    (digits.length === 18
      ? 'resident-id'
      : digits.length >= 16 && digits.length <= 19
        ? 'bank-card'
        : undefined);
  if (type === undefined || !redactor.enabled.has(type)) return value;
  const finding: JsonFinding = {
    type,
    start: 0,
    end: digits.length,
    confidence: 0.6,
    why: {
      pattern: `${digits.length}-digit JSON number beyond 2^53`,
      validators: ['not checkable: digits lost when parsed'],
      context: [],
      corruptedNumber: true,
      ...(field === undefined ? {} : { field }),
    },
    path: pathArray(path),
    in: 'value',
  };
  findings.push(finding);
  return redactor.replace(digits, finding);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Quotes integer literals of 16 or more digits outside strings, tagged with `marker`, so JSON.parse
 * keeps every digit: an ID stored as a number is then validated exactly and reported as corrupted.
 */
export function quoteLongNumbers(text: string, marker: string): string {
  // Numbers follow a colon, bracket or comma; digits right after a quote are inside strings.
  if (!/[:[,]\s*-?\d{16}/.test(text)) return text;
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (isDigit(c) || (c === 45 && isDigit(text.charCodeAt(i + 1)))) {
      let j = i + 1;
      while (isDigit(text.charCodeAt(j))) j++;
      const next = text.charCodeAt(j);
      const integer = next !== 46 && next !== 101 && next !== 69;
      if (integer && j - i >= 16) {
        out += `${text.slice(last, i)}"${marker}${text.slice(i, j)}"`;
        last = j;
      }
      i = j - 1;
    }
  }
  return out + text.slice(last);
}

/** Tags numbers quoted by quoteLongNumbers; random per process so input cannot forge it. */
const longNumberMarker = `\uE000${randomBytes(6).toString('hex')}:`;

/** Parses, redacts and re-serialises JSON text; pretty input (with newlines) stays indented by 2. */
export function redactJsonDocument(
  redactor: Redactor,
  text: string,
): { text: string } & Omit<JsonRedaction, 'value'> {
  const marker = longNumberMarker;
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(quoteLongNumbers(text, marker)) as JsonValue;
  } catch {
    // The parser's message quotes the input, so it is not passed on.
    throw new PiiRedactionError('INVALID_JSON', 'input is not valid JSON');
  }
  const result = redactJsonValue(redactor, parsed, marker);
  const pretty = text.includes('\n') && text.trimEnd().includes('\n');
  const out = JSON.stringify(result.value, null, pretty ? 2 : undefined);
  return {
    text: out,
    findings: result.findings,
    ...(result.failure === undefined ? {} : { failure: result.failure }),
  };
}

import { CodeUnits } from '../detect/code-units.js';
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

/** Walks a parsed JSON value: keys and values scanned, field names used as hints; the input is not changed. */
export function redactJsonValue(redactor: Redactor, input: JsonValue): JsonRedaction {
  const findings: JsonFinding[] = [];
  try {
    const value = walk(redactor, input, undefined, undefined, findings, 0);
    return { value, findings };
  } catch (error) {
    return { value: '[REDACTION_FAILED]', findings: [], failure: failureOf(error) };
  }
}

function failureOf(error: unknown): { code: string; message: string } {
  const code = error instanceof PiiRedactionError ? error.code : 'REDACTION_FAILED';
  return { code, message: error instanceof Error ? error.message : 'unknown failure' };
}

function tooDeep(): PiiRedactionError {
  return new PiiRedactionError('INVALID_JSON', `nesting deeper than ${maxDepth}`);
}

/**
 * A JSON number that is not an exact long integer: unsafe integers are reported as corrupted;
 * other numbers are scanned only when they could be a phone, device or card number (or a field
 * hints at a kind). Returns the number unchanged or its redacted text.
 */
function redactNumber(
  redactor: Redactor,
  value: number,
  path: PathNode | undefined,
  field: Field | undefined,
  findings: JsonFinding[],
): JsonValue {
  if (Number.isInteger(value) && Math.abs(value) > Number.MAX_SAFE_INTEGER) {
    return redactUnsafeNumber(redactor, value, path, field, findings);
  }
  if (!Number.isInteger(value) || Math.abs(value) < 1000) return value;
  const text = String(value);
  // Without a field hint a bare number can only be a phone (11/12 digits, 13 with 86) or a
  // device number (15) or a card (16): counters, prices and timestamps are not scanned.
  if (field?.hint === undefined) {
    const n = text.length;
    if (!(n === 11 || n === 12 || n === 15 || n === 16 || (n === 13 && text.startsWith('86')))) return value;
  }
  const redacted = redactScalar(redactor, text, path, field, findings, false, true);
  return redacted === text ? value : redacted;
}

/** A key holding personal data is redacted like a value: its findings, and the key to write. */
function redactKey(
  redactor: Redactor,
  key: string,
  path: PathNode | undefined,
  findings: JsonFinding[],
): string {
  if (!mayHoldFinding.test(key)) return key;
  const keyFindings = redactor.detect(key);
  if (keyFindings.length === 0) return key;
  for (const f of keyFindings) findings.push(jsonFinding(f, { parent: path, key }, 'key'));
  return redactor.redactText(key).text;
}

function walk(
  redactor: Redactor,
  value: JsonValue,
  path: PathNode | undefined,
  field: Field | undefined,
  findings: JsonFinding[],
  depth: number,
): JsonValue {
  if (depth > maxDepth) throw tooDeep();
  if (typeof value === 'string') {
    return redactScalar(redactor, value, path, field, findings, false, mayHoldFinding.test(value));
  }
  if (typeof value === 'number') return redactNumber(redactor, value, path, field, findings);
  if (value === null || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      walk(redactor, item, { parent: path, key: index }, field, findings, depth + 1),
    );
  }
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) {
    const outKey = redactKey(redactor, key, path, findings);
    out[outKey] = walk(
      redactor,
      value[key] as JsonValue,
      { parent: path, key: outKey },
      fieldOf(key),
      findings,
      depth + 1,
    );
  }
  return out;
}

/** A field name with what it hints at, made once per distinct name and shared. */
interface Field {
  readonly name: string;
  /** The context the name gives to its value, if any. */
  readonly hint: { readonly kind: ContextKind; readonly word: string } | undefined;
  /** Whether the name itself may hold a finding (see `mayHoldFinding`). */
  readonly mayHold: boolean;
}

function makeField(name: string): Field {
  const kind = fieldNameKind(name);
  return {
    name,
    hint: kind === undefined ? undefined : { kind, word: name },
    mayHold: mayHoldFinding.test(name),
  };
}

/** Fields by name, cached: documents repeat the same keys over and over. */
const fieldsByName = new Map<string, Field>();
function fieldOf(name: string): Field {
  let field = fieldsByName.get(name);
  if (field === undefined) {
    field = makeField(name);
    if (fieldsByName.size < 10_000) fieldsByName.set(name, field);
  }
  return field;
}

/**
 * Fields by a hash of the key's code units, computed while the JSON text walker reads the key: a
 * key seen before is recognised without slicing it out of the text or hashing a new string.
 * Direct-mapped; a collision only costs a `fieldOf` lookup.
 */
const fieldSlots = 1024;
const fieldsByHash: (Field | undefined)[] = new Array<Field | undefined>(fieldSlots).fill(undefined);

/**
 * Without a field hint, only text holding a digit, '@' or a CJK character can contain a finding
 * (every detector needs one of them, or a keyword inside the same text followed by one).
 */
const mayHoldFinding = /[0-9@\u3400-\u9fff]/;

function redactScalar(
  redactor: Redactor,
  text: string,
  path: PathNode | undefined,
  field: Field | undefined,
  findings: JsonFinding[],
  fromNumber: boolean,
  mayHold: boolean,
): string {
  const hint = field?.hint;
  if (hint === undefined && !mayHold) return text;
  const kind = hint?.kind;
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
          why: {
            pattern: 'whole value of a named field',
            validators: [],
            context: [],
            field: field.name,
          },
        },
      ];
    }
  }
  if (found.length === 0) return text;
  for (const f of found) {
    if (field !== undefined && kind !== undefined) f.why.field = field.name;
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
  field: Field | undefined,
  findings: JsonFinding[],
): JsonValue {
  const digits = BigInt(value).toString().replace('-', '');
  const kind = field?.hint?.kind;
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
      ...(field === undefined ? {} : { field: field.name }),
    },
    path: pathArray(path),
    in: 'value',
  };
  findings.push(finding);
  return redactor.replace(digits, finding);
}

/** One buffer for every document: a walk is synchronous and never re-entered. */
const documentCodes = new CodeUnits();

/** Thrown for text that is not JSON; turned into INVALID_JSON without quoting the input. */
class JsonSyntaxError extends Error {}

const maxLongNumberLength = 16;

/**
 * Redacts JSON text in one pass over the text itself: no JSON.parse of the whole, no re-serialising.
 * Only the strings, numbers and keys that change are rewritten (as JSON strings); everything else,
 * formatting included, is copied. Integers of 16+ characters are read exactly from their digits and
 * reported with `why.corruptedNumber` (a parser would already have rounded them).
 */
class JsonTextWalker {
  private pos = 0;
  /** Output so far, and the position up to which the input has been copied into it. */
  private out = '';
  private copied = 0;
  /** Whether the string just read may hold a finding (see `string`). */
  private mayHold = true;
  readonly findings: JsonFinding[] = [];
  /** The text's code units (see CodeUnits): the tokenizer reads these, not the string. */
  private readonly codes: Uint16Array;

  constructor(
    private readonly redactor: Redactor,
    private readonly text: string,
  ) {
    this.codes = documentCodes.fill(text);
  }

  document(): string {
    this.skipSpace();
    const start = this.pos;
    this.copied = start;
    this.value(undefined, undefined, 0);
    const end = this.pos;
    this.skipSpace();
    if (this.pos !== this.text.length) throw new JsonSyntaxError();
    return this.out + this.text.slice(this.copied, end);
  }

  /** Writes `replacement` instead of text[from, to). */
  private replace(from: number, to: number, replacement: string): void {
    this.out += this.text.slice(this.copied, from) + replacement;
    this.copied = to;
  }

  private skipSpace(): void {
    const codes = this.codes;
    let c = codes[this.pos];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = codes[++this.pos];
  }

  private value(path: PathNode | undefined, field: Field | undefined, depth: number): void {
    if (depth > maxDepth) throw tooDeep();
    const c = this.codes[this.pos] ?? 0;
    if (c === 34) this.stringValue(path, field);
    else if (c === 123) this.object(path, depth);
    else if (c === 91) this.array(path, field, depth);
    else if (c === 45 || (c >= 48 && c <= 57)) this.number(path, field);
    else if (c === 116) this.literal('true');
    else if (c === 102) this.literal('false');
    else if (c === 110) this.literal('null');
    else throw new JsonSyntaxError();
  }

  private literal(word: string): void {
    if (!this.text.startsWith(word, this.pos)) throw new JsonSyntaxError();
    this.pos += word.length;
  }

  private object(path: PathNode | undefined, depth: number): void {
    const codes = this.codes;
    this.pos++;
    this.skipSpace();
    if (codes[this.pos] === 125) {
      this.pos++;
      return;
    }
    for (;;) {
      if (codes[this.pos] !== 34) throw new JsonSyntaxError();
      const keyStart = this.pos;
      const field = this.key();
      const key = field.name;
      const outKey = this.mayHold ? redactKey(this.redactor, key, path, this.findings) : key;
      if (outKey !== key) this.replace(keyStart, this.pos, JSON.stringify(outKey));
      this.skipSpace();
      if (codes[this.pos] !== 58) throw new JsonSyntaxError();
      this.pos++;
      this.skipSpace();
      this.value({ parent: path, key: outKey }, field, depth + 1);
      this.skipSpace();
      const next = codes[this.pos++];
      if (next === 125) return;
      if (next !== 44) throw new JsonSyntaxError();
      this.skipSpace();
    }
  }

  private array(path: PathNode | undefined, field: Field | undefined, depth: number): void {
    const codes = this.codes;
    this.pos++;
    this.skipSpace();
    if (codes[this.pos] === 93) {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      this.value({ parent: path, key: index }, field, depth + 1);
      this.skipSpace();
      const next = codes[this.pos++];
      if (next === 93) return;
      if (next !== 44) throw new JsonSyntaxError();
      this.skipSpace();
    }
  }

  /**
   * Reads the string token at `pos` (a '"'), returns its value and leaves `pos` after it. Sets
   * `mayHold` when the value holds a digit, '@' or CJK, the only strings worth
   * scanning without a field hint.
   */
  private string(): string {
    const text = this.text;
    const codes = this.codes;
    const start = this.pos + 1;
    let p = start;
    let escaped = false;
    let mayHold = false;
    for (;;) {
      const c = codes[p] ?? 0;
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        p += 2;
      } else if (c < 32) throw new JsonSyntaxError();
      else {
        if ((c >= 48 && c <= 57) || c === 64 || (c >= 0x3400 && c <= 0x9fff)) mayHold = true;
        p++;
      }
    }
    this.pos = p + 1;
    this.mayHold = mayHold;
    if (!escaped) return text.slice(start, p);
    let decoded: string;
    try {
      // Escapes are rare: the token is decoded (and its escapes checked) by the JSON parser.
      decoded = JSON.parse(text.slice(start - 1, p + 1)) as string;
    } catch {
      throw new JsonSyntaxError();
    }
    this.mayHold = mayHoldFinding.test(decoded);
    return decoded;
  }

  /**
   * Reads the key string at `pos` (a '"') and returns its field, leaving `pos` after it and setting
   * `mayHold` as `string` does. A key without escapes is hashed as it is read and found again in
   * `fieldsByHash` without being sliced out of the text.
   */
  private key(): Field {
    const text = this.text;
    const codes = this.codes;
    const start = this.pos + 1;
    let p = start;
    let hash = 0;
    for (;;) {
      const c = codes[p] ?? 0;
      if (c === 34) break;
      if (c === 92 || c < 32) {
        // An escape or a character JSON forbids: `string` decodes the key or rejects it.
        return fieldOf(this.string());
      }
      hash = (Math.imul(hash, 31) + c) | 0;
      p++;
    }
    const slot = hash & (fieldSlots - 1);
    let field = fieldsByHash[slot];
    if (field === undefined || !sameText(field.name, codes, start, p)) {
      field = fieldOf(text.slice(start, p));
      fieldsByHash[slot] = field;
    }
    this.pos = p + 1;
    this.mayHold = field.mayHold;
    return field;
  }

  private stringValue(path: PathNode | undefined, field: Field | undefined): void {
    const start = this.pos;
    const value = this.string();
    const redacted = redactScalar(this.redactor, value, path, field, this.findings, false, this.mayHold);
    if (redacted !== value) this.replace(start, this.pos, JSON.stringify(redacted));
  }

  /** A number token (JSON grammar checked here); written back only when it is redacted. */
  private number(path: PathNode | undefined, field: Field | undefined): void {
    const text = this.text;
    const codes = this.codes;
    const start = this.pos;
    let p = start;
    if (codes[p] === 45) p++;
    const intStart = p;
    while (isDigit(codes[p] ?? 0)) p++;
    if (p === intStart || (codes[intStart] === 48 && p > intStart + 1)) throw new JsonSyntaxError();
    let integer = true;
    if (codes[p] === 46) {
      integer = false;
      const fraction = ++p;
      while (isDigit(codes[p] ?? 0)) p++;
      if (p === fraction) throw new JsonSyntaxError();
    }
    const e = codes[p] ?? 0;
    if (e === 101 || e === 69) {
      integer = false;
      p++;
      const sign = codes[p] ?? 0;
      if (sign === 43 || sign === 45) p++;
      const exponent = p;
      while (isDigit(codes[p] ?? 0)) p++;
      if (p === exponent) throw new JsonSyntaxError();
    }
    this.pos = p;
    if (integer && p - start < maxLongNumberLength) {
      // A short integer token is its own canonical text (no leading zeros, exact as a double):
      // the checks of redactNumber are made on the token, without converting it.
      if (p - intStart < 4) return;
      const n = p - start;
      if (!(n === 11 || n === 12 || n === 15 || (n === 13 && text.startsWith('86', start)))) {
        if (field?.hint === undefined) return;
      }
      const token = text.slice(start, p);
      const redacted = redactScalar(this.redactor, token, path, field, this.findings, false, true);
      if (redacted !== token) this.replace(start, p, JSON.stringify(redacted));
      return;
    }
    const token = text.slice(start, p);
    if (integer) {
      // Read from the digits, never through a double: an 18-digit ID stays checkable.
      const redacted = redactScalar(this.redactor, token, path, field, this.findings, true, true);
      this.replace(start, p, JSON.stringify(redacted));
      return;
    }
    const redacted = redactNumber(this.redactor, Number(token), path, field, this.findings);
    if (typeof redacted === 'string') this.replace(start, p, JSON.stringify(redacted));
  }
}

/** Whether text[start, end) reads `name`. */
function sameText(name: string, codes: Uint16Array, start: number, end: number): boolean {
  if (name.length !== end - start) return false;
  for (let k = 0; k < name.length; k++) if (name.charCodeAt(k) !== codes[start + k]) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Redacts JSON text (see JsonTextWalker); the result is the document without surrounding white
 * space. Throws INVALID_JSON for text that is not JSON; any other failure returns
 * `"[REDACTION_FAILED]"` with `failure` set.
 */
export function redactJsonDocument(
  redactor: Redactor,
  text: string,
): { text: string } & Omit<JsonRedaction, 'value'> {
  const walker = new JsonTextWalker(redactor, text);
  try {
    return { text: walker.document(), findings: walker.findings };
  } catch (error) {
    // The error never quotes the input.
    if (error instanceof JsonSyntaxError)
      throw new PiiRedactionError('INVALID_JSON', 'input is not valid JSON');
    return { text: JSON.stringify('[REDACTION_FAILED]'), findings: [], failure: failureOf(error) };
  }
}

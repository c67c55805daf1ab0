import { hash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { sha256Hex } from '../hashing.js';
import { CopyRowReader } from '../storage/wire-rows.js';

/** The last event of a ledger by its seq and hash; as an anchor, a head recorded elsewhere. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** prevHash of the first event. */
export const genesisHash = '0'.repeat(64);

/**
 * The exact text that is hashed and stored: the event without its own hashes, as canonical JSON.
 * Written out directly (keys in canonical order: at, data, seq, subjectRef, type) because it runs
 * for every appended event; equal to canonicalJson of the same object, which the tests check.
 */
export function eventBody(event: {
  seq: number;
  at: string;
  type: string;
  subjectRef: string | null;
  data: unknown;
}) {
  return bodyAfter(bodyPrefix(event.at), event.seq, event.type, event.subjectRef, event.data);
}

/** The start of every body stamped `at`: built once per append, which stamps all its events alike. */
export function bodyPrefix(at: string): string {
  return `{"at":${JSON.stringify(at)},"data":`;
}

export function bodyAfter(
  prefix: string,
  seq: number,
  type: string,
  subjectRef: string | null,
  data: unknown,
): string {
  const ref = subjectRef === null ? 'null' : JSON.stringify(subjectRef);
  return `${prefix}${canonicalJson(data)},"seq":${seq},"subjectRef":${ref},"type":${JSON.stringify(type)}}`;
}

/** hash_n = SHA-256(hash_{n-1} ‖ body_n): changing, dropping or moving any event breaks every later link. */
export function chainHash(prevHash: string, body: string): string {
  return sha256Hex(prevHash + body);
}

export type ChainProblem =
  | { kind: 'gap'; seq: number; expectedSeq: number; why: string }
  | { kind: 'broken_link'; seq: number; why: string }
  | { kind: 'hash_mismatch'; seq: number; why: string }
  | { kind: 'column_mismatch'; seq: number; why: string }
  | { kind: 'head_mismatch'; seq: number; why: string };

/**
 * The rows the verifier reads, as the binary COPY of this query: seq, at, type, subject_ref, hash,
 * the byte length of prev_hash, and prev_hash‖body (joined as they are hashed, so the bytes hashed
 * lie together; the length says where they split). Binary COPY carries every column as raw bytes
 * with its length, so nothing is escaped, and `at` as an integer whatever the session's time zone.
 */
export const verifyRowsSql =
  'SELECT seq, at, type, subject_ref, hash, octet_length(prev_hash), prev_hash || body FROM consent_ledger ORDER BY seq';

/** Number of columns in verifyRowsSql; field i of a row lies at fields[2i] to fields[2i + 1]. */
export const verifyColumnCount = 7;

// Buffers like the rows they are compared with: one array class keeps the byte loops monomorphic.
const ascii = (text: string) => Buffer.from(text, 'latin1');
const seqKey = ascii(',"seq":');
const subjectKey = ascii(',"subjectRef":');
const typeKey = ascii(',"type":"');
const nullWord = ascii('null');
const atKey = ascii('{"at":"');

/** Incremental verifier so rows can be checked as they stream in, straight from the bytes read. */
export class ChainVerifier {
  private expectedSeq = 1;
  /** The hash the next row must link to: the previous row's stored hash. */
  private prevHash = genesisHash;
  private copy: CopyRowReader | undefined;
  readonly problems: ChainProblem[] = [];
  count = 0;

  /** `anchor`: a head recorded elsewhere (a published checkpoint) that this ledger must still contain. */
  constructor(private readonly anchor?: ChainHead) {}

  get head(): ChainHead {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }

  /** Rows read elsewhere: the output of `COPY (verifyRowsSql) TO ... (FORMAT binary)`, in pieces. */
  pushCopy(bytes: Buffer, start = 0, end = bytes.length): void {
    this.copy ??= new CopyRowReader(verifyColumnCount, (row, fields) => this.pushRow(row, fields));
    this.copy.push(bytes, start, end);
  }

  /** A row whose columns could not be read: counted, reported, and the chain goes on after it. */
  private malformed(seq: number): void {
    this.count += 1;
    const at = seq < 0 ? this.expectedSeq : seq;
    this.problems.push({
      kind: 'column_mismatch',
      seq: at,
      why: 'the row does not have the ledger columns in their stored form: the row was edited',
    });
    this.expectedSeq = at + 1;
  }

  /** One row of verifyRowsSql whose binary columns lie in `bytes` at `fields`. */
  pushRow(bytes: Buffer, fields: Int32Array): void {
    const seq = int8At(bytes, fields[0] as number, fields[1] as number);
    const chainStart = fields[12] as number;
    const chainEnd = fields[13] as number;
    const prevLength = int4At(bytes, fields[10] as number, fields[11] as number);
    if (seq < 0 || chainStart < 0 || prevLength < 0 || prevLength > chainEnd - chainStart) {
      this.malformed(seq);
      return;
    }
    this.count += 1;
    if (seq !== this.expectedSeq) {
      this.problems.push({
        kind: 'gap',
        seq,
        expectedSeq: this.expectedSeq,
        why: `expected event ${this.expectedSeq} next, found ${seq}: events were deleted or reordered`,
      });
    }
    // Hashes compared as strings: one native slice beats a loop over 64 characters.
    if (prevLength !== 64 || bytes.toString('latin1', chainStart, chainStart + 64) !== this.prevHash) {
      this.problems.push({
        kind: 'broken_link',
        seq,
        why: 'prevHash does not equal the hash of the event before it',
      });
    }
    // SHA-256 of prevHash‖body exactly as stored, hashed from the bytes read.
    const digest = hash('sha256', bytes.subarray(chainStart, chainEnd), 'hex');
    const storedHash = bytes.toString('latin1', fields[8] as number, fields[9] as number);
    if (storedHash !== digest) {
      this.problems.push({
        kind: 'hash_mismatch',
        seq,
        why: 'stored hash does not match the stored body: the event was edited',
      });
    }
    // The queryable columns must say what the hashed body says, or an edit could hide outside the body.
    if (!columnsMatchBody(bytes, fields, chainStart + prevLength, chainEnd, seq)) {
      this.problems.push({
        kind: 'column_mismatch',
        seq,
        why: 'seq, at, type or subject column differs from the hashed body: the row was moved or edited',
      });
    }
    if (seq === this.anchor?.seq && storedHash !== this.anchor.hash) {
      this.problems.push({
        kind: 'head_mismatch',
        seq,
        why: 'the hash at the anchored position differs from the anchor: history was rewritten',
      });
    }
    this.expectedSeq = seq + 1;
    this.prevHash = storedHash;
  }

  /** Call after the last row: catches a stream cut short, and truncation of the tail past the anchor. */
  finish(): void {
    this.copy?.finish();
    const anchor = this.anchor;
    if (!anchor) return;
    const head = this.head;
    if (head.seq < anchor.seq) {
      this.problems.push({
        kind: 'head_mismatch',
        seq: head.seq,
        why: `ledger ends at ${head.seq} but the anchor records ${anchor.seq}: events were removed from the end`,
      });
    }
  }
}

/** A binary int8 field as a number, or -1 when NULL, negative or beyond 2^53. */
function int8At(bytes: Buffer, start: number, end: number): number {
  if (end - start !== 8) return -1;
  const high = bytes.readUInt32BE(start);
  if (high >= 0x200000) return -1;
  return high * 0x100000000 + bytes.readUInt32BE(start + 4);
}

/** A binary int4 field, or -1 when NULL or negative. */
function int4At(bytes: Buffer, start: number, end: number): number {
  if (end - start !== 4) return -1;
  const value = bytes.readInt32BE(start);
  return value < 0 ? -1 : value;
}

function same(a: Buffer, aStart: number, aEnd: number, b: Buffer, bStart: number, bEnd: number) {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i += 1) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

const quote = 34;
const brace = 125;

/**
 * Canonical bodies order keys alphabetically: at, data, seq, subjectRef, type. A body therefore
 * starts `{"at":"<ISO instant>"` and ends with the fixed-shape `,"seq":N,"subjectRef":R,"type":"T"}`
 * (R quoted, or null); the at, seq, type and subject columns are compared with those.
 */
function columnsMatchBody(
  bytes: Buffer,
  fields: Int32Array,
  bodyStart: number,
  bodyEnd: number,
  seq: number,
): boolean {
  if (!atMatchesBody(bytes, fields[2] as number, fields[3] as number, bodyStart, bodyEnd)) return false;
  const floor = bodyStart;
  let at = bodyEnd - 2;
  if (at < floor || bytes[at] !== quote || bytes[at + 1] !== brace) return false;
  at = before(bytes, floor, at, bytes, fields[4] as number, fields[5] as number);
  at = before(bytes, floor, at, typeKey, 0, typeKey.length);
  const refStart = fields[6] as number;
  if (refStart < 0) at = before(bytes, floor, at, nullWord, 0, nullWord.length);
  else {
    at = at > floor && bytes[at - 1] === quote ? at - 1 : -1;
    at = before(bytes, floor, at, bytes, refStart, fields[7] as number);
    at = at > floor && bytes[at - 1] === quote ? at - 1 : -1;
  }
  at = before(bytes, floor, at, subjectKey, 0, subjectKey.length);
  if (at < 0) return false;
  // The decimal seq of the body, read backwards, without leading zeros.
  let value = 0;
  let scale = 1;
  let start = at;
  while (start > floor && start > at - 16) {
    const digit = (bytes[start - 1] as number) - 48;
    if (digit < 0 || digit > 9) break;
    value += digit * scale;
    scale *= 10;
    start -= 1;
  }
  if (start === at || value !== seq || (bytes[start] === 48 && at - start > 1)) return false;
  return before(bytes, floor, start, seqKey, 0, seqKey.length) >= 0;
}

/** Where `source[from, to)` starts if it ends bytes at `at` (not before `floor`), else -1. */
function before(bytes: Buffer, floor: number, at: number, source: Buffer, from: number, to: number): number {
  if (at < 0) return -1;
  const start = at - (to - from);
  return start >= floor && same(bytes, start, at, source, from, to) ? start : -1;
}

const daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const monthDays = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether the binary timestamptz at [atStart, atEnd) (microseconds since 2000-01-01 UTC) is the
 * instant the body starts with, `{"at":"YYYY-MM-DDTHH:MM:SS.mmmZ"` as Date#toISOString writes it.
 */
function atMatchesBody(bytes: Buffer, atStart: number, atEnd: number, bodyStart: number, bodyEnd: number) {
  const t = bodyStart + atKey.length;
  if (atEnd - atStart !== 8 || t + 25 > bodyEnd || !same(bytes, bodyStart, t, atKey, 0, atKey.length)) {
    return false;
  }
  if (
    bytes[t + 4] !== 45 || // -
    bytes[t + 7] !== 45 ||
    bytes[t + 10] !== 84 || // T
    bytes[t + 13] !== 58 || // :
    bytes[t + 16] !== 58 ||
    bytes[t + 19] !== 46 || // .
    bytes[t + 23] !== 90 || // Z
    bytes[t + 24] !== quote
  ) {
    return false;
  }
  const year = number(bytes, t, 4);
  const month = number(bytes, t + 5, 2);
  const day = number(bytes, t + 8, 2);
  const hour = number(bytes, t + 11, 2);
  const minute = number(bytes, t + 14, 2);
  const second = number(bytes, t + 17, 2);
  const milli = number(bytes, t + 20, 3);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > (monthDays[month - 1] as number)) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) {
    return false;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month === 2 && day === 29 && !leap) return false;
  // Days since 2000-01-01: whole years by the Gregorian rules, then the days of this year.
  const y = year - 1;
  const yearDays =
    365 * (year - 2000) + (Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)) - 484;
  const days = yearDays + (daysBefore[month - 1] as number) + (month > 2 && leap ? 1 : 0) + day - 1;
  const micros = ((days * 24 + hour) * 60 + minute) * 60_000_000 + second * 1_000_000 + milli * 1000;
  return bytes.readInt32BE(atStart) * 0x100000000 + bytes.readUInt32BE(atStart + 4) === micros;
}

/** `length` decimal digits at `start`, or -1. */
function number(bytes: Buffer, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i += 1) {
    const digit = (bytes[i] as number) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

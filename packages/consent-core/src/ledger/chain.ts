import { hash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { sha256Hex } from '../hashing.js';

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
 * The stored row as one line of UTF-8 that the verifier reads without building strings:
 * `seq TAB type TAB subjectRef TAB hash TAB byteLength(prevHash) TAB prevHash‖body`
 * (subjectRef empty for none). prevHash and body arrive joined, as they are hashed, and the length
 * says where they split. Canonical JSON escapes every control character, so no field holds a tab
 * or a line break unless someone wrote one there, which then shows up as a problem.
 */
export const verifyLineSql = `concat_ws(E'\\t', seq, type, coalesce(subject_ref, ''), hash, octet_length(prev_hash), prev_hash || body)`;

const tab = 9;
const newline = 10;
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const seqKey = ascii(',"seq":');
const subjectKey = ascii(',"subjectRef":');
const typeKey = ascii(',"type":"');
const nullWord = ascii('null');

/** Incremental verifier so rows can be checked as they stream in, straight from the bytes read. */
export class ChainVerifier {
  private expectedSeq = 1;
  /** The previous row's stored hash: where it sits in which buffer, so nothing is copied per row. */
  private prevBytes: Uint8Array = ascii(genesisHash);
  private prevStart = 0;
  private prevEnd = 64;
  private readonly anchorHash: Uint8Array | undefined;
  readonly problems: ChainProblem[] = [];
  count = 0;

  /** `anchor`: a head recorded elsewhere (a published checkpoint) that this ledger must still contain. */
  constructor(private readonly anchor?: { seq: number; hash: string }) {
    this.anchorHash = anchor ? new TextEncoder().encode(anchor.hash) : undefined;
  }

  get head(): { seq: number; hash: string } {
    return {
      seq: this.expectedSeq - 1,
      hash: Buffer.from(this.prevBytes.subarray(this.prevStart, this.prevEnd)).toString('utf8'),
    };
  }

  /** Every line of `bytes` (lines separated by `\n`, in seq order). */
  pushLines(bytes: Uint8Array, start = 0, end = bytes.length): void {
    let at = start;
    while (at < end) {
      let stop = bytes.indexOf(newline, at);
      if (stop < 0 || stop > end) stop = end;
      this.pushLine(bytes, at, stop);
      at = stop + 1;
    }
  }

  /** One row in the verifyLineSql layout, at bytes[start, end). */
  pushLine(bytes: Uint8Array, start: number, end: number): void {
    this.count += 1;
    // Field boundaries: the first five tabs. Only the last field (prevHash‖body) is long.
    let t1 = -1;
    let t2 = -1;
    let t3 = -1;
    let t4 = -1;
    let t5 = -1;
    for (let i = start; i < end; i += 1) {
      if (bytes[i] !== tab) continue;
      if (t1 < 0) t1 = i;
      else if (t2 < 0) t2 = i;
      else if (t3 < 0) t3 = i;
      else if (t4 < 0) t4 = i;
      else {
        t5 = i;
        break;
      }
    }
    const seq = t5 < 0 ? -1 : digits(bytes, start, t1);
    const prevLength = t5 < 0 ? -1 : digits(bytes, t4 + 1, t5);
    if (seq < 0 || prevLength < 0 || t5 + 1 + prevLength > end) {
      this.problems.push({
        kind: 'column_mismatch',
        seq: seq < 0 ? this.expectedSeq : seq,
        why: 'the row does not have the ledger columns in their stored form: the row was edited',
      });
      this.expectedSeq = (seq < 0 ? this.expectedSeq : seq) + 1;
      return;
    }
    if (seq !== this.expectedSeq) {
      this.problems.push({
        kind: 'gap',
        seq,
        expectedSeq: this.expectedSeq,
        why: `expected event ${this.expectedSeq} next, found ${seq}: events were deleted or reordered`,
      });
    }
    const chained = t5 + 1;
    const bodyStart = chained + prevLength;
    if (!same(bytes, chained, bodyStart, this.prevBytes, this.prevStart, this.prevEnd)) {
      this.problems.push({
        kind: 'broken_link',
        seq,
        why: 'prevHash does not equal the hash of the event before it',
      });
    }
    // SHA-256 of prevHash‖body exactly as stored, hashed from the bytes read.
    const digest = hash('sha256', bytes.subarray(chained, end), 'hex');
    if (!sameAsText(bytes, t3 + 1, t4, digest)) {
      this.problems.push({
        kind: 'hash_mismatch',
        seq,
        why: 'stored hash does not match the stored body: the event was edited',
      });
    }
    // The queryable columns must say what the hashed body says, or an edit could hide outside the body.
    if (!columnsMatchBody(bytes, start, t1, t2, t3, bodyStart, end)) {
      this.problems.push({
        kind: 'column_mismatch',
        seq,
        why: 'seq, type or subject column differs from the hashed body: the row was moved or edited',
      });
    }
    const anchorHash = this.anchorHash;
    if (
      anchorHash &&
      seq === this.anchor?.seq &&
      !same(bytes, t3 + 1, t4, anchorHash, 0, anchorHash.length)
    ) {
      this.problems.push({
        kind: 'head_mismatch',
        seq,
        why: 'the hash at the anchored position differs from the anchor: history was rewritten',
      });
    }
    this.expectedSeq = seq + 1;
    this.prevBytes = bytes;
    this.prevStart = t3 + 1;
    this.prevEnd = t4;
  }

  /** Call after the last row: catches truncation of the tail past the anchor. */
  finish(): void {
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

/** A non-negative decimal at bytes[start, end), or -1 when it is not one. */
function digits(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i += 1) {
    const digit = (bytes[i] as number) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function same(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number) {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i += 1) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

function sameAsText(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i += 1) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * Canonical bodies order keys alphabetically: at, data, seq, subjectRef, type. The tail after `data`
 * is therefore fixed-shape, `,"seq":N,"subjectRef":R,"type":"T"}` (R quoted, or null), and is
 * compared with the seq, type and subject columns byte by byte, backwards from the body's end.
 */
function columnsMatchBody(
  bytes: Uint8Array,
  seqStart: number,
  t1: number,
  t2: number,
  t3: number,
  bodyStart: number,
  end: number,
): boolean {
  const quote = 34;
  const brace = 125;
  let at = end - 2;
  if (at < bodyStart || bytes[at] !== quote || bytes[at + 1] !== brace) return false;
  at = before(bytes, bodyStart, at, bytes, t1 + 1, t2);
  at = before(bytes, bodyStart, at, typeKey, 0, typeKey.length);
  if (t3 === t2 + 1) at = before(bytes, bodyStart, at, nullWord, 0, nullWord.length);
  else {
    at = at > bodyStart && bytes[at - 1] === quote ? at - 1 : -1;
    at = before(bytes, bodyStart, at, bytes, t2 + 1, t3);
    at = at > bodyStart && bytes[at - 1] === quote ? at - 1 : -1;
  }
  at = before(bytes, bodyStart, at, subjectKey, 0, subjectKey.length);
  at = before(bytes, bodyStart, at, bytes, seqStart, t1);
  return before(bytes, bodyStart, at, seqKey, 0, seqKey.length) >= 0;
}

/** Where `source[from, to)` starts if it ends bytes at `at` (not before `floor`), else -1. */
function before(
  bytes: Uint8Array,
  floor: number,
  at: number,
  source: Uint8Array,
  from: number,
  to: number,
): number {
  if (at < 0) return -1;
  const start = at - (to - from);
  return start >= floor && same(bytes, start, at, source, from, to) ? start : -1;
}

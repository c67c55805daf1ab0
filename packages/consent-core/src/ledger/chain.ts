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

/** Columns the verifier reads, in this order: seq, type, subject_ref, hash, prev_hash, body. */
export const verifyColumns = 'seq, type, subject_ref, hash, prev_hash, body';

/**
 * The same columns as one line of text, for reading a page of rows as a single value:
 * `seq TAB type TAB subjectRef TAB hash TAB octet_length(prevHash) TAB prevHash‖body` (subjectRef
 * empty for none). prevHash and body come joined, as they are hashed, and the length says where
 * they split. Canonical JSON escapes every control character, so no column holds a tab or a line
 * break unless someone wrote one there, which then shows up as a problem.
 */
export const verifyLineSql = `concat_ws(E'\\t', seq, type, coalesce(subject_ref, ''), hash, octet_length(prev_hash), prev_hash || body)`;

/**
 * Where one stored row's columns sit in a byte buffer (UTF-8). prevHash must end exactly where the
 * body starts, so the bytes hashed, prevHash‖body, are hashed where they lie; a reader that gets
 * them apart moves prevHash up to the body first. subject_ref is -1/-1 when NULL.
 */
export interface RowOffsets {
  seqStart: number;
  seqEnd: number;
  typeStart: number;
  typeEnd: number;
  refStart: number;
  refEnd: number;
  hashStart: number;
  hashEnd: number;
  prevStart: number;
  bodyStart: number;
  bodyEnd: number;
}

export function rowOffsets(): RowOffsets {
  return {
    seqStart: 0,
    seqEnd: 0,
    typeStart: 0,
    typeEnd: 0,
    refStart: -1,
    refEnd: -1,
    hashStart: 0,
    hashEnd: 0,
    prevStart: 0,
    bodyStart: 0,
    bodyEnd: 0,
  };
}

const tab = 9;
const newline = 10;
// Buffers like the rows they are compared with: one array class keeps the byte loops monomorphic.
const ascii = (text: string) => Buffer.from(text, 'latin1');
const seqKey = ascii(',"seq":');
const subjectKey = ascii(',"subjectRef":');
const typeKey = ascii(',"type":"');
const nullWord = ascii('null');

/** Incremental verifier so rows can be checked as they stream in, straight from the bytes read. */
export class ChainVerifier {
  private expectedSeq = 1;
  /** The previous row's stored hash, copied: readers reuse the memory rows arrive in. */
  private prevBytes: Buffer = ascii(genesisHash);
  private prevEnd = 64;
  private readonly anchorHash: Buffer | undefined;
  private readonly line = rowOffsets();
  readonly problems: ChainProblem[] = [];
  count = 0;

  /** `anchor`: a head recorded elsewhere (a published checkpoint) that this ledger must still contain. */
  constructor(private readonly anchor?: { seq: number; hash: string }) {
    this.anchorHash = anchor ? Buffer.from(anchor.hash, 'utf8') : undefined;
  }

  get head(): { seq: number; hash: string } {
    return {
      seq: this.expectedSeq - 1,
      hash: this.prevBytes.toString('utf8', 0, this.prevEnd),
    };
  }

  /** Rows in the verifyLineSql layout, one per line. */
  pushLines(bytes: Buffer, start = 0, end = bytes.length): void {
    const row = this.line;
    let at = start;
    while (at < end) {
      let stop = bytes.indexOf(newline, at);
      if (stop < 0 || stop > end) stop = end;
      // The first five tabs bound the columns; prevHash‖body is the rest of the line.
      let t1 = -1;
      let t2 = -1;
      let t3 = -1;
      let t4 = -1;
      let t5 = -1;
      for (let i = at; i < stop; i += 1) {
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
      const prevLength = t5 < 0 ? -1 : digits(bytes, t4 + 1, t5);
      if (prevLength < 0 || t5 + 1 + prevLength > stop) this.malformed(bytes, at, t1 < 0 ? stop : t1);
      else {
        row.seqStart = at;
        row.seqEnd = t1;
        row.typeStart = t1 + 1;
        row.typeEnd = t2;
        row.refStart = t3 === t2 + 1 ? -1 : t2 + 1;
        row.refEnd = t3 === t2 + 1 ? -1 : t3;
        row.hashStart = t3 + 1;
        row.hashEnd = t4;
        row.prevStart = t5 + 1;
        row.bodyStart = t5 + 1 + prevLength;
        row.bodyEnd = stop;
        this.pushRow(bytes, row);
      }
      at = stop + 1;
    }
  }

  /** A row whose columns could not be found: counted, reported, and the chain goes on after it. */
  private malformed(bytes: Buffer, seqStart: number, seqEnd: number): void {
    this.count += 1;
    const seq = digits(bytes, seqStart, seqEnd);
    const at = seq < 0 ? this.expectedSeq : seq;
    this.problems.push({
      kind: 'column_mismatch',
      seq: at,
      why: 'the row does not have the ledger columns in their stored form: the row was edited',
    });
    this.expectedSeq = at + 1;
  }

  /** One stored row whose columns lie in `bytes` at `row` (see RowOffsets). */
  pushRow(bytes: Buffer, row: RowOffsets): void {
    const seq = digits(bytes, row.seqStart, row.seqEnd);
    if (seq < 0) {
      this.malformed(bytes, row.seqStart, row.seqEnd);
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
    if (!same(bytes, row.prevStart, row.bodyStart, this.prevBytes, 0, this.prevEnd)) {
      this.problems.push({
        kind: 'broken_link',
        seq,
        why: 'prevHash does not equal the hash of the event before it',
      });
    }
    // SHA-256 of prevHash‖body exactly as stored, hashed from the bytes read.
    const digest = hash('sha256', bytes.subarray(row.prevStart, row.bodyEnd), 'hex');
    if (!sameAsText(bytes, row.hashStart, row.hashEnd, digest)) {
      this.problems.push({
        kind: 'hash_mismatch',
        seq,
        why: 'stored hash does not match the stored body: the event was edited',
      });
    }
    // The queryable columns must say what the hashed body says, or an edit could hide outside the body.
    if (!columnsMatchBody(bytes, row)) {
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
      !same(bytes, row.hashStart, row.hashEnd, anchorHash, 0, anchorHash.length)
    ) {
      this.problems.push({
        kind: 'head_mismatch',
        seq,
        why: 'the hash at the anchored position differs from the anchor: history was rewritten',
      });
    }
    this.expectedSeq = seq + 1;
    const length = row.hashEnd - row.hashStart;
    if (length > this.prevBytes.length) this.prevBytes = Buffer.alloc(length);
    for (let i = 0; i < length; i += 1) this.prevBytes[i] = bytes[row.hashStart + i] as number;
    this.prevEnd = length;
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
function digits(bytes: Buffer, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i += 1) {
    const digit = (bytes[i] as number) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function same(a: Buffer, aStart: number, aEnd: number, b: Buffer, bStart: number, bEnd: number) {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i += 1) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

function sameAsText(bytes: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i += 1) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * Canonical bodies order keys alphabetically: at, data, seq, subjectRef, type. The tail after `data`
 * is therefore fixed-shape, `,"seq":N,"subjectRef":R,"type":"T"}` (R quoted, or null), and is
 * compared with the seq, type and subject columns byte by byte, backwards from the body's end.
 */
function columnsMatchBody(bytes: Buffer, row: RowOffsets): boolean {
  const quote = 34;
  const brace = 125;
  const floor = row.bodyStart;
  let at = row.bodyEnd - 2;
  if (at < floor || bytes[at] !== quote || bytes[at + 1] !== brace) return false;
  at = before(bytes, floor, at, bytes, row.typeStart, row.typeEnd);
  at = before(bytes, floor, at, typeKey, 0, typeKey.length);
  if (row.refStart < 0) at = before(bytes, floor, at, nullWord, 0, nullWord.length);
  else {
    at = at > floor && bytes[at - 1] === quote ? at - 1 : -1;
    at = before(bytes, floor, at, bytes, row.refStart, row.refEnd);
    at = at > floor && bytes[at - 1] === quote ? at - 1 : -1;
  }
  at = before(bytes, floor, at, subjectKey, 0, subjectKey.length);
  at = before(bytes, floor, at, bytes, row.seqStart, row.seqEnd);
  return before(bytes, floor, at, seqKey, 0, seqKey.length) >= 0;
}

/** Where `source[from, to)` starts if it ends bytes at `at` (not before `floor`), else -1. */
function before(bytes: Buffer, floor: number, at: number, source: Buffer, from: number, to: number): number {
  if (at < 0) return -1;
  const start = at - (to - from);
  return start >= floor && same(bytes, start, at, source, from, to) ? start : -1;
}

import { canonicalJson } from '../canonical-json.js';
import { sha256Hex } from '../hashing.js';
import type { AnyLedgerEvent, PendingEvent } from './events.js';

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
  const ref = event.subjectRef === null ? 'null' : JSON.stringify(event.subjectRef);
  return `{"at":${JSON.stringify(event.at)},"data":${canonicalJson(event.data)},"seq":${event.seq},"subjectRef":${ref},"type":${JSON.stringify(event.type)}}`;
}

/** hash_n = SHA-256(hash_{n-1} ‖ body_n): changing, dropping or moving any event breaks every later link. */
export function chainHash(prevHash: string, body: string): string {
  return sha256Hex(prevHash + body);
}

export function sealEvent(
  pending: PendingEvent,
  seq: number,
  at: string,
  prevHash: string,
): { event: AnyLedgerEvent; body: string } {
  const body = eventBody({ seq, at, type: pending.type, subjectRef: pending.subjectRef, data: pending.data });
  const event = { ...pending, seq, at, prevHash, hash: chainHash(prevHash, body) } as AnyLedgerEvent;
  return { event, body };
}

/** A stored row: the columns verify() checks against the body they were derived from. */
export interface StoredRow {
  seq: number;
  body: string;
  prevHash: string;
  hash: string;
  subjectRef: string | null;
  type: string;
}

export type ChainProblem =
  | { kind: 'gap'; seq: number; expectedSeq: number; why: string }
  | { kind: 'broken_link'; seq: number; why: string }
  | { kind: 'hash_mismatch'; seq: number; why: string }
  | { kind: 'column_mismatch'; seq: number; why: string }
  | { kind: 'head_mismatch'; seq: number; why: string };

/** Incremental verifier so rows can be checked page by page as they stream in. */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = genesisHash;
  readonly problems: ChainProblem[] = [];
  count = 0;

  /** `anchor`: a head recorded elsewhere (a published checkpoint) that this ledger must still contain. */
  constructor(private readonly anchor?: { seq: number; hash: string }) {}

  get head(): { seq: number; hash: string } {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }

  push(row: StoredRow): void {
    this.count += 1;
    if (row.seq !== this.expectedSeq) {
      this.problems.push({
        kind: 'gap',
        seq: row.seq,
        expectedSeq: this.expectedSeq,
        why: `expected event ${this.expectedSeq} next, found ${row.seq}: events were deleted or reordered`,
      });
    }
    if (row.prevHash !== this.prevHash) {
      this.problems.push({
        kind: 'broken_link',
        seq: row.seq,
        why: `prevHash does not equal the hash of the event before it`,
      });
    }
    if (chainHash(row.prevHash, row.body) !== row.hash) {
      this.problems.push({
        kind: 'hash_mismatch',
        seq: row.seq,
        why: 'stored hash does not match the stored body: the event was edited',
      });
    }
    // The queryable columns must say what the hashed body says, or an edit could hide outside the body.
    if (!columnsMatchBody(row)) {
      this.problems.push({
        kind: 'column_mismatch',
        seq: row.seq,
        why: 'seq, type or subject column differs from the hashed body: the row was moved or edited',
      });
    }
    if (this.anchor && row.seq === this.anchor.seq && row.hash !== this.anchor.hash) {
      this.problems.push({
        kind: 'head_mismatch',
        seq: row.seq,
        why: 'the hash at the anchored position differs from the anchor: history was rewritten',
      });
    }
    this.expectedSeq = row.seq + 1;
    this.prevHash = row.hash;
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

// Canonical bodies order keys alphabetically: at, data, seq, subjectRef, type. The tail after `data`
// is therefore fixed-shape, `,"seq":N,"subjectRef":R,"type":T}`, and is compared with the columns
// by building the expected tail and checking the body ends with it (no parsing, no regex).
function columnsMatchBody(row: StoredRow): boolean {
  const ref = row.subjectRef === null ? 'null' : `"${row.subjectRef}"`;
  const tail = `,"seq":${row.seq},"subjectRef":${ref},"type":"${row.type}"}`;
  return row.body.endsWith(tail);
}

import { ConsentError } from '../errors.js';
import { sha256Hex } from '../hashing.js';
import type { CopySink, SqlClient, SqlTransaction } from '../storage/sql-client.js';
import { bodyAfter, bodyPrefix, type ChainHead, ChainVerifier, genesisHash, verifyRowsSql } from './chain.js';
import type { AnyLedgerEvent, PendingEvent } from './events.js';
import type { VerifyResult, VerifyThread } from './verify-thread.js';

interface HeadRow extends Record<string, unknown> {
  seq: number;
  hash: string;
  at: Date | string;
}

interface LedgerRow extends Record<string, unknown> {
  seq: number;
  type: string;
  subject_ref: string | null;
  body: string;
  prev_hash: string;
  hash: string;
}

/** Serialises appenders across processes: one advisory lock per schema's ledger. */
const lockSql = `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.consent_ledger'))`;

/**
 * One text parameter, a line per row and a tab between columns: both drivers pass one string far
 * faster than seven arrays, and unlike JSON nothing needs escaping (canonical JSON escapes every
 * control character). The fourth column is prevHash‖body, the exact string that was hashed, so
 * each event is concatenated once; every row of a call shares one timestamp, sent once as $2.
 */
const insertSql = `INSERT INTO consent_ledger (seq, at, type, subject_ref, body, prev_hash, hash)
  SELECT c[1]::bigint, $2::timestamptz, c[2], NULLIF(c[3], ''), substr(c[4], 65), left(c[4], 64), c[5]
    FROM unnest(string_to_array($1::text, E'\\n')) AS line, string_to_array(line, E'\\t') AS c`;

export interface AppendContext {
  missed: AnyLedgerEvent[];
  tx: SqlTransaction;
  /** The instant every event of this append carries, in epoch milliseconds. */
  atMs: number;
  seal: (pending: PendingEvent) => AnyLedgerEvent;
}

/** Append and read of the hash-chained table; knows nothing of consent rules. */
export class SqlLedger {
  /**
   * Rows per INSERT. On a server, an INSERT is sent as soon as its rows are sealed, so the server
   * stores one chunk while the next is hashed; PGlite runs on this thread, so fewer, larger ones.
   */
  private readonly insertChunk: number;
  /**
   * Only a server has other connections to keep out. PGlite is one connection in one process, and
   * its own transaction lock already runs the transactions of every store sharing it one by one.
   */
  private readonly lock: boolean;

  constructor(private readonly client: SqlClient) {
    this.insertChunk = client.engine === 'postgres' ? 250 : 2000;
    this.lock = client.engine === 'postgres';
  }

  /**
   * One append transaction. Under the lock, `build` receives the events other writers appended
   * after `knownSeq` (so rules see the real current state) and a `seal` function that numbers,
   * times and hashes each new event; sealed events are inserted in chunks as they accumulate, and
   * all of them are stored when the transaction commits.
   */
  async append(
    knownSeq: number,
    now: () => number,
    build: (context: AppendContext) => Promise<void>,
  ): Promise<AnyLedgerEvent[]> {
    return this.client.transaction(async (tx) => {
      if (this.lock) await tx.query(lockSql);
      const [head] = await tx.query<HeadRow>(
        'SELECT seq, hash, at FROM consent_ledger ORDER BY seq DESC LIMIT 1',
      );
      const missed = head && Number(head.seq) > knownSeq ? await readEvents(tx, knownSeq) : [];
      let seq = head ? Number(head.seq) : 0;
      let prevHash = head?.hash ?? genesisHash;
      // Time never runs backwards in the ledger, even if the clocks of two writers disagree.
      const atMs = Math.max(now(), head ? new Date(head.at).getTime() : 0);
      const at = new Date(atMs).toISOString();
      const prefix = bodyPrefix(at);
      const events: AnyLedgerEvent[] = [];
      const inserts: Promise<unknown>[] = [];
      let lines: string[] = [];
      const flush = () => {
        if (lines.length === 0) return;
        inserts.push(tx.query(insertSql, [lines.join('\n'), at]));
        lines = [];
      };
      let failure: unknown;
      try {
        await build({
          missed,
          tx,
          atMs,
          seal: (pending) => {
            seq += 1;
            const body = bodyAfter(prefix, seq, pending.type, pending.subjectRef, pending.data);
            const chained = prevHash + body;
            const hash = sha256Hex(chained);
            lines.push(`${seq}\t${pending.type}\t${pending.subjectRef ?? ''}\t${chained}\t${hash}`);
            const event = {
              seq,
              at,
              type: pending.type,
              subjectRef: pending.subjectRef,
              data: pending.data,
              prevHash,
              hash,
            } as AnyLedgerEvent;
            prevHash = hash;
            events.push(event);
            if (lines.length >= this.insertChunk) flush();
            return event;
          },
        });
        flush();
      } catch (error) {
        failure = error;
      }
      // Every INSERT settles before the transaction ends. A rule that refused an event is the
      // reason to report; otherwise a failed INSERT is, since later statements fail because of it.
      const settled = await Promise.allSettled(inserts);
      const rejected = settled.find((result) => result.status === 'rejected');
      if (failure instanceof ConsentError) throw failure;
      if (rejected) throw rejected.reason;
      if (failure !== undefined) throw failure;
      return events;
    });
  }

  /** Every event after `afterSeq`, parsed from the hashed bodies (the columns are only an index). */
  async eventsAfter(afterSeq: number): Promise<AnyLedgerEvent[]> {
    return readEvents(this.client, afterSeq);
  }

  async eventsOfSubject(subjectRef: string): Promise<AnyLedgerEvent[]> {
    const rows = await this.client.query<LedgerRow>(
      'SELECT seq, type, subject_ref, body, prev_hash, hash FROM consent_ledger WHERE subject_ref = $1 ORDER BY seq',
      [subjectRef],
    );
    return rows.map(rowToEvent);
  }

  /**
   * Checks every stored row, in seq order, from the binary COPY of verifyRowsSql as it streams in:
   * one statement, no row objects, nothing escaped. With `thread`, hashing and checking run on a
   * worker while this thread reads.
   */
  async verify(anchor: ChainHead | undefined, thread: VerifyThread | undefined): Promise<VerifyResult> {
    const read = (sink: CopySink) => this.client.copyOut(verifyRowsSql, sink);
    if (thread) return thread.run(anchor, read);
    const verifier = new ChainVerifier(anchor);
    await read((bytes, start, end) => verifier.pushCopy(bytes, start, end));
    verifier.finish();
    return { problems: verifier.problems, count: verifier.count, head: verifier.head };
  }
}

async function readEvents(db: SqlTransaction, afterSeq: number): Promise<AnyLedgerEvent[]> {
  const rows = await db.query<LedgerRow>(
    'SELECT seq, type, subject_ref, body, prev_hash, hash FROM consent_ledger WHERE seq > $1 ORDER BY seq',
    [afterSeq],
  );
  return rows.map(rowToEvent);
}

function rowToEvent(row: LedgerRow): AnyLedgerEvent {
  let body: { seq: number; at: string; type: string; subjectRef: string | null; data: unknown };
  try {
    body = JSON.parse(row.body);
  } catch {
    throw new ConsentError('STORAGE', `ledger event ${row.seq} has a body that is not JSON`);
  }
  return {
    seq: body.seq,
    at: body.at,
    type: body.type,
    subjectRef: body.subjectRef,
    data: body.data,
    prevHash: row.prev_hash,
    hash: row.hash,
  } as AnyLedgerEvent;
}

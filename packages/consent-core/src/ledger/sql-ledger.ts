import { ConsentError } from '../errors.js';
import type { SqlClient, SqlTransaction } from '../storage/sql-client.js';
import { genesisHash, type StoredRow, sealEvent } from './chain.js';
import type { AnyLedgerEvent, PendingEvent } from './events.js';

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

// Rows per INSERT … unnest(): large enough to amortise round trips, small enough for PGlite's memory.
const insertChunk = 2000;

/** Serialises appenders across processes: one advisory lock per schema's ledger. */
const lockSql = `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.consent_ledger'))`;

export interface AppendContext {
  missed: AnyLedgerEvent[];
  tx: SqlTransaction;
  seal: (pending: PendingEvent) => AnyLedgerEvent;
}

/** Append and read of the hash-chained table; knows nothing of consent rules. */
export class SqlLedger {
  constructor(private readonly client: SqlClient) {}

  /**
   * One append transaction. Under the lock, `build` receives the events other writers appended
   * after `knownSeq` (so rules see the real current state) and a `seal` function that numbers,
   * times and hashes each new event; the sealed events are inserted when `build` resolves.
   */
  async append(
    knownSeq: number,
    now: () => number,
    build: (context: AppendContext) => Promise<void>,
  ): Promise<AnyLedgerEvent[]> {
    return this.client.transaction(async (tx) => {
      await tx.query(lockSql);
      const [head] = await tx.query<HeadRow>(
        'SELECT seq, hash, at FROM consent_ledger ORDER BY seq DESC LIMIT 1',
      );
      const missed = head && Number(head.seq) > knownSeq ? await readEvents(tx, knownSeq) : [];
      let seq = head ? Number(head.seq) : 0;
      let prevHash = head?.hash ?? genesisHash;
      // Time never runs backwards in the ledger, even if the clocks of two writers disagree.
      const lastAt = head ? new Date(head.at).getTime() : 0;
      const at = new Date(Math.max(now(), lastAt)).toISOString();
      const sealed: { event: AnyLedgerEvent; body: string }[] = [];
      await build({
        missed,
        tx,
        seal: (pending) => {
          seq += 1;
          const result = sealEvent(pending, seq, at, prevHash);
          prevHash = result.event.hash;
          sealed.push(result);
          return result.event;
        },
      });
      for (let start = 0; start < sealed.length; start += insertChunk) {
        const chunk = sealed.slice(start, start + insertChunk);
        // One text parameter, a line per row and a tab between columns: both drivers pass a string
        // far faster than seven JS arrays, and unlike JSON nothing needs escaping. Canonical JSON
        // escapes every control character, so no column can hold a tab or a line break.
        const lines = chunk.map(
          ({ event, body }) =>
            `${event.seq}\t${event.at}\t${event.type}\t${event.subjectRef ?? ''}\t${body}\t${event.prevHash}\t${event.hash}`,
        );
        await tx.query(
          `INSERT INTO consent_ledger (seq, at, type, subject_ref, body, prev_hash, hash)
           SELECT c[1]::bigint, c[2]::timestamptz, c[3], NULLIF(c[4], ''), c[5], c[6], c[7]
             FROM unnest(string_to_array($1::text, E'\\n')) AS line, string_to_array(line, E'\\t') AS c`,
          [lines.join('\n')],
        );
      }
      return sealed.map((s) => s.event);
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
   * Stored rows page by page, in seq order, for verification. Each page arrives as one JSON text
   * (json_agg) because decoding one big value is far cheaper in both drivers than thousands of rows.
   */
  async *rows(pageSize = 20_000): AsyncGenerator<StoredRow[]> {
    let after = 0;
    for (;;) {
      const [page] = await this.client.query<{ rows: string | null }>(
        `SELECT json_agg(json_build_array(seq, type, subject_ref, body, prev_hash, hash) ORDER BY seq)::text AS rows
           FROM (SELECT * FROM consent_ledger WHERE seq > $1 ORDER BY seq LIMIT $2) AS page`,
        [after, pageSize],
      );
      if (!page?.rows) return;
      const rows = (JSON.parse(page.rows) as [number, string, string | null, string, string, string][]).map(
        ([seq, type, subjectRef, body, prevHash, hash]) => ({
          seq: Number(seq),
          type,
          subjectRef,
          body,
          prevHash,
          hash,
        }),
      );
      yield rows;
      after = rows[rows.length - 1]?.seq ?? after;
      if (rows.length < pageSize) return;
    }
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

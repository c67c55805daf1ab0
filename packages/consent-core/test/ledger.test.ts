import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentStore } from '../src/index.js';
import {
  type Backend,
  backends,
  openTestStore,
  samplePolicy,
  startupTimeout,
  testClock,
  warmPglite,
} from './support.js';

beforeAll(warmPglite, startupTimeout);

describe.each(backends)('ledger on %s', (backend: Backend) => {
  let store: ConsentStore;
  afterEach(async () => {
    await store?.close();
  });

  async function seeded() {
    const time = testClock('2026-03-01T02:00:00Z');
    store = await openTestStore(backend, { clock: time.clock });
    await store.publishPolicy(samplePolicy());
    for (const subject of ['alice', 'bob', 'carol']) {
      await store.record({ type: 'policy', subject, decision: 'shown' });
      time.advanceHours(1);
      await store.record({ type: 'policy', subject, decision: 'agreed', method: 'tap' });
    }
    return time;
  }

  /** Runs raw SQL past the append-only trigger, as a database administrator could. */
  async function tamper(sql: string, params: unknown[] = []) {
    const client = (store as unknown as { client: { query: (s: string, p?: unknown[]) => Promise<unknown> } })
      .client;
    await client.query('ALTER TABLE consent_ledger DISABLE TRIGGER consent_ledger_no_change');
    await client.query(sql, params);
    await client.query('ALTER TABLE consent_ledger ENABLE TRIGGER consent_ledger_no_change');
  }

  it('chains every event to the one before and verifies clean', async () => {
    await seeded();
    const report = await store.verify();
    expect(report).toMatchObject({ ok: true, events: 7, problems: [] });
    expect(report.head).toEqual(store.head());
  });

  it('refuses UPDATE and DELETE through the append-only trigger', async () => {
    await seeded();
    const client = (store as unknown as { client: { query: (s: string) => Promise<unknown> } }).client;
    await expect(client.query("UPDATE consent_ledger SET type = 'x' WHERE seq = 2")).rejects.toThrow(
      /append-only/,
    );
    await expect(client.query('DELETE FROM consent_ledger WHERE seq = 2')).rejects.toThrow(/append-only/);
  });

  it('detects an edited body', async () => {
    await seeded();
    await tamper(`UPDATE consent_ledger SET body = replace(body, '"agreed"', '"refused"') WHERE seq = 3`);
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'hash_mismatch', seq: 3 }));
  });

  it('detects an edit that recomputes the row hash (the next link breaks)', async () => {
    await seeded();
    const { chainHash } = await import('../src/index.js');
    const client = (
      store as unknown as {
        client: { query: (s: string, p?: unknown[]) => Promise<Record<string, string>[]> };
      }
    ).client;
    const [row] = await client.query('SELECT body, prev_hash FROM consent_ledger WHERE seq = 3');
    const body = (row?.body ?? '').replace('"agreed"', '"refused"');
    await tamper('UPDATE consent_ledger SET body = $1, hash = $2 WHERE seq = 3', [
      body,
      chainHash(row?.prev_hash ?? '', body),
    ]);
    const report = await store.verify();
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'broken_link', seq: 4 })]);
  });

  it('detects a deleted event', async () => {
    await seeded();
    await tamper('DELETE FROM consent_ledger WHERE seq = 4');
    const report = await store.verify();
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'gap', seq: 5, expectedSeq: 4 }));
  });

  it('detects reordered events', async () => {
    await seeded();
    // Swap the seq numbers of events 4 and 5 (via a free number so the primary key holds).
    await tamper('UPDATE consent_ledger SET seq = 1000 WHERE seq = 4');
    await tamper('UPDATE consent_ledger SET seq = 4 WHERE seq = 5');
    await tamper('UPDATE consent_ledger SET seq = 5 WHERE seq = 1000');
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toContain('column_mismatch');
    expect(report.problems.map((p) => p.kind)).toContain('broken_link');
  });

  it.each([
    ['at', `UPDATE consent_ledger SET at = at + interval '1 hour' WHERE seq = 3`],
    ['at by a microsecond', `UPDATE consent_ledger SET at = at + interval '1 microsecond' WHERE seq = 3`],
    ['type', `UPDATE consent_ledger SET type = 'consent.purpose' WHERE seq = 3`],
    ['subject_ref', `UPDATE consent_ledger SET subject_ref = 'someone-else' WHERE seq = 3`],
    ['subject_ref to NULL', 'UPDATE consent_ledger SET subject_ref = NULL WHERE seq = 3'],
  ])('detects an edited %s column (column_mismatch)', async (_column, sql) => {
    await seeded();
    await tamper(sql);
    const report = await store.verify();
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'column_mismatch', seq: 3 })]);
  });

  it('detects a forged hash column and an edited prev_hash', async () => {
    await seeded();
    await tamper(`UPDATE consent_ledger SET hash = repeat('a', 64) WHERE seq = 3`);
    // The stored hash is what the next event links to, so the forgery also breaks that link.
    expect((await store.verify()).problems).toEqual([
      expect.objectContaining({ kind: 'hash_mismatch', seq: 3 }),
      expect.objectContaining({ kind: 'broken_link', seq: 4 }),
    ]);
    await tamper(`UPDATE consent_ledger SET prev_hash = repeat('b', 64) WHERE seq = 5`);
    expect((await store.verify()).problems).toContainEqual(
      expect.objectContaining({ kind: 'broken_link', seq: 5 }),
    );
  });

  it('detects a character moved from prev_hash into body (same bytes hashed)', async () => {
    await seeded();
    await tamper(`UPDATE consent_ledger SET prev_hash = left(prev_hash, 63), body = right(prev_hash, 1) || body
      WHERE seq = 3`);
    const report = await store.verify();
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'broken_link', seq: 3 }));
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'column_mismatch', seq: 3 }));
  });

  it('detects an inserted event', async () => {
    await seeded();
    await tamper(
      `INSERT INTO consent_ledger (seq, at, type, subject_ref, body, prev_hash, hash)
        SELECT 8, at, type, subject_ref, body, prev_hash, hash FROM consent_ledger WHERE seq = 7`,
    );
    const report = await store.verify();
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'broken_link', seq: 8 }));
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'column_mismatch', seq: 8 }));
  });

  it('reports a failed read as an error, not as a verdict', async () => {
    await seeded();
    const client = (store as unknown as { client: { query: (s: string) => Promise<unknown> } }).client;
    await client.query('ALTER TABLE consent_ledger RENAME TO consent_ledger_moved');
    await expect(store.verify()).rejects.toMatchObject({ code: 'STORAGE' });
  });

  it('gives the same report checking on a worker thread as on this one', async () => {
    const { VerifyThread } = await import('../src/ledger/verify-thread.js');
    type Result = Awaited<ReturnType<InstanceType<typeof VerifyThread>['run']>>;
    await seeded();
    const ledger = (
      store as unknown as {
        ledger: {
          verify: (anchor: { seq: number; hash: string } | undefined, thread?: unknown) => Promise<Result>;
        };
      }
    ).ledger;
    const anchor = store.head();
    const thread = new VerifyThread();
    try {
      expect(await ledger.verify(anchor, thread)).toEqual(await ledger.verify(anchor, undefined));
      await tamper(`UPDATE consent_ledger SET body = replace(body, '"agreed"', '"refused"') WHERE seq = 3`);
      await tamper(`UPDATE consent_ledger SET at = at + interval '1 second' WHERE seq = 5`);
      await tamper('DELETE FROM consent_ledger WHERE seq = $1', [anchor.seq]);
      const onThread = await ledger.verify(anchor, thread);
      expect(onThread).toEqual(await ledger.verify(anchor, undefined));
      expect(onThread.problems.map((p) => [p.kind, p.seq])).toEqual([
        ['hash_mismatch', 3],
        ['column_mismatch', 5],
        ['head_mismatch', 6],
      ]);
      // A failed read rejects, and the thread serves the next verify() all the same.
      const client = (store as unknown as { client: { query: (s: string) => Promise<unknown> } }).client;
      await client.query('ALTER TABLE consent_ledger RENAME TO consent_ledger_moved');
      await expect(ledger.verify(undefined, thread)).rejects.toMatchObject({ code: 'STORAGE' });
      await client.query('ALTER TABLE consent_ledger_moved RENAME TO consent_ledger');
      expect((await ledger.verify(undefined, thread)).count).toBe(6);
    } finally {
      await thread.close();
    }
  });

  it('detects a cut-off tail against an anchor kept elsewhere', async () => {
    await seeded();
    const anchor = store.head();
    await tamper('DELETE FROM consent_ledger WHERE seq = $1', [anchor.seq]);
    expect((await store.verify()).ok).toBe(true);
    const report = await store.verify({ anchor });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'head_mismatch' })]);
  });

  it('erases a subject by destroying its key: chain intact, subject unlinkable', async () => {
    await seeded();
    const before = store.subjectRef('alice');
    expect(before).toBeDefined();
    expect(store.check('alice', 'recommend').allowed).toBe(true);
    const erased = await store.erase('alice');
    expect(erased.subjectRef).toBe(before);
    expect(store.subjectRef('alice')).toBeUndefined();
    expect(store.check('alice', 'recommend')).toMatchObject({ allowed: false, reason: 'unknown_subject' });
    await expect(store.subjectEvents('alice')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await store.verify()).ok).toBe(true);
    // The same person coming back is a new pseudonym, unconnected to the erased history.
    await store.record({ type: 'policy', subject: 'alice', decision: 'shown' });
    expect(store.subjectRef('alice')).not.toBe(before);
  });

  it('sees events appended by another store on the same database', async () => {
    const time = await seeded();
    const schema = (store as unknown as { client: { query: (s: string) => Promise<{ s: string }[]> } })
      .client;
    const [row] = await schema.query('SELECT current_schema() AS s');
    const other = await openTestStore(backend, { clock: time.clock, schema: row?.s ?? '' });
    try {
      await other.record({ type: 'purpose', subject: 'bob', purpose: 'recommend', decision: 'refused' });
      expect(store.check('bob', 'recommend').allowed).toBe(true);
      await store.refresh();
      expect(store.check('bob', 'recommend')).toMatchObject({ allowed: false, reason: 'purpose_refused' });
      // A write through the first store lands after the other store's event, chain intact.
      await store.record({ type: 'purpose', subject: 'carol', purpose: 'recommend', decision: 'refused' });
      expect(await store.verify()).toMatchObject({ ok: true, events: 9 });
    } finally {
      await other.close();
    }
  });
});

describe('canonical event bodies', () => {
  it('writes the same text as canonicalJson of the event, whatever the key order', async () => {
    const { canonicalJson } = await import('../src/index.js');
    const { eventBody } = await import('../src/ledger/chain.js');
    const event = {
      type: 'consent.purpose',
      subjectRef: 'r"é\u2028',
      seq: 12,
      at: '2026-03-01T02:00:00.000Z',
      data: { z: [1, 2.5, { b: null, a: '隐私' }], a: true, skipped: undefined },
    };
    expect(eventBody(event)).toBe(canonicalJson(event));
    expect(eventBody(event)).toBe(
      '{"at":"2026-03-01T02:00:00.000Z","data":{"a":true,"z":[1,2.5,{"a":"隐私","b":null}]},"seq":12,"subjectRef":"r\\"é\u2028","type":"consent.purpose"}',
    );
    expect(eventBody({ ...event, subjectRef: null })).toContain('"subjectRef":null');
  });
});

describe('concurrent appends from one store', () => {
  it('serialises them: no event is folded twice and the chain stays whole', async () => {
    const store = await openTestStore('postgres');
    try {
      await store.publishPolicy(samplePolicy());
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.record({
            type: 'purpose',
            subject: `p${i % 4}`,
            purpose: 'recommend',
            decision: i % 2 ? 'agreed' : 'refused',
            method: 'tap',
          }),
        ),
      );
      expect(await store.verify()).toMatchObject({ ok: true, events: 21 });
      const replayed = await store.replay();
      for (const subject of ['p0', 'p1', 'p2', 'p3']) {
        const ref = store.subjectRef(subject) as string;
        const at = new Date(Date.now() + 1000);
        expect(store.checkRef(ref, 'recommend', at)).toEqual(store.checkRef(ref, 'recommend', at, replayed));
      }
    } finally {
      await store.close();
    }
  });
});

describe('reading binary COPY rows as they stream in', () => {
  /** A binary COPY stream: header, rows of text fields (null for NULL), trailer. */
  function copyStream(rows: (string | null)[][]): Buffer {
    const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
    const tuples = rows.map((fields) => {
      const count = Buffer.alloc(2);
      count.writeInt16BE(fields.length);
      const parts = fields.map((field) => {
        const length = Buffer.alloc(4);
        if (field === null) {
          length.writeInt32BE(-1);
          return length;
        }
        const bytes = Buffer.from(field, 'utf8');
        length.writeInt32BE(bytes.length);
        return Buffer.concat([length, bytes]);
      });
      return Buffer.concat([count, ...parts]);
    });
    return Buffer.concat([header, ...tuples, Buffer.from([0xff, 0xff])]);
  }

  /** Backend messages: the COPY data in CopyData ('d') messages of `size` bytes, then an optional error. */
  function messages(data: Buffer, size: number, error?: string): Buffer {
    const parts: Buffer[] = [];
    for (let at = 0; at < data.length; at += size) {
      const piece = data.subarray(at, at + size);
      const head = Buffer.alloc(5);
      head[0] = 0x64;
      head.writeInt32BE(4 + piece.length, 1);
      parts.push(head, piece);
    }
    if (error !== undefined) {
      const fields = Buffer.from(`SERROR\0M${error}\0\0`, 'utf8');
      const head = Buffer.alloc(5);
      head[0] = 0x45;
      head.writeInt32BE(4 + fields.length, 1);
      parts.push(head, fields);
    }
    return Buffer.concat(parts);
  }

  const rows = [
    ['1', '隐私', null],
    ['22', '', 'x\ty'],
  ];

  function collector() {
    const seen: (string | null)[][] = [];
    const visit = (bytes: Buffer, fields: Int32Array) => {
      const row: (string | null)[] = [];
      for (let i = 0; i < fields.length; i += 2) {
        row.push(fields[i] === -1 ? null : bytes.toString('utf8', fields[i], fields[i + 1]));
      }
      seen.push(row);
    };
    return { seen, visit };
  }

  it('finds every field whatever the piece and message boundaries', async () => {
    const { CopyOutReader, CopyRowReader } = await import('../src/storage/wire-rows.js');
    const data = copyStream(rows);
    for (const size of [1, 7, data.length]) {
      const stream = messages(data, size);
      for (let cut = 0; cut <= stream.length; cut += 1) {
        const { seen, visit } = collector();
        const copy = new CopyRowReader(3, visit);
        const reader = new CopyOutReader((bytes, start, end) => copy.push(bytes, start, end));
        reader.push(stream.subarray(0, cut));
        reader.push(stream.subarray(cut));
        reader.finish();
        copy.finish();
        expect(seen).toEqual(rows);
      }
    }
  });

  it('reports a server error, a stream cut short and a row of the wrong width', async () => {
    const { CopyOutReader, CopyRowReader } = await import('../src/storage/wire-rows.js');
    const data = copyStream(rows);
    const failing = new CopyOutReader(() => undefined);
    failing.push(messages(data.subarray(0, 30), 30, 'relation "x" does not exist'));
    expect(() => failing.finish()).toThrow(/relation "x" does not exist/);
    const short = new CopyRowReader(3, () => undefined);
    short.push(data.subarray(0, data.length - 3));
    expect(() => short.finish()).toThrow(/ended inside a row/);
    expect(() => new CopyRowReader(2, () => undefined).push(data)).toThrow(/unexpected number of columns/);
  });

  it('verifies the same from a COPY read elsewhere, in pieces of any size', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { ChainVerifier, ConsentStore, verifyRowsSql } = await import('../src/index.js');
    const db = new PGlite();
    const store = await ConsentStore.open({
      subjectSecret: 'a-test-subject-secret-of-32-bytes-or-more',
      storage: { backend: 'pglite', instance: db },
    });
    try {
      await store.publishPolicy(samplePolicy());
      await store.record({ type: 'policy', subject: 'alice', decision: 'agreed', method: 'tap' });
      const result = await db.query(`COPY (${verifyRowsSql}) TO '/dev/blob' WITH (FORMAT binary)`);
      const copy = Buffer.from(await (result.blob as Blob).arrayBuffer());
      for (const size of [1, 13, copy.length]) {
        const verifier = new ChainVerifier();
        for (let at = 0; at < copy.length; at += size) verifier.pushCopy(copy.subarray(at, at + size));
        verifier.finish();
        expect({ problems: verifier.problems, events: verifier.count, head: verifier.head }).toEqual({
          problems: [],
          events: 2,
          head: store.head(),
        });
      }
    } finally {
      await store.close();
      await db.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { ConsentError } from './errors.js';
import { keyedHash } from './hashing.js';
import type { SqlClient, SqlTransaction } from './storage/sql-client.js';

export interface SubjectKey {
  lookup: string;
  subjectRef: string;
  key: Uint8Array;
}

interface KeyRow extends Record<string, unknown> {
  lookup: string;
  subject_ref: string;
  key: Uint8Array;
}

/**
 * Subjects appear in the ledger only as HMAC(subject key, identifier). The per-subject key sits in
 * its own table, found by HMAC(processor secret, identifier); destroying it (crypto-shredding)
 * leaves the ledger intact but unlinkable to the person.
 */
export class SubjectKeys {
  private readonly byLookup = new Map<string, SubjectKey>();
  /** Identifier → key, filled as subjects are met, so hot paths skip the HMAC; in memory only. */
  private readonly byIdentifier = new Map<string, SubjectKey>();

  constructor(
    private readonly client: SqlClient,
    private readonly secret: Uint8Array,
  ) {}

  lookupOf(subjectId: string): string {
    return keyedHash(this.secret, subjectId);
  }

  /** Loads every live key; check() then needs no database round trip. */
  async load(): Promise<void> {
    const rows = await this.client.query<KeyRow>('SELECT lookup, subject_ref, key FROM consent_subject_keys');
    this.byLookup.clear();
    this.byIdentifier.clear();
    for (const row of rows) {
      this.byLookup.set(row.lookup, {
        lookup: row.lookup,
        subjectRef: row.subject_ref,
        key: new Uint8Array(row.key),
      });
    }
  }

  /** The cached key, without touching the database. */
  known(subjectId: string): SubjectKey | undefined {
    const hit = this.byIdentifier.get(subjectId);
    if (hit) return hit;
    const key = this.byLookup.get(this.lookupOf(subjectId));
    if (key) this.byIdentifier.set(subjectId, key);
    return key;
  }

  /** The key for a subject, creating it inside `tx` when the subject is new. */
  async resolve(tx: SqlTransaction, subjectId: string): Promise<SubjectKey> {
    const { keys } = await this.resolveAll(tx, [subjectId]);
    return keys.get(subjectId) as SubjectKey;
  }

  /**
   * Keys for many subjects: cached ones from memory, the rest created inside `tx` in one INSERT
   * and read back in one SELECT (another writer may have created some first). `fresh` lists the
   * keys read from the database, to remember only after the transaction commits.
   */
  async resolveAll(
    tx: SqlTransaction,
    subjectIds: readonly string[],
  ): Promise<{ keys: Map<string, SubjectKey>; fresh: SubjectKey[] }> {
    const keys = new Map<string, SubjectKey>();
    const missing = new Map<string, string>();
    for (const id of subjectIds) {
      if (keys.has(id) || missing.has(id)) continue;
      const cached = this.known(id);
      if (cached) keys.set(id, cached);
      else missing.set(id, this.lookupOf(id));
    }
    if (missing.size === 0) return { keys, fresh: [] };
    const lookups: string[] = [];
    const refs: string[] = [];
    const secrets: string[] = [];
    for (const [id, lookup] of missing) {
      const fresh = randomBytes(32);
      lookups.push(lookup);
      refs.push(keyedHash(fresh, id));
      secrets.push(fresh.toString('hex'));
    }
    await tx.query(
      `INSERT INTO consent_subject_keys (lookup, subject_ref, key)
         SELECT lookup, ref, decode(secret, 'hex')
           FROM unnest($1::text[], $2::text[], $3::text[]) AS fresh(lookup, ref, secret)
         ON CONFLICT (lookup) DO NOTHING`,
      [lookups, refs, secrets],
    );
    const rows = await tx.query<KeyRow>(
      'SELECT lookup, subject_ref, key FROM consent_subject_keys WHERE lookup = ANY($1::text[])',
      [lookups],
    );
    const byLookup = new Map(rows.map((row) => [row.lookup, row]));
    const fresh: SubjectKey[] = [];
    for (const [id, lookup] of missing) {
      const row = byLookup.get(lookup);
      if (!row) throw new ConsentError('STORAGE', 'a subject key was not stored');
      const key = { lookup, subjectRef: row.subject_ref, key: new Uint8Array(row.key) };
      keys.set(id, key);
      fresh.push(key);
    }
    return { keys, fresh };
  }

  remember(key: SubjectKey): void {
    this.byLookup.set(key.lookup, key);
  }

  /** A keyed hash of a related identifier (a guardian), shredded together with the subject's key. */
  relatedRef(key: SubjectKey, kind: string, identifier: string): string {
    return keyedHash(key.key, `${kind}:${identifier}`);
  }

  async destroy(tx: SqlTransaction, key: SubjectKey): Promise<void> {
    await tx.query('DELETE FROM consent_subject_keys WHERE lookup = $1', [key.lookup]);
  }

  forget(key: SubjectKey): void {
    this.byLookup.delete(key.lookup);
    for (const [identifier, cached] of this.byIdentifier) {
      if (cached.lookup === key.lookup) this.byIdentifier.delete(identifier);
    }
  }
}

import { randomBytes } from 'node:crypto';
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
    const cached = this.known(subjectId);
    if (cached) return cached;
    const lookup = this.lookupOf(subjectId);
    const fresh = randomBytes(32);
    const ref = keyedHash(fresh, subjectId);
    await tx.query(
      'INSERT INTO consent_subject_keys (lookup, subject_ref, key) VALUES ($1, $2, $3) ON CONFLICT (lookup) DO NOTHING',
      [lookup, ref, fresh],
    );
    const [row] = await tx.query<KeyRow>(
      'SELECT lookup, subject_ref, key FROM consent_subject_keys WHERE lookup = $1',
      [lookup],
    );
    const key = { lookup, subjectRef: row?.subject_ref ?? ref, key: new Uint8Array(row?.key ?? fresh) };
    // Cached only after commit by the caller: a rolled-back key must not be remembered.
    return key;
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

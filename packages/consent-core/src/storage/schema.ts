import type { SqlClient } from './sql-client.js';

/**
 * Tables of one consent store. The ledger is append-only twice over: a trigger refuses UPDATE and
 * DELETE, and the hash chain makes any change that bypasses the trigger visible to verify().
 * Subject keys live apart so erasure can delete them without touching the ledger.
 */
const schemaSql = `
CREATE TABLE IF NOT EXISTS consent_ledger (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  type text NOT NULL,
  subject_ref text,
  body text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX IF NOT EXISTS consent_ledger_subject_idx ON consent_ledger (subject_ref, seq);
CREATE TABLE IF NOT EXISTS consent_subject_keys (
  lookup text PRIMARY KEY,
  subject_ref text NOT NULL UNIQUE,
  key bytea NOT NULL
);
CREATE OR REPLACE FUNCTION consent_ledger_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'consent_ledger is append-only';
END;
$$ LANGUAGE plpgsql;
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE t.tgname = 'consent_ledger_no_change' AND c.relnamespace = current_schema()::regnamespace
  ) THEN
    CREATE TRIGGER consent_ledger_no_change BEFORE UPDATE OR DELETE ON consent_ledger
      FOR EACH ROW EXECUTE FUNCTION consent_ledger_append_only();
  END IF;
END
$$;
`;

export async function ensureSchema(client: SqlClient): Promise<void> {
  await client.exec(schemaSql);
}

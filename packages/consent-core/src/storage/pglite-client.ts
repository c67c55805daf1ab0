import { PGlite } from '@electric-sql/pglite';
import { z } from 'zod';
import type { SqlClient } from './sql-client.js';

export const pgliteOptionsSchema = z.object({
  backend: z.literal('pglite'),
  /** A directory to keep the database in; in memory when absent. */
  dataDir: z.string().min(1).optional(),
  /** An already open PGlite to share (tests, apps that use PGlite themselves). */
  instance: z.instanceof(PGlite).optional(),
  /** PostgreSQL schema holding the tables, so several stores can share one database. */
  schema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('public'),
});
export type PgliteOptions = z.input<typeof pgliteOptionsSchema>;

export async function openPglite(options: z.output<typeof pgliteOptionsSchema>): Promise<SqlClient> {
  const owned = options.instance === undefined;
  const db = options.instance ?? (options.dataDir ? new PGlite(options.dataDir) : new PGlite());
  await db.waitReady;
  // PGlite has one connection; every statement of this store runs after this search_path.
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${options.schema}; SET search_path TO ${options.schema}`);
  const setPath = `SET search_path TO ${options.schema}`;
  const shared = !owned;
  return {
    engine: 'pglite',
    async query(sql, params) {
      if (shared) await db.exec(setPath);
      return (await db.query(sql, params)).rows as never;
    },
    async exec(sql) {
      if (shared) await db.exec(setPath);
      await db.exec(sql);
    },
    async transaction(work) {
      if (shared) await db.exec(setPath);
      return db.transaction((tx) =>
        work({ query: async (sql, params) => (await tx.query(sql, params)).rows as never }),
      );
    },
    async close() {
      if (owned) await db.close();
    },
  };
}

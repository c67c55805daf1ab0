import { PGlite } from '@electric-sql/pglite';
import { z } from 'zod';
import type { SqlClient } from './sql-client.js';
import { CopyOutReader, simpleQuery } from './wire-rows.js';

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

/**
 * The schema each PGlite instance was last switched to by a store. A shared instance has one
 * connection, so a store must set its search_path before its statements, but only when another
 * store switched it away (apps sharing an instance must not change search_path themselves).
 */
const activeSchema = new WeakMap<PGlite, string>();

export async function openPglite(options: z.output<typeof pgliteOptionsSchema>): Promise<SqlClient> {
  const owned = options.instance === undefined;
  const db = options.instance ?? (options.dataDir ? new PGlite(options.dataDir) : new PGlite());
  await db.waitReady;
  const schema = options.schema;
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  activeSchema.set(db, schema);
  const useSchema = async () => {
    if (activeSchema.get(db) === schema) return;
    await db.exec(`SET search_path TO ${schema}`);
    activeSchema.set(db, schema);
  };
  return {
    engine: 'pglite',
    async query(sql, params) {
      await useSchema();
      return (await db.query(sql, params)).rows as never;
    },
    async exec(sql) {
      await useSchema();
      await db.exec(sql);
    },
    async transaction(work) {
      await useSchema();
      return db.transaction((tx) =>
        work({ query: async (sql, params) => (await tx.query(sql, params)).rows as never }),
      );
    },
    async copyOut(select, sink) {
      await useSchema();
      // PGlite's row objects cost more than the query: read the wire messages as they are produced.
      // Inside a transaction of our own, so the statement never lands in another store's open one.
      await db.transaction(() =>
        db.runExclusive(async () => {
          const reader = new CopyOutReader(sink);
          await db.execProtocolRawStream(simpleQuery(`COPY (${select}) TO STDOUT (FORMAT binary)`), {
            syncToFs: false,
            onRawData: (chunk) => reader.push(chunk),
          });
          reader.finish();
        }),
      );
    },
    async close() {
      if (owned) await db.close();
    },
  };
}

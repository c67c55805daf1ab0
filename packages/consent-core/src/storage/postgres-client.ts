import pg from 'pg';
import { z } from 'zod';
import { ConsentError } from '../errors.js';
import type { CopySink, SqlClient } from './sql-client.js';

export const postgresOptionsSchema = z.object({
  backend: z.literal('postgres'),
  url: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection string'),
  schema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('public'),
  poolSize: z.number().int().min(1).max(100).default(4),
});
export type PostgresOptions = z.input<typeof postgresOptionsSchema>;

// bigint columns come back as JS numbers: ledger sequence numbers stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openPostgres(options: z.output<typeof postgresOptionsSchema>): Promise<SqlClient> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    options: `-c search_path=${options.schema}`,
  });
  // An idle client losing its server must not crash the host process.
  pool.on('error', () => undefined);
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  return {
    engine: 'postgres',
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(work) {
      const client = await pool.connect();
      // Statements may be issued without waiting for the previous one (the ledger sends an INSERT
      // and goes on hashing); they are chained here so the connection sees one at a time.
      let last: Promise<unknown> = client.query('BEGIN');
      const query = <Row extends Record<string, unknown>>(sql: string, params?: unknown[]) => {
        const next = last.then(() => client.query<Row>(sql, params));
        last = next.catch(() => undefined);
        return next.then((result) => result.rows);
      };
      try {
        await last;
        const result = await work({ query });
        await last;
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await last.catch(() => undefined);
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async copyOut(select, sink) {
      const client = await pool.connect();
      try {
        await new Promise<void>((resolve, reject) => {
          client.query(
            new CopyOut(`COPY (${select}) TO STDOUT (FORMAT binary)`, sink, (error) =>
              error ? reject(readFailure(error)) : resolve(),
            ),
          );
        });
      } finally {
        // A sink that threw still lets the COPY run to its end, so the connection is clean again.
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** A server's error as the same typed error PGlite's reads raise; the reader's own pass through. */
function readFailure(error: Error): Error {
  return error instanceof ConsentError
    ? error
    : new ConsentError('STORAGE', `ledger read failed: ${error.message}`);
}

/**
 * A COPY TO STDOUT run through `pg`'s own connection: its data messages go to `sink` as they are
 * parsed, without the row objects a query builds.
 */
class CopyOut implements pg.Submittable {
  private failure: Error | undefined;
  private settled = false;

  constructor(
    private readonly sql: string,
    private readonly sink: CopySink,
    private readonly done: (error?: Error) => void,
  ) {}

  submit(connection: pg.Connection): void {
    connection.query(this.sql);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.failure) return;
    try {
      this.sink(message.chunk, 0, message.chunk.length);
    } catch (error) {
      this.failure = error as Error;
    }
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.settle(this.failure);
  }

  /** A server error ends the statement here: pg sends no ReadyForQuery to this object after it. */
  handleError(error: Error): void {
    this.settle(this.failure ?? error);
  }

  private settle(error: Error | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.done(error);
  }
}

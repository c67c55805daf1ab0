/** The little of PostgreSQL the ledger needs, so PGlite and a `pg` server run the same SQL. */
export interface SqlClient {
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements without parameters (schema setup). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /**
   * Streams a query's rows as they are produced, handing each one's columns to `visit` as byte
   * ranges of UTF-8 text (see DataRowReader), without building row objects. Engines that cannot
   * stream leave it out.
   */
  streamRows?(
    sql: string,
    columns: number,
    visit: (bytes: Buffer, fields: Int32Array) => void,
  ): Promise<void>;
  close(): Promise<void>;
  /** Which engine answers, for reports and benchmarks. */
  readonly engine: 'pglite' | 'postgres';
}

export interface SqlTransaction {
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

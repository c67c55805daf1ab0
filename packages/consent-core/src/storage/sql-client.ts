/** The little of PostgreSQL the ledger needs, so PGlite and a `pg` server run the same SQL. */
export interface SqlClient {
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements without parameters (schema setup). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /**
   * Streams a query whose rows are one text column, handing each row's UTF-8 bytes to `visit` as
   * they are produced, without building row objects. Engines that cannot stream leave it out.
   */
  streamText?(sql: string, visit: (bytes: Uint8Array, start: number, end: number) => void): Promise<void>;
  close(): Promise<void>;
  /** Which engine answers, for reports and benchmarks. */
  readonly engine: 'pglite' | 'postgres';
}

export interface SqlTransaction {
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

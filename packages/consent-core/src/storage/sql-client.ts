/** Receives a binary COPY in pieces: `bytes[start, end)`, memory the sender reuses once it returns. */
export type CopySink = (bytes: Buffer, start: number, end: number) => void;

/** The little of PostgreSQL the ledger needs, so PGlite and a `pg` server run the same SQL. */
export interface SqlClient {
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements without parameters (schema setup). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /**
   * Runs `COPY (<select>) TO STDOUT (FORMAT binary)` and hands its data to `sink` as it arrives.
   */
  copyOut(select: string, sink: CopySink): Promise<void>;
  close(): Promise<void>;
  /** Which engine answers, for reports and benchmarks. */
  readonly engine: 'pglite' | 'postgres';
}

export interface SqlTransaction {
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

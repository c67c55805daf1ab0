import { z } from 'zod';
import { ConsentError } from '../errors.js';
import { openPglite, pgliteOptionsSchema } from './pglite-client.js';
import { openPostgres, postgresOptionsSchema } from './postgres-client.js';
import type { SqlClient } from './sql-client.js';

/** Storage backends by name; each validates its own options. */
const backends = {
  pglite: { schema: pgliteOptionsSchema, open: openPglite },
  postgres: { schema: postgresOptionsSchema, open: openPostgres },
} as const;

export type BackendName = keyof typeof backends;
export const backendNames = Object.keys(backends) as BackendName[];

export type StorageOptions = z.input<typeof pgliteOptionsSchema> | z.input<typeof postgresOptionsSchema>;

export async function openStorage(options: StorageOptions): Promise<SqlClient> {
  const name = (options as { backend?: unknown }).backend;
  if (typeof name !== 'string' || !(name in backends)) {
    throw new ConsentError(
      'UNKNOWN_STRATEGY',
      `unknown storage backend ${JSON.stringify(name)}; valid: ${backendNames.join(', ')}`,
    );
  }
  const backend = backends[name as BackendName];
  const parsed = backend.schema.safeParse(options);
  if (!parsed.success) {
    throw new ConsentError('INVALID_INPUT', `invalid ${name} options: ${z.prettifyError(parsed.error)}`);
  }
  return (backend.open as (o: unknown) => Promise<SqlClient>)(parsed.data);
}

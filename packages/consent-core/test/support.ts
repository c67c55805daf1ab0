import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { ConsentStore, type ConsentStoreOptions } from '../src/index.js';

export { samplePolicy } from './support-policy.js';

export const backends = ['pglite', 'postgres'] as const;
export type Backend = (typeof backends)[number];

let sharedPglite: PGlite | undefined;

/** Starts the file's PGlite (seconds of WebAssembly start-up on a busy machine) outside test timeouts. */
export async function warmPglite(): Promise<void> {
  sharedPglite ??= new PGlite();
  await sharedPglite.waitReady;
}

/** Milliseconds a beforeAll hook may take to start PGlite. */
export const startupTimeout = 120_000;

/** A store in a schema of its own, on one shared PGlite per test file or on the test server. */
export async function openTestStore(
  backend: Backend,
  options: Partial<Omit<ConsentStoreOptions, 'storage'>> & { schema?: string } = {},
): Promise<ConsentStore> {
  const schema = options.schema ?? `t_${randomBytes(6).toString('hex')}`;
  if (backend === 'pglite') sharedPglite ??= new PGlite();
  const storage =
    backend === 'pglite'
      ? { backend: 'pglite' as const, instance: sharedPglite, schema }
      : { backend: 'postgres' as const, url: inject('postgresUrl'), schema, poolSize: 2 };
  return ConsentStore.open({ subjectSecret: 'test-secret-that-is-at-least-32-bytes!!', ...options, storage });
}

/** A settable clock so tests move time explicitly. */
export function testClock(start: string) {
  let now = new Date(start).getTime();
  return {
    clock: () => new Date(now),
    set: (iso: string) => {
      now = new Date(iso).getTime();
    },
    advanceHours: (hours: number) => {
      now += hours * 3_600_000;
    },
  };
}

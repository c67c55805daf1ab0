import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ConsentStore } from '../src/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Starts the writer and resolves with its acknowledgements once it has been killed mid-stream. */
function runAndKill(
  args: string[],
  acksBeforeKill: number,
): Promise<{ acks: { seq: number; hash: string }[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    // Node itself with the tsx loader, not the tsx CLI: the CLI runs the script in a child process
    // of its own, which SIGKILL of the CLI would leave running (and writing) behind the test's back.
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'crash-writer.ts'), ...args],
      { cwd: join(here, '..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acks: { seq: number; hash: string }[] = [];
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const [word, seq, hash] = line.split(' ');
      if (word !== 'ack') return;
      acks.push({ seq: Number(seq), hash: hash as string });
      // SIGKILL: no handler runs, no transaction gets a chance to finish cleanly.
      if (acks.length === acksBeforeKill) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ acks, signal });
      else reject(new Error(`writer exited with ${code} before it was killed: ${stderr.slice(-2000)}`));
    });
  });
}

async function assertSurvived(store: ConsentStore, acks: { seq: number; hash: string }[]) {
  const report = await store.verify();
  expect(report.problems).toEqual([]);
  const last = acks.at(-1) as { seq: number; hash: string };
  expect(report.head.seq).toBeGreaterThanOrEqual(last.seq);
  // Every acknowledged event is there with the hash the writer saw: verify() from that anchor.
  for (const ack of acks) expect((await store.verify({ anchor: ack })).ok).toBe(true);
}

describe('a writer killed mid-batch', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged event on a PostgreSQL server', async () => {
    const url = inject('postgresUrl');
    const schema = `crash_${randomBytes(4).toString('hex')}`;
    const { acks } = await runAndKill(['postgres', url, schema], 8);
    expect(acks.length).toBeGreaterThanOrEqual(8);
    const store = await ConsentStore.open({
      subjectSecret: 'crash-test-secret-at-least-32-bytes!',
      storage: { backend: 'postgres', url, schema },
    });
    try {
      await assertSurvived(store, acks);
      // The store keeps working after the crash: the next append chains onto the survivor head.
      await store.record({ type: 'policy', subject: 'after-crash', decision: 'shown' });
      expect((await store.verify()).ok).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('loses no acknowledged event in a PGlite data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'piplkit-consent-crash-'));
    dirs.push(dir);
    const { acks } = await runAndKill(['pglite', dir], 3);
    const store = await ConsentStore.open({
      subjectSecret: 'crash-test-secret-at-least-32-bytes!',
      storage: { backend: 'pglite', dataDir: dir },
    });
    try {
      await assertSurvived(store, acks);
      await store.record({ type: 'policy', subject: 'after-crash', decision: 'shown' });
      expect((await store.verify()).ok).toBe(true);
    } finally {
      await store.close();
    }
  }, 180_000);
});

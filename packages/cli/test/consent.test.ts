import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createProgram } from '../src/program.js';

/** Runs `piplkit …` in-process and returns what it printed and the exit code it set. */
async function piplkit(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  process.exitCode = 0;
  try {
    await createProgram().parseAsync(['node', 'piplkit', ...args]);
    return { out, err, code: Number(process.exitCode ?? 0) };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = 0;
  }
}

/** Runs `piplkit …` expecting commander's usage error for a bad option value; returns its stderr. */
async function usageError(...args: string[]): Promise<string> {
  let err = '';
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    await expect(createProgram().parseAsync(['node', 'piplkit', ...args])).rejects.toMatchObject({
      name: 'CommanderError',
      code: 'commander.invalidArgument',
    });
  } finally {
    stderr.mockRestore();
  }
  return err;
}

describe('piplkit consent deadline', () => {
  it('prints the due date in Chinese working days, counting from the next day', async () => {
    expect(await piplkit('consent', 'deadline', '--from', '2026-02-10', '--working-days', '15')).toEqual({
      out: '2026-03-09\n',
      err: '',
      code: 0,
    });
  });

  it('exits 3 when the period runs past the published calendar', async () => {
    const result = await piplkit('consent', 'deadline', '--from', '2026-12-20', '--working-days', '15');
    expect(result.code).toBe(3);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/2027.*no State Council holiday notice.*--provisional/);
  });

  it.each(['abc', '12abc', '1.5', '0', '-3', ''])(
    'refuses --working-days %j with a typed usage error naming the option',
    async (days) => {
      const err = await usageError('consent', 'deadline', '--from', '2026-02-10', '--working-days', days);
      expect(err).toMatch(/option '--working-days <n>' argument .* is invalid\. expected a whole number/);
    },
  );

  it('prints the flagged conservative date with --provisional', async () => {
    const result = await piplkit(
      'consent',
      'deadline',
      '--from',
      '2026-12-20',
      '--working-days',
      '15',
      '--provisional',
    );
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^2027-01-08 \(provisional: no State Council notice for 2027 yet/);
  });
});

describe('piplkit consent verify', () => {
  it.each(['abc', 'x:y', '12', '12:', ':' + 'a'.repeat(64), '-1:' + 'a'.repeat(64), '3:' + 'A'.repeat(64)])(
    'refuses verify --anchor %j instead of verifying without the anchor',
    async (anchor) => {
      const err = await usageError('consent', 'verify', '--anchor', anchor);
      expect(err).toMatch(/option '--anchor <seq:hash>' argument .* is invalid\. expected <seq>:<hash>/);
    },
  );
});

describe('piplkit consent on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'piplkit-cli-consent-'));
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('initialises, publishes a policy, records, checks, verifies and exports', async () => {
    const base = ['consent', '--data-dir', dir];
    expect((await piplkit(...base, 'init')).out).toMatch(/consent store ready \(pglite\)/);
    const policyFile = join(dir, 'policy.json');
    writeFileSync(
      policyFile,
      JSON.stringify({
        version: '1.0',
        effectiveFrom: '2026-01-01T00:00:00+08:00',
        material: true,
        processor: { name: '示例科技', contact: 'privacy@example.cn' },
        text: '隐私政策',
        categories: [{ id: 'device', name: '设备信息', sensitive: false }],
        purposes: [{ id: 'recommend', name: '个性化推荐', legalBasis: 'consent', categories: ['device'] }],
      }),
    );
    expect(JSON.parse((await piplkit(...base, 'policy', 'publish', policyFile)).out)).toMatchObject({
      version: '1.0',
    });
    const denied = await piplkit(...base, 'check', 'u1', 'recommend');
    expect(denied.code).toBe(1);
    expect(JSON.parse(denied.out)).toMatchObject({ allowed: false, reason: 'unknown_subject' });
    await piplkit(
      ...base,
      'record',
      '--subject',
      'u1',
      '--type',
      'policy',
      '--decision',
      'agreed',
      '--method',
      'tap',
    );
    const allowed = await piplkit(...base, 'check', 'u1', 'recommend');
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.out)).toMatchObject({ allowed: true, reason: 'policy_agreed' });
    const verified = JSON.parse((await piplkit(...base, 'verify')).out);
    expect(verified).toMatchObject({ ok: true, events: 2 });
    const { seq, hash } = verified.head as { seq: number; hash: string };
    const anchored = await piplkit(...base, 'verify', '--anchor', `${seq}:${hash}`);
    expect([anchored.code, JSON.parse(anchored.out).ok]).toEqual([0, true]);
    const forged = await piplkit(...base, 'verify', '--anchor', `${seq}:${'0'.repeat(64)}`);
    expect([forged.code, JSON.parse(forged.out).ok]).toEqual([1, false]);
    const receipts = JSON.parse((await piplkit(...base, 'export', 'u1')).out);
    expect(receipts).toEqual([
      expect.objectContaining({ status: 'given', structure: 'ISO/IEC TS 27560:2023' }),
    ]);
    const filed = JSON.parse(
      (await piplkit(...base, 'requests', 'file', '--subject', 'u1', '--kind', 'access')).out,
    );
    expect(filed).toMatchObject({ kind: 'access', state: 'received' });
    expect(JSON.parse((await piplkit(...base, 'requests', 'list')).out)).toHaveLength(1);
  }, 180_000);
});

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { staticKeyProvider } from '@piplkit/pii-redaction';
import { describe, expect, it } from 'vitest';
import { listInputFiles, runRedact } from '../src/commands/redact.js';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { stream, text: () => text };
}

const log = '2026-11-23 08:00:00 INFO 用户 身份证号 11010519491231002X 手机 13812345678\n';

describe('piplkit redact', () => {
  it('masks stdin to stdout with the display policy by default', async () => {
    const out = collect();
    const count = await runRedact([], {}, { stdin: Readable.from([log]), stdout: out.stream });
    expect(count).toBe(2);
    expect(out.text()).toBe('2026-11-23 08:00:00 INFO 用户 身份证号 1****************X 手机 138****5678\n');
  });

  it('reports findings with place and reasons but never the values', async () => {
    const out = collect();
    await runRedact([], { report: true }, { stdin: Readable.from([log]), stdout: out.stream });
    const lines = out.text().trim().split('\n');
    const idColumn = log.indexOf('11010519491231002X') + 1;
    const mobileColumn = log.indexOf('13812345678') + 1;
    expect(lines).toEqual([
      `1:${idColumn} resident-id 0.99 pattern=17 digits + check validators=province-code,birth-date,mod11-2 context=身份证号`,
      `1:${mobileColumn} mobile 0.98 pattern=11 digits validators=mobile-range context=手机`,
    ]);
    expect(out.text()).not.toContain('13812345678');
    expect(out.text()).not.toContain('11010519491231002X');
  });

  it('redacts JSON documents and NDJSON with field hints', async () => {
    const out = collect();
    const input = '{"mobile":"13812345678"}\n{"idCard":"11010519491231002X","n":1}\n';
    await runRedact(
      [],
      { json: true, policy: 'redact' },
      { stdin: Readable.from([input]), stdout: out.stream },
    );
    expect(out.text()).toBe('{"mobile":"[手机号]"}\n{"idCard":"[身份证号]","n":1}\n');
  });

  it('walks directories and writes redacted copies with a keyed policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'piplkit-redact-'));
    mkdirSync(join(dir, 'in', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'in', 'a.log'), log);
    writeFileSync(join(dir, 'in', 'sub', 'b.log'), '手机 13812345678\n');
    expect(listInputFiles([join(dir, 'in')]).map((f) => f.file)).toEqual([
      join(dir, 'in', 'a.log'),
      join(dir, 'in', 'sub', 'b.log'),
    ]);
    const keyProvider = staticKeyProvider({ logs: new Uint8Array(32).fill(9) });
    const out = collect();
    const count = await runRedact(
      [join(dir, 'in')],
      { policy: 'pseudonymise', keyId: 'logs', outDir: join(dir, 'out') },
      { stdin: Readable.from([]), stdout: out.stream, keyProvider },
    );
    expect(count).toBe(3);
    const b = readFileSync(join(dir, 'out', 'sub', 'b.log'), 'utf8');
    expect(b).toMatch(/^手机 \[手机号#[0-9a-f]{16}\]\n$/);
    expect(readFileSync(join(dir, 'out', 'a.log'), 'utf8')).toContain(b.slice(3, -1));
  });

  it('asks for a key id for keyed policies and lists valid policies for an unknown one', async () => {
    const io = { stdin: Readable.from([]), stdout: collect().stream };
    await expect(runRedact([], { policy: 'pseudonymise' }, io)).rejects.toThrow(/--key-id/);
    await expect(runRedact([], { policy: 'blur' }, io)).rejects.toThrow(
      'unknown policy "blur"; valid: display, redact, pseudonymise, format-preserving',
    );
  });
});

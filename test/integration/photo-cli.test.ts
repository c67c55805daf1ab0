// The `piplkit photo` commands as other tools call them: exact shapes and exit codes.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixtureImagePath } from '../src/index.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const piplkit = (...args: string[]) => run(process.execPath, [bin, ...args]);
const fails = (...args: string[]) =>
  piplkit(...args).then(
    () => {
      throw new Error('expected a non-zero exit');
    },
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
const work = mkdtempSync(join(tmpdir(), 'piplkit-photo-'));

describe('piplkit photo', () => {
  it('specs --json lists the catalogue', async () => {
    const { stdout } = await piplkit('photo', 'specs', '--json');
    const ids = (JSON.parse(stdout) as { id: string }[]).map((spec) => spec.id);
    expect(ids).toContain('cn-idcard');
    expect(ids).toContain('us-passport');
  });

  it('make --json writes the photo and prints the report; check passes it (exit 0)', async () => {
    const out = join(work, 'idcard.jpg');
    const { stdout } = await piplkit(
      'photo',
      'make',
      fixtureImagePath('astronaut'),
      '--spec',
      'cn-idcard',
      '--out',
      out,
      '--json',
    );
    const report = JSON.parse(stdout) as { specId: string; pass: boolean; encoding: { bytes: number } };
    expect(report).toMatchObject({ specId: 'cn-idcard', pass: true });
    expect(readFileSync(out).length).toBe(report.encoding.bytes);
    const check = await piplkit('photo', 'check', out, '--spec', 'cn-idcard', '--json');
    expect(JSON.parse(check.stdout)).toMatchObject({ specId: 'cn-idcard', pass: true });
  });

  it('check exits 1 when a rule fails and 2 on an error', async () => {
    const failed = await fails('photo', 'check', fixtureImagePath('astronaut'), '--spec', 'cn-idcard');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^cn-idcard: FAIL/);
    const notImage = join(work, 'notes.jpg');
    writeFileSync(notImage, 'not an image');
    const broken = await fails('photo', 'check', notImage, '--spec', 'cn-idcard');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('not a JPEG, PNG or WebP image');
    expect((await fails('photo', 'check', notImage, '--spec', 'cn-nope')).code).toBe(2);
  });

  it('sheet lays the photo out on 6-inch paper', async () => {
    const photo = join(work, 'sheet-source.jpg');
    await piplkit('photo', 'make', fixtureImagePath('astronaut'), '--spec', 'cn-idcard', '--out', photo);
    const { stdout } = await piplkit(
      'photo',
      'sheet',
      photo,
      '--paper',
      '6inch',
      '--out',
      join(work, 'sheet.jpg'),
    );
    expect(stdout).toMatch(/12 copies \(3 × 4, portrait\)/);
  });

  it('batch makes every photo in a folder and writes a CSV report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'piplkit-batch-in-'));
    writeFileSync(join(dir, 'a.png'), readFileSync(fixtureImagePath('astronaut')));
    writeFileSync(join(dir, 'b.png'), readFileSync(fixtureImagePath('coffee')));
    const out = join(work, 'batch');
    const result = await fails(
      'photo',
      'batch',
      dir,
      '--spec',
      'cn-travel',
      '--out',
      out,
      '--report',
      join(out, 'report.csv'),
    );
    expect(result.code).toBe(1); // the coffee cup has no face
    expect(result.stdout).toMatch(/1\/2 made, 1 pass every rule/);
    const csv = readFileSync(join(out, 'report.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('file,ok,pass,output,bytes,quality,unmet,failedRules,errorCode,errorMessage');
    expect(csv[2]).toContain('ERR_NO_FACE');
  });
});

import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionError } from '@piplkit/native';
import { readFixtureImage } from '@piplkit/test-support';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { batchReportCsv, makeIdPhotoBatch } from '../src/index.js';

describe('makeIdPhotoBatch', () => {
  it('makes every photo, keeps same-named inputs apart and records failures without stopping', async () => {
    const input = mkdtempSync(join(tmpdir(), 'piplkit-batch-'));
    writeFileSync(join(input, 'a.png'), readFixtureImage('astronaut'));
    writeFileSync(join(input, 'a.jpg'), await sharp(readFixtureImage('astronaut')).jpeg().toBuffer());
    writeFileSync(join(input, 'cup.png'), readFixtureImage('coffee'));
    const outDir = join(input, 'out');
    const progress: number[] = [];
    const files = ['a.png', 'a.jpg', 'cup.png'].map((name) => join(input, name));
    const items = await makeIdPhotoBatch(files, 'cn-idcard', {
      outDir,
      concurrency: 2,
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([1, 2, 3]);
    expect(items.map((item) => item.output?.slice(outDir.length + 1))).toEqual([
      'a.jpg',
      expect.any(String),
      undefined,
    ]);
    expect(items[2]).toMatchObject({ ok: false, error: { code: 'ERR_NO_FACE' } });
    expect(readdirSync(outDir).filter((name) => name.startsWith('a'))).toHaveLength(
      items.filter((i) => i.ok && i.file.includes('/a.')).length,
    );
    expect(batchReportCsv(items).split('\n')[3]).toContain('ERR_NO_FACE');
  });

  it('refuses to write into the folder it reads from', async () => {
    const input = mkdtempSync(join(tmpdir(), 'piplkit-batch-'));
    writeFileSync(join(input, 'a.png'), readFixtureImage('astronaut'));
    await expect(
      makeIdPhotoBatch([join(input, 'a.png')], 'cn-idcard', { outDir: input }),
    ).rejects.toBeInstanceOf(InvalidOptionError);
  });
});

import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chineseSdkApk } from '../../sdk-inventory/test/support/fixtures.js';
import { createProgram } from '../src/program.js';

const dir = mkdtempSync(join(tmpdir(), 'piplkit-sdk-cli-'));
const apk = join(dir, 'idphoto.apk');
writeFileSync(apk, chineseSdkApk());
const annex = join(dir, 'policy.txt');
copyFileSync(new URL('../../sdk-inventory/test/fixtures/policy-annex.txt', import.meta.url), annex);

async function run(...args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await createProgram().parseAsync(['node', 'piplkit', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('piplkit sdk', () => {
  it('scan prints the SDKs with their evidence, or the result as JSON', async () => {
    const text = await run('sdk', 'scan', apk);
    expect(text).toContain('idphoto.apk (apk, com.example.idphoto)');
    expect(text).toContain(
      '- xiaomi-push: 小米推送SDK — 北京小米移动软件有限公司 [inside getui, jpush, tpns]',
    );
    expect(text).toContain('dex-class com.xiaomi.mipush.sdk ×1 in classes.dex');
    const json = JSON.parse(await run('sdk', 'scan', apk, '--json'));
    expect(json.kind).toBe('piplkit-sdk-scan');
    expect(json.findings).toHaveLength(14);
  });

  it('diff reads a saved scan and a policy text, lists issues and exits 1 on errors', async () => {
    const saved = join(dir, 'scan.json');
    writeFileSync(saved, await run('sdk', 'scan', apk, '--json'));
    const text = await run('sdk', 'diff', saved, annex);
    expect(text).toMatch(/^error\s+undeclared-sdk\s+小米推送SDK \(xiaomi-push/m);
    expect(text).toMatch(/^error\s+provider-outdated\s+.*北京锐讯灵通科技有限公司/m);
    expect(process.exitCode).toBe(1);
    const report = JSON.parse(await run('sdk', 'diff', apk, annex, '--json'));
    expect(report.counts.error).toBeGreaterThan(0);
  });

  it('lint checks a declared list without a scan', async () => {
    const text = await run('sdk', 'lint', annex);
    expect(text).toMatch(/^error\s+provider-outdated\s+"友盟统计"/m);
    expect(text).not.toContain('undeclared-sdk');
    expect(process.exitCode).toBe(1);
  });

  it('table writes every format from a scan or a declared list', async () => {
    const saved = join(dir, 'scan-for-table.json');
    writeFileSync(saved, await run('sdk', 'scan', apk, '--json'));
    expect(await run('sdk', 'table', saved, '--format', 'md')).toContain('| SDK名称 | 提供方 |');
    expect(await run('sdk', 'table', apk, '--format', 'html')).toContain('<th scope="col">隐私政策链接</th>');
    expect(await run('sdk', 'table', saved, '--format', 'xcprivacy')).toContain(
      '<key>NSPrivacyCollectedDataTypes</key>',
    );
    expect((await run('sdk', 'table', saved, '--format', 'datasafety')).split('\n')[0]).toMatch(
      /^Question ID/,
    );
    const declared = join(dir, 'declared.yaml');
    writeFileSync(declared, 'sdks:\n  - name: 极光推送\n    purpose: 消息推送\n');
    const rows = JSON.parse(await run('sdk', 'table', declared, '--format', 'json'));
    expect(rows[0]).toMatchObject({ sdkId: 'jpush', provider: '深圳市和讯华谷信息技术有限公司' });
    const fromPolicy = await run('sdk', 'table', annex, '--format', 'md');
    expect(fromPolicy).toContain('| mob分享 | 广州掌淘网络科技有限公司 |');
    // Any build file the scanner reads is scanned, not taken for a declared list.
    const project = join(dir, 'package.json');
    writeFileSync(project, JSON.stringify({ dependencies: { 'jpush-react-native': '3.1.0' } }));
    const fromBuildFile = JSON.parse(await run('sdk', 'table', project, '--format', 'json'));
    expect(fromBuildFile.map((row: { sdkId: string }) => row.sdkId)).toEqual(['jpush']);
  });

  it('refuses an unknown table format, naming the valid ones', async () => {
    let errors = '';
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      errors += String(chunk);
      return true;
    });
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => {
      throw new Error('exit');
    });
    // Commander either exits (mocked to throw) or, with exitOverride, throws a CommanderError.
    let thrown: unknown;
    try {
      await run('sdk', 'table', apk, '--format', 'pdf');
    } catch (error) {
      thrown = error;
    } finally {
      stderr.mockRestore();
      exit.mockRestore();
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(`${errors} ${(thrown as Error).message}`).toContain(
      'Allowed choices are md, html, json, xcprivacy, datasafety',
    );
  });
});

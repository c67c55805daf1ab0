// Runs the built `piplkit` binary as a user would (scripts/setup builds it).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

describe('piplkit binary', () => {
  it('doctor --json reports every check, the addon and OpenCV ok', async () => {
    const { stdout } = await run(process.execPath, [
      bin,
      'doctor',
      '--json',
      '--database-url',
      'postgres://127.0.0.1:1/x',
    ]);
    const checks = JSON.parse(stdout) as { name: string; state: string }[];
    const names = checks.map((check) => check.name);
    expect(names.slice(0, 3)).toEqual(['node', 'addon', 'opencv']);
    expect(names).toContain('model face_detection_short_range');
    expect(names.at(-1)).toBe('database');
    expect(checks.filter((check) => check.state === 'fail')).toEqual([]);
  });

  it('exits 2 with help on an unknown command', async () => {
    const error = await run(process.execPath, [bin, 'frobnicate']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown command 'frobnicate'") });
  });
});

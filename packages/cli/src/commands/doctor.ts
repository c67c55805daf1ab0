import { checkModels, modelManifest, versions } from '@piplkit/native';
import type { Command } from 'commander';
import pg from 'pg';

export type CheckState = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  name: string;
  state: CheckState;
  detail: string;
}

const minimumNode = [20, 12] as const;

function checkNode(): DoctorCheck {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > minimumNode[0] || (major === minimumNode[0] && minor >= minimumNode[1]);
  return {
    name: 'node',
    state: ok ? 'ok' : 'fail',
    detail: ok
      ? `Node.js ${process.versions.node}`
      : `Node.js ${process.versions.node}; piplkit needs ${minimumNode.join('.')} or newer`,
  };
}

function checkAddon(): DoctorCheck[] {
  try {
    const v = versions();
    return [
      { name: 'addon', state: 'ok', detail: `@piplkit/native ${v.addon} built, Node-API ${v.napi}` },
      { name: 'opencv', state: 'ok', detail: `OpenCV ${v.opencv}` },
    ];
  } catch (error) {
    const detail = (error as Error).message.split('\n').join('\n    ');
    return [
      { name: 'addon', state: 'fail', detail },
      { name: 'opencv', state: 'fail', detail: 'unknown: the addon that links OpenCV did not load' },
    ];
  }
}

function checkModelFiles(): DoctorCheck[] {
  if (modelManifest.length === 0) {
    return [{ name: 'models', state: 'ok', detail: 'the manifest lists no models yet; none needed' }];
  }
  return checkModels().map((status) => {
    const name = `model ${status.entry.id}`;
    switch (status.state) {
      case 'ok':
        return { name, state: 'ok', detail: `${status.entry.package}/${status.entry.file}, sha256 verified` };
      case 'missing':
        return { name, state: 'fail', detail: `missing: ${status.reason}` };
      case 'altered':
        return {
          name,
          state: 'fail',
          detail: `altered: sha256 ${status.actualSha256}, expected ${status.entry.sha256}`,
        };
    }
    return status satisfies never;
  });
}

/** Describes where a connection string points without its password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}

async function checkDatabase(databaseUrl: string | undefined): Promise<DoctorCheck> {
  const url = databaseUrl ?? 'postgres://localhost:5432/postgres';
  const where = describeDatabaseUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('show server_version');
    return {
      name: 'database',
      state: 'ok',
      detail: `PostgreSQL ${result.rows[0]?.server_version} at ${where}`,
    };
  } catch (error) {
    const code = (error as { code?: string }).code;
    // A server that answered with an authentication or missing-database error is still reachable.
    const answered = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
    return {
      name: 'database',
      state: 'warn',
      detail: answered
        ? `PostgreSQL at ${where} answered but refused the session (${code}); set DATABASE_URL`
        : `no PostgreSQL server reachable at ${where} (${code ?? 'no answer'}); consent-core will use embedded PGlite`,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function runDoctorChecks(
  options: { databaseUrl?: string | undefined } = {},
): Promise<DoctorCheck[]> {
  return [checkNode(), ...checkAddon(), ...checkModelFiles(), await checkDatabase(options.databaseUrl)];
}

const marks: Record<CheckState, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function renderDoctor(checks: readonly DoctorCheck[]): string {
  const width = Math.max(...checks.map((check) => check.name.length));
  return checks
    .map((check) => `[${marks[check.state]}] ${check.name.padEnd(width)}  ${check.detail}`)
    .join('\n');
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the native addon, OpenCV, models and database')
    .option('--json', 'print the checks as JSON')
    .option('--database-url <url>', 'PostgreSQL to check (default: $DATABASE_URL, else localhost:5432)')
    .action(async (options: { json?: boolean; databaseUrl?: string }) => {
      const checks = await runDoctorChecks({ databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL });
      process.stdout.write(
        options.json ? `${JSON.stringify(checks, null, 2)}\n` : `${renderDoctor(checks)}\n`,
      );
      if (checks.some((check) => check.state === 'fail')) process.exitCode = 1;
    });
}

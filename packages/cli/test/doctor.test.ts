import { describe, expect, it } from 'vitest';
import { describeDatabaseUrl } from '../src/commands/doctor.js';
import { renderDoctor, runDoctorChecks } from '../src/index.js';

describe('doctor', () => {
  it('finds the built addon and the OpenCV it links', async () => {
    const checks = await runDoctorChecks({ databaseUrl: 'postgres://127.0.0.1:1/none' });
    const byName = Object.fromEntries(checks.map((check) => [check.name, check]));
    expect(byName.node?.state).toBe('ok');
    expect(byName.addon).toMatchObject({ state: 'ok', detail: expect.stringMatching(/Node-API \d+/) });
    expect(byName.opencv).toMatchObject({ state: 'ok', detail: expect.stringMatching(/^OpenCV 4\./) });
    const models = checks.filter((check) => check.name.startsWith('model'));
    expect(models.length).toBeGreaterThan(0);
    for (const model of models) expect(model.state, model.name).toBe('ok');
  });

  it('reports an unreachable database as a warning that names the fallback', async () => {
    const checks = await runDoctorChecks({ databaseUrl: 'postgres://127.0.0.1:1/none' });
    const database = checks.find((check) => check.name === 'database');
    expect(database).toMatchObject({ state: 'warn', detail: expect.stringContaining('PGlite') });
    expect(database?.detail).toContain('127.0.0.1:1/none');
  });

  it('never prints the password of a connection string', () => {
    expect(describeDatabaseUrl('postgres://app:s3cret@db.internal:6543/consent')).toBe(
      'db.internal:6543/consent',
    );
  });

  it('renders one aligned line per check', () => {
    const text = renderDoctor([
      { name: 'node', state: 'ok', detail: 'Node.js 20' },
      { name: 'database', state: 'warn', detail: 'not reachable' },
    ]);
    expect(text.split('\n')).toEqual(['[ok  ] node      Node.js 20', '[warn] database  not reachable']);
  });
});

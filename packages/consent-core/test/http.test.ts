import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsentStore, createConsentHandler } from '../src/index.js';
import { openTestStore, samplePolicy, startupTimeout, testClock, warmPglite } from './support.js';

beforeAll(warmPglite, startupTimeout);

describe('HTTP handler', () => {
  let store: ConsentStore;
  let handle: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    const time = testClock('2026-03-02T02:00:00Z');
    store = await openTestStore('pglite', { clock: time.clock });
    await store.publishPolicy(samplePolicy());
    handle = createConsentHandler(store, {
      basePath: '/consent',
      authenticate: (request) => request.headers.get('x-test-user'),
    });
  }, startupTimeout);
  afterAll(async () => {
    await store?.close();
  });

  const call = async (method: string, path: string, body?: unknown, user: string | null = 'mei') => {
    const headers = new Headers({ 'content-type': 'application/json' });
    if (user) headers.set('x-test-user', user);
    const response = await handle(
      new Request(`http://app.test/consent${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, never> };
  };

  it('serves the policy in force and archived versions', async () => {
    const current = await call('GET', '/policy/current', undefined, null);
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({
      info: { version: '1.0', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect((await call('GET', '/policy/versions/1.0', undefined, null)).body).toMatchObject({
      version: '1.0',
    });
    expect((await call('GET', '/policy/versions/9.9', undefined, null)).body).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
  });

  it('records events for the signed-in subject only and answers my consents', async () => {
    const recorded = await call('POST', '/me/events', {
      events: [
        { type: 'policy', decision: 'agreed', method: 'tap' },
        { type: 'purpose', purpose: 'push', decision: 'agreed', method: 'toggle' },
      ],
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      recorded: [{ type: 'consent.policy' }, { type: 'consent.purpose' }],
    });
    const consents = await call('GET', '/me/consents');
    const byPurpose = Object.fromEntries(
      (consents.body as unknown as { purposes: { purpose: string; allowed: boolean }[] }).purposes.map(
        (p) => [p.purpose, p.allowed],
      ),
    );
    expect(byPurpose).toEqual({
      core: true,
      analytics: false,
      'face-upload': false,
      push: true,
      recommend: true,
    });
    expect(store.check('mei', 'push').allowed).toBe(true);
  });

  it('rejects invalid input with typed errors and field paths', async () => {
    const noMethod = await call('POST', '/me/events', { events: [{ type: 'policy', decision: 'agreed' }] });
    expect(noMethod.status).toBe(400);
    expect(noMethod.body).toMatchObject({ error: { code: 'INVALID_INPUT', issues: expect.any(Array) } });
    // A client cannot speak for someone else: the subject field is not part of the schema.
    const spoof = await call('POST', '/me/events', {
      events: [{ type: 'policy', subject: 'other', decision: 'shown' }],
    });
    expect(spoof.status).toBe(201);
    expect(store.subjectRef('other')).toBeUndefined();
    expect((await call('GET', '/me/consents', undefined, null)).status).toBe(401);
    expect((await call('DELETE', '/me/consents')).body).toMatchObject({
      error: { code: 'METHOD_NOT_ALLOWED' },
    });
    const tooSoon = await call('POST', '/me/events', {
      events: [
        { type: 'permission', permission: 'camera', decision: 'refused', platform: 'android' },
        { type: 'permission', permission: 'camera', decision: 'requested', platform: 'android' },
      ],
    });
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body).toMatchObject({ error: { code: 'ASKED_TOO_SOON' } });
  });

  it('files and tracks a rights request without exposing the pseudonym', async () => {
    const filed = await call('POST', '/me/requests', { kind: 'cancel_account' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ state: 'received', deadline: { workingDays: 15 } });
    expect(filed.body).not.toHaveProperty('subjectRef');
    const id = (filed.body as unknown as { id: string }).id;
    expect((await call('GET', `/me/requests/${id}`)).body).toMatchObject({ id, kind: 'cancel_account' });
    expect((await call('GET', `/me/requests/${id}`, undefined, 'someone-else')).status).toBe(404);
  });

  it('publishes an OpenAPI 3.1 document built from the validating schemas', async () => {
    const { body } = await call('GET', '/openapi.json', undefined, null);
    expect(body).toMatchObject({ openapi: '3.1.0', servers: [{ url: '/consent' }] });
    const doc = body as unknown as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toContain('/me/requests/{id}');
    expect(JSON.stringify(doc.components.schemas.FileRequest)).toContain('explain_automated_decision');
  });
});

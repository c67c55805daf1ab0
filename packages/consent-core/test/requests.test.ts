import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ConsentStore, executePurge, exportReceipts, planPurge } from '../src/index.js';
import {
  type Backend,
  backends,
  openTestStore,
  samplePolicy,
  startupTimeout,
  testClock,
  warmPglite,
} from './support.js';

beforeAll(warmPglite, startupTimeout);

describe.each(backends)('rights requests, receipts and retention on %s', (backend: Backend) => {
  let store: ConsentStore;
  afterEach(async () => {
    await store?.close();
  });

  async function open(start = '2026-02-10T03:00:00Z') {
    const time = testClock(start);
    store = await openTestStore(backend, { clock: time.clock });
    await store.publishPolicy(samplePolicy());
    await store.record([
      { type: 'policy', subject: 'lin', decision: 'shown' },
      { type: 'policy', subject: 'lin', decision: 'agreed', method: 'tap' },
      { type: 'purpose', subject: 'lin', purpose: 'push', decision: 'agreed', method: 'toggle' },
      { type: 'purpose', subject: 'lin', purpose: 'face-upload', decision: 'refused' },
    ]);
    return time;
  }

  it('files a request with a working-day deadline counted in Beijing dates', async () => {
    await open('2026-02-09T17:30:00Z'); // already 10 Feb in Beijing
    const request = await store.fileRequest({ subject: 'lin', kind: 'access' });
    expect(request).toMatchObject({ state: 'received', receivedOn: '2026-02-10' });
    expect(request.deadline).toMatchObject({ due: '2026-03-09', workingDays: 15, provisional: false });
  });

  it('flags a deadline that runs past the published calendar as provisional', async () => {
    await open('2026-12-20T03:00:00Z');
    const request = await store.fileRequest({ subject: 'lin', kind: 'copy' });
    expect(request.deadline).toMatchObject({ provisional: true, provisionalFrom: '2027-01-01' });
  });

  it('fans a deletion out to every recipient the data reached and completes only when all are done', async () => {
    await open();
    const filed = await store.fileRequest({ subject: 'lin', kind: 'delete' });
    const verified = await store.advanceRequest({ requestId: filed.id, to: 'identity_verified' });
    // push-sdk: separately agreed. cloud-matting: face-upload was refused, so it never got data.
    // stats: analytics needs separate consent (abroad) that was never given.
    expect(verified.tasks.map((t) => [t.recipient, t.status])).toEqual([['push-sdk', 'open']]);
    await expect(store.advanceRequest({ requestId: filed.id, to: 'completed' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await store.completeTask(filed.id, 'push-sdk');
    const done = await store.advanceRequest({ requestId: filed.id, to: 'completed' });
    expect(done.history.map((h) => h.state)).toEqual(['received', 'identity_verified', 'completed']);
    await expect(store.advanceRequest({ requestId: filed.id, to: 'in_progress' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('needs a reason to deny and lists overdue requests', async () => {
    const time = await open();
    const filed = await store.fileRequest({ subject: 'lin', kind: 'explain_automated_decision' });
    await expect(store.advanceRequest({ requestId: filed.id, to: 'denied' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(store.requests({ subject: 'lin' })).toEqual([
      expect.objectContaining({ id: filed.id, overdue: false }),
    ]);
    time.set('2026-03-10T03:00:00Z');
    expect(store.requests({ states: ['received'] })).toEqual([expect.objectContaining({ overdue: true })]);
    const denied = await store.advanceRequest({ requestId: filed.id, to: 'denied', reason: '无自动化决策' });
    expect(denied.state).toBe('denied');
  });

  it('exports one 27560-style receipt per record, each event tied to the chain', async () => {
    await open();
    await store.record({
      type: 'permission',
      subject: 'lin',
      permission: 'camera',
      decision: 'granted',
      platform: 'android',
    });
    const receipts = await exportReceipts(store, 'lin');
    expect(receipts.map((r) => [r.processing.scope, r.status])).toEqual([
      ['privacy_policy', 'given'],
      ['purpose', 'given'],
      ['purpose', 'refused'],
      ['permission', 'granted'],
    ]);
    const push = receipts[1];
    expect(push?.processing).toMatchObject({
      purpose: { id: 'push' },
      separateConsent: [{ kind: 'third_party_provision', recipient: 'push-sdk' }],
      recipients: [{ id: 'push-sdk' }],
    });
    expect(push?.parties.subject.pseudonym).toBe(store.subjectRef('lin'));
    expect(push?.events[0]).toMatchObject({
      type: 'consent_given',
      method: 'toggle',
      indicatedBy: 'subject',
    });
    expect(JSON.stringify(receipts)).not.toContain('"lin"');
    expect((await exportReceipts(store, 'lin')).map((r) => r.receiptId)).toEqual(
      receipts.map((r) => r.receiptId),
    );
  });

  it('plans a purge: expired records, ended consent, statutory minimums, uncovered records', async () => {
    await open();
    await store.record({ type: 'purpose', subject: 'lin', purpose: 'recommend', decision: 'withdrawn' });
    const rules = [
      {
        id: 'orders-3y',
        purpose: 'core',
        category: 'order',
        keep: { years: 3 },
        after: 'completed',
        action: 'anonymise' as const,
        basis: '电子商务法 Art. 31',
        statutoryMinimum: true,
      },
      {
        id: 'reco-90d',
        purpose: 'recommend',
        category: '*',
        keep: { days: 90 },
        after: 'collected',
        action: 'delete' as const,
        basis: 'purpose need (PIPL Art. 19)',
      },
    ];
    const records = [
      {
        recordId: 'o-old',
        subject: 'lin',
        purpose: 'core',
        category: 'order',
        collectedAt: '2022-01-01T00:00:00Z',
        completedAt: '2022-06-01T00:00:00Z',
      },
      {
        recordId: 'o-new',
        subject: 'lin',
        purpose: 'core',
        category: 'order',
        collectedAt: '2025-06-01T00:00:00Z',
        completedAt: '2025-06-02T00:00:00Z',
      },
      {
        recordId: 'r-1',
        subject: 'lin',
        purpose: 'recommend',
        category: 'device',
        collectedAt: '2026-02-01T00:00:00Z',
      },
      {
        recordId: 'x-1',
        subject: 'lin',
        purpose: 'push',
        category: 'device',
        collectedAt: '2026-02-01T00:00:00Z',
      },
    ];
    const plan = planPurge(store, rules, records, new Date('2026-02-11T00:00:00Z'));
    expect(plan.map((item) => [item.recordId, item.action, item.rule])).toEqual([
      ['o-old', 'anonymise', 'orders-3y'],
      ['r-1', 'delete', 'reco-90d'],
      ['x-1', 'review', null],
    ]);
    expect(plan[1]?.why).toContain('purpose_withdrawn');
    const applied: string[] = [];
    const outcomes = await executePurge(plan, async (item) => {
      if (item.recordId === 'r-1') throw new Error('disk full');
      applied.push(item.recordId);
    });
    expect(applied).toEqual(['o-old']);
    expect(outcomes.map((o) => o.done)).toEqual([true, false, false]);
    await expect(
      Promise.resolve().then(() => planPurge(store, [{ ...rules[0], after: 'never' } as never], [])),
    ).rejects.toMatchObject({ message: expect.stringContaining('collected, completed, account_closed') });
  });
});

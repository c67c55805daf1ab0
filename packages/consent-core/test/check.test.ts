import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentStore } from '../src/index.js';
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

describe.each(backends)('check() on %s', (backend: Backend) => {
  let store: ConsentStore;
  afterEach(async () => {
    await store?.close();
  });

  async function open() {
    const time = testClock('2026-03-02T02:00:00Z');
    store = await openTestStore(backend, { clock: time.clock });
    await store.publishPolicy(samplePolicy());
    return time;
  }

  it('allows a purpose on another legal basis without any consent', async () => {
    await open();
    expect(store.check('dora', 'core')).toMatchObject({ allowed: true, reason: 'other_legal_basis' });
  });

  it('covers ordinary purposes by the policy agreement, and names the event that decided', async () => {
    await open();
    expect(store.check('erin', 'recommend')).toMatchObject({ allowed: false, reason: 'unknown_subject' });
    await store.record({ type: 'policy', subject: 'erin', decision: 'shown' });
    expect(store.check('erin', 'recommend')).toMatchObject({ allowed: false, reason: 'policy_not_agreed' });
    const [agreed] = await store.record({
      type: 'policy',
      subject: 'erin',
      decision: 'agreed',
      method: 'tap',
    });
    expect(store.check('erin', 'recommend')).toMatchObject({
      allowed: true,
      reason: 'policy_agreed',
      decidedBy: { seq: agreed?.seq, type: 'consent.policy' },
    });
  });

  it('needs separate consent for sensitive PI, third-party SDKs and provision abroad', async () => {
    await open();
    await store.record({ type: 'policy', subject: 'fay', decision: 'agreed', method: 'tap' });
    const face = store.check('fay', 'face-upload');
    expect(face).toMatchObject({ allowed: false, reason: 'separate_consent_required' });
    expect(face.separateConsent).toEqual([
      { kind: 'sensitive_category', category: 'face', article: 'PIPL Art. 29' },
    ]);
    expect(store.check('fay', 'push').separateConsent).toEqual([
      { kind: 'third_party_provision', recipient: 'push-sdk', article: 'PIPL Art. 23' },
    ]);
    expect(store.check('fay', 'analytics').separateConsent).toEqual([
      { kind: 'cross_border', recipient: 'stats', country: 'SG', article: 'PIPL Art. 39' },
    ]);
    await store.record({
      type: 'purpose',
      subject: 'fay',
      purpose: 'face-upload',
      decision: 'agreed',
      method: 'toggle',
    });
    expect(store.check('fay', 'face-upload')).toMatchObject({ allowed: true, reason: 'purpose_agreed' });
    expect(store.check('fay', 'push').allowed).toBe(false);
  });

  it('answers as of a past instant: a withdrawal does not undo earlier processing (Art. 15)', async () => {
    const time = await open();
    await store.record({ type: 'policy', subject: 'gus', decision: 'agreed', method: 'tap' });
    time.advanceHours(5);
    const beforeWithdrawal = new Date(time.clock());
    time.advanceHours(1);
    await store.record({ type: 'purpose', subject: 'gus', purpose: 'recommend', decision: 'withdrawn' });
    expect(store.check('gus', 'recommend')).toMatchObject({ allowed: false, reason: 'purpose_withdrawn' });
    expect(store.check('gus', 'recommend', beforeWithdrawal)).toMatchObject({ allowed: true });
    expect(store.check('gus', 'recommend', new Date('2026-01-05T00:00:00Z'))).toMatchObject({
      allowed: false,
      reason: 'no_policy',
    });
  });

  it('asks for consent again after a material change, not after a wording fix', async () => {
    const time = await open();
    await store.record([
      { type: 'policy', subject: 'hal', decision: 'agreed', method: 'tap' },
      { type: 'purpose', subject: 'hal', purpose: 'face-upload', decision: 'agreed', method: 'tap' },
    ]);
    time.advanceHours(24);
    await store.publishPolicy(
      samplePolicy({
        version: '1.1',
        effectiveFrom: '2026-03-03T00:00:00+08:00',
        material: false,
        changes: [{ summary: '修正错别字' }],
      }),
    );
    expect(store.check('hal', 'recommend')).toMatchObject({ allowed: true, policyVersion: '1.1' });
    time.advanceHours(24);
    await store.publishPolicy(
      samplePolicy({
        version: '2.0',
        effectiveFrom: '2026-03-04T00:00:00+08:00',
        material: true,
        changes: [{ summary: '人脸照片改为保存7天', purposes: ['face-upload'] }],
      }),
    );
    expect(store.check('hal', 'recommend')).toMatchObject({ allowed: false, reason: 'needs_reconsent' });
    expect(store.check('hal', 'core')).toMatchObject({ allowed: true, reason: 'other_legal_basis' });
    await store.record({ type: 'policy', subject: 'hal', decision: 'agreed', method: 'tap' });
    expect(store.check('hal', 'recommend')).toMatchObject({ allowed: true, reason: 'policy_agreed' });
    expect(store.check('hal', 'face-upload')).toMatchObject({
      allowed: false,
      reason: 'purpose_needs_reconsent',
    });
    await store.record({
      type: 'purpose',
      subject: 'hal',
      purpose: 'face-upload',
      decision: 'agreed',
      method: 'tap',
    });
    expect(store.check('hal', 'face-upload').allowed).toBe(true);
    expect(store.policyVersions().map((v) => [v.version, v.material])).toEqual([
      ['1.0', true],
      ['1.1', false],
      ['2.0', true],
    ]);
  });

  it('requires a guardian for a subject under 14, from an ID number or a declared birth date', async () => {
    await open();
    // 110105201501010017: Beijing Chaoyang, born 2015-01-01, valid check digit.
    await store.record({ type: 'age', subject: 'kid', evidence: { idNumber: '110105201501010017' } });
    await expect(
      store.record({ type: 'policy', subject: 'kid', decision: 'agreed', method: 'tap' }),
    ).rejects.toMatchObject({ code: 'GUARDIAN_REQUIRED' });
    await store.record({
      type: 'policy',
      subject: 'kid',
      decision: 'agreed',
      method: 'tap',
      actor: { kind: 'guardian', guardianId: 'mum', relationship: 'parent' },
    });
    expect(store.check('kid', 'recommend')).toMatchObject({ allowed: true });
    const events = await store.subjectEvents('kid');
    expect(JSON.stringify(events)).not.toContain('110105201501010017');
    expect(JSON.stringify(events)).not.toContain('mum');
    expect(events[0]?.data).toEqual({ minorUntil: '2029-01-01', method: 'id_number' });

    await store.record({ type: 'policy', subject: 'teen', decision: 'agreed', method: 'tap' });
    await store.record({ type: 'age', subject: 'teen', evidence: { birthDate: '2013-06-30' } });
    expect(store.check('teen', 'recommend')).toMatchObject({
      allowed: false,
      reason: 'guardian_consent_required',
    });
  });

  it('rejects an ID number with a wrong check digit without echoing it', async () => {
    await open();
    const error = await store
      .record({ type: 'age', subject: 'x', evidence: { idNumber: '110105201501010014' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(String((error as Error).message)).not.toContain('110105201501010014');
  });

  it('will not record an agreement without the affirmative act', async () => {
    await open();
    await expect(store.record({ type: 'policy', subject: 'ivy', decision: 'agreed' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('keeps a refused permission quiet for 48 hours', async () => {
    const time = await open();
    await store.record({
      type: 'permission',
      subject: 'jo',
      permission: 'camera',
      decision: 'requested',
      platform: 'ios',
    });
    await store.record({
      type: 'permission',
      subject: 'jo',
      permission: 'camera',
      decision: 'refused',
      platform: 'ios',
    });
    time.advanceHours(47);
    expect(store.permissionStatus('jo', 'camera')).toMatchObject({ state: 'refused', mayAsk: false });
    await expect(
      store.record({
        type: 'permission',
        subject: 'jo',
        permission: 'camera',
        decision: 'requested',
        platform: 'ios',
      }),
    ).rejects.toMatchObject({ code: 'ASKED_TOO_SOON' });
    time.advanceHours(2);
    expect(store.permissionStatus('jo', 'camera')).toMatchObject({ state: 'refused', mayAsk: true });
    await store.record({
      type: 'permission',
      subject: 'jo',
      permission: 'camera',
      decision: 'granted',
      platform: 'ios',
    });
    expect(store.permissionStatus('jo', 'camera')).toMatchObject({ state: 'granted', mayAsk: false });
    await expect(
      store.record({
        type: 'permission',
        subject: 'jo',
        permission: 'location',
        decision: 'granted',
        platform: 'ios',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects a policy whose sensitive purpose omits necessity and impact (Art. 30)', async () => {
    await open();
    const policy = samplePolicy({ version: '9' });
    const purposes = (policy.purposes ?? []).map((p) =>
      p.id === 'face-upload' ? { ...p, necessity: undefined } : p,
    );
    await expect(
      store.publishPolicy({ ...policy, purposes, changes: [{ summary: 'x' }] }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Art. 30'),
    });
  });
});

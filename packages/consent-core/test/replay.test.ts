import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsentStore, isConsentError } from '../src/index.js';
import { ConsentProjection } from '../src/projection.js';
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

/** Small deterministic PRNG (mulberry32) so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type StoredEvent = Parameters<ConsentProjection['apply']>[0];

const subjects = ['s1', 's2', 's3', 's4', 's5'];
const purposes = ['core', 'analytics', 'face-upload', 'push', 'recommend'];
const decisions = ['shown', 'agreed', 'refused', 'withdrawn'] as const;

describe.each(backends)('projection equals a full replay on %s', (backend: Backend) => {
  let store: ConsentStore;
  const instants: Date[] = [];
  let rejected = 0;

  beforeAll(async () => {
    const next = random(20261123);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
    const time = testClock('2026-03-02T00:00:00Z');
    store = await openTestStore(backend, { clock: time.clock });
    await store.publishPolicy(samplePolicy());
    await store.record({ type: 'age', subject: 's5', evidence: { birthDate: '2016-05-05' } });
    for (let step = 0; step < 300; step += 1) {
      time.advanceHours(next() * 6);
      instants.push(time.clock());
      if (step === 120 || step === 220) {
        const day = time.clock().toISOString();
        await store.publishPolicy(
          samplePolicy({
            version: `v${step}`,
            effectiveFrom: day,
            material: step === 220,
            changes: [{ summary: `change at ${step}`, purposes: step === 220 ? ['face-upload'] : [] }],
          }),
        );
        continue;
      }
      const subject = pick(subjects);
      const decision = pick(decisions);
      const actor =
        subject === 's5' && next() < 0.7
          ? { kind: 'guardian' as const, guardianId: 'g5', relationship: 'parent' as const }
          : { kind: 'self' as const };
      const method = decision === 'agreed' ? ('tap' as const) : undefined;
      const event =
        next() < 0.4
          ? { type: 'policy' as const, subject, decision, actor, method }
          : { type: 'purpose' as const, subject, purpose: pick(purposes), decision, actor, method };
      try {
        await store.record(event);
      } catch (error) {
        if (!isConsentError(error)) throw error;
        rejected += 1; // rules refusing an event (a child agreeing alone) are part of the property
      }
    }
    instants.push(new Date(time.clock().getTime() + 3_600_000));
  }, startupTimeout);

  afterAll(async () => {
    await store?.close();
  });

  it('gives the same answer as folding the stored ledger from scratch, at every instant', async () => {
    const replayed = await store.replay();
    const ledger = (store as unknown as { ledger: { eventsAfter: (n: number) => Promise<StoredEvent[]> } })
      .ledger;
    const stored = await ledger.eventsAfter(0);
    expect(replayed.lastSeq).toBe(stored.at(-1)?.seq);
    let compared = 0;
    let allowed = 0;
    for (const at of instants) {
      // A projection folded only from the events up to `at` must agree with the live one asked about `at`.
      const prefix = new ConsentProjection();
      for (const event of stored) if (Date.parse(event.at) <= at.getTime()) prefix.apply(event);
      for (const subject of subjects) {
        const ref = store.subjectRef(subject);
        if (!ref) continue;
        for (const purpose of purposes) {
          const live = store.checkRef(ref, purpose, at);
          expect(store.checkRef(ref, purpose, at, replayed)).toEqual(live);
          expect(prefix.check(ref, purpose, at.getTime())).toEqual(live);
          compared += 1;
          if (live.allowed) allowed += 1;
        }
      }
    }
    // The sequence must exercise both answers and some refused events, or the property says little.
    expect(compared).toBeGreaterThan(5000);
    expect(allowed).toBeGreaterThan(200);
    expect(compared - allowed).toBeGreaterThan(200);
    expect(rejected).toBeGreaterThan(0);
  });
});

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { minorUntil } from './age.js';
import { workingDayDeadline } from './calendar/deadline.js';
import { dateInShanghai } from './calendar/iso-date.js';
import { defaultCalendar, type WorkingDayCalendar } from './calendar/working-day-calendar.js';
import { canonicalJson } from './canonical-json.js';
import { ConsentError } from './errors.js';
import { sha256Hex } from './hashing.js';
import {
  type AdvanceRequestInput,
  advanceRequestInputSchema,
  type EventInput,
  eventInputSchema,
  type FileRequestInput,
  fileRequestInputSchema,
} from './inputs.js';
import type { ChainHead, ChainProblem } from './ledger/chain.js';
import type { Actor, AnyLedgerEvent, PendingEvent, RequestKind, RequestState } from './ledger/events.js';
import { SqlLedger } from './ledger/sql-ledger.js';
import { VerifyThread } from './ledger/verify-thread.js';
import { type PolicyDocument, type PolicyDocumentInput, policyDocumentSchema } from './model.js';
import {
  type CheckResult,
  ConsentProjection,
  type PermissionStatus,
  type PolicyEntry,
  type RightsRequestView,
} from './projection.js';
import { openStorage, type StorageOptions } from './storage/backends.js';
import { ensureSchema } from './storage/schema.js';
import type { SqlClient, SqlTransaction } from './storage/sql-client.js';
import { type SubjectKey, SubjectKeys } from './subject-keys.js';

export const consentStoreOptionsSchema = z.object({
  storage: z.custom<StorageOptions>((value) => typeof value === 'object' && value !== null, {
    message: 'expected storage options with a backend name',
  }),
  /** Processor secret keying subject lookups; at least 32 bytes, kept outside the database. */
  subjectSecret: z.union([z.string().min(32), z.instanceof(Uint8Array).refine((b) => b.length >= 32)]),
  /** Quiet period after a refused permission, in hours (default 48: industry and test-lab practice). */
  permissionQuietHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .default(48),
  clock: z.custom<() => Date>((value) => typeof value === 'function').optional(),
  calendar: z.custom<WorkingDayCalendar>((value) => typeof value === 'object' && value !== null).optional(),
});
export type ConsentStoreOptions = z.input<typeof consentStoreOptionsSchema>;

export interface RecordedEvent {
  seq: number;
  type: string;
  at: string;
  hash: string;
}

export interface PolicyVersionInfo {
  version: string;
  contentHash: string;
  material: boolean;
  changes: PolicyDocument['changes'];
  effectiveFrom: string;
  publishedAt: string;
  seq: number;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  head: ChainHead;
  problems: ChainProblem[];
}

export interface RequestListing extends RightsRequestView {
  overdue: boolean;
}

/** Ledgers from this many events are verified with a worker thread (see VerifyThread). */
const verifyThreadFrom = 20_000;

/** Shared by every self-indicated event: the projection keeps one actor object, not one per event. */
const selfActor: Actor = Object.freeze({ kind: 'self' as const });

/** Request kinds whose completion must reach every recipient the subject's PI went to. */
const fanOutKinds: ReadonlySet<RequestKind> = new Set(['delete', 'cancel_account', 'withdraw']);

const transitions: Record<RequestState, readonly RequestState[]> = {
  received: ['identity_verified', 'denied', 'withdrawn'],
  identity_verified: ['in_progress', 'completed', 'denied', 'withdrawn'],
  in_progress: ['completed', 'denied', 'withdrawn'],
  completed: [],
  denied: [],
  withdrawn: [],
};

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ConsentError('INVALID_INPUT', `invalid ${what}: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/**
 * A consent ledger on PostgreSQL (PGlite or a server) with its in-memory projection. Writes go
 * through one transaction each, under a lock, after catching up on events other writers appended.
 */
export class ConsentStore {
  private projection = new ConsentProjection();
  private appending: Promise<unknown> = Promise.resolve();
  private readonly ledger: SqlLedger;
  private readonly verifyThread = new VerifyThread();
  private readonly keys: SubjectKeys;
  private readonly now: () => number;
  private readonly quietMs: number;
  private readonly calendar: WorkingDayCalendar;

  private constructor(
    private readonly client: SqlClient,
    options: z.output<typeof consentStoreOptionsSchema>,
  ) {
    this.ledger = new SqlLedger(client);
    const secret =
      typeof options.subjectSecret === 'string'
        ? Buffer.from(options.subjectSecret, 'utf8')
        : options.subjectSecret;
    this.keys = new SubjectKeys(client, secret);
    const clock = options.clock;
    this.now = clock ? () => clock().getTime() : () => Date.now();
    this.quietMs = options.permissionQuietHours * 3_600_000;
    this.calendar = options.calendar ?? defaultCalendar();
  }

  static async open(options: ConsentStoreOptions): Promise<ConsentStore> {
    const parsed = parse(consentStoreOptionsSchema, options, 'consent store options');
    const client = await openStorage(parsed.storage);
    try {
      await ensureSchema(client);
      const store = new ConsentStore(client, parsed);
      await store.refresh();
      return store;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  get engine(): SqlClient['engine'] {
    return this.client.engine;
  }

  /** Catches up with events and keys written by other processes. */
  async refresh(): Promise<void> {
    await this.keys.load();
    for (const event of await this.ledger.eventsAfter(this.projection.lastSeq)) this.projection.apply(event);
  }

  async close(): Promise<void> {
    await this.verifyThread.close();
    await this.client.close();
  }

  // ---- policies ---------------------------------------------------------------------------------

  async publishPolicy(input: PolicyDocumentInput): Promise<PolicyVersionInfo> {
    const document = parse(policyDocumentSchema, input, 'policy document');
    const contentHash = sha256Hex(canonicalJson(document));
    const [event] = await this.append(async (_tx, seal) => {
      if (this.projection.policyByVersion(document.version)) {
        throw new ConsentError(
          'POLICY_VERSION_EXISTS',
          `policy version ${document.version} is already published`,
        );
      }
      const previous = this.projection.policies.at(-1);
      if (previous && Date.parse(document.effectiveFrom) < Date.parse(previous.document.effectiveFrom)) {
        throw new ConsentError(
          'INVALID_INPUT',
          'a new policy version cannot take effect before the previous one',
        );
      }
      if (previous && document.changes.length === 0) {
        throw new ConsentError(
          'INVALID_INPUT',
          'a new policy version must say what changed (PIPL Art. 17(2))',
        );
      }
      seal({
        type: 'policy.published',
        subjectRef: null,
        data: { version: document.version, contentHash, document },
      });
    });
    return policyInfo(
      this.projection.policyByVersion(document.version) as PolicyEntry,
      recorded(event as AnyLedgerEvent),
    );
  }

  currentPolicy(at?: Date): { info: PolicyVersionInfo; document: PolicyDocument } | undefined {
    const entry = this.projection.policyAt(at ? at.getTime() : this.now());
    return entry ? { info: policyInfo(entry), document: entry.document } : undefined;
  }

  /** Every version ever published, oldest first: archived forever in the ledger. */
  policyVersions(): PolicyVersionInfo[] {
    return this.projection.policies.map((entry) => policyInfo(entry));
  }

  policyDocument(version: string): PolicyDocument | undefined {
    return this.projection.policyByVersion(version)?.document;
  }

  // ---- consent and permission events -------------------------------------------------------------

  /** Records events in one transaction; resolves once they are committed (acknowledged). */
  async record(input: EventInput | EventInput[]): Promise<RecordedEvent[]> {
    const inputs = (Array.isArray(input) ? input : [input]).map((item) =>
      parse(eventInputSchema, item, 'event'),
    );
    let created: SubjectKey[] = [];
    const events = await this.append(async (tx, seal) => {
      // Keys of subjects met for the first time are created in one statement, not one per event.
      const { keys, fresh } = await this.keys.resolveAll(
        tx,
        inputs.map((item) => item.subject),
      );
      created = fresh;
      for (const item of inputs) {
        const pending = this.toPending(item, keys.get(item.subject) as SubjectKey);
        this.enforceRules(pending);
        seal(pending);
      }
    });
    for (const key of created) this.keys.remember(key);
    return events.map(recorded);
  }

  private toPending(item: z.output<typeof eventInputSchema>, key: SubjectKey): PendingEvent {
    const subjectRef = key.subjectRef;
    if (item.type === 'age') {
      return { type: 'subject.age', subjectRef, data: minorUntil(item.evidence) };
    }
    if (item.type === 'permission') {
      const policy = this.requirePolicy();
      if (!policy.document.permissions.some((p) => p.id === item.permission)) {
        throw new ConsentError(
          'NOT_FOUND',
          `policy ${policy.version} does not declare permission ${item.permission}`,
        );
      }
      return {
        type: 'permission',
        subjectRef,
        data: { decision: item.decision, permission: item.permission, platform: item.platform },
      };
    }
    const policy =
      item.version === undefined ? this.requirePolicy() : this.projection.policyByVersion(item.version);
    if (!policy) throw new ConsentError('NOT_FOUND', `no policy version ${item.version} was published`);
    const actor: Actor =
      item.actor.kind === 'self'
        ? selfActor
        : {
            guardianRef: this.keys.relatedRef(key, 'guardian', item.actor.guardianId),
            kind: 'guardian',
            relationship: item.actor.relationship,
          };
    // Keys in canonical (sorted) order, so hashing never needs to sort them.
    const method = item.method === undefined ? {} : { method: item.method };
    if (item.type === 'policy') {
      return {
        type: 'consent.policy',
        subjectRef,
        data: { actor, decision: item.decision, ...method, version: policy.version },
      };
    }
    if (!policy.purposes.has(item.purpose)) {
      throw new ConsentError(
        'NOT_FOUND',
        `policy ${policy.version} does not declare purpose ${item.purpose}`,
      );
    }
    return {
      type: 'consent.purpose',
      subjectRef,
      data: { actor, decision: item.decision, ...method, purpose: item.purpose, version: policy.version },
    };
  }

  /** Rules that refuse an event outright rather than record something check() would deny. */
  private enforceRules(event: PendingEvent): void {
    const ref = event.subjectRef ?? '';
    const nowMs = this.now();
    if (
      (event.type === 'consent.policy' || event.type === 'consent.purpose') &&
      event.data.decision === 'agreed'
    ) {
      if (event.data.actor.kind === 'self' && this.projection.isMinorAt(ref, nowMs, nowMs)) {
        throw new ConsentError(
          'GUARDIAN_REQUIRED',
          'the subject is under 14: only a guardian can agree (PIPL Art. 31)',
          { subjectRef: ref },
        );
      }
    }
    if (event.type === 'permission' && event.data.decision === 'requested') {
      const status = this.projection.permissionStatus(ref, event.data.permission, nowMs, this.quietMs);
      if (status.state === 'refused' && !status.mayAsk) {
        throw new ConsentError(
          'ASKED_TOO_SOON',
          `permission ${event.data.permission} was refused: ${status.why}`,
          {
            subjectRef: ref,
            askAgainAfter: status.askAgainAfter,
          },
        );
      }
    }
  }

  private requirePolicy(): PolicyEntry {
    const policy = this.projection.policyAt(this.now());
    if (!policy) throw new ConsentError('NO_POLICY', 'no privacy policy is in force: publish one first');
    return policy;
  }

  /**
   * Runs one append; `seal` applies each event to the projection as it is numbered, so rules for
   * later events in the batch see earlier ones. If the transaction fails the projection is rebuilt,
   * dropping what was never committed.
   */
  private async append(
    build: (tx: SqlTransaction, seal: (pending: PendingEvent) => AnyLedgerEvent) => Promise<void>,
  ): Promise<AnyLedgerEvent[]> {
    // One append at a time per store: rules read the projection that earlier appends updated.
    const turn = this.appending.then(() => this.appendNow(build));
    this.appending = turn.catch(() => undefined);
    return turn;
  }

  private async appendNow(
    build: (tx: SqlTransaction, seal: (pending: PendingEvent) => AnyLedgerEvent) => Promise<void>,
  ): Promise<AnyLedgerEvent[]> {
    let dirty = false;
    try {
      return await this.ledger.append(
        this.projection.lastSeq,
        this.now,
        async ({ missed, tx, seal, atMs }) => {
          for (const event of missed) this.projection.apply(event);
          await build(tx, (pending) => {
            const event = seal(pending);
            dirty = true;
            this.projection.apply(event, atMs);
            return event;
          });
        },
      );
    } catch (error) {
      if (dirty) await this.rebuild();
      throw error;
    }
  }

  /** A fresh projection from a full replay of the stored ledger. */
  async replay(): Promise<ConsentProjection> {
    const projection = new ConsentProjection();
    for (const event of await this.ledger.eventsAfter(0)) projection.apply(event);
    return projection;
  }

  private async rebuild(): Promise<void> {
    this.projection = await this.replay();
    await this.keys.load();
  }

  // ---- questions answered from memory ------------------------------------------------------------

  /** The subject's pseudonym, if the subject is known and not erased. */
  subjectRef(subject: string): string | undefined {
    return this.keys.known(subject)?.subjectRef;
  }

  /** May `purpose` be processed for `subject` at `at` (default now)? Answered from memory. */
  check(subject: string, purpose: string, at?: Date): CheckResult {
    const ref = this.keys.known(subject)?.subjectRef;
    const atMs = at ? at.getTime() : this.now();
    if (ref === undefined) {
      const result = this.projection.check('', purpose, atMs);
      if (!result.allowed || result.reason !== 'other_legal_basis') {
        return {
          ...result,
          allowed: false,
          reason: 'unknown_subject',
          explanation: 'no events recorded for this subject',
          decidedBy: null,
        };
      }
      return result;
    }
    return this.projection.check(ref, purpose, atMs);
  }

  /** The same question by pseudonym, against any projection (used to compare with a replay). */
  checkRef(
    subjectRef: string,
    purpose: string,
    at: Date,
    projection: ConsentProjection = this.projection,
  ): CheckResult {
    return projection.check(subjectRef, purpose, at.getTime());
  }

  permissionStatus(subject: string, permission: string, at?: Date): PermissionStatus {
    const ref = this.keys.known(subject)?.subjectRef ?? '';
    return this.projection.permissionStatus(ref, permission, at ? at.getTime() : this.now(), this.quietMs);
  }

  /** Every purpose of the policy in force with the answer for this subject: the "my consents" page. */
  consents(
    subject: string,
    at?: Date,
  ): { policyVersion: string | null; purposes: (CheckResult & { purpose: string })[] } {
    const policy = this.projection.policyAt(at ? at.getTime() : this.now());
    if (!policy) return { policyVersion: null, purposes: [] };
    return {
      policyVersion: policy.version,
      purposes: policy.document.purposes.map((p) => ({ purpose: p.id, ...this.check(subject, p.id, at) })),
    };
  }

  // ---- rights requests ---------------------------------------------------------------------------

  /** Files a request; its deadline counts Chinese working days from the day after receipt. */
  async fileRequest(input: FileRequestInput): Promise<RightsRequestView> {
    const { subject, kind } = parse(fileRequestInputSchema, input, 'rights request');
    const requestId = randomUUID();
    let key: SubjectKey | undefined;
    await this.append(async (tx, seal) => {
      key = await this.keys.resolve(tx, subject);
      const policy = this.requirePolicy();
      const receivedOn = dateInShanghai(new Date(this.now()));
      const deadline = workingDayDeadline(
        { from: receivedOn, workingDays: policy.document.rightsRequestWorkingDays, allowProvisional: true },
        this.calendar,
      );
      seal({
        type: 'request.filed',
        subjectRef: key.subjectRef,
        data: { requestId, kind, receivedOn, deadline },
      });
    });
    if (key) this.keys.remember(key);
    return this.request(requestId) as RightsRequestView;
  }

  /**
   * Moves a request on. Verifying identity of a deletion, cancellation or withdrawal opens a task
   * for every recipient the subject's PI was provided to; it cannot complete while one is open.
   */
  async advanceRequest(input: AdvanceRequestInput): Promise<RightsRequestView> {
    const { requestId, to, reason } = parse(advanceRequestInputSchema, input, 'request transition');
    await this.append(async (_tx, seal) => {
      const request = this.requireRequest(requestId);
      if (!transitions[request.state].includes(to)) {
        throw new ConsentError('INVALID_TRANSITION', `a ${request.state} request cannot become ${to}`, {
          allowed: transitions[request.state],
        });
      }
      const open = request.tasks.filter((task) => task.status === 'open');
      if (to === 'completed' && open.length > 0) {
        throw new ConsentError('INVALID_TRANSITION', `${open.length} recipient task(s) are still open`, {
          openRecipients: open.map((task) => task.recipient),
        });
      }
      seal({
        type: 'request.transition',
        subjectRef: request.subjectRef,
        data: { requestId, to, ...(reason === undefined ? {} : { reason }) },
      });
      if (to === 'identity_verified' && fanOutKinds.has(request.kind)) {
        for (const recipient of this.recipientsOf(request.subjectRef)) {
          seal({
            type: 'request.task',
            subjectRef: request.subjectRef,
            data: { requestId, recipient, status: 'open' },
          });
        }
      }
    });
    return this.request(requestId) as RightsRequestView;
  }

  async completeTask(requestId: string, recipient: string): Promise<RightsRequestView> {
    await this.append(async (_tx, seal) => {
      const request = this.requireRequest(requestId);
      const task = request.tasks.find((t) => t.recipient === recipient);
      if (!task) throw new ConsentError('NOT_FOUND', `request has no task for recipient ${recipient}`);
      if (task.status === 'done') return;
      seal({
        type: 'request.task',
        subjectRef: request.subjectRef,
        data: { requestId, recipient, status: 'done' },
      });
    });
    return this.request(requestId) as RightsRequestView;
  }

  /**
   * Recipients the subject's PI went to: those of every policy version the subject agreed to, for
   * purposes the agreement covered or the subject agreed to separately.
   */
  recipientsOf(subjectRef: string): string[] {
    const separatelyAgreed = this.projection.agreedPurposes(subjectRef);
    const recipients = new Set<string>();
    for (const policy of this.projection.agreedPolicies(subjectRef)) {
      for (const recipient of policy.document.recipients) {
        const reached = recipient.purposes.some((purpose) => {
          const info = policy.purposes.get(purpose);
          return info !== undefined && (info.separate.length === 0 || separatelyAgreed.has(purpose));
        });
        if (reached) recipients.add(recipient.id);
      }
    }
    return [...recipients].sort();
  }

  private requireRequest(requestId: string): RightsRequestView {
    const request = this.projection.requests.get(requestId);
    if (!request) throw new ConsentError('NOT_FOUND', 'no such rights request');
    return request;
  }

  request(requestId: string): RightsRequestView | undefined {
    const request = this.projection.requests.get(requestId);
    return request ? structuredClone(request) : undefined;
  }

  /** Requests, optionally of one subject or in some states, with an overdue flag as of `at`. */
  requests(filter: { subject?: string; states?: RequestState[]; at?: Date } = {}): RequestListing[] {
    const ref =
      filter.subject === undefined ? undefined : (this.keys.known(filter.subject)?.subjectRef ?? '');
    const today = dateInShanghai(filter.at ?? new Date(this.now()));
    const closed: RequestState[] = ['completed', 'denied', 'withdrawn'];
    return [...this.projection.requests.values()]
      .filter((r) => ref === undefined || r.subjectRef === ref)
      .filter((r) => !filter.states || filter.states.includes(r.state))
      .map((r) => ({ ...structuredClone(r), overdue: !closed.includes(r.state) && today > r.deadline.due }));
  }

  // ---- ledger ------------------------------------------------------------------------------------

  /** Re-hashes the whole stored chain. `anchor`: a head kept elsewhere, to catch a cut-off tail. */
  async verify(options: { anchor?: ChainHead } = {}): Promise<VerifyReport> {
    // PGlite's engine runs on this thread, so hashing on a worker overlaps the two; a server
    // already reads in a process of its own. A worker pays off once there is enough to hash.
    const thread =
      this.client.engine === 'pglite' && this.projection.lastSeq >= verifyThreadFrom && VerifyThread.usable()
        ? this.verifyThread
        : undefined;
    const result = await this.ledger.verify(options.anchor, thread);
    return {
      ok: result.problems.length === 0,
      events: result.count,
      head: result.head,
      problems: result.problems,
    };
  }

  /** The head to publish or store elsewhere as an anchor for later verify() calls. */
  head(): ChainHead {
    return { seq: this.projection.lastSeq, hash: this.projection.lastHash };
  }

  /** Every stored event of a subject, in order. */
  async subjectEvents(subject: string): Promise<AnyLedgerEvent[]> {
    const key = this.keys.known(subject);
    if (!key) throw new ConsentError('NOT_FOUND', 'no such subject (never recorded, or erased)');
    return this.ledger.eventsOfSubject(key.subjectRef);
  }

  /**
   * Crypto-shredding: records the erasure, then destroys the subject's key in the same transaction.
   * The chain stays whole; its events for this subject no longer link to anyone.
   */
  async erase(subject: string): Promise<{ subjectRef: string; seq: number }> {
    const key = this.keys.known(subject);
    if (!key) throw new ConsentError('NOT_FOUND', 'no such subject (never recorded, or already erased)');
    const [event] = await this.append(async (tx, seal) => {
      seal({ type: 'subject.erased', subjectRef: key.subjectRef, data: {} });
      await this.keys.destroy(tx, key);
    });
    this.keys.forget(key);
    return { subjectRef: key.subjectRef, seq: (event as AnyLedgerEvent).seq };
  }

  /** Read access for receipts and the HTTP layer. */
  policyEntry(version: string): PolicyEntry | undefined {
    return this.projection.policyByVersion(version);
  }
}

function recorded(event: AnyLedgerEvent): RecordedEvent {
  return { seq: event.seq, type: event.type, at: event.at, hash: event.hash };
}

function policyInfo(entry: PolicyEntry, event?: RecordedEvent): PolicyVersionInfo {
  return {
    version: entry.version,
    contentHash: entry.contentHash,
    material: entry.index === 0 || entry.document.material,
    changes: entry.document.changes,
    effectiveFrom: entry.document.effectiveFrom,
    publishedAt: event?.at ?? entry.publishedAt,
    seq: event?.seq ?? entry.seq,
  };
}

import type { Deadline } from './calendar/deadline.js';
import type { IsoDate } from './calendar/iso-date.js';
import type {
  Actor,
  AnyLedgerEvent,
  ConsentDecision,
  LedgerEvent,
  PermissionDecision,
  RequestKind,
  RequestState,
} from './ledger/events.js';
import {
  type PolicyDocument,
  type Purpose,
  type SeparateConsentReason,
  separateConsentReasons,
} from './model.js';

export type CheckReason =
  | 'no_policy'
  | 'unknown_purpose'
  | 'unknown_subject'
  | 'subject_erased'
  | 'other_legal_basis'
  | 'policy_not_agreed'
  | 'policy_refused'
  | 'policy_withdrawn'
  | 'needs_reconsent'
  | 'guardian_consent_required'
  | 'separate_consent_required'
  | 'purpose_refused'
  | 'purpose_withdrawn'
  | 'purpose_needs_reconsent'
  | 'policy_agreed'
  | 'purpose_agreed';

export interface CheckResult {
  allowed: boolean;
  reason: CheckReason;
  /** One sentence on why, naming versions and articles, never the subject. */
  explanation: string;
  /** The ledger event that decided the answer, when one did. */
  decidedBy: { seq: number; type: string } | null;
  policyVersion: string | null;
  separateConsent: SeparateConsentReason[];
}

interface Decision {
  atMs: number;
  seq: number;
  decision: Exclude<ConsentDecision, 'shown'>;
  versionIndex: number;
  actor: Actor;
}

interface PermissionEntry {
  atMs: number;
  seq: number;
  decision: PermissionDecision;
  platform: 'android' | 'ios';
}

interface PurposeInfo {
  purpose: Purpose;
  separate: SeparateConsentReason[];
  /** Index of the latest version ≤ this one that introduced the purpose or materially changed it. */
  renewedAt: number;
}

export interface PolicyEntry {
  index: number;
  version: string;
  contentHash: string;
  document: PolicyDocument;
  seq: number;
  publishedAt: string;
  effectiveAtMs: number;
  /** Index of the latest material version ≤ this one: agreements older than it need renewing. */
  requiredIndex: number;
  purposes: Map<string, PurposeInfo>;
}

interface SubjectState {
  policy: Decision[];
  purposes: Map<string, Decision[]>;
  permissions: Map<string, PermissionEntry[]>;
  /** When each known age record was made and the instant (Beijing midnight) the subject turns 14. */
  ages: { atMs: number; seq: number; adultFromMs: number }[];
  erasedAtMs?: number;
}

export interface RightsRequestView {
  id: string;
  subjectRef: string;
  kind: RequestKind;
  state: RequestState;
  receivedOn: IsoDate;
  deadline: Deadline;
  filedSeq: number;
  history: { state: RequestState; at: string; seq: number; reason?: string }[];
  tasks: { recipient: string; status: 'open' | 'done'; seq: number }[];
}

export interface PermissionStatus {
  state: 'not_asked' | PermissionDecision;
  /** False while a refusal is inside the quiet period, or when already granted. */
  mayAsk: boolean;
  why: string;
  askAgainAfter: string | null;
  decidedBy: { seq: number; type: string } | null;
}

/** Index of the last element with atMs ≤ at, or -1. Elements are in ledger order, atMs non-decreasing. */
function lastAtOrBefore<T extends { atMs: number }>(list: readonly T[], at: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as T).atMs <= at) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

function beijingMidnightMs(date: IsoDate): number {
  // China has kept UTC+8 without daylight saving since 1991.
  return Date.parse(`${date}T00:00:00+08:00`);
}

/**
 * In-memory state folded from ledger events, answering check() without touching the database.
 * Every answer depends only on events at or before the asked instant, so folding a prefix of the
 * ledger and asking at its end gives the same answer as asking the full projection about that time.
 */
export class ConsentProjection {
  readonly policies: PolicyEntry[] = [];
  private readonly versionIndex = new Map<string, number>();
  private readonly subjects = new Map<string, SubjectState>();
  readonly requests = new Map<string, RightsRequestView>();
  lastSeq = 0;
  lastHash = '';

  /** `atMs`: event.at in epoch milliseconds, when the caller has it (appends stamp many events alike). */
  apply(event: AnyLedgerEvent, atMs = Date.parse(event.at)): void {
    // Idempotent: an event already folded in (seen again while catching up) changes nothing.
    if (event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    this.lastHash = event.hash;
    switch (event.type) {
      case 'policy.published':
        this.applyPolicy(event, atMs);
        return;
      case 'consent.policy':
      case 'consent.purpose': {
        const { decision } = event.data;
        if (decision === 'shown') return;
        const subject = this.subject(event.subjectRef);
        const entry: Decision = {
          atMs,
          seq: event.seq,
          decision,
          versionIndex: this.versionIndex.get(event.data.version) ?? -1,
          actor: event.data.actor,
        };
        if (event.type === 'consent.policy') subject.policy.push(entry);
        else pushTo(subject.purposes, event.data.purpose, entry);
        return;
      }
      case 'permission':
        pushTo(this.subject(event.subjectRef).permissions, event.data.permission, {
          atMs,
          seq: event.seq,
          decision: event.data.decision,
          platform: event.data.platform,
        });
        return;
      case 'subject.age':
        this.subject(event.subjectRef).ages.push({
          atMs,
          seq: event.seq,
          adultFromMs: beijingMidnightMs(event.data.minorUntil),
        });
        return;
      case 'subject.erased':
        this.subject(event.subjectRef).erasedAtMs = atMs;
        return;
      case 'request.filed':
        this.requests.set(event.data.requestId, {
          id: event.data.requestId,
          subjectRef: event.subjectRef ?? '',
          kind: event.data.kind,
          state: 'received',
          receivedOn: event.data.receivedOn,
          deadline: event.data.deadline,
          filedSeq: event.seq,
          history: [{ state: 'received', at: event.at, seq: event.seq }],
          tasks: [],
        });
        return;
      case 'request.transition': {
        const request = this.requests.get(event.data.requestId);
        if (!request) return;
        request.state = event.data.to;
        request.history.push({
          state: event.data.to,
          at: event.at,
          seq: event.seq,
          ...(event.data.reason === undefined ? {} : { reason: event.data.reason }),
        });
        return;
      }
      case 'request.task': {
        const request = this.requests.get(event.data.requestId);
        if (!request) return;
        const task = request.tasks.find((t) => t.recipient === event.data.recipient);
        if (task) {
          task.status = event.data.status;
          task.seq = event.seq;
        } else
          request.tasks.push({ recipient: event.data.recipient, status: event.data.status, seq: event.seq });
        return;
      }
    }
  }

  private applyPolicy(event: LedgerEvent<'policy.published'>, atMs: number): void {
    const { document } = event.data;
    const index = this.policies.length;
    const previous = this.policies[index - 1];
    const material = index === 0 || document.material;
    const purposes = new Map<string, PurposeInfo>();
    const changed = new Set(material ? document.changes.flatMap((change) => change.purposes) : []);
    for (const purpose of document.purposes) {
      const before = previous?.purposes.get(purpose.id);
      purposes.set(purpose.id, {
        purpose,
        separate: separateConsentReasons(document, purpose.id),
        renewedAt: !before || changed.has(purpose.id) ? index : before.renewedAt,
      });
    }
    this.policies.push({
      index,
      version: document.version,
      contentHash: event.data.contentHash,
      document,
      seq: event.seq,
      publishedAt: event.at,
      effectiveAtMs: Math.max(Date.parse(document.effectiveFrom), atMs),
      requiredIndex: material ? index : (previous?.requiredIndex ?? 0),
      purposes,
    });
    this.versionIndex.set(document.version, index);
  }

  private subject(ref: string | null): SubjectState {
    const key = ref ?? '';
    let state = this.subjects.get(key);
    if (!state) {
      state = { policy: [], purposes: new Map(), permissions: new Map(), ages: [] };
      this.subjects.set(key, state);
    }
    return state;
  }

  hasSubject(ref: string): boolean {
    return this.subjects.has(ref);
  }

  policyByVersion(version: string): PolicyEntry | undefined {
    const index = this.versionIndex.get(version);
    return index === undefined ? undefined : this.policies[index];
  }

  /** The version in force at an instant (published and effective), if any. */
  policyAt(atMs: number): PolicyEntry | undefined {
    let found: PolicyEntry | undefined;
    for (let i = this.policies.length - 1; i >= 0; i -= 1) {
      const entry = this.policies[i] as PolicyEntry;
      // effectiveAtMs is never before publication, so this also excludes versions not yet published.
      if (entry.effectiveAtMs <= atMs) {
        found = entry;
        break;
      }
    }
    return found;
  }

  /** Whether the subject is under 14 at `atMs`, as far as age records made by `knownAtMs` tell. */
  isMinorAt(ref: string, atMs: number, knownAtMs: number): boolean {
    const ages = this.subjects.get(ref)?.ages ?? [];
    const index = lastAtOrBefore(ages, knownAtMs);
    return index >= 0 && atMs < (ages[index] as SubjectState['ages'][number]).adultFromMs;
  }

  check(ref: string, purposeId: string, atMs: number): CheckResult {
    const policy = this.policyAt(atMs);
    const deny = (reason: CheckReason, explanation: string, decidedBy: CheckResult['decidedBy'] = null) => ({
      allowed: false,
      reason,
      explanation,
      decidedBy,
      policyVersion: policy?.version ?? null,
      separateConsent: info?.separate ?? [],
    });
    const info = policy?.purposes.get(purposeId);
    if (!policy) return deny('no_policy', 'no privacy policy was in force at that time');
    if (!info) return deny('unknown_purpose', `policy ${policy.version} does not declare this purpose`);
    const subject = this.subjects.get(ref);
    if (subject?.erasedAtMs !== undefined && subject.erasedAtMs <= atMs) {
      return deny('subject_erased', "the subject's key was destroyed: nothing may be processed");
    }
    if (info.purpose.legalBasis !== 'consent') {
      return {
        allowed: true,
        reason: 'other_legal_basis',
        explanation: `the purpose rests on ${info.purpose.legalBasis} (PIPL Art. 13(1)), not on consent`,
        decidedBy: { seq: policy.seq, type: 'policy.published' },
        policyVersion: policy.version,
        separateConsent: info.separate,
      };
    }
    if (!subject) return deny('policy_not_agreed', `the subject has not agreed to policy ${policy.version}`);
    const agreement = latest(subject.policy, atMs);
    if (!agreement)
      return deny('policy_not_agreed', `the subject has not agreed to policy ${policy.version}`);
    const agreementRef = { seq: agreement.seq, type: 'consent.policy' };
    if (agreement.decision === 'refused')
      return deny('policy_refused', 'the subject refused the policy', agreementRef);
    if (agreement.decision === 'withdrawn') {
      return deny(
        'policy_withdrawn',
        'the subject withdrew consent to the policy (PIPL Art. 15)',
        agreementRef,
      );
    }
    if (agreement.versionIndex < policy.requiredIndex) {
      const required = (this.policies[policy.requiredIndex] as PolicyEntry).version;
      return deny(
        'needs_reconsent',
        `policy ${required} changed materially after the version agreed: consent is needed again (PIPL Art. 14(2))`,
        agreementRef,
      );
    }
    if (agreement.actor.kind !== 'guardian' && this.isMinorAt(ref, agreement.atMs, atMs)) {
      return deny(
        'guardian_consent_required',
        'the subject was under 14 when agreeing: a guardian must consent (PIPL Art. 31)',
        agreementRef,
      );
    }
    const choice = latest(subject.purposes.get(purposeId) ?? [], atMs);
    const choiceRef = choice ? { seq: choice.seq, type: 'consent.purpose' } : null;
    if (choice?.decision === 'refused')
      return deny('purpose_refused', 'the subject refused this purpose', choiceRef);
    if (choice?.decision === 'withdrawn') {
      return deny(
        'purpose_withdrawn',
        'the subject withdrew consent to this purpose (PIPL Art. 15)',
        choiceRef,
      );
    }
    if (info.separate.length > 0) {
      if (!choice) {
        const articles = [...new Set(info.separate.map((reason) => reason.article))].join(', ');
        return deny('separate_consent_required', `this purpose needs its own consent (${articles})`);
      }
      if (choice.versionIndex < info.renewedAt) {
        return deny(
          'purpose_needs_reconsent',
          `the purpose changed in policy ${(this.policies[info.renewedAt] as PolicyEntry).version}: separate consent is needed again`,
          choiceRef,
        );
      }
      if (choice.actor.kind !== 'guardian' && this.isMinorAt(ref, choice.atMs, atMs)) {
        return deny(
          'guardian_consent_required',
          'the subject was under 14 when agreeing: a guardian must consent (PIPL Art. 31)',
          choiceRef,
        );
      }
    }
    if (choice) {
      return {
        allowed: true,
        reason: 'purpose_agreed',
        explanation: `the subject agreed to this purpose under policy ${(this.policies[choice.versionIndex] as PolicyEntry | undefined)?.version ?? 'unknown'}`,
        decidedBy: choiceRef,
        policyVersion: policy.version,
        separateConsent: info.separate,
      };
    }
    return {
      allowed: true,
      reason: 'policy_agreed',
      explanation: `covered by the agreement to policy ${(this.policies[agreement.versionIndex] as PolicyEntry).version}`,
      decidedBy: agreementRef,
      policyVersion: policy.version,
      separateConsent: info.separate,
    };
  }

  permissionStatus(ref: string, permission: string, atMs: number, quietMs: number): PermissionStatus {
    const list = this.subjects.get(ref)?.permissions.get(permission) ?? [];
    // Requests do not decide a state; the last grant, refusal or revocation does.
    let index = lastAtOrBefore(list, atMs);
    while (index >= 0 && (list[index] as PermissionEntry).decision === 'requested') index -= 1;
    const last = index >= 0 ? (list[index] as PermissionEntry) : undefined;
    if (!last) {
      return {
        state: 'not_asked',
        mayAsk: true,
        why: 'never granted or refused',
        askAgainAfter: null,
        decidedBy: null,
      };
    }
    const decidedBy = { seq: last.seq, type: 'permission' };
    if (last.decision === 'granted') {
      return { state: 'granted', mayAsk: false, why: 'already granted', askAgainAfter: null, decidedBy };
    }
    if (last.decision === 'refused' && atMs < last.atMs + quietMs) {
      return {
        state: 'refused',
        mayAsk: false,
        why: `refused ${Math.floor((atMs - last.atMs) / 60_000)} min ago; the quiet period is ${quietMs / 3_600_000} h`,
        askAgainAfter: new Date(last.atMs + quietMs).toISOString(),
        decidedBy,
      };
    }
    return {
      state: last.decision,
      mayAsk: true,
      why:
        last.decision === 'refused'
          ? 'the quiet period after the refusal has passed'
          : 'revoked by the subject',
      askAgainAfter: null,
      decidedBy,
    };
  }

  /** Purposes a subject has ever agreed to separately. */
  agreedPurposes(ref: string): Set<string> {
    const result = new Set<string>();
    for (const [purpose, list] of this.subjects.get(ref)?.purposes ?? []) {
      if (list.some((entry) => entry.decision === 'agreed')) result.add(purpose);
    }
    return result;
  }

  /** Policy versions a subject has ever agreed to. */
  agreedPolicies(ref: string): PolicyEntry[] {
    const indexes = new Set(
      (this.subjects.get(ref)?.policy ?? [])
        .filter((d) => d.decision === 'agreed')
        .map((d) => d.versionIndex),
    );
    return this.policies.filter((entry) => indexes.has(entry.index));
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function latest(list: readonly Decision[], atMs: number): Decision | undefined {
  const index = lastAtOrBefore(list, atMs);
  return index >= 0 ? list[index] : undefined;
}

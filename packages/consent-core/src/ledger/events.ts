import type { Deadline } from '../calendar/deadline.js';
import type { IsoDate } from '../calendar/iso-date.js';
import type { PolicyDocument } from '../model.js';

export const consentDecisions = ['shown', 'agreed', 'refused', 'withdrawn'] as const;
export type ConsentDecision = (typeof consentDecisions)[number];

export const permissionDecisions = ['requested', 'granted', 'refused', 'revoked'] as const;
export type PermissionDecision = (typeof permissionDecisions)[number];

/** How an agreement was expressed: always an affirmative act, never a default or pre-ticked box (Art. 14). */
export const agreeMethods = ['tap', 'toggle', 'tick', 'signature', 'voice'] as const;
export type AgreeMethod = (typeof agreeMethods)[number];

/** Who gave the indication; a guardian is stored only as a keyed hash shredded with the child's key. */
export type Actor =
  | { kind: 'self' }
  | { kind: 'guardian'; guardianRef: string; relationship: 'parent' | 'guardian' };

export const requestKinds = [
  'access',
  'copy',
  'correct',
  'delete',
  'withdraw',
  'cancel_account',
  'explain_automated_decision',
] as const;
export type RequestKind = (typeof requestKinds)[number];

export const requestStates = [
  'received',
  'identity_verified',
  'in_progress',
  'completed',
  'denied',
  'withdrawn',
] as const;
export type RequestState = (typeof requestStates)[number];

export interface EventData {
  'policy.published': { version: string; contentHash: string; document: PolicyDocument };
  'consent.policy': { decision: ConsentDecision; version: string; actor: Actor; method?: AgreeMethod };
  'consent.purpose': {
    decision: ConsentDecision;
    purpose: string;
    version: string;
    actor: Actor;
    method?: AgreeMethod;
  };
  permission: { decision: PermissionDecision; permission: string; platform: 'android' | 'ios' };
  /** Only the date the subject turns 14 and how it was established: no birth date, no ID number. */
  'subject.age': { minorUntil: IsoDate; method: 'id_number' | 'declared_birth_date' };
  'request.filed': { requestId: string; kind: RequestKind; receivedOn: IsoDate; deadline: Deadline };
  'request.transition': { requestId: string; to: RequestState; reason?: string };
  'request.task': { requestId: string; recipient: string; status: 'open' | 'done' };
  /** The subject's key was destroyed: earlier events stay in the chain but no longer link to anyone. */
  'subject.erased': Record<string, never>;
}

export type EventType = keyof EventData;

/** One ledger entry as stored and hashed. */
export interface LedgerEvent<T extends EventType = EventType> {
  seq: number;
  /** ISO 8601 UTC instant with milliseconds, assigned at append and never decreasing. */
  at: string;
  type: T;
  subjectRef: string | null;
  data: EventData[T];
  prevHash: string;
  hash: string;
}

export type AnyLedgerEvent = { [T in EventType]: LedgerEvent<T> }[EventType];

/** What a caller hands to the appender; seq, time and hashes are assigned by the ledger. */
export type PendingEvent = {
  [T in EventType]: { type: T; subjectRef: string | null; data: EventData[T] };
}[EventType];

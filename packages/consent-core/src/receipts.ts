import type { ConsentStore } from './consent-store.js';
import { ConsentError } from './errors.js';
import { sha256Hex } from './hashing.js';
import type { Actor, AnyLedgerEvent } from './ledger/events.js';
import type { SeparateConsentReason } from './model.js';

/** Kinds of event in a receipt, in the vocabulary of ISO/IEC TS 27560 event sections. */
export type ReceiptEventType =
  | 'notice_shown'
  | 'consent_given'
  | 'consent_refused'
  | 'consent_withdrawn'
  | 'permission_requested'
  | 'permission_granted'
  | 'permission_refused'
  | 'permission_revoked';

export interface ReceiptEvent {
  type: ReceiptEventType;
  time: string;
  indicatedBy: 'subject' | { guardian: 'parent' | 'guardian' };
  method?: string;
  policyVersion?: string;
  platform?: 'android' | 'ios';
  /** Where the event sits in the hash chain, so the receipt can be checked against the ledger. */
  ledger: { seq: number; prevHash: string; hash: string };
}

/**
 * A consent record and receipt shaped after ISO/IEC TS 27560:2023: header, processing, parties,
 * events. 27560 fixes the information, not the JSON; field names here are our own.
 */
export interface ConsentReceipt {
  schemaVersion: 'piplkit-consent-receipt/1';
  structure: 'ISO/IEC TS 27560:2023';
  receiptId: string;
  header: {
    recordId: string;
    createdAt: string;
    updatedAt: string;
    jurisdiction: 'CN';
    legislation: 'PIPL';
  };
  processing:
    | { scope: 'privacy_policy'; policy: { version: string; contentHash: string } }
    | {
        scope: 'purpose';
        purpose: { id: string; name: string; legalBasis: string };
        piCategories: { id: string; name: string; sensitive: boolean }[];
        separateConsent: SeparateConsentReason[];
        recipients: { id: string; name: string; kind: string; country: string }[];
        policy: { version: string; contentHash: string };
      }
    | {
        scope: 'permission';
        permission: { id: string; android: string[]; ios: string[]; purposes: string[] };
      };
  parties: {
    controller: { name: string; contact: string };
    /** The subject by pseudonym only: a keyed hash that dies with the subject's key. */
    subject: { pseudonym: string };
  };
  events: ReceiptEvent[];
  status: 'given' | 'refused' | 'withdrawn' | 'notice_only' | 'granted' | 'revoked' | 'requested';
}

function indicatedBy(actor: Actor): ReceiptEvent['indicatedBy'] {
  return actor.kind === 'self' ? 'subject' : { guardian: actor.relationship };
}

const consentTypes = {
  shown: 'notice_shown',
  agreed: 'consent_given',
  refused: 'consent_refused',
  withdrawn: 'consent_withdrawn',
} as const;

const statusOf: Record<ReceiptEventType, ConsentReceipt['status']> = {
  notice_shown: 'notice_only',
  consent_given: 'given',
  consent_refused: 'refused',
  consent_withdrawn: 'withdrawn',
  permission_requested: 'requested',
  permission_granted: 'granted',
  permission_refused: 'refused',
  permission_revoked: 'revoked',
};

/** Every consent record of one subject as receipts (JSON-ready), one per policy, purpose and permission. */
export async function exportReceipts(store: ConsentStore, subject: string): Promise<ConsentReceipt[]> {
  const events = await store.subjectEvents(subject);
  const pseudonym = store.subjectRef(subject) as string;
  const groups = new Map<string, { events: AnyLedgerEvent[]; receipt: ReceiptEvent[] }>();
  const add = (recordKey: string, event: AnyLedgerEvent, entry: Omit<ReceiptEvent, 'ledger'>) => {
    let group = groups.get(recordKey);
    if (!group) {
      group = { events: [], receipt: [] };
      groups.set(recordKey, group);
    }
    group.events.push(event);
    group.receipt.push({ ...entry, ledger: { seq: event.seq, prevHash: event.prevHash, hash: event.hash } });
  };
  for (const event of events) {
    if (event.type === 'consent.policy' || event.type === 'consent.purpose') {
      const key = event.type === 'consent.policy' ? 'policy' : `purpose:${event.data.purpose}`;
      add(key, event, {
        type: consentTypes[event.data.decision],
        time: event.at,
        indicatedBy: indicatedBy(event.data.actor),
        policyVersion: event.data.version,
        ...(event.data.method === undefined ? {} : { method: event.data.method }),
      });
    } else if (event.type === 'permission') {
      add(`permission:${event.data.permission}`, event, {
        type: `permission_${event.data.decision}`,
        time: event.at,
        indicatedBy: 'subject',
        platform: event.data.platform,
      });
    }
  }
  const receipts: ConsentReceipt[] = [];
  for (const [recordKey, group] of groups) {
    const first = group.events[0] as AnyLedgerEvent;
    const last = group.events.at(-1) as AnyLedgerEvent;
    const lastEntry = group.receipt.at(-1) as ReceiptEvent;
    const version = lastEntry.policyVersion ?? store.currentPolicy(new Date(last.at))?.info.version;
    const policy = version === undefined ? undefined : store.policyEntry(version);
    if (!policy)
      throw new ConsentError('NOT_FOUND', 'a consent event names a policy version that was never published');
    const document = policy.document;
    const policyRef = { version: policy.version, contentHash: policy.contentHash };
    let processing: ConsentReceipt['processing'];
    if (recordKey === 'policy') {
      processing = { scope: 'privacy_policy', policy: policyRef };
    } else if (recordKey.startsWith('purpose:')) {
      const purposeId = recordKey.slice('purpose:'.length);
      const info = policy.purposes.get(purposeId);
      if (!info) throw new ConsentError('NOT_FOUND', `policy ${policy.version} lacks purpose ${purposeId}`);
      processing = {
        scope: 'purpose',
        purpose: { id: info.purpose.id, name: info.purpose.name, legalBasis: info.purpose.legalBasis },
        piCategories: document.categories.filter((c) => info.purpose.categories.includes(c.id)),
        separateConsent: info.separate,
        recipients: document.recipients
          .filter((r) => r.purposes.includes(purposeId))
          .map((r) => ({ id: r.id, name: r.name, kind: r.kind, country: r.country })),
        policy: policyRef,
      };
    } else {
      const permissionId = recordKey.slice('permission:'.length);
      const permission = document.permissions.find((p) => p.id === permissionId) ?? {
        id: permissionId,
        android: [],
        ios: [],
        purposes: [],
      };
      processing = { scope: 'permission', permission };
    }
    const recordId = sha256Hex(`${pseudonym}\u0000${recordKey}`).slice(0, 32);
    receipts.push({
      schemaVersion: 'piplkit-consent-receipt/1',
      structure: 'ISO/IEC TS 27560:2023',
      // Same record, same last event: same receipt id, so re-exports are idempotent.
      receiptId: sha256Hex(`${recordId}\u0000${last.hash}`).slice(0, 32),
      header: { recordId, createdAt: first.at, updatedAt: last.at, jurisdiction: 'CN', legislation: 'PIPL' },
      processing,
      parties: { controller: document.processor, subject: { pseudonym } },
      events: group.receipt,
      status: statusOf[lastEntry.type],
    });
  }
  return receipts;
}

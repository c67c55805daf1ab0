export { type AgeEvidence, birthDateFromIdNumber, fourteenthBirthday } from './age.js';
export { type Deadline, type DeadlineOptions, workingDayDeadline } from './calendar/deadline.js';
export { dateInShanghai, type IsoDate } from './calendar/iso-date.js';
export {
  chineseDaysCalendar,
  defaultCalendar,
  type WorkingDayCalendar,
} from './calendar/working-day-calendar.js';
export { canonicalJson, type JsonValue } from './canonical-json.js';
export {
  ConsentStore,
  type ConsentStoreOptions,
  consentStoreOptionsSchema,
  type PolicyVersionInfo,
  type RecordedEvent,
  type RequestListing,
  type VerifyReport,
} from './consent-store.js';
export { ConsentError, type ConsentErrorCode, isConsentError } from './errors.js';
export {
  type ConsentHandlerOptions,
  consentHandlerOptionsSchema,
  createConsentHandler,
} from './http/handler.js';
export { openApiDocument } from './http/openapi.js';
export type { AdvanceRequestInput, EventInput, FileRequestInput } from './inputs.js';
export {
  type ChainHead,
  type ChainProblem,
  ChainVerifier,
  chainHash,
  genesisHash,
  verifyRowsSql,
} from './ledger/chain.js';
export type {
  Actor,
  AnyLedgerEvent,
  ConsentDecision,
  EventData,
  EventType,
  LedgerEvent,
  PermissionDecision,
  RequestKind,
  RequestState,
} from './ledger/events.js';
export {
  type PolicyDocument,
  type PolicyDocumentInput,
  policyDocumentSchema,
  type SeparateConsentReason,
  separateConsentReasons,
} from './model.js';
export type { CheckReason, CheckResult, PermissionStatus, RightsRequestView } from './projection.js';
export { type ConsentReceipt, exportReceipts, type ReceiptEvent, type ReceiptEventType } from './receipts.js';
export {
  executePurge,
  type PurgeItem,
  type PurgeOutcome,
  planPurge,
  type RetainedRecord,
  type RetentionAnchor,
  type RetentionRule,
  retentionRuleSchema,
} from './retention.js';
export { backendNames, type StorageOptions } from './storage/backends.js';

/** Stable error codes: callers branch on `code`, never on message text. */
export type ConsentErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_STRATEGY'
  | 'NOT_FOUND'
  | 'NO_POLICY'
  | 'POLICY_VERSION_EXISTS'
  | 'SEPARATE_CONSENT_REQUIRED'
  | 'GUARDIAN_REQUIRED'
  | 'ASKED_TOO_SOON'
  | 'INVALID_TRANSITION'
  | 'SUBJECT_ERASED'
  | 'CALENDAR_NOT_PUBLISHED'
  | 'LEDGER_CONFLICT'
  | 'STORAGE';

/**
 * Base of every error this package throws. Messages never carry the personal data they are about:
 * subjects appear only as keyed-hash references, never as their identifiers.
 */
export class ConsentError extends Error {
  readonly code: ConsentErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ConsentErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ConsentError';
    this.code = code;
    this.details = details;
  }
}

export function isConsentError(error: unknown): error is ConsentError {
  return error instanceof ConsentError;
}

/** Stable error codes of this package; messages never carry the personal data they are about. */
export type PiiRedactionErrorCode =
  | 'UNKNOWN_POLICY'
  | 'INVALID_OPTIONS'
  | 'KEY_NOT_FOUND'
  | 'INVALID_KEY'
  | 'INVALID_JSON'
  | 'NATIVE_UNAVAILABLE'
  | 'REDACTION_FAILED';

export class PiiRedactionError extends Error {
  readonly code: PiiRedactionErrorCode;

  constructor(code: PiiRedactionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PiiRedactionError';
    this.code = code;
  }
}

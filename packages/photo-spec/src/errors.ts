import { PiplkitError } from '@piplkit/native';

/** The spec id is not in the catalogue; the message lists the valid ids. */
export class UnknownSpecError extends PiplkitError {
  constructor(id: string, valid: readonly string[]) {
    super('ERR_UNKNOWN_SPEC', `Unknown photo spec "${id}". Valid specs: ${valid.join(', ')}`);
  }
}

/** Not one copy of the photo fits on the paper (often: a photo whose DPI makes it print huge). */
export class SheetLayoutError extends PiplkitError {
  constructor(message: string) {
    super('ERR_SHEET_LAYOUT', message);
  }
}

/** Overrides were given for a spec that does not allow them, or are out of range. */
export class SpecOverrideError extends PiplkitError {
  constructor(message: string) {
    super('ERR_SPEC_OVERRIDE', message);
  }
}

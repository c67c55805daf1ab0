import type { z } from 'zod';

/** Every error piplkit throws on purpose. `code` is stable; messages never contain the input's data. */
export class PiplkitError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An argument or option failed validation before anything native ran. */
export class InvalidOptionError extends PiplkitError {
  readonly issues: readonly string[];

  constructor(call: string, issues: readonly string[]) {
    super('ERR_INVALID_OPTION', `Invalid arguments to ${call}: ${issues.join('; ')}`);
    this.issues = issues;
  }

  static fromZod(call: string, error: z.ZodError): InvalidOptionError {
    return new InvalidOptionError(
      call,
      error.issues.map(
        (issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'value'}: ${issue.message}`,
      ),
    );
  }
}

/** The image could not be read: empty, truncated, corrupt, of an unsupported format, or too large. */
export class ImageDecodeError extends PiplkitError {}

/** The native side failed for a reason that is not the input's fault (OpenCV, memory). */
export class NativeError extends PiplkitError {}

/**
 * A model file is missing, altered (its sha256 differs from models/manifest.json), unreadable, or
 * uses a TFLite op the importer does not support. Codes: ERR_MODEL_MISSING, ERR_MODEL_ALTERED,
 * ERR_MODEL_CORRUPT, ERR_MODEL_UNSUPPORTED_OP, ERR_MODEL_NOT_LOADED.
 */
export class ModelError extends PiplkitError {}

/**
 * The photo cannot make an ID photo: ERR_NO_FACE, ERR_MULTIPLE_FACES (the message gives the
 * count), ERR_PHOTO_FRAMING (the crop would lie outside the photo).
 */
export class PhotoRejectedError extends PiplkitError {}

/** The compiled addon could not be found or loaded. */
export class AddonNotFoundError extends PiplkitError {}

const imageCodes = new Set([
  'ERR_IMAGE_EMPTY',
  'ERR_IMAGE_TRUNCATED',
  'ERR_IMAGE_CORRUPT',
  'ERR_IMAGE_UNSUPPORTED',
  'ERR_IMAGE_TOO_LARGE',
]);

const photoCodes = new Set(['ERR_NO_FACE', 'ERR_MULTIPLE_FACES', 'ERR_PHOTO_FRAMING']);

/** Turns an error object from the addon into a typed error whose stack is the caller's. */
export function fromNative(
  native: { message: string; code?: unknown },
  callerStack: string | undefined,
): PiplkitError {
  const code = typeof native.code === 'string' ? native.code : 'ERR_NATIVE';
  const error = imageCodes.has(code)
    ? new ImageDecodeError(code, native.message)
    : code.startsWith('ERR_MODEL_')
      ? new ModelError(code, native.message)
      : photoCodes.has(code)
        ? new PhotoRejectedError(code, native.message)
        : new NativeError(code, native.message);
  if (callerStack !== undefined) {
    const frames = callerStack.slice(callerStack.indexOf('\n'));
    error.stack = `${error.name}: ${error.message}${frames}`;
  }
  return error;
}

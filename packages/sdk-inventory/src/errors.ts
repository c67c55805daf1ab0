import type { z } from 'zod';

/** Stable codes for every error this package throws on purpose. */
export type SdkInventoryErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_INPUT_TOO_LARGE'
  | 'ERR_UNSUPPORTED_INPUT'
  | 'ERR_ZIP_NOT_FOUND'
  | 'ERR_ZIP_CORRUPT'
  | 'ERR_ZIP_UNSAFE_PATH'
  | 'ERR_ZIP_BOMB'
  | 'ERR_ZIP_LIMIT'
  | 'ERR_ZIP_UNSUPPORTED'
  | 'ERR_DEX_CORRUPT'
  | 'ERR_DEX_LIMIT'
  | 'ERR_AXML_CORRUPT'
  | 'ERR_PROTO_CORRUPT'
  | 'ERR_PLIST_CORRUPT'
  | 'ERR_MACHO_CORRUPT'
  | 'ERR_BUILD_FILE'
  | 'ERR_CATALOGUE'
  | 'ERR_DECLARED_LIST'
  | 'ERR_SCAN_RESULT'
  | 'ERR_UNKNOWN_FORMAT';

/**
 * Every error the package throws on purpose. `code` is stable; messages name offsets, counts and
 * limits, never the contents of the file being scanned.
 */
export class SdkInventoryError extends Error {
  readonly code: SdkInventoryErrorCode;

  constructor(code: SdkInventoryErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An option object failed its schema. */
export class InvalidOptionError extends SdkInventoryError {
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

/** The archive (APK, AAB, IPA, split set) is not a readable or safe ZIP file. */
export class ArchiveError extends SdkInventoryError {}

/** A `classes*.dex` file is truncated, inconsistent or over a limit. */
export class DexError extends SdkInventoryError {}

/** A binary (AXML) or protobuf (AAB) Android manifest could not be decoded. */
export class ManifestError extends SdkInventoryError {}

/** An Info.plist or privacy manifest (XML or binary plist) could not be decoded. */
export class PlistError extends SdkInventoryError {}

/** A Mach-O executable or framework binary in an IPA is inconsistent. */
export class MachOError extends SdkInventoryError {}

/** A build file (Gradle, Podfile.lock, pubspec.lock, package.json, manifest.json) is malformed. */
export class BuildFileError extends SdkInventoryError {}

/** The bundled or a user-supplied catalogue failed its schema. */
export class CatalogueError extends SdkInventoryError {}

/** A declared SDK list (JSON, YAML or policy text) could not be read. */
export class DeclaredListError extends SdkInventoryError {}

/** Parses `value` with `schema`, turning a failure into an InvalidOptionError naming `call`. */
export function parseOptions<T extends z.ZodType>(call: string, schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw InvalidOptionError.fromZod(call, result.error);
  return result.data;
}

import { PiiRedactionError } from '../errors.js';

/**
 * Where pseudonymisation keys come from. Keys live apart from the data they protect: in a KMS, a
 * secrets file or the environment, reached through this interface and never stored with the tokens.
 */
export interface KeyProvider {
  /** The secret key for `keyId`; throws PiiRedactionError KEY_NOT_FOUND when there is none. */
  keyFor(keyId: string): Uint8Array;
}

const minimumKeyBytes = 16;

function checkedKey(keyId: string, key: Uint8Array): Uint8Array {
  if (key.length < minimumKeyBytes) {
    throw new PiiRedactionError(
      'INVALID_KEY',
      `key "${keyId}" is ${key.length} bytes; at least ${minimumKeyBytes} are required`,
    );
  }
  return key;
}

/** Keys held in memory, e.g. loaded from a secrets manager at start-up. */
export function staticKeyProvider(keys: Readonly<Record<string, Uint8Array>>): KeyProvider {
  return {
    keyFor(keyId) {
      const key = keys[keyId];
      if (key === undefined) throw new PiiRedactionError('KEY_NOT_FOUND', `no key with id "${keyId}"`);
      return checkedKey(keyId, key);
    },
  };
}

/**
 * Keys from environment variables `<prefix><KEY_ID>` (id upper-cased, non-alphanumerics as `_`),
 * hex-encoded or `base64:`-prefixed.
 */
export function envKeyProvider(prefix = 'PIPLKIT_KEY_', env: NodeJS.ProcessEnv = process.env): KeyProvider {
  return {
    keyFor(keyId) {
      const name = `${prefix}${keyId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
      const raw = env[name];
      if (raw === undefined || raw === '') {
        throw new PiiRedactionError('KEY_NOT_FOUND', `environment variable ${name} is not set`);
      }
      const key = raw.startsWith('base64:')
        ? Buffer.from(raw.slice(7), 'base64')
        : /^[0-9a-fA-F]+$/.test(raw) && raw.length % 2 === 0
          ? Buffer.from(raw, 'hex')
          : undefined;
      if (key === undefined) throw new PiiRedactionError('INVALID_KEY', `${name} is neither hex nor base64:`);
      return checkedKey(keyId, new Uint8Array(key));
    },
  };
}

import { createHmac, hash } from 'node:crypto';

/** Hex SHA-256 of a UTF-8 string (one-shot `crypto.hash`, the fastest path Node offers). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** base64url HMAC-SHA256: the keyed hashes that stand in for subject identifiers. */
export function keyedHash(key: Uint8Array, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64url');
}

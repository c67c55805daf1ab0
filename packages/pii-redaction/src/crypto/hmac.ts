import { createHmac } from 'node:crypto';
import { sm3 } from './sm3.js';

export const hmacAlgorithms = ['hmac-sha256', 'hmac-sm3'] as const;
export type HmacAlgorithm = (typeof hmacAlgorithms)[number];

const blockSize = 64;

/** HMAC (RFC 2104) over SM3, whose block size is 64 bytes like SHA-256. */
export function hmacSm3(key: Uint8Array, message: Uint8Array): Uint8Array {
  const k = key.length > blockSize ? sm3(key) : key;
  const inner = new Uint8Array(blockSize + message.length);
  const outer = new Uint8Array(blockSize + 32);
  for (let i = 0; i < blockSize; i++) {
    const byte = k[i] ?? 0;
    inner[i] = byte ^ 0x36;
    outer[i] = byte ^ 0x5c;
  }
  inner.set(message, blockSize);
  outer.set(sm3(inner), blockSize);
  return sm3(outer);
}

export function hmac(algorithm: HmacAlgorithm, key: Uint8Array, message: string): Uint8Array {
  const bytes = new TextEncoder().encode(message);
  if (algorithm === 'hmac-sm3') return hmacSm3(key, bytes);
  return new Uint8Array(createHmac('sha256', key).update(bytes).digest());
}

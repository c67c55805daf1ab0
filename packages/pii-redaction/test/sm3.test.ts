import { createHash, createHmac, getHashes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSm3, sm3 } from '../src/index.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('SM3 (GB/T 32905-2016)', () => {
  it('matches the example 1 vector of the standard ("abc")', () => {
    expect(hex(sm3(utf8('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('matches the example 2 vector of the standard (64 bytes "abcd" × 16)', () => {
    expect(hex(sm3(utf8('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it.runIf(getHashes().includes('sm3'))('agrees with OpenSSL at every padding boundary and for HMAC', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const message = new Uint8Array(length).map((_, i) => (i * 31) & 255);
      expect(hex(sm3(message))).toBe(createHash('sm3').update(message).digest('hex'));
    }
    const longKey = new Uint8Array(100).fill(7);
    for (const key of [utf8('key'), longKey]) {
      expect(hex(hmacSm3(key, utf8('13812345678')))).toBe(
        createHmac('sm3', key).update('13812345678').digest('hex'),
      );
    }
  });
});

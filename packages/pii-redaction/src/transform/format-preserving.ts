import { z } from 'zod';
import { hmac, hmacAlgorithms } from '../crypto/hmac.js';
import type { Finding, PiiType } from '../types.js';
import { luhnCheckDigit } from '../validators/luhn.js';
import { mod112CheckChar } from '../validators/resident-id.js';
import { organisationCodeCheck, usccAlphabet, usccWeights } from '../validators/uscc.js';
import { canonicalValue } from './canonical.js';
import { chineseLabels } from './labels.js';
import type { PolicyDefinition, RedactionPolicy } from './policy.js';
import { keyedDigest, lazyKey } from './pseudonymise.js';

/** A deterministic stream of pseudo-random numbers drawn from keyed MACs of the value. */
class KeyedStream {
  private block = 0;
  private bytes: Uint8Array;
  private offset = 0;

  constructor(private readonly next: (block: number) => Uint8Array) {
    this.bytes = next(0);
  }

  /** An integer in [0, bound) for bound ≤ 256 (modulo bias is irrelevant for tokens). */
  below(bound: number): number {
    if (this.offset >= this.bytes.length) {
      this.block++;
      this.bytes = this.next(this.block);
      this.offset = 0;
    }
    return (this.bytes[this.offset++] ?? 0) % bound;
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.below(10));
    return out;
  }
}

const provinces = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65,
];
const mobilePrefixes = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '176',
  '177',
  '180',
  '181',
  '182',
  '185',
  '186',
  '187',
  '188',
  '189',
  '199',
];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Token generators whose output passes the same validator as the input. */
const generators: Partial<Record<PiiType, (stream: KeyedStream, value: string) => string>> = {
  'resident-id': (s) => {
    const body =
      pad(provinces[s.below(provinces.length)] ?? 11, 2) +
      s.digits(4) +
      pad(1950 + s.below(56), 4) +
      pad(1 + s.below(12), 2) +
      pad(1 + s.below(28), 2) +
      s.digits(3);
    return body + mod112CheckChar(body, 0);
  },
  mobile: (s, value) => {
    const prefix = value.startsWith('+86') ? '+86' : value.startsWith('0086') ? '0086' : '';
    return prefix + (mobilePrefixes[s.below(mobilePrefixes.length)] ?? '138') + s.digits(8);
  },
  'bank-card': (s, value) => {
    // Keeps the 6-digit issuer prefix (a bank, not a person) and the length.
    const digits = value.replace(/\D/g, '');
    const body = digits.slice(0, 6) + s.digits(digits.length - 7);
    return body + String(luhnCheckDigit(body));
  },
  imei: (s, value) => {
    const body = value.slice(0, 8) + s.digits(6);
    return body + String(luhnCheckDigit(body));
  },
  uscc: (s, value) => {
    // Keeps registration authority, organisation type and division; new organisation code + checks.
    const head = value.slice(0, 8) + s.digits(8);
    const orgCheck = [...'0123456789X'].find((c) => organisationCodeCheck(head + c, 8)) ?? '0';
    const body = head + orgCheck;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += usccAlphabet.indexOf(body[i] ?? '0') * (usccWeights[i] ?? 0);
    return body + (usccAlphabet[(31 - (sum % 31)) % 31] ?? '0');
  },
  email: (s, value) => {
    const at = value.lastIndexOf('@');
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let local = '';
    for (let i = 0; i < 10; i++) local += letters[s.below(letters.length)];
    return `${local}${value.slice(at)}`;
  },
  qq: (s, value) => String(1 + s.below(9)) + s.digits(value.length - 1),
};

export const formatPreservingTypes = Object.keys(generators) as PiiType[];

export const formatPreservingSchema = z.object({
  algorithm: z.enum(hmacAlgorithms).default('hmac-sha256'),
  keyId: z.string().min(1).max(128),
  /** Types that get a token of the same shape; the others get a tagged keyed token. */
  types: z.array(z.enum(formatPreservingTypes as [PiiType, ...PiiType[]])).default(formatPreservingTypes),
});
export type FormatPreservingOptions = z.input<typeof formatPreservingSchema>;

/**
 * Deterministic keyed tokens that keep the format and pass the type's validator (check digits
 * recomputed). They are one-way (HMAC-derived), not format-preserving encryption: nothing decrypts
 * them, and two values may rarely share a token.
 */
export const formatPreservingPolicy: PolicyDefinition<typeof formatPreservingSchema> = {
  name: 'format-preserving',
  description: 'keyed tokens of the same format that still pass the validator (ID, mobile, card, …)',
  schema: formatPreservingSchema,
  create(options, runtime): RedactionPolicy {
    const key = lazyKey(runtime, options.keyId, 'format-preserving');
    const enabled = new Set(options.types);
    return {
      name: 'format-preserving',
      replace(value, finding: Finding) {
        const generate = generators[finding.type];
        if (generate === undefined || !enabled.has(finding.type)) {
          const token = Buffer.from(keyedDigest(options.algorithm, key(), value, finding)).toString('hex');
          return `[${chineseLabels[finding.type]}#${token.slice(0, 16)}]`;
        }
        const canonical = canonicalValue(finding.type, value);
        const seed = `${canonical.type}\u0000${canonical.value}`;
        const stream = new KeyedStream((block) => hmac(options.algorithm, key(), `${seed}\u0000${block}`));
        return generate(stream, value);
      },
    };
  },
};

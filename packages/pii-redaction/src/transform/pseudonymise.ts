import { z } from 'zod';
import { hmac, hmacAlgorithms } from '../crypto/hmac.js';
import { PiiRedactionError } from '../errors.js';
import type { Finding } from '../types.js';
import { canonicalValue } from './canonical.js';
import { chineseLabels } from './labels.js';
import type { PolicyDefinition, PolicyRuntime, RedactionPolicy } from './policy.js';

export const pseudonymiseSchema = z.object({
  algorithm: z.enum(hmacAlgorithms).default('hmac-sha256'),
  /** Which key the key provider hands out; the key itself never appears in options or output. */
  keyId: z.string().min(1).max(128),
  /** Hex characters of the MAC kept in the token (64 bits by default). */
  tokenLength: z.number().int().min(8).max(64).default(16),
  /** `tagged`: [手机号#3f9a…]; `bare`: the hex token alone. */
  format: z.enum(['tagged', 'bare']).default('tagged'),
});
export type PseudonymiseOptions = z.input<typeof pseudonymiseSchema>;

/**
 * A function returning the key, fetched from the provider on first use and then kept in memory.
 * A missing provider is an option error at creation; a provider failing later makes redaction fail
 * closed (the text is masked, never passed through).
 */
export function lazyKey(runtime: PolicyRuntime, keyId: string, policy: string): () => Uint8Array {
  const provider = runtime.keyProvider;
  if (provider === undefined) {
    throw new PiiRedactionError('INVALID_OPTIONS', `policy "${policy}" needs a keyProvider`);
  }
  let key: Uint8Array | undefined;
  return () => {
    key ??= provider.keyFor(keyId);
    return key;
  };
}

/** The keyed MAC of a finding's canonical value, with the type as domain separator. */
export function keyedDigest(
  algorithm: (typeof hmacAlgorithms)[number],
  key: Uint8Array,
  value: string,
  finding: Finding,
): Uint8Array {
  const canonical = canonicalValue(finding.type, value);
  return hmac(algorithm, key, `${canonical.type}\u0000${canonical.value}`);
}

export const pseudonymisePolicy: PolicyDefinition<typeof pseudonymiseSchema> = {
  name: 'pseudonymise',
  description: 'keyed HMAC-SHA256 or HMAC-SM3 token: same value, same token, key kept apart',
  schema: pseudonymiseSchema,
  create(options, runtime): RedactionPolicy {
    const key = lazyKey(runtime, options.keyId, 'pseudonymise');
    return {
      name: 'pseudonymise',
      replace(value, finding) {
        const digest = keyedDigest(options.algorithm, key(), value, finding);
        const token = Buffer.from(digest).toString('hex').slice(0, options.tokenLength);
        return options.format === 'bare' ? token : `[${chineseLabels[finding.type]}#${token}]`;
      },
    };
  },
};

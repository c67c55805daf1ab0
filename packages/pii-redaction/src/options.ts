import { z } from 'zod';
import type { KeyProvider } from './crypto/key-provider.js';
import { PiiRedactionError } from './errors.js';
import { piiTypes } from './types.js';

const keyProviderSchema = z.custom<KeyProvider>(
  (value) =>
    typeof value === 'object' && value !== null && typeof (value as KeyProvider).keyFor === 'function',
  { message: 'expected an object with keyFor(keyId)' },
);

export const redactorOptionsSchema = z.object({
  /** Policy name: display, redact, pseudonymise or format-preserving. */
  policy: z.string().default('display'),
  /** Options of that policy, validated by the policy's own schema. */
  policyOptions: z.unknown().optional(),
  /** Findings below this confidence are neither reported nor masked. */
  minConfidence: z.number().min(0).max(1).default(0.5),
  /** Only these types (default: all). */
  types: z.array(z.enum(piiTypes)).min(1).optional(),
  /** Types to leave alone. */
  disabledTypes: z.array(z.enum(piiTypes)).default([]),
  /** Source of pseudonymisation keys; required by the keyed policies. */
  keyProvider: keyProviderSchema.optional(),
});

export type RedactorOptions = z.input<typeof redactorOptionsSchema>;
export type ResolvedRedactorOptions = z.output<typeof redactorOptionsSchema>;

export function parseRedactorOptions(options: unknown): ResolvedRedactorOptions {
  const parsed = redactorOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`)
      .join('; ');
    throw new PiiRedactionError('INVALID_OPTIONS', issues);
  }
  return parsed.data;
}

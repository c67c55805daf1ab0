import type { z } from 'zod';
import type { KeyProvider } from '../crypto/key-provider.js';
import type { Finding } from '../types.js';

/** Turns the text of one finding into what is written instead. */
export interface RedactionPolicy {
  readonly name: string;
  replace(value: string, finding: Finding): string;
}

/** What a policy may need beyond its options: secrets are passed here, never inside options. */
export interface PolicyRuntime {
  keyProvider?: KeyProvider | undefined;
}

/** A policy looked up by name: its own option schema and a factory. */
export interface PolicyDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: Schema;
  create(options: z.output<Schema>, runtime: PolicyRuntime): RedactionPolicy;
}

import { PiiRedactionError } from '../errors.js';
import { displayMaskPolicy } from './display-mask.js';
import { formatPreservingPolicy } from './format-preserving.js';
import { fullRedactionPolicy } from './full-redaction.js';
import type { PolicyDefinition, PolicyRuntime, RedactionPolicy } from './policy.js';
import { pseudonymisePolicy } from './pseudonymise.js';

const definitions: readonly PolicyDefinition[] = [
  displayMaskPolicy,
  fullRedactionPolicy,
  pseudonymisePolicy,
  formatPreservingPolicy,
] as PolicyDefinition[];

export const policyNames: readonly string[] = definitions.map((d) => d.name);

export function describePolicies(): { name: string; description: string }[] {
  return definitions.map(({ name, description }) => ({ name, description }));
}

/** Looks a policy up by name and validates its options against that policy's own schema. */
export function createPolicy(
  name: string,
  options: unknown = {},
  runtime: PolicyRuntime = {},
): RedactionPolicy {
  const definition = definitions.find((d) => d.name === name);
  if (definition === undefined) {
    throw new PiiRedactionError(
      'UNKNOWN_POLICY',
      `unknown policy "${name}"; valid: ${policyNames.join(', ')}`,
    );
  }
  const parsed = definition.schema.safeParse(options ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`)
      .join('; ');
    throw new PiiRedactionError('INVALID_OPTIONS', `policy "${name}": ${issues}`);
  }
  return definition.create(parsed.data, runtime);
}

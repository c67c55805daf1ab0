import { parse as parseYaml } from 'yaml';
import { DeclaredListError } from '../errors.js';
import { sdkTableFromPolicyText } from './policy-text.js';
import { type DeclaredList, declaredListSchema } from './schema.js';

export type DeclaredFormat = 'json' | 'yaml' | 'policy-text';

/** Picks a reader from the file name, then from the content. */
export function declaredFormatOf(name: string, text: string): DeclaredFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  const start = text.trimStart()[0];
  return start === '{' || start === '[' ? 'json' : 'policy-text';
}

function validate(value: unknown): DeclaredList {
  const list = Array.isArray(value) ? { sdks: value } : value;
  const result = declaredListSchema.safeParse(list);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'list'}: ${issue.message}`);
    throw new DeclaredListError(
      'ERR_DECLARED_LIST',
      `the declared SDK list is invalid: ${issues.join('; ')}`,
    );
  }
  return result.data;
}

/**
 * Reads a declared SDK list: JSON or YAML (`{sdks: [...]}` or a bare array), or a privacy-policy text
 * from which the SDK table is extracted.
 */
export function readDeclaredList(text: string, format: DeclaredFormat): DeclaredList {
  if (format === 'policy-text') {
    const sdks = sdkTableFromPolicyText(text);
    if (sdks.length === 0) {
      throw new DeclaredListError(
        'ERR_DECLARED_LIST',
        'no SDK table (a heading row with an SDK名称 column) was found in the text',
      );
    }
    return { sdks };
  }
  let value: unknown;
  try {
    value = format === 'json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch {
    throw new DeclaredListError(
      'ERR_DECLARED_LIST',
      `the declared SDK list is not valid ${format.toUpperCase()}`,
    );
  }
  return validate(value);
}

export { sdkTableFromPolicyText } from './policy-text.js';
export { type DeclaredList, type DeclaredListInput, type DeclaredSdk, declaredListSchema } from './schema.js';

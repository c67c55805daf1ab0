import { z } from 'zod';
import { piiTypes } from '../types.js';
import { chineseLabels, englishLabel } from './labels.js';
import type { PolicyDefinition } from './policy.js';

export const fullRedactionSchema = z.object({
  language: z.enum(['zh', 'en']).default('zh'),
  /** Per-type label text, written inside square brackets. */
  labels: z.partialRecord(z.enum(piiTypes), z.string().min(1).max(64)).default({}),
});
export type FullRedactionOptions = z.input<typeof fullRedactionSchema>;

export const fullRedactionPolicy: PolicyDefinition<typeof fullRedactionSchema> = {
  name: 'redact',
  description: 'replace each finding with a label such as [身份证号]',
  schema: fullRedactionSchema,
  create(options) {
    return {
      name: 'redact',
      replace(_value, finding) {
        const label =
          options.labels[finding.type] ??
          (options.language === 'zh' ? chineseLabels[finding.type] : englishLabel(finding.type));
        return `[${label}]`;
      },
    };
  },
};

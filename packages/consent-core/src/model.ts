import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'ids are lower-case letters, digits, dot, dash, underscore (≤ 64)');

/** PIPL Art. 13(1): the legal bases; only `consent` is gated by consent events. */
export const legalBases = [
  'consent',
  'contract',
  'legal_duty',
  'emergency',
  'news',
  'public_info',
  'other_law',
] as const;

export const piCategorySchema = z.object({
  id,
  name: z.string().min(1),
  /** PIPL Art. 28: biometrics, ID numbers, financial accounts, location tracks, under-14 data, … */
  sensitive: z.boolean(),
});

export const purposeSchema = z.object({
  id,
  name: z.string().min(1),
  legalBasis: z.enum(legalBases),
  categories: z.array(id).min(1),
  /** PIPL Art. 16: refusing a purpose that is not required must not cost the user the service. */
  required: z.boolean().default(false),
  /** PIPL Art. 25: made public. */
  publicDisclosure: z.boolean().default(false),
  /** PIPL Art. 30: for sensitive categories the notice must say why it is necessary and its impact. */
  necessity: z.string().min(1).optional(),
  impact: z.string().min(1).optional(),
});

export const recipientKinds = ['sdk', 'entrusted', 'third_party', 'tenant'] as const;

export const recipientSchema = z.object({
  id,
  name: z.string().min(1),
  /** `entrusted` processors (Art. 21) act for us; `sdk` and `third_party` receive PI as processors (Art. 23). */
  kind: z.enum(recipientKinds),
  contact: z.string().min(1).optional(),
  /** ISO 3166-1 alpha-2 of where the recipient processes; anything but CN is a provision abroad (Art. 39). */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('CN'),
  purposes: z.array(id).min(1),
});

export const permissionSchema = z.object({
  id,
  android: z.array(z.string().regex(/^[A-Za-z0-9_.]+$/)).default([]),
  ios: z.array(z.string().regex(/^[A-Za-z0-9_.]+$/)).default([]),
  purposes: z.array(id).min(1),
});

export const policyChangeSchema = z.object({
  summary: z.string().min(1),
  /** Purposes whose purpose, method or categories changed (Art. 14(2)): their separate consents lapse. */
  purposes: z.array(id).default([]),
});

export const policyDocumentSchema = z
  .object({
    version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/),
    effectiveFrom: z.iso.datetime({ offset: true }),
    /** Art. 31 / 儿童个人信息网络保护规定 Art. 8: children get their own rules. */
    audience: z.enum(['general', 'children']).default('general'),
    /** A material change (purpose, method or categories) needs everyone's consent again. */
    material: z.boolean(),
    changes: z.array(policyChangeSchema).default([]),
    processor: z.object({ name: z.string().min(1), contact: z.string().min(1) }),
    text: z.string().min(1),
    categories: z.array(piCategorySchema).min(1),
    purposes: z.array(purposeSchema).min(1),
    recipients: z.array(recipientSchema).default([]),
    permissions: z.array(permissionSchema).default([]),
    /** 认定方法 六: promised handling time for requests, at most 15 working days. */
    rightsRequestWorkingDays: z.number().int().min(1).max(15).default(15),
  })
  .superRefine((policy, ctx) => {
    const unique = (label: string, ids: string[]) => {
      const seen = new Set<string>();
      for (const value of ids) {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', message: `duplicate ${label} id ${value}` });
        seen.add(value);
      }
    };
    unique(
      'category',
      policy.categories.map((c) => c.id),
    );
    unique(
      'purpose',
      policy.purposes.map((p) => p.id),
    );
    unique(
      'recipient',
      policy.recipients.map((r) => r.id),
    );
    unique(
      'permission',
      policy.permissions.map((p) => p.id),
    );
    const categories = new Map(policy.categories.map((c) => [c.id, c]));
    const purposeIds = new Set(policy.purposes.map((p) => p.id));
    for (const purpose of policy.purposes) {
      for (const category of purpose.categories) {
        if (!categories.has(category)) {
          ctx.addIssue({
            code: 'custom',
            message: `purpose ${purpose.id} uses unknown category ${category}`,
          });
        }
      }
      const sensitive = purpose.categories.some((c) => categories.get(c)?.sensitive);
      if (sensitive && (!purpose.necessity || !purpose.impact)) {
        ctx.addIssue({
          code: 'custom',
          message: `purpose ${purpose.id} uses sensitive PI: necessity and impact are required (PIPL Art. 30)`,
        });
      }
    }
    const refs = [
      ...policy.recipients.flatMap((r) => r.purposes.map((p) => [`recipient ${r.id}`, p] as const)),
      ...policy.permissions.flatMap((r) => r.purposes.map((p) => [`permission ${r.id}`, p] as const)),
      ...policy.changes.flatMap((c) => c.purposes.map((p) => ['a change', p] as const)),
    ];
    for (const [owner, purpose] of refs) {
      if (!purposeIds.has(purpose))
        ctx.addIssue({ code: 'custom', message: `${owner} names unknown purpose ${purpose}` });
    }
  });

export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;
export type PolicyDocument = z.output<typeof policyDocumentSchema>;
export type Purpose = z.output<typeof purposeSchema>;
export type Recipient = z.output<typeof recipientSchema>;
export type Permission = z.output<typeof permissionSchema>;
export type PiCategory = z.output<typeof piCategorySchema>;

/** Why a purpose needs its own, unbundled consent; empty when the policy agreement covers it. */
export type SeparateConsentReason =
  | { kind: 'sensitive_category'; category: string; article: 'PIPL Art. 29' }
  | { kind: 'third_party_provision'; recipient: string; article: 'PIPL Art. 23' }
  | { kind: 'cross_border'; recipient: string; country: string; article: 'PIPL Art. 39' }
  | { kind: 'public_disclosure'; article: 'PIPL Art. 25' };

export function separateConsentReasons(policy: PolicyDocument, purposeId: string): SeparateConsentReason[] {
  const purpose = policy.purposes.find((p) => p.id === purposeId);
  if (!purpose) return [];
  const reasons: SeparateConsentReason[] = [];
  for (const categoryId of purpose.categories) {
    if (policy.categories.find((c) => c.id === categoryId)?.sensitive) {
      reasons.push({ kind: 'sensitive_category', category: categoryId, article: 'PIPL Art. 29' });
    }
  }
  for (const recipient of policy.recipients) {
    if (!recipient.purposes.includes(purposeId)) continue;
    if (recipient.kind === 'sdk' || recipient.kind === 'third_party') {
      reasons.push({ kind: 'third_party_provision', recipient: recipient.id, article: 'PIPL Art. 23' });
    }
    if (recipient.country !== 'CN') {
      reasons.push({
        kind: 'cross_border',
        recipient: recipient.id,
        country: recipient.country,
        article: 'PIPL Art. 39',
      });
    }
  }
  if (purpose.publicDisclosure) reasons.push({ kind: 'public_disclosure', article: 'PIPL Art. 25' });
  return reasons;
}

import { z } from 'zod';
import type { ConsentStore } from './consent-store.js';
import { ConsentError } from './errors.js';

const durationSchema = z
  .object({
    years: z.number().int().min(0).default(0),
    months: z.number().int().min(0).default(0),
    days: z.number().int().min(0).default(0),
  })
  .refine((d) => d.years + d.months + d.days > 0, 'a retention period must be longer than zero');

/** What starts a retention period, by name: the record field each anchor reads. */
const anchors = {
  collected: 'collectedAt',
  completed: 'completedAt',
  account_closed: 'accountClosedAt',
} as const;
export type RetentionAnchor = keyof typeof anchors;
const anchorNames = Object.keys(anchors) as RetentionAnchor[];

export const retentionRuleSchema = z.object({
  id: z.string().min(1),
  purpose: z.string().min(1),
  /** A PI category id, or `*` for every category of the purpose. */
  category: z.string().min(1),
  keep: durationSchema,
  after: z.string().refine((name) => name in anchors, {
    message: `unknown retention anchor; valid: ${anchorNames.join(', ')}`,
  }),
  action: z.enum(['delete', 'anonymise']),
  /** Where the period comes from, e.g. 电子商务法 Art. 31 for order records. */
  basis: z.string().min(1),
  /**
   * True when the period is a legal minimum: a withdrawal then restricts the record to storage
   * (PIPL Art. 47(2)) instead of deleting it early.
   */
  statutoryMinimum: z.boolean().default(false),
});
export type RetentionRule = z.input<typeof retentionRuleSchema>;

export const retainedRecordSchema = z.object({
  recordId: z.string().min(1),
  subject: z.string().min(1),
  purpose: z.string().min(1),
  category: z.string().min(1),
  collectedAt: z.iso.datetime({ offset: true }),
  completedAt: z.iso.datetime({ offset: true }).optional(),
  accountClosedAt: z.iso.datetime({ offset: true }).optional(),
});
export type RetainedRecord = z.input<typeof retainedRecordSchema>;

export interface PurgeItem {
  recordId: string;
  action: 'delete' | 'anonymise' | 'restrict' | 'review';
  /** When the action became due; for `restrict`, until when the record must be kept. */
  dueAt: string | null;
  rule: string | null;
  why: string;
}

function addDuration(from: Date, keep: z.output<typeof durationSchema>): Date {
  const date = new Date(from.getTime());
  date.setUTCFullYear(
    date.getUTCFullYear() + keep.years,
    date.getUTCMonth() + keep.months,
    date.getUTCDate() + keep.days,
  );
  return date;
}

const consentEnded = new Set([
  'purpose_withdrawn',
  'purpose_refused',
  'policy_withdrawn',
  'policy_refused',
  'subject_erased',
]);

/**
 * Lists what to delete, anonymise or restrict at `at`: records past their period, and records of
 * consent-based purposes whose consent has ended (PIPL Art. 47(1)(3)). Records no rule covers are
 * listed for review rather than kept silently.
 */
export function planPurge(
  store: ConsentStore,
  rules: RetentionRule[],
  records: RetainedRecord[],
  at: Date = new Date(),
): PurgeItem[] {
  const parsedRules = rules.map((rule) => {
    const result = retentionRuleSchema.safeParse(rule);
    if (!result.success)
      throw new ConsentError('INVALID_INPUT', `invalid retention rule: ${z.prettifyError(result.error)}`);
    return result.data;
  });
  const items: PurgeItem[] = [];
  for (const input of records) {
    const parsed = retainedRecordSchema.safeParse(input);
    if (!parsed.success)
      throw new ConsentError('INVALID_INPUT', `invalid record: ${z.prettifyError(parsed.error)}`);
    const record = parsed.data;
    const rule =
      parsedRules.find((r) => r.purpose === record.purpose && r.category === record.category) ??
      parsedRules.find((r) => r.purpose === record.purpose && r.category === '*');
    if (!rule) {
      items.push({
        recordId: record.recordId,
        action: 'review',
        dueAt: null,
        rule: null,
        why: `no retention rule covers purpose ${record.purpose} / category ${record.category} (PIPL Art. 19)`,
      });
      continue;
    }
    const anchor = rule.after as RetentionAnchor;
    const anchorField = record[anchors[anchor]];
    const dueAt = anchorField === undefined ? undefined : addDuration(new Date(anchorField), rule.keep);
    if (dueAt && dueAt.getTime() <= at.getTime()) {
      items.push({
        recordId: record.recordId,
        action: rule.action,
        dueAt: dueAt.toISOString(),
        rule: rule.id,
        why: `kept ${describe(rule.keep)} after ${anchor} under ${rule.basis}; the period ended`,
      });
      continue;
    }
    const check = store.check(record.subject, record.purpose, at);
    const ended = check.reason === 'unknown_subject' || consentEnded.has(check.reason);
    if (!ended) continue;
    if (rule.statutoryMinimum) {
      items.push({
        recordId: record.recordId,
        action: 'restrict',
        dueAt: dueAt?.toISOString() ?? null,
        rule: rule.id,
        why: `consent ended (${check.reason}) but ${rule.basis} requires keeping it: storage only (PIPL Art. 47(2))`,
      });
    } else {
      items.push({
        recordId: record.recordId,
        action: rule.action,
        dueAt: at.toISOString(),
        rule: rule.id,
        why: `consent ended (${check.reason}): delete now (PIPL Art. 47(1)(3))`,
      });
    }
  }
  return items;
}

function describe(keep: z.output<typeof durationSchema>): string {
  return [
    keep.years ? `${keep.years} year(s)` : '',
    keep.months ? `${keep.months} month(s)` : '',
    keep.days ? `${keep.days} day(s)` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export interface PurgeOutcome {
  recordId: string;
  action: PurgeItem['action'];
  done: boolean;
  error?: string;
}

/** Hands each item to the app's callback, one at a time; a failing item does not stop the rest. */
export async function executePurge(
  items: PurgeItem[],
  apply: (item: PurgeItem) => Promise<void>,
): Promise<PurgeOutcome[]> {
  const outcomes: PurgeOutcome[] = [];
  for (const item of items) {
    if (item.action === 'review') {
      outcomes.push({
        recordId: item.recordId,
        action: item.action,
        done: false,
        error: 'needs a rule first',
      });
      continue;
    }
    try {
      await apply(item);
      outcomes.push({ recordId: item.recordId, action: item.action, done: true });
    } catch (error) {
      const code = error instanceof ConsentError ? error.code : error instanceof Error ? error.name : 'Error';
      outcomes.push({ recordId: item.recordId, action: item.action, done: false, error: code });
    }
  }
  return outcomes;
}

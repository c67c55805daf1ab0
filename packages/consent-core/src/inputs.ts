import { z } from 'zod';
import { ageEvidenceSchema } from './age.js';
import {
  agreeMethods,
  consentDecisions,
  permissionDecisions,
  requestKinds,
  requestStates,
} from './ledger/events.js';

const subject = z.string().min(1).max(256);

export const actorInputSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('self') }),
    z.object({
      kind: z.literal('guardian'),
      /** The guardian's own identifier; stored only as a keyed hash. */
      guardianId: z.string().min(1).max(256),
      relationship: z.enum(['parent', 'guardian']),
    }),
  ])
  .default({ kind: 'self' });

export const requireAffirmativeAct = <T extends { decision: string; method?: unknown }>(
  value: T,
  ctx: z.RefinementCtx,
) => {
  if (value.decision === 'agreed' && value.method === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['method'],
      message:
        'an agreement must record the affirmative act (PIPL Art. 14: no defaults, no pre-ticked boxes)',
    });
  }
};

export const policyEventBaseSchema = z.object({
  type: z.literal('policy'),
  subject,
  decision: z.enum(consentDecisions),
  /** Defaults to the version in force. */
  version: z.string().min(1).optional(),
  actor: actorInputSchema,
  method: z.enum(agreeMethods).optional(),
});
export const policyEventInputSchema = policyEventBaseSchema.superRefine(requireAffirmativeAct);

export const purposeEventBaseSchema = z.object({
  type: z.literal('purpose'),
  subject,
  /** Exactly one purpose per event: separate consent is never bundled. */
  purpose: z.string().min(1),
  decision: z.enum(consentDecisions),
  version: z.string().min(1).optional(),
  actor: actorInputSchema,
  method: z.enum(agreeMethods).optional(),
});
export const purposeEventInputSchema = purposeEventBaseSchema.superRefine(requireAffirmativeAct);

export const permissionEventInputSchema = z.object({
  type: z.literal('permission'),
  subject,
  permission: z.string().min(1),
  decision: z.enum(permissionDecisions),
  platform: z.enum(['android', 'ios']),
});

export const ageEventInputSchema = z.object({
  type: z.literal('age'),
  subject,
  evidence: ageEvidenceSchema,
});

export const eventInputSchema = z.discriminatedUnion('type', [
  policyEventInputSchema,
  purposeEventInputSchema,
  permissionEventInputSchema,
  ageEventInputSchema,
]);
export type EventInput = z.input<typeof eventInputSchema>;

export const fileRequestInputSchema = z.object({
  subject,
  kind: z.enum(requestKinds),
});
export type FileRequestInput = z.input<typeof fileRequestInputSchema>;

export const advanceRequestInputSchema = z
  .object({
    requestId: z.uuid(),
    to: z.enum(requestStates).exclude(['received']),
    /** Required when denying (PIPL Art. 50): the subject must be told why. */
    reason: z.string().min(1).max(500).optional(),
  })
  .refine((value) => value.to !== 'denied' || value.reason !== undefined, {
    message: 'a denial needs a reason (PIPL Art. 50)',
    path: ['reason'],
  });
export type AdvanceRequestInput = z.input<typeof advanceRequestInputSchema>;

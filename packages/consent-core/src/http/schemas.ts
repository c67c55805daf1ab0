import { z } from 'zod';
import {
  ageEventInputSchema,
  permissionEventInputSchema,
  policyEventBaseSchema,
  purposeEventBaseSchema,
  requireAffirmativeAct,
} from '../inputs.js';
import { requestKinds } from '../ledger/events.js';

// Over HTTP the subject is whoever the app authenticated, never a field the client chooses.
const noSubject = { subject: true } as const;

export const httpEventSchema = z.union([
  policyEventBaseSchema.omit(noSubject).superRefine(requireAffirmativeAct),
  purposeEventBaseSchema.omit(noSubject).superRefine(requireAffirmativeAct),
  permissionEventInputSchema.omit(noSubject),
  ageEventInputSchema.omit(noSubject),
]);

export const recordEventsBodySchema = z.object({ events: z.array(httpEventSchema).min(1).max(100) });
export const fileRequestBodySchema = z.object({ kind: z.enum(requestKinds) });

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

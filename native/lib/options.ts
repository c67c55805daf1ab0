import type { z } from 'zod';
import { InvalidOptionError } from './errors.js';

/** Validates one argument of a public call; failures name the call and every issue. */
export function parseOptions<T extends z.ZodType>(call: string, schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw InvalidOptionError.fromZod(call, parsed.error);
  return parsed.data;
}

import { z } from 'zod';
import { ConsentError } from '../errors.js';

/** A calendar date as written in Chinese notices and requests: YYYY-MM-DD, no time, no zone. */
export type IsoDate = string;

const msPerDay = 86_400_000;

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((text) => toDayNumber(text) !== undefined, 'not a real calendar date');

function toDayNumber(date: IsoDate): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return ms / msPerDay;
}

/** Days since 1970-01-01 for a valid ISO date; throws INVALID_INPUT otherwise. */
export function dayNumber(date: IsoDate): number {
  const day = toDayNumber(date);
  if (day === undefined) throw new ConsentError('INVALID_INPUT', 'expected a real date as YYYY-MM-DD');
  return day;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return new Date(day * msPerDay).getUTCDay();
}

const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Asia/Shanghai at an instant: deadlines count Beijing-time days, not UTC ones. */
export function dateInShanghai(instant: Date): IsoDate {
  return shanghaiDate.format(instant);
}

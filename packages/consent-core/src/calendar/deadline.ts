import { z } from 'zod';
import { ConsentError } from '../errors.js';
import { dayNumber, fromDayNumber, type IsoDate, isoDateSchema, weekday } from './iso-date.js';
import { defaultCalendar, type WorkingDayCalendar } from './working-day-calendar.js';

export const deadlineOptionsSchema = z.object({
  from: isoDateSchema,
  workingDays: z.number().int().min(1).max(366),
  /** When the period runs past the published calendar: throw (default) or return a provisional date. */
  allowProvisional: z.boolean().default(false),
});
export type DeadlineOptions = z.input<typeof deadlineOptionsSchema>;

export interface Deadline {
  from: IsoDate;
  workingDays: number;
  due: IsoDate;
  /** True when some counted day lies in a year without a published notice. */
  provisional: boolean;
  /** How the days were counted, stored with the deadline so it can be reproduced. */
  convention: 'starts-next-day';
  timeZone: 'Asia/Shanghai';
  calendar: { source: string; firstYear: number; lastYear: number };
  /** Only when provisional: why, and from which date the count is not backed by a notice. */
  provisionalFrom?: IsoDate;
  provisionalRule?: string;
}

const provisionalRule =
  'days in years without a published State Council notice are counted Monday to Friday, with no ' +
  'holidays: the earliest the real due date can plausibly be, so a plan that meets it is safe; ' +
  'recompute once the notice is out';

/**
 * Due date of a period of `workingDays` Chinese working days. As in Civil Code Art. 201 the starting
 * day is not counted: day 1 is the first working day after `from`.
 */
export function workingDayDeadline(
  options: DeadlineOptions,
  calendar: WorkingDayCalendar = defaultCalendar(),
): Deadline {
  const parsed = deadlineOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ConsentError('INVALID_INPUT', `invalid deadline options: ${z.prettifyError(parsed.error)}`);
  }
  const { from, workingDays, allowProvisional } = parsed.data;
  if (Number(from.slice(0, 4)) < calendar.firstYear) {
    throw new ConsentError('INVALID_INPUT', `the calendar starts in ${calendar.firstYear}`);
  }
  let day = dayNumber(from);
  let counted = 0;
  let provisionalFrom: IsoDate | undefined;
  while (counted < workingDays) {
    day += 1;
    const date = fromDayNumber(day);
    const published = Number(date.slice(0, 4)) <= calendar.lastYear;
    if (!published) provisionalFrom ??= date;
    const working = published ? calendar.isWorkingDay(date) : weekday(day) !== 0 && weekday(day) !== 6;
    if (working) counted += 1;
  }
  const due = fromDayNumber(day);
  const base = {
    from,
    workingDays,
    due,
    convention: 'starts-next-day' as const,
    timeZone: 'Asia/Shanghai' as const,
    calendar: { source: calendar.source, firstYear: calendar.firstYear, lastYear: calendar.lastYear },
  };
  if (provisionalFrom === undefined) return { ...base, provisional: false };
  if (!allowProvisional) {
    throw new ConsentError(
      'CALENDAR_NOT_PUBLISHED',
      `${workingDays} working days from ${from} run into ${provisionalFrom.slice(0, 4)}, for which no State Council ` +
        `holiday notice is published (calendar covers ${calendar.firstYear}–${calendar.lastYear})`,
      { from, workingDays, lastPublishedYear: calendar.lastYear, provisionalDue: due },
    );
  }
  return { ...base, provisional: true, provisionalFrom, provisionalRule };
}

// Default import: the package is CommonJS with an __esModule default holding every function.
import chineseDays from 'chinese-days';
import type { IsoDate } from './iso-date.js';

/**
 * Working days as the State Council's annual holiday notice (国务院办公厅关于…部分节假日安排的通知)
 * sets them: weekdays turned into rest days are off, make-up weekends (调休补班) are working days.
 * Only years whose notice is in the data are "published"; outside them nothing is known.
 */
export interface WorkingDayCalendar {
  /** Where the data comes from, stored with each deadline so it can be recomputed. */
  readonly source: string;
  readonly firstYear: number;
  readonly lastYear: number;
  /** Only meaningful for dates inside [firstYear, lastYear]. */
  isWorkingDay(date: IsoDate): boolean;
}

/** A year with a notice has at least one weekday off; without one the package knows only weekends. */
function yearHasNotice(year: number): boolean {
  return chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

/**
 * The calendar shipped by the npm package `chinese-days` (MIT, vsme/chinese-days), which transcribes
 * each notice from gov.cn. Its own functions answer Monday–Friday for years it has no notice for,
 * so coverage is computed here from the years that hold at least one holiday, and callers never ask
 * it about other years.
 */
export function chineseDaysCalendar(): WorkingDayCalendar {
  const thisYear = new Date().getUTCFullYear();
  let firstYear = 2004;
  while (firstYear < thisYear && !yearHasNotice(firstYear)) firstYear += 1;
  let lastYear = firstYear;
  while (lastYear < thisYear + 2 && yearHasNotice(lastYear + 1)) lastYear += 1;
  return {
    source: `chinese-days, State Council holiday notices ${firstYear}–${lastYear}`,
    firstYear,
    lastYear,
    isWorkingDay: (date) => chineseDays.isWorkday(date),
  };
}

let shared: WorkingDayCalendar | undefined;

/** The default calendar, built once per process. */
export function defaultCalendar(): WorkingDayCalendar {
  shared ??= chineseDaysCalendar();
  return shared;
}

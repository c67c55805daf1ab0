/** Today's date as yyyymmdd, recomputed at most once a minute: a birth date may not lie in the future. */
let cachedAt = 0;
let cachedToday = 0;
export function todayYmd(): number {
  const now = Date.now();
  if (now - cachedAt > 60_000) {
    const d = new Date(now);
    cachedToday = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    cachedAt = now;
  }
  return cachedToday;
}

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date between 1900-01-01 and today. */
export function isRealBirthDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && leap ? 29 : (daysInMonth[month - 1] ?? 0);
  if (day > max) return false;
  return year * 10000 + month * 100 + day <= todayYmd();
}

/** Reads `count` decimal digits at `at` as a number; -1 if any is not a digit. */
export function readDigits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

import { readDigits } from './calendar.js';

/**
 * Mainland mobile prefixes in service (libphonenumber's CN ranges): 13x, 18x, 145, 147, 15x but
 * 154, 162, 165-167, 170-173, 175-178, 19x but 194; 1610x and 17400-17405 are checked digit by digit.
 */
const mobilePrefixes = new Set<number>();
for (let p = 130; p <= 139; p++) mobilePrefixes.add(p);
for (let p = 180; p <= 189; p++) mobilePrefixes.add(p);
for (let p = 150; p <= 159; p++) if (p !== 154) mobilePrefixes.add(p);
for (let p = 190; p <= 199; p++) if (p !== 194) mobilePrefixes.add(p);
for (const p of [145, 147, 162, 165, 166, 167, 170, 171, 172, 173, 175, 176, 177, 178]) mobilePrefixes.add(p);

/** Eleven digits at `at` form a mobile number in an allocated range. */
export function isMobileNumber(digits: string, at = 0): boolean {
  const prefix = readDigits(digits, at, 3);
  if (prefix < 0 || readDigits(digits, at + 3, 8) < 0) return false;
  if (mobilePrefixes.has(prefix)) return true;
  if (prefix === 161) return digits.charCodeAt(at + 3) === 48;
  if (prefix === 174) return digits.charCodeAt(at + 3) === 48 && digits.charCodeAt(at + 4) <= 53;
  return false;
}

/** Length of the area code at `at` (with its leading 0): 010, 02x or 0xxx (x from 3 to 9). */
export function areaCodeLength(digits: string, at = 0): number {
  if (digits.charCodeAt(at) !== 48) return 0;
  const second = digits.charCodeAt(at + 1) - 48;
  if (second === 1) return digits.charCodeAt(at + 2) === 48 ? 3 : 0;
  if (second === 2) return 3;
  if (second >= 3 && second <= 9) return 4;
  return 0;
}

/** A landline written as one digit run text[start, end): area code then a 7-8 digit local number not starting 0/1. */
export function isLandlineDigits(text: string, start: number, end: number): boolean {
  const area = areaCodeLength(text, start);
  if (area === 0) return false;
  const local = end - start - area;
  if (local < 7 || local > 8 || (area === 3 && local !== 8)) return false;
  const first = text.charCodeAt(start + area);
  return first >= 50 && first <= 57;
}

/** 400/800 company service numbers: 10 digits at `at` (the caller has checked they are digits). */
export function isServiceNumber(text: string, at: number): boolean {
  return text.startsWith('400', at) || text.startsWith('800', at);
}

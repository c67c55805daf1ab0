import { isRealBirthDate, readDigits } from './calendar.js';

/** Province-level prefixes of GB/T 2260 used in ID numbers; 81/82/83 are HK/Macau/Taiwan permits. */
const provinceCodes = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83,
]);

export function isProvinceCode(code: number): boolean {
  return provinceCodes.has(code);
}

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

/** ISO 7064 MOD 11-2 check character over 17 digits starting at `at`; '' if one is not a digit. */
export function mod112CheckChar(text: string, at: number): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = text.charCodeAt(at + i) - 48;
    if (d < 0 || d > 9) return '';
    sum += d * (weights[i] ?? 0);
  }
  return checkChars[sum % 11] ?? '';
}

export type EighteenDigitIdType = 'resident-id' | 'hmt-residence-permit' | 'foreigner-permanent-residence-id';

export interface IdValidation {
  type: EighteenDigitIdType;
  validators: readonly string[];
}

// Shared, frozen: findings point at these lists instead of allocating one each.
const foreignerChecks = Object.freeze(['leading-9', 'province-code', 'birth-date', 'mod11-2']);
const permitChecks = Object.freeze(['area-code-8x0000', 'birth-date', 'mod11-2']);
const residentChecks = Object.freeze(['province-code', 'birth-date', 'mod11-2']);
const foreignerResult: IdValidation = Object.freeze({
  type: 'foreigner-permanent-residence-id',
  validators: foreignerChecks,
});
const permitResult: IdValidation = Object.freeze({ type: 'hmt-residence-permit', validators: permitChecks });
const residentResult: IdValidation = Object.freeze({ type: 'resident-id', validators: residentChecks });

function checkCharMatches(text: string, at: number): boolean {
  const expected = mod112CheckChar(text, at);
  const actual = text.charCodeAt(at + 17);
  return expected !== '' && (actual === expected.charCodeAt(0) || (expected === 'X' && actual === 120));
}

/**
 * An 18-character ID at `at`: the resident ID (GB 11643), the HK/Macau/Taiwan residents' residence
 * permit (same format, area 810000/820000/830000) or the 2023 foreigner permanent-residence ID
 * (leading 9, province, nationality, birth date, MOD 11-2). Undefined when any check fails.
 */
export function validateEighteenDigitId(text: string, at: number): IdValidation | undefined {
  const first = text.charCodeAt(at) - 48;
  if (first === 9) {
    if (!isProvinceCode(readDigits(text, at + 1, 2))) return undefined;
    if (!isBirthDateAt(text, at + 6, 4)) return undefined;
    if (!checkCharMatches(text, at)) return undefined;
    return foreignerResult;
  }
  const province = readDigits(text, at, 2);
  if (!isProvinceCode(province)) return undefined;
  if (!isBirthDateAt(text, at + 6, 4)) return undefined;
  if (!checkCharMatches(text, at)) return undefined;
  if (province >= 81) {
    if (readDigits(text, at + 2, 4) !== 0) return undefined;
    return permitResult;
  }
  return residentResult;
}

function isBirthDateAt(text: string, at: number, yearDigits: 2 | 4): boolean {
  const rawYear = readDigits(text, at, yearDigits);
  const month = readDigits(text, at + yearDigits, 2);
  const day = readDigits(text, at + yearDigits + 2, 2);
  if (rawYear < 0 || month < 0 || day < 0) return false;
  return isRealBirthDate(yearDigits === 2 ? 1900 + rawYear : rawYear, month, day);
}

/**
 * Looks like an 18-digit ID even if its date or check character is wrong: a province code and a
 * birth year 1900-2029 in place. Such numbers are read as mistyped IDs, not bank cards, unless a
 * card keyword is near.
 */
export function isIdShaped(text: string, at: number): boolean {
  const year = readDigits(text, at + 6, 4);
  return isProvinceCode(readDigits(text, at, 2)) && year >= 1900 && year <= 2029;
}

/** The first-generation 15-digit ID: area code, YYMMDD (19YY), sequence; no check digit. */
export function validateFifteenDigitId(text: string, at: number): boolean {
  return (
    readDigits(text, at, 15) >= 0 && isProvinceCode(readDigits(text, at, 2)) && isBirthDateAt(text, at + 6, 2)
  );
}

/** Index of the gender digit (odd = male) inside an ID of the given length, if it has one. */
export function genderDigitIndex(length: number): number | undefined {
  if (length === 18) return 16;
  if (length === 15) return 14;
  return undefined;
}

import { readDigits } from './calendar.js';
import { isProvinceCode } from './resident-id.js';

const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights 3^i mod 31 for positions 1..17 of GB 32100-2015. */
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Organisation-type codes allowed after each registration-authority code (GB 32100 table). */
const typesByAuthority: Record<string, string> = {
  '1': '1239',
  '2': '19',
  '3': '123459',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '12349',
  Y: '1',
};

function alphabetValue(code: number): number {
  return alphabet.indexOf(String.fromCharCode(code));
}

export interface UsccValidation {
  validators: readonly string[];
  /** The embedded GB 11714 organisation code's own check digit also passes. */
  organisationCodeValid: boolean;
}

/** An 18-character unified social credit code at `at` (upper case), or undefined. */
export function validateUscc(text: string, at: number): UsccValidation | undefined {
  const authority = text[at] ?? '';
  const allowedTypes = typesByAuthority[authority];
  if (allowedTypes === undefined || !allowedTypes.includes(text[at + 1] ?? '-')) return undefined;
  const division = readDigits(text, at + 2, 6);
  if (division < 0) return undefined;
  const province = Math.floor(division / 10000);
  if (province !== 10 && !isProvinceCode(province)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = alphabetValue(text.charCodeAt(at + i));
    if (value < 0) return undefined;
    sum += value * (weights[i] ?? 0);
  }
  const check = alphabet[(31 - (sum % 31)) % 31];
  if (text[at + 17] !== check) return undefined;
  const organisationCodeValid = organisationCodeCheck(text, at + 8);
  return {
    validators: organisationCodeValid ? withOrganisationCode : withoutOrganisationCode,
    organisationCodeValid,
  };
}

const withoutOrganisationCode = Object.freeze(['authority-and-type', 'division-code', 'mod31']);
const withOrganisationCode = Object.freeze([...withoutOrganisationCode, 'organisation-code-mod11']);

const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 organisation code (8 characters + check) at `at`. */
export function organisationCodeCheck(text: string, at: number): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = text.charCodeAt(at + i);
    const value = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1;
    if (value < 0) return false;
    sum += value * (orgWeights[i] ?? 0);
  }
  const r = 11 - (sum % 11);
  const expected = r === 10 ? 'X' : r === 11 ? '0' : String(r);
  return text[at + 8] === expected;
}

export const usccAlphabet = alphabet;
export const usccWeights = weights;

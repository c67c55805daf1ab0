import { z } from 'zod';
import { type IsoDate, isoDateSchema } from './calendar/iso-date.js';
import { ConsentError } from './errors.js';

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckDigits = '10X98765432';

/**
 * Birth date from an 18-digit resident identity card number (GB 11643-1999: digits 7–14 are
 * YYYYMMDD, the last is an ISO 7064 MOD 11-2 check digit). The number itself is never kept.
 */
export function birthDateFromIdNumber(idNumber: string): IsoDate {
  const text = idNumber.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(text)) {
    throw new ConsentError('INVALID_INPUT', 'an ID number has 17 digits and a check digit or X');
  }
  const sum = idWeights.reduce((total, weight, i) => total + weight * Number(text[i]), 0);
  if (idCheckDigits[sum % 11] !== text[17]) {
    throw new ConsentError('INVALID_INPUT', 'the ID number check digit does not match');
  }
  const birth = `${text.slice(6, 10)}-${text.slice(10, 12)}-${text.slice(12, 14)}`;
  if (!isoDateSchema.safeParse(birth).success) {
    throw new ConsentError('INVALID_INPUT', 'the ID number does not hold a real birth date');
  }
  return birth;
}

/** The date a person born on `birthDate` turns 14 (29 February birthdays count from 1 March). */
export function fourteenthBirthday(birthDate: IsoDate): IsoDate {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year + 14, month - 1, day)).toISOString().slice(0, 10);
}

export const ageEvidenceSchema = z.union([
  z.object({ idNumber: z.string().min(1) }),
  z.object({ birthDate: isoDateSchema }),
]);
export type AgeEvidence = z.input<typeof ageEvidenceSchema>;

export function minorUntil(evidence: z.output<typeof ageEvidenceSchema>): {
  minorUntil: IsoDate;
  method: 'id_number' | 'declared_birth_date';
} {
  if ('idNumber' in evidence) {
    return { minorUntil: fourteenthBirthday(birthDateFromIdNumber(evidence.idNumber)), method: 'id_number' };
  }
  return { minorUntil: fourteenthBirthday(evidence.birthDate), method: 'declared_birth_date' };
}

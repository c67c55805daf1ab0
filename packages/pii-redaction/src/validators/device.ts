import { luhnValid, meidCheckDigit } from './luhn.js';

/** IMEI: 15 digits, Luhn. */
export function isImei(text: string, at: number): boolean {
  return luhnValid(text, at, at + 15);
}

/** GSMA reporting-body prefixes seen on handsets; gates IMEIs found without any context word. */
const reportingBodies = new Set([
  '01',
  '10',
  '30',
  '33',
  '35',
  '44',
  '45',
  '49',
  '50',
  '51',
  '52',
  '53',
  '54',
  '86',
  '91',
  '98',
  '99',
]);
export function hasKnownReportingBody(text: string, at: number): boolean {
  return reportingBodies.has(text.slice(at, at + 2));
}

/** MEID: 14 hex digits whose manufacturer code starts A0-FF (or 99 for decimal ones), optional hex check digit. */
export function meidValidators(text: string, at: number, length: number): string[] | undefined {
  const lead = Number.parseInt(text.slice(at, at + 2), 16);
  if (!(lead >= 0xa0 || lead === 0x99)) return undefined;
  if (length === 14) return ['manufacturer-code'];
  const check = meidCheckDigit(text, at);
  if (check < 0 || Number.parseInt(text[at + 14] ?? 'g', 16) !== check) return undefined;
  return ['manufacturer-code', 'luhn-base16'];
}

/** Chinese mobile network codes after MCC 460. */
const chinaMnc = new Set(['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '11', '15', '20']);

/** IMSI: 15 digits, MCC 460 and a Chinese MNC. */
export function isChineseImsi(text: string, at: number): boolean {
  return text.startsWith('460', at) && chinaMnc.has(text.slice(at + 3, at + 5));
}

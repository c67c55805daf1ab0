import { isSerialLetter } from './documents.js';

/** Province abbreviations that open a licence plate, plus 使 and 领 for missions. */
export const plateProvinceChars = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领';

/** 挂 学 警 港 澳: the last serial character of trailer, learner, police, HK and Macau plates. */
const plateSuffixCodes = new Set([0x6302, 0x5b66, 0x8b66, 0x6e2f, 0x6fb3]);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSerialChar(c: number): boolean {
  return isDigit(c) || isSerialLetter(c);
}

function digitsAt(text: string, from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** No ASCII letter or digit right after the plate. */
function endsAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return !(isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122));
}

/**
 * Length of a licence plate (GA 36-2018) starting at `at`, or undefined. Ordinary: province,
 * authority letter, optional separator, 5 serial characters (last may be 挂学警港澳). New energy:
 * 6 serial characters, D/F first (small vehicles) or sixth (large vehicles).
 */
export function plateLength(text: string, at: number): { length: number; newEnergy: boolean } | undefined {
  if (!isSerialLetter(text.charCodeAt(at + 1))) return undefined;
  let p = at + 2;
  const sep = text.charCodeAt(p);
  if (sep === 0xb7 || sep === 0x30fb || sep === 32) p++;
  const s0 = text.charCodeAt(p);
  // Every form opens its serial with a digit or a serial letter.
  if (!isSerialChar(s0)) return undefined;
  // New energy, small: D/F, a letter or digit, 4 digits.
  if (
    (s0 === 68 || s0 === 70) &&
    isSerialChar(text.charCodeAt(p + 1)) &&
    digitsAt(text, p + 2, 4) &&
    endsAt(text, p + 6)
  ) {
    return { length: p + 6 - at, newEnergy: true };
  }
  // New energy, large: 5 digits then D/F.
  const s5 = text.charCodeAt(p + 5);
  if (digitsAt(text, p, 5) && (s5 === 68 || s5 === 70) && endsAt(text, p + 6)) {
    return { length: p + 6 - at, newEnergy: true };
  }
  for (let i = p; i < p + 4; i++) if (!isSerialChar(text.charCodeAt(i))) return undefined;
  const last = text.charCodeAt(p + 4);
  if ((isSerialChar(last) || plateSuffixCodes.has(last)) && endsAt(text, p + 5)) {
    return { length: p + 5 - at, newEnergy: false };
  }
  return undefined;
}

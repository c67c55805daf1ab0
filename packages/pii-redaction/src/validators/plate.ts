import { isSerialLetter } from './documents.js';

/** Province abbreviations that open a licence plate, plus 使 and 领 for missions. */
export const plateProvinceChars = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领';

const plateSuffixChars = new Set(['挂', '学', '警', '港', '澳']);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Length of a licence plate (GA 36-2018) starting at `at`, or 0. Ordinary: province, authority
 * letter, optional separator, 5 serial characters (last may be 挂学警港澳). New energy: 6 serial
 * characters, D/F first (small vehicles) or sixth (large vehicles).
 */
export function plateLength(text: string, at: number): { length: number; newEnergy: boolean } | undefined {
  if (!isSerialLetter(text.charCodeAt(at + 1))) return undefined;
  let p = at + 2;
  const sep = text.charCodeAt(p);
  if (sep === 0xb7 || sep === 0x30fb || sep === 32) p++;
  const serial = (n: number) => text.charCodeAt(p + n);
  const alnum = (c: number) => isDigit(c) || isSerialLetter(c);
  const after = (len: number) => {
    const c = text.charCodeAt(p + len);
    return !(isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122));
  };
  // New energy, small: D/F, alnum, 4 digits.
  const s0 = serial(0);
  if (
    (s0 === 68 || s0 === 70) &&
    alnum(serial(1)) &&
    [2, 3, 4, 5].every((n) => isDigit(serial(n))) &&
    after(6)
  ) {
    return { length: p + 6 - at, newEnergy: true };
  }
  // New energy, large: 5 digits then D/F.
  if (
    [0, 1, 2, 3, 4].every((n) => isDigit(serial(n))) &&
    (serial(5) === 68 || serial(5) === 70) &&
    after(6)
  ) {
    return { length: p + 6 - at, newEnergy: true };
  }
  if ([0, 1, 2, 3].every((n) => alnum(serial(n)))) {
    const last = text[p + 4] ?? '';
    if ((alnum(serial(4)) || plateSuffixChars.has(last)) && after(5)) {
      return { length: p + 5 - at, newEnergy: false };
    }
  }
  return undefined;
}

/** Luhn (mod 10) over the decimal digits of text[start, end), skipping spaces and dashes. */
export function luhnValid(text: string, start: number, end: number): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = end - 1; i >= start; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 45) continue;
    let d = c - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
    digits++;
  }
  return digits > 1 && sum % 10 === 0;
}

/** Luhn check digit to append to a string of decimal digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  let double = true;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** MEID check digit: Luhn carried out in base 16 over 14 hex digits at `at`. */
export function meidCheckDigit(text: string, at: number): number {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = hexValue(text.charCodeAt(at + i));
    if (d < 0) return -1;
    // From the right, every second digit of the 14 (the last one first) is doubled.
    if (i % 2 === 1) {
      d *= 2;
      d = Math.floor(d / 16) + (d % 16);
    }
    sum += d;
  }
  return (16 - (sum % 16)) % 16;
}

export { hexValue };

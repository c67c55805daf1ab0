/** Letters used in serials of PRC documents and plates: A-Z without I and O. */
function isSerialLetter(c: number): boolean {
  return c >= 65 && c <= 90 && c !== 73 && c !== 79;
}

function allDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * PRC passport numbers: E + 8 digits, E + letter + 7 digits, G + 8 digits, DE/SE/PE + 7 digits;
 * HKSAR K + 8 digits; MSAR MA + 7 digits. Nine characters at `at`; returns the pattern name, or undefined.
 */
export function passportPattern(text: string, at: number): string | undefined {
  const first = text.charCodeAt(at);
  const second = text.charCodeAt(at + 1);
  const end = at + 9;
  if (first === 69 /* E */) {
    if (allDigits(text, at + 1, end)) return 'E+8 digits';
    if (isSerialLetter(second) && allDigits(text, at + 2, end)) return 'E+letter+7 digits';
  }
  if (first === 71 /* G */ && allDigits(text, at + 1, end)) return 'G+8 digits';
  if (first === 75 /* K */ && allDigits(text, at + 1, end)) return 'K+8 digits';
  if ((first === 68 || first === 83 || first === 80) && second === 69 && allDigits(text, at + 2, end)) {
    return `${String.fromCharCode(first)}E+7 digits`;
  }
  if (first === 77 && second === 65 && allDigits(text, at + 2, end)) return 'MA+7 digits';
  return undefined;
}

/** 港澳居民来往内地通行证: H or M + 8 digits, optionally + 2-digit renewal count (text[start, end)). */
export function isHkMacauPermit(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  const length = end - start;
  return (first === 72 || first === 77) && (length === 9 || length === 11) && allDigits(text, start + 1, end);
}

/** 往来港澳通行证 (mainland residents, card form): C + 8 digits or C + letter + 7 digits; nine characters at `at`. */
export function isMainlandHkMacauPermit(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 67) return false;
  return (
    allDigits(text, at + 1, at + 9) ||
    (isSerialLetter(text.charCodeAt(at + 1)) && allDigits(text, at + 2, at + 9))
  );
}

/** The 2017 foreigner permanent-residence ID: 3 letters (nationality) + 12 digits; 15 characters at `at`. */
export function isOldForeignerResidenceId(text: string, at: number): boolean {
  for (let i = at; i < at + 3; i++) {
    const c = text.charCodeAt(i);
    if (c < 65 || c > 90) return false;
  }
  return allDigits(text, at + 3, at + 15);
}

export { allDigits, isSerialLetter };

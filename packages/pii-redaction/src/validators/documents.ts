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
 * HKSAR K + 8 digits; MSAR MA + 7 digits. Returns the pattern name, or undefined.
 */
export function passportPattern(token: string): string | undefined {
  if (token.length !== 9) return undefined;
  const first = token.charCodeAt(0);
  const second = token.charCodeAt(1);
  if (first === 69 /* E */) {
    if (allDigits(token, 1, 9)) return 'E+8 digits';
    if (isSerialLetter(second) && allDigits(token, 2, 9)) return 'E+letter+7 digits';
  }
  if ((first === 71 /* G */ || first === 75) /* K */ && allDigits(token, 1, 9)) {
    return `${token[0]}+8 digits`;
  }
  if ((first === 68 || first === 83 || first === 80) && second === 69 && allDigits(token, 2, 9)) {
    return `${token.slice(0, 2)}+7 digits`;
  }
  if (first === 77 && second === 65 && allDigits(token, 2, 9)) return 'MA+7 digits';
  return undefined;
}

/** 港澳居民来往内地通行证: H or M + 8 digits, optionally + 2-digit renewal count. */
export function isHkMacauPermit(token: string): boolean {
  const first = token.charCodeAt(0);
  return (
    (first === 72 || first === 77) &&
    (token.length === 9 || token.length === 11) &&
    allDigits(token, 1, token.length)
  );
}

/** 往来港澳通行证 (mainland residents, card form): C + 8 digits or C + letter + 7 digits. */
export function isMainlandHkMacauPermit(token: string): boolean {
  if (token.length !== 9 || token.charCodeAt(0) !== 67) return false;
  return allDigits(token, 1, 9) || (isSerialLetter(token.charCodeAt(1)) && allDigits(token, 2, 9));
}

/** The 2017 foreigner permanent-residence ID: 3 letters (nationality) + 12 digits. */
export function isOldForeignerResidenceId(token: string): boolean {
  if (token.length !== 15) return false;
  for (let i = 0; i < 3; i++) {
    const c = token.charCodeAt(i);
    if (c < 65 || c > 90) return false;
  }
  return allDigits(token, 3, 15);
}

export { allDigits, isSerialLetter };

/** Characters that carry information (letters, digits, CJK); separators such as space, '-', '+' stay. */
export function isMaskable(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 0x3400 && c <= 0x9fff) ||
    c === 0xb7
  );
}

/** Whether a Uint16Array holds the bytes of a 'utf16le' string, so a Buffer view decodes it. */
const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Mask runs up to this length are built once and shared. */
const maxCachedRun = 64;

/**
 * Writes masked values for one mask character. A log holds thousands of findings, so the pieces
 * are reused: mask runs are cached by length, and a value with separators is written code unit by
 * code unit into a scratch buffer decoded once, rather than joined from many small strings.
 */
export class Masker {
  private readonly maskCode: number;
  private readonly runs: string[] = [];
  private codes = new Uint16Array(128);
  private bytes = Buffer.from(this.codes.buffer);

  constructor(readonly maskChar: string) {
    this.maskCode = maskChar.charCodeAt(0);
    for (let length = 0; length <= maxCachedRun; length++) this.runs.push(maskChar.repeat(length));
  }

  /** `length` mask characters. */
  run(length: number): string {
    return this.runs[length] ?? this.maskChar.repeat(length);
  }

  /**
   * Keeps the first `keepStart` and last `keepEnd` maskable characters and masks the others one
   * for one; separators are kept. When nothing would be masked, everything is masked. The
   * maskable character at index `forced` (counted over maskable characters) is masked even inside
   * the kept ends.
   */
  keep(value: string, keepStart: number, keepEnd: number, forced = -1): string {
    const n = value.length;
    let total = 0;
    for (let i = 0; i < n; i++) if (isMaskable(value.charCodeAt(i))) total++;
    const keepAll = keepStart + keepEnd >= total;
    const maskFrom = keepAll ? 0 : keepStart;
    const maskUntil = keepAll ? total : total - keepEnd;
    // Common case (no separators, the forced index inside the masked middle): three pieces.
    if (total === n && (forced < 0 || (forced >= maskFrom && forced < maskUntil))) {
      return value.slice(0, maskFrom) + this.run(maskUntil - maskFrom) + value.slice(maskUntil);
    }
    const codes = this.reserve(n);
    const maskCode = this.maskCode;
    let index = 0;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (isMaskable(c)) {
        codes[i] = (index >= maskFrom && index < maskUntil) || index === forced ? maskCode : c;
        index++;
      } else codes[i] = c;
    }
    return this.decode(n);
  }

  /**
   * Keeps the first `keepGroups` groups of a value split by any of `separators` (IP addresses:
   * 192.*.*.*; MAC: the vendor prefix); each later non-empty group becomes one mask character.
   */
  groups(value: string, separators: string, keepGroups: number): string {
    const n = value.length;
    const codes = this.reserve(n);
    let length = 0;
    let group = 0;
    let inGroup = false;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (separators.includes(value.charAt(i))) {
        group++;
        inGroup = false;
        codes[length++] = c;
      } else if (group < keepGroups) codes[length++] = c;
      else if (!inGroup) {
        inGroup = true;
        codes[length++] = this.maskCode;
      }
    }
    return this.decode(length);
  }

  /** The scratch buffer, large enough for `length` code units. */
  private reserve(length: number): Uint16Array {
    if (this.codes.length < length) {
      this.codes = new Uint16Array(length * 2);
      this.bytes = Buffer.from(this.codes.buffer);
    }
    return this.codes;
  }

  /** The first `length` code units of the scratch buffer as a string. */
  private decode(length: number): string {
    if (littleEndian) return this.bytes.toString('utf16le', 0, length * 2);
    return String.fromCharCode(...this.codes.subarray(0, length));
  }
}

import { littleEndian } from '../detect/code-units.js';

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

/** Mask runs up to this length are built once and shared. */
const maxCachedRun = 64;
/** Scratch space kept between calls, in code units; a longer value gets a buffer of its own. */
const maxKeptScratch = 4096;

/**
 * Writes masked values for one mask character. A log holds thousands of findings, so the pieces
 * are reused: mask runs are cached by length, and a value with separators is written code unit by
 * code unit into a scratch buffer decoded once, rather than joined from many small strings.
 */
export class Masker {
  /** The mask character's code units: two for a character outside the BMP (an emoji). */
  private readonly maskHigh: number;
  private readonly maskLow: number;
  private readonly maskWidth: number;
  private readonly runs: string[] = [];
  private codes = new Uint16Array(128);
  private bytes = Buffer.from(this.codes.buffer);

  constructor(readonly maskChar: string) {
    this.maskWidth = maskChar.length;
    this.maskHigh = maskChar.charCodeAt(0);
    this.maskLow = maskChar.charCodeAt(this.maskWidth - 1);
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
    const codes = this.reserve(n * this.maskWidth);
    let length = 0;
    let index = 0;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      let masked = false;
      if (isMaskable(c)) {
        masked = (index >= maskFrom && index < maskUntil) || index === forced;
        index++;
      }
      if (masked) length = this.writeMask(codes, length);
      else codes[length++] = c;
    }
    return this.decode(codes, length);
  }

  /**
   * Keeps the first `keepGroups` groups of a value split by any of `separators` (IP addresses:
   * 192.*.*.*; MAC: the vendor prefix); each later non-empty group becomes one mask character.
   */
  groups(value: string, separators: string, keepGroups: number): string {
    const n = value.length;
    const codes = this.reserve(n * this.maskWidth);
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
        length = this.writeMask(codes, length);
      }
    }
    return this.decode(codes, length);
  }

  /** Writes the mask character at `at`; returns the position after it. */
  private writeMask(codes: Uint16Array, at: number): number {
    codes[at] = this.maskHigh;
    if (this.maskWidth === 1) return at + 1;
    codes[at + 1] = this.maskLow;
    return at + 2;
  }

  /** Scratch space for `length` code units: the kept buffer, or a new one for a long value. */
  private reserve(length: number): Uint16Array {
    if (length > maxKeptScratch) return new Uint16Array(length);
    if (this.codes.length < length) {
      this.codes = new Uint16Array(maxKeptScratch);
      this.bytes = Buffer.from(this.codes.buffer);
    }
    return this.codes;
  }

  /** The first `length` code units of `codes` as a string. */
  private decode(codes: Uint16Array, length: number): string {
    if (littleEndian) {
      const bytes = codes === this.codes ? this.bytes : Buffer.from(codes.buffer, codes.byteOffset);
      return bytes.toString('utf16le', 0, length * 2);
    }
    // Spread in slices: one call with every code unit as an argument overflows the stack.
    let text = '';
    for (let at = 0; at < length; at += 4096) {
      text += String.fromCharCode(...codes.subarray(at, Math.min(length, at + 4096)));
    }
    return text;
  }
}

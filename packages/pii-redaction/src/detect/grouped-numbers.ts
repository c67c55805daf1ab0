import type { PiiType } from '../types.js';
import { luhnValid } from '../validators/luhn.js';
import { areaCodeLength, isMobileNumber } from '../validators/phone.js';
import type { ContextKind } from './context.js';

export interface GroupedNumber {
  type: PiiType;
  start: number;
  end: number;
  confidence: number;
  pattern: string;
  validators: readonly string[];
  contextKind: ContextKind;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlnum(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Digit groups from `at` separated by one `sep` each: group lengths, at most `maxGroups`. */
function readGroups(
  text: string,
  at: number,
  sep: number,
  maxGroups: number,
): { lengths: number[]; end: number } {
  const lengths: number[] = [];
  let p = at;
  while (lengths.length < maxGroups) {
    const groupStart = p;
    while (p - groupStart < 20 && isDigit(text.charCodeAt(p))) p++;
    if (p === groupStart) break;
    lengths.push(p - groupStart);
    if (text.charCodeAt(p) !== sep || !isDigit(text.charCodeAt(p + 1))) break;
    p++;
  }
  // A trailing separator that did not start a group is not part of the number.
  while (p > at && !isDigit(text.charCodeAt(p - 1))) p--;
  return { lengths, end: p };
}

function digitsOf(text: string, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) out += text[i];
  }
  return out;
}

function sameLengths(actual: number[], expected: number[]): boolean {
  return actual.length === expected.length && actual.every((n, i) => n === expected[i]);
}

/**
 * Numbers written in groups: mobiles (138 1234 5678, +86 138-1234-5678), bank cards (6222 0212 …),
 * landlines (0755-86962269, (010)12345678, ext. 转123) and 400/800 numbers (400-123-4567).
 * `start`/`runEnd` delimit the first digit group, already known to be 1-4 digits.
 */
export function scanGroupedNumber(
  text: string,
  start: number,
  runEnd: number,
  enabled: ReadonlySet<PiiType>,
): GroupedNumber | { skipTo: number } | undefined {
  const sep = text.charCodeAt(runEnd);
  const first = text.slice(start, runEnd);
  const before = text.charCodeAt(start - 1);
  if (isAlnum(before) || before === 45 || before === 46) return undefined;

  // Country code: +86 / 0086 followed by a mobile number, grouped or not.
  if ((first === '86' && before === 43) || first === '0086') {
    const rest = runEnd + 1;
    let firstGroupEnd = rest;
    while (firstGroupEnd - rest < 11 && isDigit(text.charCodeAt(firstGroupEnd))) firstGroupEnd++;
    const groups = readGroups(text, rest, text.charCodeAt(firstGroupEnd) === 45 ? 45 : 32, 3);
    const digits = digitsOf(text, rest, groups.end);
    if (
      (sameLengths(groups.lengths, [11]) || sameLengths(groups.lengths, [3, 4, 4])) &&
      isMobileNumber(digits) &&
      !isAlnum(text.charCodeAt(groups.end))
    ) {
      return mobile(first === '86' ? start - 1 : start, groups.end, '+86 mobile');
    }
    return undefined;
  }

  if (sep === 32 || sep === 45) {
    const groups = readGroups(text, start, sep, 6);
    // Six groups and more to come: nothing grouped starts here. Only the last five groups of the
    // sequence can open a number (a card has at most five), so scanning resumes there.
    if (groups.lengths.length === 6) return { skipTo: lastGroupsStart(text, start, sep, 5) };
    if (isAlnum(text.charCodeAt(groups.end))) return undefined;
    const digits = digitsOf(text, start, groups.end);
    if (sameLengths(groups.lengths, [3, 4, 4]) && isMobileNumber(digits)) {
      return mobile(start, groups.end, 'mobile in 3-4-4 groups');
    }
    const lengths = groups.lengths;
    if (
      enabled.has('bank-card') &&
      lengths.length >= 4 &&
      lengths.slice(0, -1).every((n) => n === 4) &&
      (lengths.at(-1) ?? 0) >= 1 &&
      (lengths.at(-1) ?? 0) <= 4 &&
      digits.length >= 16 &&
      digits.length <= 19 &&
      luhnValid(digits, 0, digits.length)
    ) {
      return {
        type: 'bank-card',
        start,
        end: groups.end,
        confidence: 0.9,
        pattern: 'digits in groups of 4, 16-19',
        validators: ['luhn'],
        contextKind: 'bank',
      };
    }
    if ((first === '400' || first === '800') && digits.length === 10 && lengths.length <= 3) {
      return {
        type: 'service-number',
        start,
        end: groups.end,
        confidence: 0.75,
        pattern: '400/800 grouped',
        validators: ['service-prefix'],
        contextKind: 'phone',
      };
    }
  }
  return landline(text, start, runEnd, first);
}

/** Start of the `keep`-th last group of the separated digit sequence opening at `from`. */
function lastGroupsStart(text: string, from: number, sep: number, keep: number): number {
  const starts: number[] = [];
  let p = from;
  for (;;) {
    starts.push(p);
    if (starts.length > keep) starts.shift();
    while (isDigit(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) !== sep || !isDigit(text.charCodeAt(p + 1))) break;
    p++;
  }
  return starts[0] ?? from;
}

function mobile(start: number, end: number, pattern: string): GroupedNumber {
  return {
    type: 'mobile',
    start,
    end,
    confidence: 0.9,
    pattern,
    validators: ['mobile-range'],
    contextKind: 'phone',
  };
}

/** Area code, one separator (or a closing parenthesis), 7-8 digit local number, optional extension. */
function landline(text: string, start: number, runEnd: number, first: string): GroupedNumber | undefined {
  if (areaCodeLength(first) !== first.length) return undefined;
  const open = text.charCodeAt(start - 1);
  const parenthesised = open === 40 || open === 0xff08;
  const sep = text.charCodeAt(runEnd);
  if (parenthesised !== (sep === 41 || sep === 0xff09)) return undefined;
  let p = runEnd + 1;
  const localStart = p;
  while (p - localStart < 9 && isDigit(text.charCodeAt(p))) p++;
  const local = p - localStart;
  if (local < 7 || local > 8 || text.charCodeAt(localStart) < 50) return undefined;
  if (first.length === 3 && local !== 8) return undefined;
  // Extension: -123, 转123, #123.
  const extSep = text.charCodeAt(p);
  if ((extSep === 45 || extSep === 0x8f6c || extSep === 35) && isDigit(text.charCodeAt(p + 1))) {
    let q = p + 1;
    while (q - p <= 6 && isDigit(text.charCodeAt(q))) q++;
    if (q - p <= 6) p = q;
  }
  if (isAlnum(text.charCodeAt(p))) return undefined;
  return {
    type: 'landline',
    start: parenthesised ? start - 1 : start,
    end: p,
    confidence: 0.8,
    pattern: parenthesised ? '(area code) local number' : 'area code-local number',
    validators: ['area-code'],
    contextKind: 'phone',
  };
}

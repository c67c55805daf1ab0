import type { Finding, PiiType } from '../types.js';
import { hasKnownReportingBody, isChineseImsi, isImei, meidValidators } from '../validators/device.js';
import {
  isHkMacauPermit,
  isMainlandHkMacauPermit,
  isOldForeignerResidenceId,
  passportPattern,
} from '../validators/documents.js';
import { luhnValid } from '../validators/luhn.js';
import { ipv4End, ipv6End, macEnd, uuidLength } from '../validators/network.js';
import { isLandlineDigits, isMobileNumber, isServiceNumber } from '../validators/phone.js';
import { plateLength, plateProvinceChars } from '../validators/plate.js';
import { isIdShaped, validateEighteenDigitId, validateFifteenDigitId } from '../validators/resident-id.js';
import { validateUscc } from '../validators/uscc.js';
import {
  addressAnchorAt,
  addressAnchorFirstChars,
  addressLength,
  maxAddressLength,
} from './chinese-addresses.js';
import { chineseNameLength } from './chinese-names.js';
import {
  asciiKeyword,
  type ContextKind,
  ContextTracker,
  cjkKeywordAt,
  cjkKeywordFirstChars,
} from './context.js';
import { scanGroupedNumber } from './grouped-numbers.js';

/** What a scan looks for: the enabled types and, for JSON values, the field that hints at a type. */
export interface ScanSettings {
  enabled: ReadonlySet<PiiType>;
  hint?: { kind: ContextKind; word: string };
}

// ASCII character classes, looked up per character in the hot loop.
const DIGIT = 1;
const UPPER = 2;
const LOWER = 4;
const HEX_LETTER = 8;
const asciiClass = new Uint8Array(128);
for (let c = 48; c <= 57; c++) asciiClass[c] = DIGIT;
for (let c = 65; c <= 90; c++) asciiClass[c] = UPPER | (c <= 70 ? HEX_LETTER : 0);
for (let c = 97; c <= 122; c++) asciiClass[c] = LOWER | (c <= 102 ? HEX_LETTER : 0);

// CJK characters that may start something: a plate, a context keyword, an address anchor.
const PLATE = 1;
const KEYWORD = 2;
const ANCHOR = 4;
const cjkFlags = new Uint8Array(0x10000);
function flag(c: number, bit: number): void {
  cjkFlags[c] = (cjkFlags[c] ?? 0) | bit;
}
for (const ch of plateProvinceChars) flag(ch.charCodeAt(0), PLATE);
for (const c of cjkKeywordFirstChars()) flag(c, KEYWORD);
for (const c of addressAnchorFirstChars()) flag(c, ANCHOR);

/** One shared one-element list per context word. */
const contextLists = new Map<string, readonly string[]>();
function contextList(word: string): readonly string[] {
  let list = contextLists.get(word);
  if (list === undefined) {
    list = Object.freeze([word]);
    if (contextLists.size < 1000) contextLists.set(word, list);
  }
  return list;
}

// What the main loop does at each UTF-16 code unit: nothing, read an ASCII run, expand an e-mail
// around '@', or look at a CJK character that may open a plate, a keyword or an address.
const ALNUM = 1;
const AT = 2;
const CJK_START = 3;
const charKinds = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) if (asciiClass[c] !== 0) charKinds[c] = ALNUM;
charKinds[64] = AT;
for (let c = 0x4e00; c <= 0x9fff; c++) if ((cjkFlags[c] ?? 0) !== 0) charKinds[c] = CJK_START;

/** A context keyword starts at `i`: names and addresses stop there (电话 after a name, …). */
function keywordStartsAt(text: string, i: number): boolean {
  return ((cjkFlags[text.charCodeAt(i)] ?? 0) & KEYWORD) !== 0 && cjkKeywordAt(text, i) !== undefined;
}

/** Validator lists shared by all findings of a kind (frozen: never changed in place). */
const OCTETS = Object.freeze(['octets 0-255']);
const ONE_SEPARATOR = Object.freeze(['one separator']);
const MNC = Object.freeze(['mnc']);
const LUHN = Object.freeze(['luhn']);
const MOBILE_RANGE = Object.freeze(['mobile-range']);
const SERVICE_PREFIX = Object.freeze(['service-prefix']);
const AREA_CODE = Object.freeze(['area-code']);
const LUHN_ISSUER = Object.freeze(['luhn', 'issuer-prefix']);
const BOUNDED = Object.freeze(['bounded lengths']);
const SURNAMES = Object.freeze(['surname-list']);
const ANCHOR_STREET = Object.freeze(['province-or-city', 'street-marker']);
const STREET_ONLY = Object.freeze(['street-marker']);
const NODE_NET = Object.freeze(['node:net isIPv6']);
const NONE: readonly string[] = Object.freeze([]);

/** Keywords that say a nearby number is something other than a bank card. */
const otherNumberKinds: readonly ContextKind[] = [
  'id',
  'uscc',
  'order',
  'tracking',
  'device',
  'imsi',
  'qq',
  'phone',
];

/** Keywords that say a nearby all-digit code is something other than a credit code. */
const notCreditCodeKinds: readonly ContextKind[] = [
  'id',
  'bank',
  'order',
  'tracking',
  'device',
  'imsi',
  'qq',
  'phone',
];

/** Email local-part characters besides letters and digits: . _ % + - */
function isLocalPartChar(c: number): boolean {
  return (c < 128 && asciiClass[c] !== 0) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

function isDomainChar(c: number): boolean {
  return (c < 128 && asciiClass[c] !== 0) || c === 45;
}

/** Single pass over the text; emits every candidate (overlaps are settled by `decide`). */
export class Scanner {
  private readonly text: string;
  private readonly enabled: ReadonlySet<PiiType>;
  private readonly context: ContextTracker;
  readonly candidates: Finding[] = [];
  /** Position before which an address attempt already failed on the same stretch of text. */
  private addressFailedUntil = -1;

  constructor(text: string, settings: ScanSettings) {
    this.text = text;
    this.enabled = settings.enabled;
    this.context = new ContextTracker(settings.hint);
  }

  run(): Finding[] {
    const text = this.text;
    const n = text.length;
    let i = 0;
    while (i < n) {
      // One table lookup per character; most characters (spaces, punctuation, most CJK) are 0.
      const kind = charKinds[text.charCodeAt(i)] ?? 0;
      if (kind === 0) {
        i++;
      } else if (kind === ALNUM) {
        i = this.alnumRun(i);
      } else if (kind === AT) {
        this.email(i);
        i++;
      } else {
        const skipTo = this.cjk(i, cjkFlags[text.charCodeAt(i)] ?? 0);
        i = skipTo > i ? skipTo : i + 1;
      }
    }
    return this.candidates;
  }

  private emit(
    type: PiiType,
    start: number,
    end: number,
    confidence: number,
    pattern: string,
    validators: readonly string[],
    contextWord: string | undefined,
  ): void {
    if (!this.enabled.has(type)) return;
    this.candidates.push({
      type,
      start,
      end,
      confidence,
      why: { pattern, validators, context: contextWord === undefined ? NONE : contextList(contextWord) },
    });
  }

  /** Confidence with and without a context word. */
  private level(base: number, withContext: number, word: string | undefined): number {
    return word === undefined ? base : withContext;
  }

  /** A maximal run of ASCII letters and digits at `start`; returns where scanning resumes. */
  private alnumRun(start: number): number {
    const text = this.text;
    const n = text.length;
    let j = start;
    let digits = 0;
    let uppers = 0;
    let nonHexLetters = 0;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c >= 48 && c <= 57) digits++;
      else if (c >= 97 && c <= 122) {
        if (c > 102) nonHexLetters++;
      } else if (c >= 65 && c <= 90) {
        uppers++;
        if (c > 70) nonHexLetters++;
      } else break;
      j++;
    }
    const length = j - start;
    const sep = text.charCodeAt(j);
    const before = text.charCodeAt(start - 1);
    const allDigits = digits === length;
    const hex = nonHexLetters === 0;

    // Composite forms that continue past this run.
    if (sep === 46 && allDigits && length <= 3 && before !== 46 && before !== 118 && before !== 86) {
      const end = ipv4End(text, start);
      if (end > 0) {
        this.emit('ipv4', start, end, 0.85, 'dotted quad', OCTETS, undefined);
        return end;
      }
    }
    if ((sep === 58 || sep === 45) && length === 2 && hex && before !== 58 && before !== 45) {
      const end = macEnd(text, start);
      if (end > 0) {
        this.emit('mac', start, end, 0.9, 'six hex pairs', ONE_SEPARATOR, undefined);
        return end;
      }
    }
    if (sep === 58 && hex && length <= 4 && before !== 58 && before !== 46) {
      const end = ipv6End(text, start);
      if (end > 0) {
        this.emit('ipv6', start, end, 0.9, 'hex groups with colons', NODE_NET, undefined);
        return end;
      }
      if (end < -1) return -end; // an over-long hex/colon token: nothing inside it can be an address
    }
    if (sep === 45 && length === 8 && hex) {
      const uuid = uuidLength(text, start);
      if (uuid > 0) {
        this.uuid(start, start + uuid);
        return start + uuid;
      }
    }
    if (
      allDigits &&
      (sep === 32 || sep === 45 || sep === 41 || sep === 0xff09) &&
      length <= 4 &&
      this.mayStartGroupedNumber(start, length, j)
    ) {
      const grouped = scanGroupedNumber(text, start, j, this.enabled);
      if (grouped !== undefined) {
        if ('skipTo' in grouped) return grouped.skipTo;
        if (grouped.type === 'bank-card') {
          // Same rules as an unbroken card number: Luhn plus an issuer prefix or a card keyword.
          this.bankCard(grouped.start, grouped.end, 'digits in groups of 4,');
          return grouped.end;
        }
        const word = this.context.near(grouped.contextKind, grouped.start);
        const confidence = this.level(grouped.confidence, Math.min(0.99, grouped.confidence + 0.1), word);
        this.emit(
          grouped.type,
          grouped.start,
          grouped.end,
          confidence,
          grouped.pattern,
          grouped.validators,
          word,
        );
        return grouped.end;
      }
    }

    // Nothing is one character long, and no digit-only finding is shorter than four digits.
    if (length === 1 || (allDigits && length < 4)) return j;
    // A word without digits can only be a keyword, or a context-gated value right after one.
    if (digits === 0 && length <= 16) {
      const keyword = asciiKeyword(text, start, j);
      if (keyword !== undefined) {
        this.sawAsciiKeyword(keyword, start, j);
        return j;
      }
      if (!this.context.anyNear(start)) return j;
    }
    if (allDigits) this.digitRun(start, j);
    else this.mixedRun(start, j, digits, uppers, hex);
    return j;
  }

  /**
   * Cheap test before the grouped-number parser: a mobile opens with 1 (3 digits), a card with 4
   * digits followed by 4 more, a landline or 0086 with 0, +86 with a plus, service numbers with 400/800.
   * Dates such as 2026-05-26 fail here.
   */
  private mayStartGroupedNumber(start: number, length: number, end: number): boolean {
    const text = this.text;
    const first = text.charCodeAt(start);
    if (first === 48) return length >= 3;
    if (length === 3) return first === 49 || first === 52 || first === 56;
    if (length === 2) return first === 56 && text.charCodeAt(start - 1) === 43;
    if (length === 4) {
      if (first === 49) return false;
      for (let k = end + 1; k <= end + 4; k++) {
        const c = text.charCodeAt(k);
        if (c < 48 || c > 57) return false;
      }
      return true;
    }
    return false;
  }

  private digitRun(start: number, end: number): void {
    const text = this.text;
    const length = end - start;
    const ctx = this.context;
    const emittedBefore = this.candidates.length;
    if (length === 18) this.eighteen(start, true);
    else if (length === 15) {
      if (isChineseImsi(text, start)) {
        const word = ctx.near('imsi', start);
        this.emit('imsi', start, end, this.level(0.8, 0.97, word), 'MCC 460 + MNC + 10 digits', MNC, word);
      }
      if (isImei(text, start)) {
        const word = ctx.near('device', start);
        if (word !== undefined || hasKnownReportingBody(text, start)) {
          this.emit('imei', start, end, this.level(0.85, 0.97, word), '15 digits', LUHN, word);
        }
      }
      const idWord = ctx.near('id', start);
      if (idWord !== undefined && validateFifteenDigitId(text, start)) {
        this.emit('resident-id-15', start, end, 0.9, '15-digit ID', ['province-code', 'birth-date'], idWord);
      }
    } else if (length === 11) {
      if (isMobileNumber(text, start)) {
        const word = ctx.near('phone', start);
        this.emit('mobile', start, end, this.level(0.9, 0.98, word), '11 digits', MOBILE_RANGE, word);
      } else this.landline(start, end);
    } else if (length === 13 && text.startsWith('86', start) && isMobileNumber(text, start + 2)) {
      const plus = text.charCodeAt(start - 1) === 43 ? 1 : 0;
      const word = ctx.near('phone', start);
      this.emit(
        'mobile',
        start - plus,
        end,
        this.level(0.9, 0.98, word),
        '86 + 11 digits',
        MOBILE_RANGE,
        word,
      );
    } else if (length === 12) this.landline(start, end);
    else if (length === 10 && isServiceNumber(text.slice(start, end))) {
      this.emit('service-number', start, end, 0.7, '400/800 + 7 digits', SERVICE_PREFIX, undefined);
    }
    if (length >= 16 && length <= 19) this.bankCard(start, end, 'digits');
    if (length >= 14) this.hexIdentifiers(start, end);
    // A validated finding outranks any context-gated reading of the same digits.
    if (this.candidates.length === emittedBefore) this.contextGatedDigits(start, end);
  }

  private landline(start: number, end: number): void {
    if (!isLandlineDigits(this.text.slice(start, end))) return;
    const word = this.context.near('phone', start);
    this.emit(
      'landline',
      start,
      end,
      this.level(0.6, 0.9, word),
      'area code + local number',
      AREA_CODE,
      word,
    );
  }

  /** UnionPay 62, Visa 4, Mastercard 51-55/2221-2720, JCB 35, Discover/UnionPay 60/65, Amex-free. */
  private plausibleIssuer(digits: string): boolean {
    const two = Number(digits.slice(0, 2));
    const four = Number(digits.slice(0, 4));
    return (
      two === 62 ||
      digits[0] === '4' ||
      (two >= 51 && two <= 55) ||
      (four >= 2221 && four <= 2720) ||
      two === 35 ||
      two === 60 ||
      two === 65 ||
      two === 81
    );
  }

  private bankCard(start: number, end: number, pattern: string): void {
    const text = this.text;
    // Issuer prefix or keyword first: cheaper than Luhn, and most long numbers in logs fail it.
    const word = this.context.near('bank', start);
    const issuer = this.plausibleIssuer(text.slice(start, start + 4));
    if (!issuer && word === undefined) return;
    if (!luhnValid(text, start, end)) return;
    // A number passing every resident-ID check is an ID unless a card keyword says otherwise.
    if (word === undefined && end - start === 18 && validateEighteenDigitId(text, start) !== undefined)
      return;
    if (word === undefined) {
      // A number labelled as something else (an ID, a credit code, an order) is not a card, and an
      // 18-digit number shaped like an ID is read as a mistyped ID.
      if (otherNumberKinds.some((kind) => this.context.near(kind, start) !== undefined)) return;
      if (end - start === 18 && isIdShaped(text, start)) return;
    } else {
      const idDistance = this.context.distance('id', start);
      const bankDistance = this.context.distance('bank', start) ?? 0;
      if (idDistance !== undefined && idDistance < bankDistance) return;
    }
    const confidence = issuer ? (word ? 0.99 : 0.9) : 0.9;
    this.emit('bank-card', start, end, confidence, `${pattern} 16-19`, issuer ? LUHN_ISSUER : LUHN, word);
  }

  /** An 18-character ID-like run: resident ID family first, then the social credit code. */
  private eighteen(start: number, digitsOnly: boolean): void {
    const text = this.text;
    const end = start + 18;
    const id = validateEighteenDigitId(text, start);
    if (id) {
      const word = this.context.near('id', start);
      this.emit(id.type, start, end, this.level(0.95, 0.99, word), '17 digits + check', id.validators, word);
    }
    // An all-digit run that is a valid ID is a USCC candidate only next to a credit-code keyword.
    if (id && digitsOnly && this.context.near('uscc', start) === undefined) return;
    const uscc = validateUscc(text, start);
    if (uscc) {
      const word = this.context.near('uscc', start);
      // All-digit runs are common (order numbers, mistyped IDs): without a keyword they must also
      // pass the organisation-code check and must not look like an 18-digit ID.
      const plausible =
        !digitsOnly ||
        (uscc.organisationCodeValid &&
          !isIdShaped(text, start) &&
          !notCreditCodeKinds.some((kind) => this.context.near(kind, start) !== undefined));
      if (word !== undefined || plausible) {
        const base = uscc.organisationCodeValid ? 0.9 : 0.7;
        this.emit(
          'uscc',
          start,
          end,
          this.level(base, 0.98, word),
          '18 characters GB 32100',
          uscc.validators,
          word,
        );
      }
    }
  }

  /**
   * Digits that are personal data only next to a keyword (QQ, SMS code, Taiwan permit, order or
   * tracking number). When several keywords are near, the closest one decides.
   */
  private contextGatedDigits(start: number, end: number): void {
    if (!this.context.anyNear(start)) return;
    const length = end - start;
    const first = this.text.charCodeAt(start);
    const options: [PiiType, ContextKind, string, number][] = [];
    if (length >= 5 && length <= 11 && first !== 48) options.push(['qq', 'qq', '5-11 digits', 0.8]);
    if (length >= 4 && length <= 8) options.push(['sms-code', 'sms', '4-8 digits', 0.85]);
    if (length === 8 || length === 10)
      options.push(['taiwan-permit', 'taiwan-permit', '8 digits (+2)', 0.85]);
    this.closestContext(start, end, options);
  }

  private closestContext(
    start: number,
    end: number,
    options: [PiiType, ContextKind, string, number][],
  ): void {
    if (!this.context.anyNear(start)) return;
    const length = end - start;
    if (length >= 10 && length <= 32) {
      options.push(['tracking-number', 'tracking', '10-32 letters/digits', 0.8]);
      options.push(['order-number', 'order', '10-32 letters/digits', 0.75]);
    }
    let best: [PiiType, ContextKind, string, number] | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const option of options) {
      const distance = this.context.distance(option[1], start);
      if (distance !== undefined && distance < bestDistance) {
        best = option;
        bestDistance = distance;
      }
    }
    if (best === undefined) return;
    this.emit(best[0], start, end, best[3], best[2], NONE, this.context.near(best[1], start));
    this.context.consume(best[1]);
  }

  private sawAsciiKeyword(keyword: ContextKind, start: number, end: number): void {
    const text = this.text;
    // id_card / id-card: the card is an ID card.
    const idCard = keyword === 'bank' && /^id[_-]$/i.test(text.slice(start - 3, start));
    this.context.see(
      idCard ? 'id' : keyword,
      end,
      idCard ? text.slice(start - 3, end) : text.slice(start, end),
    );
    if (keyword === 'wechat' && text.charCodeAt(end) === 95 && text.startsWith('wxid', start))
      this.wechat(start);
  }

  private mixedRun(start: number, end: number, digits: number, uppers: number, hex: boolean): void {
    const text = this.text;
    const length = end - start;
    const ctx = this.context;
    const upperOnly = digits + uppers === length;
    if (length === 18 && (digits === 17 || upperOnly)) {
      const last = text.charCodeAt(end - 1);
      if (digits === 17 && (last === 88 || last === 120)) this.eighteen(start, true);
      else if (upperOnly) this.eighteen(start, false);
    }
    if (upperOnly && length === 9) {
      const token = text.slice(start, end);
      const passport = passportPattern(token);
      if (passport) {
        const word = ctx.near('passport', start);
        this.emit('passport', start, end, this.level(0.7, 0.95, word), passport, NONE, word);
      } else if (isHkMacauPermit(token)) {
        const word = ctx.near('permit', start);
        this.emit('hk-macau-permit', start, end, this.level(0.7, 0.95, word), 'H/M + 8 digits', NONE, word);
      } else if (isMainlandHkMacauPermit(token)) {
        const word = ctx.near('permit', start);
        this.emit('mainland-hk-macau-permit', start, end, this.level(0.6, 0.9, word), 'C + 8', NONE, word);
      }
    } else if (upperOnly && length === 11 && isHkMacauPermit(text.slice(start, end))) {
      const word = ctx.near('permit', start);
      this.emit('hk-macau-permit', start, end, this.level(0.7, 0.95, word), 'H/M + 10 digits', NONE, word);
    } else if (upperOnly && length === 15 && isOldForeignerResidenceId(text.slice(start, end))) {
      const word = ctx.near('id', start);
      this.emit(
        'foreigner-permanent-residence-id',
        start,
        end,
        this.level(0.7, 0.95, word),
        '3 letters + 12 digits',
        NONE,
        word,
      );
    }
    if (hex) this.hexIdentifiers(start, end);
    if (text.charCodeAt(start) >= 65 && ctx.anyNear(start)) {
      const word = ctx.near('wechat', start);
      if (word !== undefined) this.wechat(start);
    }
    if (this.context.anyNear(start)) this.closestContext(start, end, []);
  }

  private hexIdentifiers(start: number, end: number): void {
    const length = end - start;
    const ctx = this.context;
    // MEIDs open with a manufacturer code A0-FF or 99; a 15-character one carries its check digit.
    const lead = this.text.charCodeAt(start);
    const meidLead = lead === 57 || (lead >= 65 && lead <= 70) || (lead >= 97 && lead <= 102);
    if ((length === 14 || length === 15) && meidLead && (length === 15 || ctx.anyNear(start))) {
      const word = ctx.near('device', start);
      const validators = meidValidators(this.text, start, length);
      if (validators && (word !== undefined || length === 15)) {
        this.emit('meid', start, end, this.level(0.8, 0.95, word), `${length} hex digits`, validators, word);
      }
    }
    if (!ctx.anyNear(start)) return;
    if (length === 16) {
      const word = ctx.near('android', start);
      if (word !== undefined) this.emit('android-id', start, end, 0.85, '16 hex digits', NONE, word);
    }
    if (length === 16 || length === 32 || length === 64) {
      const word = ctx.near('oaid', start);
      if (word !== undefined) this.emit('oaid', start, end, 0.85, `${length} hex digits`, NONE, word);
    }
  }

  private uuid(start: number, end: number): void {
    const idfa = this.context.near('idfa', start);
    if (idfa !== undefined) {
      this.emit('idfa', start, end, 0.9, 'UUID', NONE, idfa);
      return;
    }
    const oaid = this.context.near('oaid', start);
    if (oaid !== undefined) this.emit('oaid', start, end, 0.85, 'UUID', NONE, oaid);
  }

  /** A WeChat ID: a letter then 5-19 letters, digits, '_' or '-' (or the wxid_ form). */
  private wechat(start: number): void {
    const text = this.text;
    let p = start + 1;
    while (p - start < 40) {
      const c = text.charCodeAt(p);
      if (!((c < 128 && asciiClass[c] !== 0) || c === 95 || c === 45)) break;
      p++;
    }
    const length = p - start;
    const wxid = text.startsWith('wxid_', start);
    if ((wxid && length > 5) || (length >= 6 && length <= 20)) {
      this.emit(
        'wechat',
        start,
        p,
        0.75,
        wxid ? 'wxid_…' : 'letter + 5-19 characters',
        NONE,
        this.context.near('wechat', start) ?? 'wxid',
      );
    }
  }

  /** At '@': expand left over the local part, right over the domain; both bounded. */
  private email(at: number): void {
    const text = this.text;
    let left = at;
    while (left > 0 && at - left < 64 && isLocalPartChar(text.charCodeAt(left - 1))) left--;
    while (left < at && text.charCodeAt(left) === 46) left++;
    if (left === at) return;
    let p = at + 1;
    let lastDot = -1;
    let labelStart = p;
    while (p - at <= 255) {
      const c = text.charCodeAt(p);
      if (isDomainChar(c)) {
        if (p - labelStart >= 63) return;
        p++;
      } else if (c === 46 && p > labelStart && isDomainChar(text.charCodeAt(p + 1))) {
        lastDot = p;
        p++;
        labelStart = p;
      } else break;
    }
    if (lastDot < 0) return;
    // The top-level domain: 2-24 letters.
    for (let i = lastDot + 1; i < p; i++) {
      const c = text.charCodeAt(i);
      if (!(asciiClass[c] ?? 0) || asciiClass[c] === DIGIT) return;
    }
    if (p - lastDot - 1 < 2 || p - lastDot - 1 > 24) return;
    const word = this.context.near('email', left);
    this.emit('email', left, p, 0.95, 'local@domain.tld', BOUNDED, word);
  }

  /** A CJK character that may start a plate, a keyword or an address; returns where to resume. */
  private cjk(at: number, flags: number): number {
    const text = this.text;
    if (flags & PLATE) {
      const plate = plateLength(text, at);
      if (plate) {
        const word = this.context.near('plate', at);
        const pattern = plate.newEnergy ? 'new-energy plate' : 'plate';
        this.emit('licence-plate', at, at + plate.length, this.level(0.85, 0.95, word), pattern, NONE, word);
        return at + plate.length;
      }
    }
    if (flags & KEYWORD) {
      const keyword = cjkKeywordAt(text, at);
      if (keyword) {
        const end = at + keyword[0].length;
        this.context.see(keyword[1], end, keyword[0]);
        if (keyword[1] === 'name') return this.nameAfter(end, keyword[0]);
        if (keyword[1] === 'address') return this.addressAfter(end, keyword[0]);
        return end;
      }
    }
    if (flags & ANCHOR && at >= this.addressFailedUntil) {
      const anchor = addressAnchorAt(text, at);
      if (anchor) return this.address(at, this.context.near('address', at));
    }
    return at;
  }

  private skipSeparators(from: number): number {
    let p = from;
    while (p - from < 4) {
      const c = this.text.charCodeAt(p);
      // : ： = " ' space 为 是
      if (
        c === 58 ||
        c === 0xff1a ||
        c === 61 ||
        c === 34 ||
        c === 39 ||
        c === 32 ||
        c === 0x4e3a ||
        c === 0x662f
      )
        p++;
      else break;
    }
    return p;
  }

  private nameAfter(keywordEnd: number, word: string): number {
    const at = this.skipSeparators(keywordEnd);
    const length = chineseNameLength(this.text, at, keywordStartsAt);
    if (length === 0) return keywordEnd;
    this.emit('chinese-name', at, at + length, 0.7, 'surname + 1-2 characters', SURNAMES, word);
    return at + length;
  }

  private addressAfter(keywordEnd: number, word: string): number {
    const at = this.skipSeparators(keywordEnd);
    const end = this.address(at, word);
    return end > at ? end : keywordEnd;
  }

  private address(at: number, word: string | undefined): number {
    const scan = addressLength(this.text, at, keywordStartsAt);
    const length = scan.length;
    if (length === 0) {
      // Later starts before a natural stop see a subset of the same text and fail too; after a
      // stop at the 48-character cap, half the window is skipped so hostile text stays linear.
      const capped = scan.stoppedAt - at >= maxAddressLength;
      this.addressFailedUntil = capped ? at + maxAddressLength / 2 : scan.stoppedAt;
      return at;
    }
    const anchored = addressAnchorAt(this.text, at) !== undefined;
    if (!anchored && word === undefined) return at;
    const confidence = word === undefined ? 0.65 : 0.8;
    const validators = anchored ? ANCHOR_STREET : STREET_ONLY;
    this.emit('address', at, at + length, confidence, 'region … street … number', validators, word);
    return at + length;
  }
}

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
  NO_MARKER,
  nextMarkerOrEnd,
} from './chinese-addresses.js';
import { chineseNameLength } from './chinese-names.js';
import { CodeUnits } from './code-units.js';
import {
  asciiKeyword,
  type ContextKind,
  ContextTracker,
  cjkKeywordAt,
  cjkKeywordFirstChars,
  cjkKeywordKind,
  cjkKeywordWord,
  kindId,
} from './context.js';
import { scanGroupedNumber } from './grouped-numbers.js';

// Bits of an ASCII letter or digit, or-ed over a run: the run's shape (all digits, hex, upper case)
// is known when the run ends, without counting characters one by one.
const DIGIT = 1;
const UPPER = 2;
const LOWER = 4;
const NON_HEX = 8;
const runBits = new Uint8Array(0x10000);
for (let c = 48; c <= 57; c++) runBits[c] = DIGIT;
for (let c = 65; c <= 90; c++) runBits[c] = UPPER | (c > 70 ? NON_HEX : 0);
for (let c = 97; c <= 122; c++) runBits[c] = LOWER | (c > 102 ? NON_HEX : 0);

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

// What the main loop does at each UTF-16 code unit: nothing (0), read an ASCII run (its run bits,
// 1-15), expand an e-mail around '@', or look at a CJK character that may open a plate, a keyword
// or an address. One table serves both the dispatch and the run's shape.
const RUN_BITS = 15;
const AT = 16;
const CJK_START = 32;
const charInfo = new Uint8Array(0x10000);
charInfo.set(runBits.subarray(0, 128));
charInfo[64] = AT;
for (let c = 0x4e00; c <= 0x9fff; c++) if ((cjkFlags[c] ?? 0) !== 0) charInfo[c] = CJK_START;

// E-mail characters: local part (letters, digits, . _ % + -) and domain labels (letters, digits, -).
const LOCAL = 1;
const DOMAIN = 2;
const emailChars = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (runBits[c] !== 0) emailChars[c] = LOCAL | DOMAIN;
for (const c of [46, 95, 37, 43]) emailChars[c] = LOCAL;
emailChars[45] = LOCAL | DOMAIN;

/** Below this length a text is scanned in place rather than copied into a typed array. */
const minCopiedLength = 64;

// Runs that hold nothing unless a keyword is near, by (separator class, run bits, length up to
// 31): QUIET, or QUIET_UNLESS_KEYWORD for words that may themselves be a keyword. This mirrors the
// exits of `token` and of the readings it calls; 0 (look closer) wherever a run may be something.
const QUIET = 1;
const QUIET_UNLESS_KEYWORD = 2;
/** Separator classes after a run: other, ':', '-', '.', space or ')'. */
const sepClass = new Uint8Array(0x10000);
sepClass[58] = 1;
sepClass[45] = 2;
sepClass[46] = 3;
for (const c of [32, 41, 0xff09]) sepClass[c] = 4;
function quietWithoutContext(bits: number, length: number, sep: number): number {
  const digitsOnly = bits === DIGIT;
  const hexOnly = (bits & NON_HEX) === 0;
  if (digitsOnly && length === 4 && sep === 2) return 0; // a date
  if (length <= 8 && hexOnly && (sep === 1 || sep === 2 || (digitsOnly && sep === 3 && length <= 3)))
    return 0; // IPv4, MAC, IPv6, UUID
  if (digitsOnly && length <= 4 && sep === 4) return 0; // grouped numbers
  if (digitsOnly) return length <= 9 || length === 14 || length >= 20 ? QUIET : 0;
  if (length === 1) return QUIET;
  if ((bits & DIGIT) === 0 && length <= 16) return QUIET_UNLESS_KEYWORD;
  if (length === 18) return 0; // ID family, credit code
  if ((bits & LOWER) === 0 && (length === 9 || length === 11 || length === 15)) return 0; // documents
  if (hexOnly && (length === 14 || length === 15)) return 0; // MEID
  return QUIET;
}
const quietRuns = new Uint8Array(5 << 9);
for (let sep = 0; sep < 5; sep++)
  for (let bits = 1; bits <= RUN_BITS; bits++)
    for (let length = 1; length <= 31; length++)
      quietRuns[(sep << 9) | (bits << 5) | length] = quietWithoutContext(bits, length, sep);

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
const ID_15 = Object.freeze(['province-code', 'birth-date']);
const NONE: readonly string[] = Object.freeze([]);

// Context kinds by numeric id (see context.ts).
const K_ID = kindId.id;
const K_PHONE = kindId.phone;
const K_BANK = kindId.bank;
const K_DEVICE = kindId.device;
const K_IMSI = kindId.imsi;
const K_IDFA = kindId.idfa;
const K_OAID = kindId.oaid;
const K_ANDROID = kindId.android;
const K_PASSPORT = kindId.passport;
const K_PERMIT = kindId.permit;
const K_TAIWAN_PERMIT = kindId['taiwan-permit'];
const K_QQ = kindId.qq;
const K_WECHAT = kindId.wechat;
const K_SMS = kindId.sms;
const K_ORDER = kindId.order;
const K_TRACKING = kindId.tracking;
const K_NAME = kindId.name;
const K_ADDRESS = kindId.address;
const K_EMAIL = kindId.email;
const K_USCC = kindId.uscc;
const K_PLATE = kindId.plate;

/** Keywords that say a nearby number is something other than a bank card. */
const otherNumberKinds: readonly number[] = [
  K_ID,
  K_USCC,
  K_ORDER,
  K_TRACKING,
  K_DEVICE,
  K_IMSI,
  K_QQ,
  K_PHONE,
];

/** Keywords that say a nearby all-digit code is something other than a credit code. */
const notCreditCodeKinds: readonly number[] = [
  K_ID,
  K_BANK,
  K_ORDER,
  K_TRACKING,
  K_DEVICE,
  K_IMSI,
  K_QQ,
  K_PHONE,
];

/** A reading of context-gated digits: type, the kind of keyword it needs, pattern, confidence. */
type GatedOption = [PiiType, number, string, number];

/** UnionPay 62, Visa 4, Mastercard 51-55/2221-2720, JCB 35, Discover/UnionPay 60/65, 81. */
function plausibleIssuer(text: string, at: number): boolean {
  const d0 = text.charCodeAt(at) - 48;
  const two = d0 * 10 + text.charCodeAt(at + 1) - 48;
  const four = two * 100 + (text.charCodeAt(at + 2) - 48) * 10 + text.charCodeAt(at + 3) - 48;
  return (
    two === 62 ||
    d0 === 4 ||
    (two >= 51 && two <= 55) ||
    (four >= 2221 && four <= 2720) ||
    two === 35 ||
    two === 60 ||
    two === 65 ||
    two === 81
  );
}

/** What may stand between a keyword and its value: : ： = " ' space 为 是 (at most four of them). */
const separators = new Uint8Array(0x10000);
for (const c of [58, 0xff1a, 61, 34, 39, 32, 0x4e3a, 0x662f]) separators[c] = 1;

/** Confidence without and with a context word. */
function level(base: number, withContext: number, word: string | undefined): number {
  return word === undefined ? base : withContext;
}

/** Two ASCII digits at `at`. */
function twoDigits(codes: Uint16Array, at: number): boolean {
  return (runBits[codes[at] ?? 0] ?? 0) === DIGIT && (runBits[codes[at + 1] ?? 0] ?? 0) === DIGIT;
}

/** White space or the end of the text: nothing can continue a date or time across it. */
function isBreak(c: number): boolean {
  return !(c > 32);
}

/**
 * End of `-MM-DD`, optionally followed by `THH:MM:SS` or ` HH:MM:SS` with `.fraction` and `Z`, when
 * `at` is the '-' after four digits and the stamp is followed by white space or the end; else -1.
 * Reads the code units in order and stops at the first that does not fit, so it never looks past
 * the 0 after the text.
 */
function timestampEnd(codes: Uint16Array, at: number): number {
  if (!twoDigits(codes, at + 1) || codes[at + 3] !== 45 || !twoDigits(codes, at + 4)) return -1;
  const dateEnd = at + 6;
  const sep = codes[dateEnd] ?? 0;
  if (
    (sep === 84 || sep === 32) &&
    twoDigits(codes, dateEnd + 1) &&
    codes[dateEnd + 3] === 58 &&
    twoDigits(codes, dateEnd + 4) &&
    codes[dateEnd + 6] === 58 &&
    twoDigits(codes, dateEnd + 7)
  ) {
    let p = dateEnd + 9;
    if (codes[p] === 46) {
      const fraction = p + 1;
      while (p - fraction < 9 && runBits[codes[p + 1] ?? 0] === DIGIT) p++;
      p = p === fraction - 1 ? -1 : p + 1;
    }
    if (p > 0 && codes[p] === 90) p++;
    if (p > 0 && isBreak(codes[p] ?? 0)) return p;
  }
  return isBreak(sep) ? dateEnd : -1;
}

function countDigits(text: string, start: number, end: number): number {
  let digits = 0;
  for (let i = start; i < end; i++) if (runBits[text.charCodeAt(i)] === DIGIT) digits++;
  return digits;
}

/**
 * Single pass over a text; emits every candidate (overlaps are settled by `decide`). One scanner is
 * reused for many texts (JSON documents hold thousands of short values): `scan` resets its state.
 */
export class Scanner {
  private text = '';
  private readonly enabled: ReadonlySet<PiiType>;
  private readonly context = new ContextTracker();
  /** Candidates of the current scan. */
  private candidates: Finding[] = [];
  /** Position before which an address attempt already failed on the same stretch of text. */
  private addressFailedUntil = -1;
  /**
   * Text known to hold no street marker and nothing that ends an address: [plainFrom, plainUntil).
   * An attempt whose 48 characters lie inside it fails without being scanned again.
   */
  private plainFrom = -1;
  private plainUntil = -1;
  /** Whether plainUntil is a street marker (else an end, or the end of the text). */
  private plainThenMarker = false;
  /**
   * The last two keyword lookups: an address or name scan and the main loop ask about the same
   * positions, the main loop after the scan has looked further.
   */
  private memoAt = -1;
  private memoId = -1;
  private memoAt2 = -1;
  private memoId2 = -1;
  /** A context keyword starts at `i`: names and addresses stop there (电话 after a name, …). */
  private readonly keywordStartsAt = (i: number): boolean => this.keywordAt(i) >= 0;

  private readonly codeBuffer = new CodeUnits();
  /** The code units of the current text once copied. */
  private codes: Uint16Array | undefined;

  constructor(enabled: ReadonlySet<PiiType>) {
    this.enabled = enabled;
  }

  /**
   * The code units of the text (see CodeUnits), copied once per scan, on first use: long texts
   * before the main loop, short ones only when a CJK character needs a closer look.
   */
  private codeUnits(): Uint16Array {
    if (this.codes === undefined) this.codes = this.codeBuffer.fill(this.text);
    return this.codes;
  }

  /** Candidates in `text`, in scan order. */
  scan(text: string, hint?: { kind: ContextKind; word: string }): readonly Finding[] {
    this.text = text;
    this.codes = undefined;
    // A new array only when the last one was used (truncating in place costs more).
    if (this.candidates.length !== 0) this.candidates = [];
    this.addressFailedUntil = -1;
    this.plainUntil = -1;
    this.memoAt = -1;
    this.memoAt2 = -1;
    this.context.reset(hint);
    return this.run();
  }

  private run(): Finding[] {
    const text = this.text;
    const n = text.length;
    // Short texts (JSON values) are read in place: copying them would cost more than it saves.
    if (n < minCopiedLength) return this.runInPlace();
    const codes = this.codeUnits();
    let i = 0;
    while (i < n) {
      // One table lookup per character; most characters (spaces, punctuation, most CJK) are 0.
      const info = charInfo[codes[i] ?? 0] ?? 0;
      if (info === 0) {
        i++;
      } else if (info <= RUN_BITS) {
        // The run is read here, in the loop, with its shape or-ed together; only then is it
        // classified. The 0 after the last code unit ends it without a bounds test.
        let bits = info;
        let j = i + 1;
        let c = 0;
        for (;;) {
          c = codes[j] ?? 0;
          const b = (charInfo[c] ?? 0) & RUN_BITS;
          if (b === 0) break;
          bits |= b;
          j++;
        }
        i = this.quiet(i, j, bits, c) ? j : this.token(i, j, bits, c);
      } else i = this.notInRun(i, info);
    }
    return this.candidates;
  }

  /** The same loop as `run`, reading the string itself. */
  private runInPlace(): Finding[] {
    const text = this.text;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const info = charInfo[text.charCodeAt(i)] ?? 0;
      if (info === 0) {
        i++;
      } else if (info <= RUN_BITS) {
        let bits = info;
        let j = i + 1;
        let c = 0;
        while (j < n) {
          c = text.charCodeAt(j);
          const b = (charInfo[c] ?? 0) & RUN_BITS;
          if (b === 0) break;
          bits |= b;
          j++;
        }
        const sep = j < n ? c : 0;
        i = this.quiet(i, j, bits, sep) ? j : this.token(i, j, bits, sep);
      } else i = this.notInRun(i, info);
    }
    return this.candidates;
  }

  /** At an '@' or a flagged CJK character; returns where scanning resumes. */
  private notInRun(i: number, info: number): number {
    if (info === AT) {
      this.email(i);
      return i + 1;
    }
    const skipTo = this.cjk(i);
    return skipTo > i ? skipTo : i + 1;
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

  /**
   * Whether the run text[start, end) followed by `sep` holds nothing: most runs (plain words, short
   * numbers) when no keyword is near, told by one table read. Kept small so that the main loops
   * inline it and call `token` only for the rest.
   */
  private quiet(start: number, end: number, bits: number, sep: number): boolean {
    const quiet = quietRuns[((sepClass[sep] ?? 0) << 9) | (bits << 5) | Math.min(end - start, 31)];
    return (
      quiet !== 0 &&
      !this.context.anyNear(start) &&
      (quiet === QUIET || asciiKeyword(this.codeUnits(), start, end) < 0)
    );
  }

  /**
   * Classifies the ASCII letter/digit run text[start, end) whose or-ed shape is `bits`; returns
   * where scanning resumes. Cheapest exits first: most runs are short numbers or plain words.
   */
  private token(start: number, end: number, bits: number, sep: number): number {
    const length = end - start;
    // An ISO date (and time) holds no finding unless a keyword gives its first four digits a
    // meaning (验证码 2026-…): skipped whole, it costs one bounded check instead of six runs.
    if (bits === DIGIT && length === 4 && sep === 45 && !this.context.anyNear(start)) {
      const stampEnd = timestampEnd(this.codeUnits(), end);
      if (stampEnd > 0) return stampEnd;
    }
    // Composite forms continuing past the run: IPv4 (1-3 digits, '.'), MAC, IPv6 and UUID (hex,
    // ':' or '-'), grouped numbers (1-4 digits, '-', space or ')').
    if (
      length <= 8 &&
      (bits & NON_HEX) === 0 &&
      (sep === 58 ||
        sep === 45 ||
        (bits === DIGIT &&
          (sep === 46 ? length <= 3 : length <= 4 && (sep === 32 || sep === 41 || sep === 0xff09))))
    ) {
      const resume = this.composite(start, end, bits, sep);
      if (resume >= 0) return resume;
    }
    if (bits === DIGIT) {
      // No digit-only finding is shorter than four digits.
      if (length >= 4) this.digitRun(start, end);
      return end;
    }
    // Nothing is one character long.
    if (length === 1) return end;
    // A word without digits can only be a keyword, or a context-gated value right after one.
    if ((bits & DIGIT) === 0 && length <= 16) {
      const keyword = asciiKeyword(this.codeUnits(), start, end);
      if (keyword >= 0) {
        this.sawAsciiKeyword(keyword, start, end);
        return end;
      }
      if (!this.context.anyNear(start)) return end;
    }
    this.mixedRun(start, end, bits);
    return end;
  }

  /** IPv4, MAC, IPv6, UUID and grouped numbers opening with the run; -1 when none applies. */
  private composite(start: number, runEnd: number, bits: number, sep: number): number {
    const text = this.text;
    const length = runEnd - start;
    const before = text.charCodeAt(start - 1);
    const allDigits = bits === DIGIT;
    if (sep === 46 && allDigits && length <= 3 && before !== 46 && before !== 118 && before !== 86) {
      const end = ipv4End(text, start);
      if (end > 0) {
        this.emit('ipv4', start, end, 0.85, 'dotted quad', OCTETS, undefined);
        return end;
      }
    }
    if ((sep === 58 || sep === 45) && length === 2 && before !== 58 && before !== 45) {
      const end = macEnd(text, start);
      if (end > 0) {
        this.emit('mac', start, end, 0.9, 'six hex pairs', ONE_SEPARATOR, undefined);
        return end;
      }
    }
    if (sep === 58 && length <= 4 && before !== 58 && before !== 46) {
      const end = ipv6End(text, start);
      if (end > 0) {
        this.emit('ipv6', start, end, 0.9, 'hex groups with colons', NODE_NET, undefined);
        return end;
      }
      if (end < -1) return -end; // an over-long hex/colon token: nothing inside it can be an address
    }
    if (sep === 45 && length === 8) {
      const uuid = uuidLength(text, start);
      if (uuid > 0) {
        this.uuid(start, start + uuid);
        return start + uuid;
      }
    }
    if (
      allDigits &&
      sep !== 46 &&
      sep !== 58 &&
      length <= 4 &&
      this.mayStartGroupedNumber(start, length, runEnd)
    ) {
      const grouped = scanGroupedNumber(text, start, runEnd, this.enabled);
      if (grouped !== undefined) {
        if ('skipTo' in grouped) return grouped.skipTo;
        if (grouped.type === 'bank-card') {
          // Same rules as an unbroken card number: Luhn plus an issuer prefix or a card keyword.
          this.bankCard(grouped.start, grouped.end, 'digits in groups of 4,');
          return grouped.end;
        }
        const word = this.context.near(kindId[grouped.contextKind], grouped.start);
        const confidence = word === undefined ? grouped.confidence : Math.min(0.99, grouped.confidence + 0.1);
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
    return -1;
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
        const word = ctx.near(K_IMSI, start);
        this.emit('imsi', start, end, level(0.8, 0.97, word), 'MCC 460 + MNC + 10 digits', MNC, word);
      }
      if (isImei(text, start)) {
        const word = ctx.near(K_DEVICE, start);
        if (word !== undefined || hasKnownReportingBody(text, start)) {
          this.emit('imei', start, end, level(0.85, 0.97, word), '15 digits', LUHN, word);
        }
      }
      const idWord = ctx.near(K_ID, start);
      if (idWord !== undefined && validateFifteenDigitId(text, start)) {
        this.emit('resident-id-15', start, end, 0.9, '15-digit ID', ID_15, idWord);
      }
    } else if (length === 11) {
      if (isMobileNumber(text, start)) {
        const word = ctx.near(K_PHONE, start);
        this.emit('mobile', start, end, level(0.9, 0.98, word), '11 digits', MOBILE_RANGE, word);
      } else this.landline(start, end);
    } else if (length === 13 && text.startsWith('86', start) && isMobileNumber(text, start + 2)) {
      const plus = text.charCodeAt(start - 1) === 43 ? 1 : 0;
      const word = ctx.near(K_PHONE, start);
      this.emit('mobile', start - plus, end, level(0.9, 0.98, word), '86 + 11 digits', MOBILE_RANGE, word);
    } else if (length === 12) this.landline(start, end);
    else if (length === 10 && isServiceNumber(text, start)) {
      this.emit('service-number', start, end, 0.7, '400/800 + 7 digits', SERVICE_PREFIX, undefined);
    }
    if (length >= 16 && length <= 19) this.bankCard(start, end, 'digits');
    if (length >= 14) this.hexIdentifiers(start, end);
    // A validated finding outranks any context-gated reading of the same digits.
    if (this.candidates.length === emittedBefore) this.contextGatedDigits(start, end);
  }

  private landline(start: number, end: number): void {
    if (!isLandlineDigits(this.text, start, end)) return;
    const word = this.context.near(K_PHONE, start);
    this.emit('landline', start, end, level(0.6, 0.9, word), 'area code + local number', AREA_CODE, word);
  }

  private bankCard(start: number, end: number, pattern: string): void {
    const text = this.text;
    const ctx = this.context;
    // Issuer prefix or keyword first: cheaper than Luhn, and most long numbers in logs fail it.
    const word = ctx.near(K_BANK, start);
    const issuer = plausibleIssuer(text, start);
    if (!issuer && word === undefined) return;
    if (!luhnValid(text, start, end)) return;
    // A number passing every resident-ID check is an ID unless a card keyword says otherwise.
    if (word === undefined && end - start === 18 && validateEighteenDigitId(text, start) !== undefined)
      return;
    if (word === undefined) {
      // A number labelled as something else (an ID, a credit code, an order) is not a card, and an
      // 18-digit number shaped like an ID is read as a mistyped ID.
      if (otherNumberKinds.some((kind) => ctx.near(kind, start) !== undefined)) return;
      if (end - start === 18 && isIdShaped(text, start)) return;
    } else {
      const idDistance = ctx.distance(K_ID, start);
      const bankDistance = Math.max(0, ctx.distance(K_BANK, start));
      if (idDistance >= 0 && idDistance < bankDistance) return;
    }
    const confidence = issuer ? (word ? 0.99 : 0.9) : 0.9;
    this.emit('bank-card', start, end, confidence, `${pattern} 16-19`, issuer ? LUHN_ISSUER : LUHN, word);
  }

  /** An 18-character ID-like run: resident ID family first, then the social credit code. */
  private eighteen(start: number, digitsOnly: boolean): void {
    const text = this.text;
    const ctx = this.context;
    const end = start + 18;
    const id = validateEighteenDigitId(text, start);
    if (id) {
      const word = ctx.near(K_ID, start);
      this.emit(id.type, start, end, level(0.95, 0.99, word), '17 digits + check', id.validators, word);
    }
    // An all-digit run that is a valid ID is a USCC candidate only next to a credit-code keyword.
    if (id && digitsOnly && ctx.near(K_USCC, start) === undefined) return;
    const uscc = validateUscc(text, start);
    if (uscc) {
      const word = ctx.near(K_USCC, start);
      // All-digit runs are common (order numbers, mistyped IDs): without a keyword they must also
      // pass the organisation-code check and must not look like an 18-digit ID.
      const plausible =
        !digitsOnly ||
        (uscc.organisationCodeValid &&
          !isIdShaped(text, start) &&
          !notCreditCodeKinds.some((kind) => ctx.near(kind, start) !== undefined));
      if (word !== undefined || plausible) {
        const base = uscc.organisationCodeValid ? 0.9 : 0.7;
        this.emit(
          'uscc',
          start,
          end,
          level(base, 0.98, word),
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
    const options: GatedOption[] = [];
    if (length >= 5 && length <= 11 && first !== 48) options.push(['qq', K_QQ, '5-11 digits', 0.8]);
    if (length >= 4 && length <= 8) options.push(['sms-code', K_SMS, '4-8 digits', 0.85]);
    if (length === 8 || length === 10)
      options.push(['taiwan-permit', K_TAIWAN_PERMIT, '8 digits (+2)', 0.85]);
    this.closestContext(start, end, options);
  }

  private closestContext(start: number, end: number, options: GatedOption[]): void {
    const ctx = this.context;
    if (!ctx.anyNear(start)) return;
    const length = end - start;
    if (length >= 10 && length <= 32) {
      options.push(['tracking-number', K_TRACKING, '10-32 letters/digits', 0.8]);
      options.push(['order-number', K_ORDER, '10-32 letters/digits', 0.75]);
    }
    let best: GatedOption | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const option of options) {
      const distance = ctx.distance(option[1], start);
      if (distance >= 0 && distance < bestDistance) {
        best = option;
        bestDistance = distance;
      }
    }
    if (best === undefined) return;
    this.emit(best[0], start, end, best[3], best[2], NONE, ctx.near(best[1], start));
    ctx.consume(best[1]);
  }

  private sawAsciiKeyword(kind: number, start: number, end: number): void {
    const text = this.text;
    // id_card / id-card: the card is an ID card.
    const idCard = kind === K_BANK && /^id[_-]$/i.test(text.slice(start - 3, start));
    this.context.see(idCard ? K_ID : kind, end, idCard ? text.slice(start - 3, end) : text.slice(start, end));
    if (kind === K_WECHAT && text.charCodeAt(end) === 95 && text.startsWith('wxid', start))
      this.wechat(start);
  }

  private mixedRun(start: number, end: number, bits: number): void {
    const text = this.text;
    const length = end - start;
    const ctx = this.context;
    const upperOnly = (bits & LOWER) === 0;
    if (length === 18) {
      const last = text.charCodeAt(end - 1);
      if ((last === 88 || last === 120) && countDigits(text, start, end) === 17) this.eighteen(start, true);
      else if (upperOnly) this.eighteen(start, false);
    }
    if (upperOnly && length === 9) {
      const passport = passportPattern(text, start);
      if (passport) {
        const word = ctx.near(K_PASSPORT, start);
        this.emit('passport', start, end, level(0.7, 0.95, word), passport, NONE, word);
      } else if (isHkMacauPermit(text, start, end)) {
        const word = ctx.near(K_PERMIT, start);
        this.emit('hk-macau-permit', start, end, level(0.7, 0.95, word), 'H/M + 8 digits', NONE, word);
      } else if (isMainlandHkMacauPermit(text, start)) {
        const word = ctx.near(K_PERMIT, start);
        this.emit('mainland-hk-macau-permit', start, end, level(0.6, 0.9, word), 'C + 8', NONE, word);
      }
    } else if (upperOnly && length === 11 && isHkMacauPermit(text, start, end)) {
      const word = ctx.near(K_PERMIT, start);
      this.emit('hk-macau-permit', start, end, level(0.7, 0.95, word), 'H/M + 10 digits', NONE, word);
    } else if (upperOnly && length === 15 && isOldForeignerResidenceId(text, start)) {
      const word = ctx.near(K_ID, start);
      this.emit(
        'foreigner-permanent-residence-id',
        start,
        end,
        level(0.7, 0.95, word),
        '3 letters + 12 digits',
        NONE,
        word,
      );
    }
    if ((bits & NON_HEX) === 0) this.hexIdentifiers(start, end);
    if (!ctx.anyNear(start)) return;
    if (text.charCodeAt(start) >= 65 && ctx.near(K_WECHAT, start) !== undefined) this.wechat(start);
    this.closestContext(start, end, []);
  }

  private hexIdentifiers(start: number, end: number): void {
    const length = end - start;
    const ctx = this.context;
    // MEIDs open with a manufacturer code A0-FF or 99; a 15-character one carries its check digit.
    const lead = this.text.charCodeAt(start);
    const meidLead = lead === 57 || (lead >= 65 && lead <= 70) || (lead >= 97 && lead <= 102);
    if ((length === 14 || length === 15) && meidLead && (length === 15 || ctx.anyNear(start))) {
      const word = ctx.near(K_DEVICE, start);
      const validators = meidValidators(this.text, start, length);
      if (validators && (word !== undefined || length === 15)) {
        this.emit('meid', start, end, level(0.8, 0.95, word), `${length} hex digits`, validators, word);
      }
    }
    if (!ctx.anyNear(start)) return;
    if (length === 16) {
      const word = ctx.near(K_ANDROID, start);
      if (word !== undefined) this.emit('android-id', start, end, 0.85, '16 hex digits', NONE, word);
    }
    if (length === 16 || length === 32 || length === 64) {
      const word = ctx.near(K_OAID, start);
      if (word !== undefined) this.emit('oaid', start, end, 0.85, `${length} hex digits`, NONE, word);
    }
  }

  private uuid(start: number, end: number): void {
    const idfa = this.context.near(K_IDFA, start);
    if (idfa !== undefined) {
      this.emit('idfa', start, end, 0.9, 'UUID', NONE, idfa);
      return;
    }
    const oaid = this.context.near(K_OAID, start);
    if (oaid !== undefined) this.emit('oaid', start, end, 0.85, 'UUID', NONE, oaid);
  }

  /** A WeChat ID: a letter then 5-19 letters, digits, '_' or '-' (or the wxid_ form). */
  private wechat(start: number): void {
    const text = this.text;
    let p = start + 1;
    while (p - start < 40) {
      const c = text.charCodeAt(p);
      if (!((runBits[c] ?? 0) !== 0 || c === 95 || c === 45)) break;
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
        this.context.near(K_WECHAT, start) ?? 'wxid',
      );
    }
  }

  /** At '@': the domain to the right (cheaper to reject), then the local part to the left; both bounded. */
  private email(at: number): void {
    const text = this.text;
    let p = at + 1;
    let lastDot = -1;
    let labelStart = p;
    while (p - at <= 255) {
      const c = text.charCodeAt(p);
      if (((emailChars[c] ?? 0) & DOMAIN) !== 0) {
        if (p - labelStart >= 63) return;
        p++;
      } else if (c === 46 && p > labelStart && ((emailChars[text.charCodeAt(p + 1)] ?? 0) & DOMAIN) !== 0) {
        lastDot = p;
        p++;
        labelStart = p;
      } else break;
    }
    // The top-level domain: 2-24 letters.
    if (lastDot < 0 || p - lastDot - 1 < 2 || p - lastDot - 1 > 24) return;
    for (let i = lastDot + 1; i < p; i++) {
      const bits = runBits[text.charCodeAt(i)] ?? 0;
      if (bits === 0 || bits === DIGIT) return;
    }
    let left = at;
    while (left > 0 && at - left < 64 && ((emailChars[text.charCodeAt(left - 1)] ?? 0) & LOCAL) !== 0) left--;
    while (left < at && text.charCodeAt(left) === 46) left++;
    if (left === at) return;
    const word = this.context.near(K_EMAIL, left);
    this.emit('email', left, p, 0.95, 'local@domain.tld', BOUNDED, word);
  }

  /** A CJK character that may start a plate, a keyword or an address; returns where to resume. */
  private cjk(at: number): number {
    const text = this.text;
    const flags = cjkFlags[this.codeUnits()[at] ?? 0] ?? 0;
    if (flags & PLATE) {
      const plate = plateLength(text, at);
      if (plate) {
        const word = this.context.near(K_PLATE, at);
        const pattern = plate.newEnergy ? 'new-energy plate' : 'plate';
        this.emit('licence-plate', at, at + plate.length, level(0.85, 0.95, word), pattern, NONE, word);
        return at + plate.length;
      }
    }
    if (flags & KEYWORD) {
      const id = this.keywordAt(at);
      if (id >= 0) {
        const word = cjkKeywordWord(id);
        const kind = cjkKeywordKind(id);
        const end = at + word.length;
        this.context.see(kind, end, word);
        if (kind === K_NAME) return this.nameAfter(end, word);
        if (kind === K_ADDRESS) return this.addressAfter(end, word);
        return end;
      }
    }
    if (flags & ANCHOR && at >= this.addressFailedUntil && addressAnchorAt(text, at)) {
      return this.address(at, this.context.near(K_ADDRESS, at));
    }
    return at;
  }

  /** Id of the CJK keyword starting at `i`, or -1. */
  private keywordAt(i: number): number {
    const codes = this.codeUnits();
    if (((cjkFlags[codes[i] ?? 0] ?? 0) & KEYWORD) === 0) return -1;
    if (i === this.memoAt) return this.memoId;
    if (i === this.memoAt2) return this.memoId2;
    const id = cjkKeywordAt(codes, i);
    this.memoAt2 = this.memoAt;
    this.memoId2 = this.memoId;
    this.memoAt = i;
    this.memoId = id;
    return id;
  }

  private skipSeparators(from: number): number {
    const codes = this.codeUnits();
    let p = from;
    while (p - from < 4 && separators[codes[p] ?? 0] === 1) p++;
    return p;
  }

  private nameAfter(keywordEnd: number, word: string): number {
    const at = this.skipSeparators(keywordEnd);
    const length = chineseNameLength(this.text, at, this.keywordStartsAt);
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
    if (at > this.plainFrom && at < this.plainUntil) {
      // Known text: a scan from here would meet no marker. It would stop at the cap (failing
      // there as below) or, when an end is within reach, at that end.
      const reachable = at + maxAddressLength;
      if (reachable <= this.plainUntil) {
        this.addressFailedUntil = at + maxAddressLength / 2;
        return at;
      }
      if (!this.plainThenMarker) {
        this.addressFailedUntil = this.plainUntil;
        return at;
      }
    }
    const scan = addressLength(this.text, at, this.keywordStartsAt);
    const length = scan >> 7;
    if (length === 0) {
      // Later starts before a natural stop see a subset of the same text and fail too; after a
      // stop at the 48-character cap, half the window is skipped so hostile text stays linear.
      const scanned = scan & 63;
      const capped = scanned >= maxAddressLength;
      this.addressFailedUntil = capped ? at + maxAddressLength / 2 : at + scanned;
      if (capped && scan & NO_MARKER && at + maxAddressLength > this.plainUntil) {
        // Learn how far the marker-free text goes, once, so later attempts inside it cost nothing.
        const next = nextMarkerOrEnd(this.text, at, at + maxAddressLength, this.keywordStartsAt);
        this.plainFrom = at;
        this.plainThenMarker = next >= 0;
        this.plainUntil = next >= 0 ? next : -next - 1;
      }
      return at;
    }
    const anchored = addressAnchorAt(this.text, at);
    if (!anchored && word === undefined) return at;
    const confidence = level(0.65, 0.8, word);
    const validators = anchored ? ANCHOR_STREET : STREET_ONLY;
    this.emit('address', at, at + length, confidence, 'region … street … number', validators, word);
    return at + length;
  }
}

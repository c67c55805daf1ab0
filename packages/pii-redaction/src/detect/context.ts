/** Kinds of context a keyword (or a JSON field name) can give to a nearby candidate. */
export const contextKinds = [
  'id',
  'phone',
  'bank',
  'device',
  'imsi',
  'idfa',
  'oaid',
  'android',
  'passport',
  'permit',
  'taiwan-permit',
  'qq',
  'wechat',
  'sms',
  'order',
  'tracking',
  'name',
  'address',
  'email',
  'uscc',
  'plate',
] as const;
export type ContextKind = (typeof contextKinds)[number];

/** Numeric index of each kind: the scanner and the tracker work with these, never with the names. */
export const kindId = Object.freeze(
  Object.fromEntries(contextKinds.map((kind, index) => [kind, index])) as Record<ContextKind, number>,
);

/** How far (UTF-16 units) a keyword's end may lie before a candidate and still count. */
export const contextWindow = 24;

const cjkKeywords: Record<string, ContextKind> = {
  身份证: 'id',
  身份证号: 'id',
  身份证号码: 'id',
  身份證: 'id',
  证件号: 'id',
  证件号码: 'id',
  公民身份号码: 'id',
  居住证: 'id',
  永久居留: 'id',
  手机: 'phone',
  手机号: 'phone',
  电话: 'phone',
  联系电话: 'phone',
  联系方式: 'phone',
  座机: 'phone',
  固话: 'phone',
  卡号: 'bank',
  银行卡: 'bank',
  账号: 'bank',
  帐号: 'bank',
  信用卡: 'bank',
  借记卡: 'bank',
  开户: 'bank',
  串号: 'device',
  设备号: 'device',
  设备标识: 'device',
  广告标识: 'idfa',
  护照: 'passport',
  通行证: 'permit',
  回乡证: 'permit',
  台胞证: 'taiwan-permit',
  微信: 'wechat',
  微信号: 'wechat',
  验证码: 'sms',
  校验码: 'sms',
  动态码: 'sms',
  短信码: 'sms',
  动态密码: 'sms',
  订单: 'order',
  订单号: 'order',
  单号: 'order',
  快递: 'tracking',
  运单: 'tracking',
  运单号: 'tracking',
  快递单号: 'tracking',
  物流单号: 'tracking',
  姓名: 'name',
  名字: 'name',
  联系人: 'name',
  收件人: 'name',
  收货人: 'name',
  寄件人: 'name',
  持卡人: 'name',
  申请人: 'name',
  签署人: 'name',
  户名: 'name',
  患者: 'name',
  地址: 'address',
  住址: 'address',
  收货地址: 'address',
  家庭住址: 'address',
  居住地: 'address',
  邮箱: 'email',
  信用代码: 'uscc',
  营业执照: 'uscc',
  税号: 'uscc',
  纳税人识别号: 'uscc',
  车牌: 'plate',
  车牌号: 'plate',
};

/** Lower-cased ASCII words and camelCase field names; `_`/`-` split words, so `order_no` gives `order`. */
const asciiKeywords: Record<string, ContextKind> = {
  idcard: 'id',
  idno: 'id',
  idnumber: 'id',
  idcardno: 'id',
  certno: 'id',
  identity: 'id',
  sfz: 'id',
  mobile: 'phone',
  phone: 'phone',
  tel: 'phone',
  cellphone: 'phone',
  telephone: 'phone',
  phonenumber: 'phone',
  mobileno: 'phone',
  bankcard: 'bank',
  cardno: 'bank',
  card: 'bank',
  account: 'bank',
  accountno: 'bank',
  pan: 'bank',
  imei: 'device',
  meid: 'device',
  deviceid: 'device',
  imsi: 'imsi',
  idfa: 'idfa',
  idfv: 'idfa',
  oaid: 'oaid',
  vaid: 'oaid',
  aaid: 'oaid',
  android: 'android',
  androidid: 'android',
  passport: 'passport',
  passportno: 'passport',
  permit: 'permit',
  mtp: 'taiwan-permit',
  qq: 'qq',
  wechat: 'wechat',
  weixin: 'wechat',
  wxid: 'wechat',
  sms: 'sms',
  smscode: 'sms',
  otp: 'sms',
  captcha: 'sms',
  verifycode: 'sms',
  vcode: 'sms',
  authcode: 'sms',
  order: 'order',
  orderid: 'order',
  orderno: 'order',
  tracking: 'tracking',
  trackingno: 'tracking',
  waybill: 'tracking',
  waybillno: 'tracking',
  name: 'name',
  realname: 'name',
  fullname: 'name',
  contact: 'name',
  address: 'address',
  addr: 'address',
  email: 'email',
  mail: 'email',
  uscc: 'uscc',
  creditcode: 'uscc',
  taxno: 'uscc',
  plate: 'plate',
  plateno: 'plate',
};

const asciiKeywordMap = new Map(Object.entries(asciiKeywords));
const maxAsciiKeyword = Math.max(...Object.keys(asciiKeywords).map((k) => k.length));

/**
 * (first letter, last letter, length) folded to lower case: a table lookup before any comparison.
 * The table stays small (12 KiB) so that it is in cache for every word of a log line.
 */
const shapeSpan = maxAsciiKeyword + 1;
function shapeOf(first: number, last: number, length: number): number {
  return (((first | 32) & 31) * 32 + ((last | 32) & 31)) * shapeSpan + length;
}

// ASCII keywords by shape: the first keyword id of a shape (+1) and a chain to the next one, so a
// word is compared code by code with at most a few keywords and never sliced or lower-cased.
const asciiWords = Object.keys(asciiKeywords);
const asciiWordKinds = asciiWords.map((word) => kindId[asciiKeywords[word] as ContextKind]);
const shapeFirst = new Uint8Array(32 * 32 * shapeSpan);
const shapeNext = new Uint8Array(asciiWords.length + 1);
asciiWords.forEach((word, id) => {
  const shape = shapeOf(word.charCodeAt(0), word.charCodeAt(word.length - 1), word.length);
  shapeNext[id + 1] = shapeFirst[shape] ?? 0;
  shapeFirst[shape] = id + 1;
});

/**
 * The kind id of the ASCII word at [start, end) of a text's code units (letters and digits only) if it is a keyword, in
 * any case; -1 otherwise. Digits never collide with letters under `| 32`, so the fold is exact.
 */
export function asciiKeyword(codes: Uint16Array, start: number, end: number): number {
  const length = end - start;
  if (length > maxAsciiKeyword || length < 2) return -1;
  let id = shapeFirst[shapeOf(codes[start] ?? 0, codes[end - 1] ?? 0, length)] ?? 0;
  while (id !== 0) {
    const word = asciiWords[id - 1] as string;
    let k = 0;
    while (k < length && ((codes[start + k] ?? 0) | 32) === word.charCodeAt(k)) k++;
    if (k === length) return asciiWordKinds[id - 1] ?? -1;
    id = shapeNext[id] ?? 0;
  }
  return -1;
}

// CJK keywords as one flat table of code units, grouped by first character (longest first within a
// group): a lookup is a table read, then typed-array comparisons; no strings are touched.
const cjkWords = Object.keys(cjkKeywords);
const cjkWordKinds = cjkWords.map((word) => kindId[cjkKeywords[word] as ContextKind]);
const byFirst = new Map<number, number[]>();
for (const [id, word] of cjkWords.entries()) {
  byFirst.set(word.charCodeAt(0), [...(byFirst.get(word.charCodeAt(0)) ?? []), id]);
}
/** Keyword ids in table order; group g spans [groupStart[g], groupStart[g + 1]). */
const order = [...byFirst.values()].flatMap((ids) =>
  ids.sort((a, b) => (cjkWords[b]?.length ?? 0) - (cjkWords[a]?.length ?? 0)),
);
const cjkGroupOf = new Uint8Array(0x10000);
const groupStart = new Uint8Array(byFirst.size + 2);
const entryId = Uint8Array.from(order);
const entryLength = Uint8Array.from(order, (id) => cjkWords[id]?.length ?? 0);
const entryOffset = new Uint16Array(order.length);
const entryCodes = new Uint16Array(order.reduce((sum, id) => sum + (cjkWords[id]?.length ?? 0), 0));
{
  let offset = 0;
  let group = 0;
  for (const [index, id] of order.entries()) {
    const word = cjkWords[id] ?? '';
    const first = word.charCodeAt(0);
    if (cjkGroupOf[first] === 0) {
      group++;
      cjkGroupOf[first] = group;
      groupStart[group] = index;
    }
    entryOffset[index] = offset;
    for (let k = 0; k < word.length; k++) entryCodes[offset++] = word.charCodeAt(k);
  }
  groupStart[group + 1] = order.length;
}

export function cjkKeywordFirstChars(): number[] {
  return cjkWords.map((word) => word.charCodeAt(0));
}

/** Second characters of the keywords: most first-character hits fail here, on one table read. */
const cjkSecond = new Uint8Array(0x10000);
for (const word of cjkWords) cjkSecond[word.charCodeAt(1)] = 1;

/** Id of the longest CJK keyword starting at `at` in a text's code units (see CodeUnits), or -1. */
export function cjkKeywordAt(codes: Uint16Array, at: number): number {
  const group = cjkGroupOf[codes[at] ?? 0] ?? 0;
  if (group === 0 || cjkSecond[codes[at + 1] ?? 0] !== 1) return -1;
  const last = groupStart[group + 1] ?? 0;
  for (let entry = groupStart[group] ?? 0; entry < last; entry++) {
    const length = entryLength[entry] ?? 0;
    const offset = entryOffset[entry] ?? 0;
    let k = 1;
    while (k < length && codes[at + k] === entryCodes[offset + k]) k++;
    if (k === length) return entryId[entry] ?? -1;
  }
  return -1;
}

export function cjkKeywordWord(id: number): string {
  return cjkWords[id] ?? '';
}

export function cjkKeywordKind(id: number): number {
  return cjkWordKinds[id] ?? -1;
}

/** A JSON field name: split on `_`/`-`, camelCase joined, looked up as a keyword. */
export function fieldNameKind(field: string): ContextKind | undefined {
  const compact = field.replace(/[_\-\s]/g, '').toLowerCase();
  const direct = asciiKeywordMap.get(compact) ?? (cjkKeywords[field] as ContextKind | undefined);
  if (direct !== undefined) return direct;
  for (const word of field.split(/[_\-\s]|(?=[A-Z])/)) {
    const kind = asciiKeywordMap.get(word.toLowerCase());
    if (kind !== undefined && word.length > 2) return kind;
  }
  return undefined;
}

const FAR = -1_000_000;

/**
 * Where each kind of context was last seen while scanning, and the word that gave it. Kinds are
 * numeric ids (`kindId`); a lookup is an array index, not a map lookup by name.
 */
export class ContextTracker {
  /** Allocated on the first keyword: most short values never see one. */
  private lastEnd: number[] | undefined;
  private words: string[] | undefined;
  /** Whether `lastEnd` holds positions from the current text. */
  private dirty = false;
  private hint = -1;
  private hintWord = '';
  /** End of the most recent keyword of any kind. */
  private lastAny = FAR;

  /** Starts over for a new text, with the kind a JSON field name hints at, if any. */
  reset(hint?: { kind: ContextKind; word: string }): void {
    this.hint = hint ? kindId[hint.kind] : -1;
    this.hintWord = hint?.word ?? '';
    this.lastAny = FAR;
    if (this.dirty) {
      this.lastEnd?.fill(FAR);
      this.dirty = false;
    }
  }

  see(kind: number, end: number, word: string): void {
    this.lastAny = end;
    this.dirty = true;
    if (this.lastEnd === undefined || this.words === undefined) {
      this.lastEnd = new Array<number>(contextKinds.length).fill(FAR);
      this.words = new Array<string>(contextKinds.length).fill('');
    }
    this.lastEnd[kind] = end;
    this.words[kind] = word;
  }

  /** Whether any keyword (or a field hint) is close enough to matter: the cheap test done first. */
  anyNear(start: number): boolean {
    return this.hint >= 0 || start - this.lastAny <= contextWindow;
  }

  /** Forgets the last keyword of `kind`: a keyword labels the one value that follows it. */
  consume(kind: number): void {
    if (kind !== this.hint && this.lastEnd !== undefined) this.lastEnd[kind] = FAR;
  }

  /** Characters between the last keyword of `kind` and `start` (0 for a field hint), or -1. */
  distance(kind: number, start: number): number {
    if (kind === this.hint) return 0;
    if (this.lastEnd === undefined) return -1;
    const distance = start - (this.lastEnd[kind] ?? FAR);
    return distance >= 0 && distance <= contextWindow ? distance : -1;
  }

  /** The keyword giving `kind` context to a candidate starting at `start`, or undefined. */
  near(kind: number, start: number): string | undefined {
    if (kind === this.hint) return this.hintWord;
    if (this.lastEnd === undefined || this.words === undefined) return undefined;
    const distance = start - (this.lastEnd[kind] ?? FAR);
    return distance >= 0 && distance <= contextWindow ? this.words[kind] : undefined;
  }
}

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

const kindIndex = new Map<ContextKind, number>(contextKinds.map((kind, index) => [kind, index]));

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

/** (first, second, last letter, length) folded to lower case: a table lookup before any slicing. */
function shapeOf(first: number, second: number, last: number, length: number): number {
  return ((((first | 32) & 31) * 32 + ((second | 32) & 31)) * 32 + ((last | 32) & 31)) * 32 + length;
}
const keywordShapes = new Uint8Array(32 * 32 * 32 * 32);
for (const word of Object.keys(asciiKeywords)) {
  keywordShapes[
    shapeOf(word.charCodeAt(0), word.charCodeAt(1), word.charCodeAt(word.length - 1), word.length)
  ] = 1;
}

/** CJK keywords grouped by first character, longest first, so a scan tries only a few. */
const cjkKeywordsByFirst = new Map<number, [string, ContextKind][]>();
for (const [word, kind] of Object.entries(cjkKeywords)) {
  const first = word.charCodeAt(0);
  const list = cjkKeywordsByFirst.get(first) ?? [];
  list.push([word, kind]);
  list.sort((a, b) => b[0].length - a[0].length);
  cjkKeywordsByFirst.set(first, list);
}

export function cjkKeywordFirstChars(): number[] {
  return [...cjkKeywordsByFirst.keys()];
}

/** The CJK keyword starting at `at`, longest match. */
export function cjkKeywordAt(text: string, at: number): [string, ContextKind] | undefined {
  const list = cjkKeywordsByFirst.get(text.charCodeAt(at));
  if (list === undefined) return undefined;
  for (const entry of list) if (text.startsWith(entry[0], at)) return entry;
  return undefined;
}

/** The context kind of an ASCII word (already known to be letters/digits), if it is a keyword. */
export function asciiKeyword(text: string, start: number, end: number): ContextKind | undefined {
  const length = end - start;
  if (length > maxAsciiKeyword || length < 2) return undefined;
  // Cheap filter on the word's shape before slicing and lower-casing.
  const shape = shapeOf(text.charCodeAt(start), text.charCodeAt(start + 1), text.charCodeAt(end - 1), length);
  if (keywordShapes[shape] !== 1) return undefined;
  return asciiKeywordMap.get(text.slice(start, end).toLowerCase());
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

/** Where each kind of context was last seen while scanning, and the word that gave it. */
export class ContextTracker {
  /** Allocated on the first keyword: most short values never see one. */
  private lastEnd: number[] | undefined;
  private words: string[] | undefined;
  private readonly hint: number;
  private readonly hintWord: string;
  /** End of the most recent keyword of any kind. */
  private lastAny = -1_000_000;

  constructor(hint?: { kind: ContextKind; word: string }) {
    this.hint = hint ? (kindIndex.get(hint.kind) ?? -1) : -1;
    this.hintWord = hint?.word ?? '';
  }

  see(kind: ContextKind, end: number, word: string): void {
    const index = kindIndex.get(kind) ?? 0;
    this.lastAny = end;
    if (this.lastEnd === undefined || this.words === undefined) {
      this.lastEnd = new Array<number>(contextKinds.length).fill(-1_000_000);
      this.words = new Array<string>(contextKinds.length).fill('');
    }
    this.lastEnd[index] = end;
    this.words[index] = word;
  }

  /** Whether any keyword (or a field hint) is close enough to matter: the cheap test done first. */
  anyNear(start: number): boolean {
    return this.hint >= 0 || start - this.lastAny <= contextWindow;
  }

  /** Forgets the last keyword of `kind`: a keyword labels the one value that follows it. */
  consume(kind: ContextKind): void {
    const index = kindIndex.get(kind) ?? 0;
    if (index !== this.hint && this.lastEnd !== undefined) this.lastEnd[index] = -1_000_000;
  }

  /** Characters between the last keyword of `kind` and `start` (0 for a field hint), or undefined. */
  distance(kind: ContextKind, start: number): number | undefined {
    const index = kindIndex.get(kind) ?? 0;
    if (index === this.hint) return 0;
    if (this.lastEnd === undefined) return undefined;
    const distance = start - (this.lastEnd[index] ?? -1_000_000);
    return distance >= 0 && distance <= contextWindow ? distance : undefined;
  }

  /** The keyword giving `kind` context to a candidate starting at `start`, or undefined. */
  near(kind: ContextKind, start: number): string | undefined {
    const index = kindIndex.get(kind) ?? 0;
    if (index === this.hint) return this.hintWord;
    if (this.lastEnd === undefined || this.words === undefined) return undefined;
    const distance = start - (this.lastEnd[index] ?? -1_000_000);
    return distance >= 0 && distance <= contextWindow ? this.words[index] : undefined;
  }
}

import { isCjk } from './chinese-names.js';
import { cjkKeywordFirstChars } from './context.js';

/** Province-level names and large cities that open an address. */
const anchors = [
  '北京',
  '天津',
  '上海',
  '重庆',
  '河北',
  '山西',
  '辽宁',
  '吉林',
  '黑龙江',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '海南',
  '四川',
  '贵州',
  '云南',
  '陕西',
  '甘肃',
  '青海',
  '台湾',
  '内蒙古',
  '广西',
  '西藏',
  '宁夏',
  '新疆',
  '香港',
  '澳门',
  '深圳',
  '广州',
  '杭州',
  '南京',
  '苏州',
  '成都',
  '武汉',
  '西安',
  '长沙',
  '郑州',
  '青岛',
  '厦门',
  '宁波',
  '东莞',
  '佛山',
  '无锡',
  '合肥',
  '福州',
  '济南',
  '大连',
  '沈阳',
  '哈尔滨',
  '长春',
  '石家庄',
  '太原',
  '南昌',
  '南宁',
  '昆明',
  '贵阳',
  '兰州',
  '海口',
  '呼和浩特',
  '乌鲁木齐',
  '拉萨',
  '银川',
  '西宁',
];

// Anchors by first character: a table to a group of anchors, compared code by code.
const anchorGroupOf = new Uint8Array(0x10000);
const anchorGroups: string[][] = [];
for (const anchor of anchors) {
  const first = anchor.charCodeAt(0);
  if (anchorGroupOf[first] === 0) {
    anchorGroups.push([]);
    anchorGroupOf[first] = anchorGroups.length;
  }
  anchorGroups[(anchorGroupOf[first] ?? 1) - 1]?.push(anchor);
}

export function addressAnchorFirstChars(): number[] {
  return anchors.map((anchor) => anchor.charCodeAt(0));
}

/** Whether an anchor (province or city name) starts at `at`. */
export function addressAnchorAt(text: string, at: number): boolean {
  const group = anchorGroupOf[text.charCodeAt(at)] ?? 0;
  if (group === 0) return false;
  for (const anchor of anchorGroups[group - 1] ?? []) {
    let k = 1;
    while (k < anchor.length && text.charCodeAt(at + k) === anchor.charCodeAt(k)) k++;
    if (k === anchor.length) return true;
  }
  return false;
}

/** Street-level markers: an address must reach one of them; it ends after the last one. */
const streetEnds = '路街道巷弄号村栋幢室楼座';
/** Administrative markers up to district level: display masking keeps the text up to the last one. */
export const adminMarkers = new Set('省市区县旗州盟镇乡');
/** CJK characters that cannot be part of an address (particles, punctuation-like words). */
const addressStops = '的了在是和与及，。；：！？、我你他她请已';
/** A house number or a building: a road name alone ("上海路") is not an address. */
const buildingMarkers = '号室栋幢村';

const STREET = 1;
const STOP = 2;
const BUILDING = 4;
/** May start a context keyword: only there is the (costlier) `stopAt` asked. */
const KEYWORD_START = 8;
const addressFlags = new Uint8Array(0x10000);
for (const c of cjkKeywordFirstChars()) addressFlags[c] = KEYWORD_START;
for (const ch of streetEnds) addressFlags[ch.charCodeAt(0)] = (addressFlags[ch.charCodeAt(0)] ?? 0) | STREET;
for (const ch of addressStops) addressFlags[ch.charCodeAt(0)] = (addressFlags[ch.charCodeAt(0)] ?? 0) | STOP;
for (const ch of buildingMarkers)
  addressFlags[ch.charCodeAt(0)] = (addressFlags[ch.charCodeAt(0)] ?? 0) | BUILDING;

export const maxAddressLength = 48;

/** What one address character is: part of an address, a street marker, or the end of one (the
 * same classes as the loop of `addressLength`, which is kept inline for speed). */
const PLAIN = 0;
const MARKER = 1;
const BREAK = 2;

function addressChar(text: string, p: number, at: number, stopAt: (i: number) => boolean): number {
  const c = text.charCodeAt(p);
  if (isCjk(c)) {
    const flags = addressFlags[c] ?? 0;
    if (flags & STOP || (flags & KEYWORD_START && p > at && stopAt(p))) return BREAK;
    return flags & STREET ? MARKER : PLAIN;
  }
  if ((c >= 48 && c <= 57) || c === 45 || c === 35 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
    return PLAIN;
  }
  return BREAK;
}

/** Packing of `addressLength`'s result: length << 7 | no street marker seen << 6 | scanned. */
export const NO_MARKER = 64;

/**
 * An address from `at`: CJK, digits, ASCII letters, '-' and '#', stopping at `stopAt` positions
 * (keywords like 电话, asked only where a keyword may start) and at most 48 characters. Ends after
 * the last street-level marker and must hold a house number or building. Returns
 * `length << 7 | noMarker << 6 | scanned`: the address length (0 when there is none), whether no
 * street marker was seen, and how far the scan went (at most 48); packed so nothing is allocated.
 */
export function addressLength(text: string, at: number, stopAt: (i: number) => boolean): number {
  let p = at;
  let lastStreetEnd = 0;
  let numbered = false;
  const limit = Math.min(text.length, at + maxAddressLength);
  while (p < limit) {
    const c = text.charCodeAt(p);
    if (isCjk(c)) {
      const flags = addressFlags[c] ?? 0;
      if (flags & STOP || (flags & KEYWORD_START && p > at && stopAt(p))) break;
      if (flags & STREET) lastStreetEnd = p + 1;
      if (flags & BUILDING) numbered = true;
    } else if ((c >= 48 && c <= 57) || c === 45 || c === 35) {
      numbered = true;
    } else if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) {
      break;
    }
    p++;
  }
  const length = lastStreetEnd - at;
  const found = lastStreetEnd === 0 || length < 6 || !numbered ? 0 : length;
  return (found << 7) | (lastStreetEnd === 0 ? NO_MARKER : 0) | (p - at);
}

/**
 * After a capped scan from `at` that met no street marker: scans on from `from` (= at + 48) to the
 * first street marker, returned as its position, or to the first end of an address (a stop, a
 * keyword, a character that cannot be part of one, the end of the text), returned as -(p + 1).
 */
export function nextMarkerOrEnd(
  text: string,
  at: number,
  from: number,
  stopAt: (i: number) => boolean,
): number {
  for (let p = from; p < text.length; p++) {
    const kind = addressChar(text, p, at, stopAt);
    if (kind === MARKER) return p;
    if (kind === BREAK) return -(p + 1);
  }
  return -(text.length + 1);
}

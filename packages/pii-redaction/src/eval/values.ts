import { luhnCheckDigit, meidCheckDigit } from '../validators/luhn.js';
import { mod112CheckChar } from '../validators/resident-id.js';
import { organisationCodeCheck, usccAlphabet, usccWeights } from '../validators/uscc.js';
import type { Prng } from './prng.js';

/** Value generators for the labelled corpus: valid values and near misses that must not match. */
const provinces = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65,
];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function birthDate(rng: Prng): string {
  return pad(rng.int(1940, 2012), 4) + pad(rng.int(1, 12), 2) + pad(rng.int(1, 28), 2);
}

function withIdCheck(body: string): string {
  return body + mod112CheckChar(body, 0);
}

/** Replaces the last character by a different valid-looking one (a checksum failure). */
function breakCheck(value: string, alphabet = '0123456789'): string {
  const last = value.at(-1) ?? '0';
  const others = [...alphabet].filter((c) => c !== last);
  return value.slice(0, -1) + (others[(last.charCodeAt(0) * 7) % others.length] ?? '0');
}

export const valid = {
  residentId: (rng: Prng) =>
    withIdCheck(pad(rng.pick(provinces), 2) + rng.digits(4) + birthDate(rng) + rng.digits(3)),
  hmtResidencePermit: (rng: Prng) =>
    withIdCheck(`${rng.pick(['81', '82', '83'])}0000${birthDate(rng)}${rng.digits(3)}`),
  foreignerResidenceId: (rng: Prng) =>
    withIdCheck(`9${pad(rng.pick(provinces), 2)}${rng.digits(3)}${birthDate(rng)}${rng.digits(3)}`),
  residentId15: (rng: Prng) =>
    pad(rng.pick(provinces), 2) + rng.digits(4) + birthDate(rng).slice(2) + rng.digits(3),
  uscc: (rng: Prng) => {
    const head =
      rng.pick(['91', '92', '93', '11', '12', '52', '51']) + pad(rng.pick(provinces), 2) + rng.digits(4);
    let org = '';
    for (let i = 0; i < 8; i++)
      org += rng.chance(0.8) ? rng.digits(1) : rng.pick([...'ABCDEFGHJKLMNPQRTUWXY']);
    const orgCheck = [...'0123456789X'].find((c) => organisationCodeCheck(`${head}${org}${c}`, 8)) ?? '0';
    const body = head + org + orgCheck;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += usccAlphabet.indexOf(body[i] ?? '0') * (usccWeights[i] ?? 0);
    return body + (usccAlphabet[(31 - (sum % 31)) % 31] ?? '0');
  },
  bankCard: (rng: Prng) => {
    const iin = rng.pick(['622202', '621700', '622848', '436742', '625807', '622588', '524047', '356833']);
    const length = rng.pick([16, 19, 19, 16, 17, 18]);
    const body = iin + rng.digits(length - 7);
    return body + String(luhnCheckDigit(body));
  },
  imei: (rng: Prng) => {
    const body = rng.pick(['35', '86']) + rng.digits(12);
    return body + String(luhnCheckDigit(body));
  },
  imsi: (rng: Prng) => `460${rng.pick(['00', '01', '02', '03', '05', '07', '11'])}${rng.digits(10)}`,
  mobile: (rng: Prng) =>
    rng.pick(['138', '139', '186', '150', '177', '199', '166', '147', '181']) + rng.digits(8),
  landline: (rng: Prng) => {
    const area = rng.pick(['010', '021', '020', '0755', '0571', '028']);
    const local = String(rng.int(2, 9)) + rng.digits(area.length === 3 ? 7 : rng.pick([6, 7]));
    return `${area}-${local}`;
  },
  email: (rng: Prng) =>
    `${rng.pick(['zhang.wei', 'li_na', 'wang88', 'chen.jie', 'user2024', 'liu-yang'])}${rng.digits(2)}@${rng.pick(['qq.com', '163.com', 'example.cn', 'gmail.com', 'corp.example.com'])}`,
  ipv4: (rng: Prng) => `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
  ipv6: (rng: Prng) => `2001:db8:${rng.hex(4)}:${rng.hex(3)}::${rng.hex(2)}:${rng.hex(4)}`,
  mac: (rng: Prng) => Array.from({ length: 6 }, () => rng.hex(2, true)).join(rng.pick([':', '-'])),
  passport: (rng: Prng) =>
    rng.chance(0.5) ? `E${rng.digits(8)}` : `E${rng.pick([...'ABCDEFGHJK'])}${rng.digits(7)}`,
  /** 往来港澳通行证, card form: C + 8 digits or C + serial letter + 7 digits. */
  mainlandHkMacauPermit: (rng: Prng) =>
    rng.chance(0.5) ? `C${rng.digits(8)}` : `C${rng.pick([...'ABCDEFGHJKLMN'])}${rng.digits(7)}`,
  /** 台湾居民来往大陆通行证: 8 digits, optionally + a 2-digit renewal count. */
  taiwanPermit: (rng: Prng) => rng.digits(8) + (rng.chance(0.5) ? rng.digits(2) : ''),
  serviceNumber: (rng: Prng) => rng.pick(['400', '800']) + String(rng.int(1, 9)) + rng.digits(6),
  /** MEID: manufacturer code A0-FF, 14 hex digits, and the base-16 Luhn check digit (15 characters). */
  meid: (rng: Prng) => {
    const body = rng.pick([...'ABCDEF']) + rng.hex(13, true);
    return body + meidCheckDigit(body, 0).toString(16).toUpperCase();
  },
  hkMacauPermit: (rng: Prng) =>
    `${rng.pick(['H', 'M'])}${rng.digits(8)}${rng.chance(0.5) ? rng.digits(2) : ''}`,
  plate: (rng: Prng) =>
    rng.chance(0.3)
      ? `${rng.pick([...'粤京沪浙苏川'])}${rng.pick([...'ABCD'])}${rng.pick(['D', 'F'])}${rng.digits(5)}`
      : `${rng.pick([...'粤京沪浙苏川'])}${rng.pick([...'ABCEF'])}${rng.digits(3)}${rng.pick([...'ABCDEFGH'])}${rng.digits(1)}`,
  uuid: (rng: Prng, upper = false) =>
    `${rng.hex(8, upper)}-${rng.hex(4, upper)}-${rng.hex(4, upper)}-${rng.hex(4, upper)}-${rng.hex(12, upper)}`,
  qq: (rng: Prng) => String(rng.int(1, 9)) + rng.digits(rng.int(5, 9)),
  smsCode: (rng: Prng) => rng.digits(6),
  orderNumber: (rng: Prng) => `2026${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}${rng.digits(10)}`,
  trackingNumber: (rng: Prng) => `SF${rng.digits(12)}`,
  wechat: (rng: Prng) =>
    `${rng.pick(['wx', 'zhang', 'lily', 'ac'])}_${rng.pick(['abc', 'x9', 'hello'])}${rng.digits(3)}`,
  name: (rng: Prng) =>
    rng.pick(['张', '王', '李', '刘', '陈', '欧阳', '诸葛']) +
    rng.pick(['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '秀英', '建华', '晓明']),
  address: (rng: Prng) =>
    `${rng.pick(['广东省深圳市南山区', '北京市朝阳区', '上海市浦东新区', '浙江省杭州市西湖区', '四川省成都市武侯区'])}${rng.pick(['科技园路', '建国路', '世纪大道', '文三路', '人民南路'])}${rng.int(1, 999)}号${rng.chance(0.5) ? `${rng.int(1, 30)}栋${rng.int(101, 2808)}室` : ''}`,
};

export const lookAlike = {
  /** ID with a wrong check character. */
  residentIdBadCheck: (rng: Prng) => breakCheck(valid.residentId(rng), '0123456789X'),
  /** ID with month 13 (check character recomputed, so only the date fails). */
  residentIdBadDate: (rng: Prng) =>
    withIdCheck(
      `${pad(rng.pick(provinces), 2)}${rng.digits(4)}${rng.int(1950, 2000)}13${pad(rng.int(1, 28), 2)}${rng.digits(3)}`,
    ),
  usccBadCheck: (rng: Prng) => breakCheck(valid.uscc(rng), '0123456789ABCDEFGHJKLMNPQRTUWXY'),
  bankCardBadLuhn: (rng: Prng) => breakCheck(valid.bankCard(rng)),
  imeiBadLuhn: (rng: Prng) => breakCheck(valid.imei(rng)),
  meidBadCheck: (rng: Prng) => breakCheck(valid.meid(rng), '0123456789ABCDEF'),
  /** Unallocated prefixes 140-144, 154, 174x: not mobiles. */
  mobileBadRange: (rng: Prng) => rng.pick(['140', '141', '154', '1749']) + rng.digits(rng.pick([8, 7])),
  epochMillis: (rng: Prng) => String(rng.int(1_600_000_000, 1_800_000_000)) + rng.digits(3),
  epochSeconds: (rng: Prng) => String(rng.int(1_600_000_000, 1_800_000_000)),
  isoTime: (rng: Prng) =>
    `2026-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}T${pad(rng.int(0, 23), 2)}:${pad(rng.int(0, 59), 2)}:${pad(rng.int(0, 59), 2)}.${rng.digits(3)}Z`,
  compactTime: (rng: Prng) =>
    `2026${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}${pad(rng.int(0, 23), 2)}${pad(rng.int(0, 59), 2)}${pad(rng.int(0, 59), 2)}`,
  traceId: (rng: Prng) => rng.hex(32),
  spanId: (rng: Prng) => rng.hex(16),
  /** Snowflake-style 19-digit IDs: time since 2010 shifted left by 22 bits plus worker and sequence. */
  snowflake: (rng: Prng) =>
    (
      (BigInt(rng.int(1_700_000_000_000, 1_790_000_000_000) - 1_288_834_974_657) << 22n) +
      BigInt(rng.int(0, 4_194_303))
    ).toString(),
  versionString: (rng: Prng) => `v${rng.int(1, 20)}.${rng.int(0, 30)}.${rng.int(0, 99)}.${rng.int(0, 9999)}`,
  amount: (rng: Prng) => `${rng.int(1, 99999)}.${rng.digits(2)}`,
};

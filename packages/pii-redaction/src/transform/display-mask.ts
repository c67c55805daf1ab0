import { z } from 'zod';
import { adminMarkers } from '../detect/chinese-addresses.js';
import { surnameLength } from '../detect/chinese-names.js';
import { type PiiType, piiTypes } from '../types.js';
import { genderDigitIndex } from '../validators/resident-id.js';
import { maskKeeping } from './mask-chars.js';
import type { PolicyDefinition, RedactionPolicy } from './policy.js';

const keepRule = z.object({
  keepStart: z.number().int().min(0).max(64),
  keepEnd: z.number().int().min(0).max(64),
});
export type KeepRule = z.infer<typeof keepRule>;

/**
 * Default characters kept at each end (letters, digits and CJK are counted; separators stay).
 * ID numbers keep 1 + 1 and their gender digit (17th of 18, 15th of 15) is masked whatever the rule
 * unless `revealGenderDigit` is set. Phones keep 3 + 4, bank cards 6 + 4 (the PCI maximum).
 */
export const defaultKeepRules: Partial<Record<PiiType, KeepRule>> = {
  'resident-id': { keepStart: 1, keepEnd: 1 },
  'resident-id-15': { keepStart: 1, keepEnd: 1 },
  'hmt-residence-permit': { keepStart: 1, keepEnd: 1 },
  'foreigner-permanent-residence-id': { keepStart: 1, keepEnd: 1 },
  uscc: { keepStart: 6, keepEnd: 4 },
  mobile: { keepStart: 3, keepEnd: 4 },
  'service-number': { keepStart: 3, keepEnd: 4 },
  'bank-card': { keepStart: 6, keepEnd: 4 },
  imei: { keepStart: 0, keepEnd: 4 },
  meid: { keepStart: 0, keepEnd: 4 },
  imsi: { keepStart: 5, keepEnd: 0 },
  idfa: { keepStart: 0, keepEnd: 4 },
  oaid: { keepStart: 0, keepEnd: 4 },
  'android-id': { keepStart: 0, keepEnd: 4 },
  passport: { keepStart: 2, keepEnd: 2 },
  'hk-macau-permit': { keepStart: 2, keepEnd: 2 },
  'mainland-hk-macau-permit': { keepStart: 2, keepEnd: 2 },
  'taiwan-permit': { keepStart: 2, keepEnd: 2 },
  'licence-plate': { keepStart: 3, keepEnd: 1 },
  qq: { keepStart: 2, keepEnd: 2 },
  wechat: { keepStart: 2, keepEnd: 2 },
  'order-number': { keepStart: 4, keepEnd: 4 },
  'tracking-number': { keepStart: 4, keepEnd: 4 },
};

export const displayMaskSchema = z.object({
  maskChar: z.string().length(1).default('*'),
  revealGenderDigit: z.boolean().default(false),
  /** Per-type overrides; a rule given here also replaces the shape-aware default of that type. */
  rules: z.partialRecord(z.enum(piiTypes), keepRule).default({}),
});
export type DisplayMaskOptions = z.input<typeof displayMaskSchema>;

const noIndices: ReadonlySet<number> = new Set();
const genderSets: Record<number, ReadonlySet<number>> = { 14: new Set([14]), 16: new Set([16]) };

const idTypes = new Set<PiiType>([
  'resident-id',
  'resident-id-15',
  'hmt-residence-permit',
  'foreigner-permanent-residence-id',
]);

/** Keeps the first character of the local part and the whole domain. */
function maskEmail(value: string, maskChar: string): string {
  const at = value.lastIndexOf('@');
  return value[0] + maskChar.repeat(Math.max(1, at - 1)) + value.slice(at);
}

/** Keeps the first group of an IP address: 192.*.*.* or 2001:*:…; MAC keeps the vendor prefix (OUI). */
function maskGroups(value: string, separators: string, keepGroups: number, maskChar: string): string {
  let out = '';
  let group = 0;
  let groupStart = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i < value.length && !separators.includes(value.charAt(i))) continue;
    // Each non-empty group after the kept ones becomes one mask character; separators stay.
    out += group < keepGroups || i === groupStart ? value.slice(groupStart, i) : maskChar;
    if (i < value.length) out += value[i];
    group++;
    groupStart = i + 1;
  }
  return out;
}

/** Keeps the surname (compound-aware). */
function maskName(value: string, maskChar: string): string {
  const keep = Math.max(1, surnameLength(value, 0));
  return value.slice(0, keep) + maskChar.repeat(value.length - keep);
}

/** Keeps the text up to the last administrative marker (省市区县…) within the first 12 characters. */
function maskAddress(value: string, maskChar: string): string {
  let keep = 0;
  for (let i = 0; i < Math.min(value.length, 12); i++) if (adminMarkers.has(value[i] ?? '')) keep = i + 1;
  return value.slice(0, keep) + maskKeeping(value.slice(keep), 0, 0, maskChar);
}

/** Keeps the area code and the last 2 digits of the local number; an extension is masked. */
function maskLandline(value: string, maskChar: string): string {
  const match = /^(\(?0\d{2,3}\)?[- ]?)(\d{7,8})(.*)$/.exec(value);
  if (match === null) return maskKeeping(value, 0, 0, maskChar);
  const [, area = '', local = '', extension = ''] = match;
  return area + maskKeeping(local, 0, 2, maskChar) + maskKeeping(extension, 0, 0, maskChar);
}

function countryCodeDigits(value: string): number {
  if (value.startsWith('+86')) return 2;
  if (value.startsWith('0086')) return 4;
  return value.startsWith('86') && value.replace(/\D/g, '').length === 13 ? 2 : 0;
}

export const displayMaskPolicy: PolicyDefinition<typeof displayMaskSchema> = {
  name: 'display',
  description: 'display masking per type (phone 3+4, ID 1+1 without the gender digit, card 6+4, …)',
  schema: displayMaskSchema,
  create(options): RedactionPolicy {
    const { maskChar } = options;
    return {
      name: 'display',
      replace(value, finding) {
        const type = finding.type;
        const override = options.rules[type];
        if (override === undefined) {
          switch (type) {
            case 'email':
              return maskEmail(value, maskChar);
            case 'ipv4':
              return maskGroups(value, '.', 1, maskChar);
            case 'ipv6':
              return maskGroups(value, ':', 1, maskChar);
            case 'mac':
              return maskGroups(value, ':-', 3, maskChar);
            case 'chinese-name':
              return maskName(value, maskChar);
            case 'address':
              return maskAddress(value, maskChar);
            case 'landline':
              return maskLandline(value, maskChar);
            case 'sms-code':
              // Fixed width: the length of a one-time code is not revealed either.
              return maskChar.repeat(6);
            default:
              break;
          }
        }
        const rule = override ?? defaultKeepRules[type] ?? { keepStart: 0, keepEnd: 0 };
        const prefix = type === 'mobile' ? countryCodeDigits(value) : 0;
        let alwaysMask = noIndices;
        if (idTypes.has(type) && !options.revealGenderDigit) {
          const gender = genderDigitIndex(value.length);
          if (gender !== undefined) alwaysMask = genderSets[gender] ?? noIndices;
        }
        return maskKeeping(value, rule.keepStart + prefix, rule.keepEnd, maskChar, alwaysMask);
      },
    };
  },
};

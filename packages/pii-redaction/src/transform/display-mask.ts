import { z } from 'zod';
import { adminMarkers } from '../detect/chinese-addresses.js';
import { surnameLength } from '../detect/chinese-names.js';
import { type PiiType, piiTypes } from '../types.js';
import { genderDigitIndex } from '../validators/resident-id.js';
import { Masker } from './mask-chars.js';
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

const idTypes = new Set<PiiType>([
  'resident-id',
  'resident-id-15',
  'hmt-residence-permit',
  'foreigner-permanent-residence-id',
]);

/** Keeps the first character of the local part and the whole domain. */
function maskEmail(value: string, masker: Masker): string {
  const at = value.lastIndexOf('@');
  return value[0] + masker.run(Math.max(1, at - 1)) + value.slice(at);
}

/** Keeps the surname (compound-aware). */
function maskName(value: string, masker: Masker): string {
  const keep = Math.max(1, surnameLength(value, 0));
  return value.slice(0, keep) + masker.run(value.length - keep);
}

/** Keeps the text up to the last administrative marker (省市区县…) within the first 12 characters. */
function maskAddress(value: string, masker: Masker): string {
  let keep = 0;
  for (let i = 0; i < Math.min(value.length, 12); i++) if (adminMarkers.has(value[i] ?? '')) keep = i + 1;
  return value.slice(0, keep) + masker.keep(value.slice(keep), 0, 0);
}

/** Keeps the area code and the last 2 digits of the local number; an extension is masked. */
function maskLandline(value: string, masker: Masker): string {
  const match = /^(\(?0\d{2,3}\)?[- ]?)(\d{7,8})(.*)$/.exec(value);
  if (match === null) return masker.keep(value, 0, 0);
  const [, area = '', local = '', extension = ''] = match;
  return area + masker.keep(local, 0, 2) + masker.keep(extension, 0, 0);
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
    const masker = new Masker(options.maskChar);
    return {
      name: 'display',
      replace(value, finding) {
        const type = finding.type;
        const override = options.rules[type];
        if (override === undefined) {
          switch (type) {
            case 'email':
              return maskEmail(value, masker);
            case 'ipv4':
              return masker.groups(value, '.', 1);
            case 'ipv6':
              return masker.groups(value, ':', 1);
            case 'mac':
              return masker.groups(value, ':-', 3);
            case 'chinese-name':
              return maskName(value, masker);
            case 'address':
              return maskAddress(value, masker);
            case 'landline':
              return maskLandline(value, masker);
            case 'sms-code':
              // Fixed width: the length of a one-time code is not revealed either.
              return masker.run(6);
            default:
              break;
          }
        }
        const rule = override ?? defaultKeepRules[type] ?? { keepStart: 0, keepEnd: 0 };
        const prefix = type === 'mobile' ? countryCodeDigits(value) : 0;
        const gender =
          idTypes.has(type) && !options.revealGenderDigit ? (genderDigitIndex(value.length) ?? -1) : -1;
        return masker.keep(value, rule.keepStart + prefix, rule.keepEnd, gender);
      },
    };
  },
};

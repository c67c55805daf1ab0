import type { PiiType } from '../types.js';
import { mod112CheckChar } from '../validators/resident-id.js';

const digitTypes = new Set<PiiType>([
  'mobile',
  'landline',
  'service-number',
  'bank-card',
  'imei',
  'imsi',
  'qq',
  'sms-code',
  'taiwan-permit',
]);

/**
 * The form of a value that is hashed, so that the same person's value gives the same token in
 * every data set: separators dropped, +86/0086 removed, case folded, and a 15-digit ID converted
 * to its 18-digit form (insert 19, add the check character).
 */
export function canonicalValue(type: PiiType, value: string): { type: PiiType; value: string } {
  if (digitTypes.has(type)) {
    let digits = value.replace(/\D/g, '');
    if (type === 'mobile' && digits.length > 11) digits = digits.slice(-11);
    return { type, value: digits };
  }
  switch (type) {
    case 'resident-id-15': {
      const body = `${value.slice(0, 6)}19${value.slice(6)}`;
      return { type: 'resident-id', value: body + mod112CheckChar(body, 0) };
    }
    case 'email':
    case 'mac':
    case 'ipv6':
    case 'idfa':
    case 'oaid':
    case 'android-id':
      return { type, value: value.toLowerCase().replace(/-/g, type === 'mac' ? ':' : '-') };
    case 'chinese-name':
    case 'address':
      return { type, value: value.trim() };
    default:
      return { type, value: value.toUpperCase().replace(/[\s·・]/g, '') };
  }
}

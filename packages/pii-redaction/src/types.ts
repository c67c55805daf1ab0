/** Every kind of personal information the detectors know. */
export const piiTypes = [
  'resident-id',
  'resident-id-15',
  'hmt-residence-permit',
  'foreigner-permanent-residence-id',
  'uscc',
  'mobile',
  'landline',
  'service-number',
  'bank-card',
  'imei',
  'meid',
  'imsi',
  'mac',
  'ipv4',
  'ipv6',
  'idfa',
  'oaid',
  'android-id',
  'passport',
  'hk-macau-permit',
  'mainland-hk-macau-permit',
  'taiwan-permit',
  'licence-plate',
  'email',
  'qq',
  'wechat',
  'sms-code',
  'order-number',
  'tracking-number',
  'chinese-name',
  'address',
] as const;

export type PiiType = (typeof piiTypes)[number];

/** Types whose detector rests on a check digit: held to recall 100 % and no false positives. */
export const checksumTypes: readonly PiiType[] = [
  'resident-id',
  'hmt-residence-permit',
  'foreigner-permanent-residence-id',
  'uscc',
  'bank-card',
  'imei',
];

/** Why a finding fired: the pattern that matched, the validators that passed, the context seen. */
export interface FindingWhy {
  pattern: string;
  validators: readonly string[];
  context: readonly string[];
  /** JSON field name that hinted at the type, when the value came from a JSON document. */
  field?: string;
  /** The value was stored as a JSON number too large to be exact: already corrupted at parse time. */
  corruptedNumber?: boolean;
}

export interface Finding {
  type: PiiType;
  /** UTF-16 offsets into the scanned string, end exclusive. */
  start: number;
  end: number;
  confidence: number;
  why: FindingWhy;
}

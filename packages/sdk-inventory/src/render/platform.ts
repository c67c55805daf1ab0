import { personalInfoKinds } from '../catalogue/personal-info.js';
import type { SdkCategory } from '../catalogue/schema.js';
import type { DisclosureRow } from './rows.js';
import { escapeHtml } from './tables.js';

const applePurposeByCategory: Partial<Record<SdkCategory, string>> = {
  analytics: 'Analytics',
  ads: 'ThirdPartyAdvertising',
  'crash-reporting': 'AppFunctionality',
};

/** Categories whose data is tied to the user's identity (an account, a payment, a face). */
const linkedCategories = new Set<SdkCategory>(['payment', 'social', 'login', 'identity']);

interface AppleDataType {
  type: string;
  linked: boolean;
  tracking: boolean;
  purposes: Set<string>;
}

/** Collected data types of the catalogued SDKs, merged per Apple data type. */
function appleDataTypes(rows: readonly DisclosureRow[]): AppleDataType[] {
  const byType = new Map<string, AppleDataType>();
  for (const row of rows) {
    const entry = row.entry;
    if (entry === undefined) continue;
    for (const kind of entry.personalInfo) {
      const type = personalInfoKinds[kind].apple;
      const item = byType.get(type) ?? { type, linked: false, tracking: false, purposes: new Set<string>() };
      item.linked ||= linkedCategories.has(entry.category);
      item.tracking ||= entry.category === 'ads';
      item.purposes.add(applePurposeByCategory[entry.category] ?? 'AppFunctionality');
      byType.set(type, item);
    }
  }
  return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/**
 * An Apple privacy manifest (PrivacyInfo.xcprivacy) declaring the data the listed SDKs collect.
 * Tracking is declared when an advertising SDK is present; tracking domains and required-reason API
 * entries cannot be derived from an SDK list and are left empty for the developer to fill.
 */
export function privacyManifest(rows: readonly DisclosureRow[]): string {
  const types = appleDataTypes(rows);
  const tracking = types.some((type) => type.tracking);
  const bool = (value: boolean): string => (value ? '<true/>' : '<false/>');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    '\t<key>NSPrivacyTracking</key>',
    `\t${bool(tracking)}`,
    '\t<key>NSPrivacyTrackingDomains</key>',
    '\t<array/>',
    '\t<key>NSPrivacyCollectedDataTypes</key>',
    '\t<array>',
  ];
  for (const type of types) {
    lines.push(
      '\t\t<dict>',
      '\t\t\t<key>NSPrivacyCollectedDataType</key>',
      `\t\t\t<string>NSPrivacyCollectedDataType${escapeHtml(type.type)}</string>`,
      '\t\t\t<key>NSPrivacyCollectedDataTypeLinked</key>',
      `\t\t\t${bool(type.linked)}`,
      '\t\t\t<key>NSPrivacyCollectedDataTypeTracking</key>',
      `\t\t\t${bool(type.tracking)}`,
      '\t\t\t<key>NSPrivacyCollectedDataTypePurposes</key>',
      '\t\t\t<array>',
      ...[...type.purposes]
        .sort()
        .map((purpose) => `\t\t\t\t<string>NSPrivacyCollectedDataTypePurpose${purpose}</string>`),
      '\t\t\t</array>',
      '\t\t</dict>',
    );
  }
  lines.push('\t</array>', '\t<key>NSPrivacyAccessedAPITypes</key>', '\t<array/>', '</dict>', '</plist>', '');
  return lines.join('\n');
}

const playPurposeByCategory: Partial<Record<SdkCategory, string>> = {
  analytics: 'PSL_ANALYTICS',
  'crash-reporting': 'PSL_ANALYTICS',
  ads: 'PSL_ADVERTISING',
  push: 'PSL_DEVELOPER_COMMUNICATIONS',
  identity: 'PSL_FRAUD_PREVENTION_SECURITY',
  'risk-control': 'PSL_FRAUD_PREVENTION_SECURITY',
  login: 'PSL_ACCOUNT_MANAGEMENT',
  social: 'PSL_ACCOUNT_MANAGEMENT',
};

export const dataSafetyHeader =
  'Question ID (machine readable),Response ID (machine readable),Response value,Answer requirement,Human-friendly question label';

const csvCell = (text: string): string => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * Google Play Data safety answers for the listed SDKs, in the Play Console CSV format: the data types
 * collected and, per type, collection and purposes. Play's template changes over time, so these rows
 * are meant to be merged into a fresh export rather than uploaded alone.
 */
export function dataSafetyCsv(rows: readonly DisclosureRow[]): string {
  const purposes = new Map<string, { category: string; purposes: Set<string> }>();
  for (const row of rows) {
    const entry = row.entry;
    if (entry === undefined) continue;
    for (const kind of entry.personalInfo) {
      const [category, type] = personalInfoKinds[kind].play;
      const item = purposes.get(type) ?? { category, purposes: new Set<string>() };
      item.purposes.add(playPurposeByCategory[entry.category] ?? 'PSL_APP_FUNCTIONALITY');
      purposes.set(type, item);
    }
  }
  const out: string[][] = [
    [
      'PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA',
      '',
      String(purposes.size > 0),
      'REQUIRED',
      'Does your app collect or share any of the required user data types?',
    ],
  ];
  const types = [...purposes.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [type, item] of types) {
    out.push([`PSL_DATA_TYPES_${item.category}`, type, 'true', 'MULTIPLE_CHOICE', 'Data types collected']);
  }
  for (const [type, item] of types) {
    out.push([
      `PSL_DATA_USAGE_RESPONSES:${type}:PSL_DATA_USAGE_COLLECTION_AND_SHARING`,
      'PSL_DATA_USAGE_ONLY_COLLECTED',
      'true',
      'MULTIPLE_CHOICE',
      'Is this data collected, shared, or both?',
    ]);
    for (const purpose of [...item.purposes].sort()) {
      out.push([
        `PSL_DATA_USAGE_RESPONSES:${type}:DATA_USAGE_COLLECTION_PURPOSE`,
        purpose,
        'true',
        'MULTIPLE_CHOICE',
        'Why is this user data collected?',
      ]);
    }
  }
  return `${[dataSafetyHeader, ...out.map((row) => row.map(csvCell).join(','))].join('\n')}\n`;
}

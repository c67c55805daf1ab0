import { currentProvider } from '../catalogue/index.js';
import { personalInfoKinds } from '../catalogue/personal-info.js';
import type { Catalogue, SdkEntry } from '../catalogue/schema.js';
import { DeclaredResolver } from '../declared/resolve.js';
import type { DeclaredList } from '../declared/schema.js';
import type { ScanResult } from '../detect/scan-result.js';
import { iosKeysFor, iosUsageKeys, permissionInfo } from '../permissions.js';

/** One row of the Chinese SDK disclosure table, plus what the platform files need. */
export interface DisclosureRow {
  readonly sdkId: string | undefined;
  /** SDK名称, with the main package name in brackets when known. */
  readonly name: string;
  readonly provider: string;
  readonly purposes: readonly string[];
  readonly personalInfo: readonly string[];
  readonly permissions: readonly string[];
  readonly method: string;
  readonly privacyUrl: string;
  /** Catalogue data for platform outputs; undefined for declared SDKs the catalogue does not know. */
  readonly entry: SdkEntry | undefined;
}

export const disclosureHeadings = [
  'SDK名称',
  '提供方',
  '使用目的',
  '收集个人信息类型',
  '权限',
  '收集方式',
  '隐私政策链接',
] as const;

const permissionLabel = (name: string): string => `${permissionInfo(name).zh}（${name}）`;

/**
 * The permission cell of a scanned SDK: on Android the catalogued permissions the app really requests;
 * on iOS the purpose strings the app declares for the same resources; for build files (no manifest)
 * the catalogued permissions.
 */
function permissionsOf(scan: ScanResult, entry: SdkEntry, requested: readonly string[]): string[] {
  if (scan.target.type === 'ipa') {
    return iosKeysFor(entry.permissions, Object.keys(scan.app.usageDescriptions)).map(
      (key) => `${iosUsageKeys[key]?.zh ?? key}（${key}）`,
    );
  }
  return (
    scan.target.type === 'directory' || scan.target.type === 'build-file' ? entry.permissions : requested
  ).map(permissionLabel);
}

function nameWithPackage(name: string, entry: SdkEntry): string {
  const pkg = entry.android.packages[0];
  return pkg === undefined ? name : `${name}（${pkg}）`;
}

/**
 * Rows for what a scan found: catalogue data, with the permissions narrowed to those the app really
 * requests. Nested SDKs say which SDK ships them.
 */
export function rowsFromScan(scan: ScanResult, catalogue: Catalogue): DisclosureRow[] {
  const byId = new Map(catalogue.sdks.map((entry) => [entry.id, entry]));
  return scan.findings.flatMap((finding) => {
    const entry = byId.get(finding.sdkId);
    if (entry === undefined) return [];
    const nested =
      finding.nestedIn.length > 0
        ? [`随${finding.nestedIn.map((id) => byId.get(id)?.names.zh ?? id).join('、')}集成`]
        : [];
    return [
      {
        sdkId: entry.id,
        name: nameWithPackage(entry.names.zh, entry),
        provider: currentProvider(entry),
        purposes: [...entry.purposes, ...nested],
        personalInfo: entry.personalInfo.map((kind) => personalInfoKinds[kind].zh),
        permissions: permissionsOf(scan, entry, finding.permissions),
        method: entry.collectionMethod,
        privacyUrl: entry.privacyUrl ?? '',
        entry,
      },
    ];
  });
}

/** Rows for a declared list: the declaration's own words, filled from the catalogue where it says nothing. */
export function rowsFromDeclared(declared: DeclaredList, catalogue: Catalogue): DisclosureRow[] {
  const resolver = new DeclaredResolver(catalogue);
  return declared.sdks.map((sdk) => {
    const entry = resolver.resolve(sdk)?.entry;
    return {
      sdkId: entry?.id,
      name: sdk.name,
      provider: sdk.provider ?? (entry === undefined ? '' : currentProvider(entry)),
      purposes: sdk.purpose ?? entry?.purposes ?? [],
      personalInfo: sdk.personalInfo ?? entry?.personalInfo.map((kind) => personalInfoKinds[kind].zh) ?? [],
      permissions: sdk.permissions ?? entry?.permissions.map(permissionLabel) ?? [],
      method: sdk.method ?? entry?.collectionMethod ?? '',
      privacyUrl: sdk.privacyUrl ?? entry?.privacyUrl ?? '',
      entry,
    };
  });
}

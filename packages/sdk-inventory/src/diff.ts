import { z } from 'zod';
import { loadCatalogue, parseCatalogue } from './catalogue/index.js';
import type { Catalogue, SdkEntry } from './catalogue/schema.js';
import { DeclaredResolver, type Resolution, sameProvider } from './declared/resolve.js';
import type { DeclaredList, DeclaredSdk } from './declared/schema.js';
import type { Finding, ScanResult } from './detect/scan-result.js';
import { parseOptions } from './errors.js';
import { permissionInfo, permissionsInText } from './permissions.js';

export const diffIssueCodes = [
  'undeclared-sdk',
  'declared-not-detected',
  'declared-undetectable',
  'declared-unknown',
  'provider-outdated',
  'provider-mismatch',
  'undeclared-permission',
  'missing-field',
] as const;

export type DiffIssueCode = (typeof diffIssueCodes)[number];
export type Severity = 'error' | 'warning' | 'info';

export interface DiffIssue {
  readonly code: DiffIssueCode;
  readonly severity: Severity;
  readonly sdkId: string | undefined;
  /** The SDK name as the declared list writes it, when the issue is about a declared entry. */
  readonly declaredName: string | undefined;
  readonly message: string;
}

export interface DiffReport {
  readonly issues: DiffIssue[];
  /** Declared entries and the catalogue entry each was tied to, with the reason. */
  readonly matches: { declaredName: string; sdkId: string | undefined; by: Resolution['by'] | undefined }[];
  readonly counts: Record<Severity, number>;
}

export const diffOptionsSchema = z
  .object({
    catalogue: z.unknown().optional(),
    /** Also flag install-time permissions (INTERNET …) an SDK uses but the declaration does not name. */
    includeInstallPermissions: z.boolean().default(false),
  })
  .strict();

export type DiffOptions = z.input<typeof diffOptionsSchema>;

const severityOf: Record<DiffIssueCode, Severity> = {
  'undeclared-sdk': 'error',
  'declared-not-detected': 'warning',
  'declared-undetectable': 'info',
  'declared-unknown': 'warning',
  'provider-outdated': 'error',
  'provider-mismatch': 'warning',
  'undeclared-permission': 'error',
  'missing-field': 'warning',
};

const hasDetectionRules = (entry: SdkEntry): boolean =>
  entry.android.packages.length +
    entry.android.components.length +
    entry.android.nativeLibs.length +
    entry.ios.frameworks.length +
    Object.values(entry.coordinates).flat().length >
  0;

function evidenceSummary(finding: Finding): string {
  const first = finding.evidence[0];
  if (first === undefined) return '';
  const more = finding.evidence.length > 1 ? ` and ${finding.evidence.length - 1} more` : '';
  return `${first.kind} ${first.rule} in ${first.source}${more}`;
}

function checkProvider(
  sdk: DeclaredSdk,
  entry: SdkEntry,
  issue: (code: DiffIssueCode, message: string) => void,
): void {
  if (sdk.provider === undefined) return;
  const known = entry.providers.find((provider) => sameProvider(provider.name, sdk.provider as string));
  const current = entry.providers.find((provider) => provider.status === 'current')?.name ?? '';
  if (known?.status === 'former') {
    issue(
      'provider-outdated',
      `"${sdk.name}" names provider "${sdk.provider}", a former name; the current one is "${current}"`,
    );
  } else if (known === undefined) {
    issue(
      'provider-mismatch',
      `"${sdk.name}" names provider "${sdk.provider}", which matches none of the catalogue's names (current: "${current}")`,
    );
  }
}

interface DeclarationCheck {
  readonly sdk: DeclaredSdk;
  readonly resolution: Resolution | undefined;
  readonly issue: (code: DiffIssueCode, message: string) => void;
}

/**
 * Ties each declared entry to the catalogue and runs the checks that need no scan: missing fields,
 * unknown SDKs, provider names that are outdated or unknown.
 */
function checkDeclarations(
  declared: DeclaredList,
  catalogue: Catalogue,
  issues: DiffIssue[],
): { checks: DeclarationCheck[]; matches: DiffReport['matches'] } {
  const resolver = new DeclaredResolver(catalogue);
  const checks: DeclarationCheck[] = [];
  const matches: DiffReport['matches'] = [];
  for (const sdk of declared.sdks) {
    const resolution = resolver.resolve(sdk);
    matches.push({ declaredName: sdk.name, sdkId: resolution?.entry.id, by: resolution?.by });
    const issue = (code: DiffIssueCode, message: string): void => {
      issues.push({
        code,
        severity: severityOf[code],
        sdkId: resolution?.entry.id,
        declaredName: sdk.name,
        message,
      });
    };
    for (const [field, label] of [
      ['purpose', '使用目的'],
      ['personalInfo', '收集个人信息类型'],
      ['privacyUrl', '隐私政策链接'],
      ['provider', '提供方'],
    ] as const) {
      const value = sdk[field];
      if (value === undefined || (Array.isArray(value) && value.every((item) => item.trim() === ''))) {
        issue('missing-field', `"${sdk.name}" declares no ${label} (${field})`);
      }
    }
    if (resolution === undefined) {
      issue('declared-unknown', `"${sdk.name}" matches no catalogue entry by id, package or name`);
    } else {
      checkProvider(sdk, resolution.entry, issue);
    }
    checks.push({ sdk, resolution, issue });
  }
  return { checks, matches };
}

function countBySeverity(issues: readonly DiffIssue[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const issue of issues) counts[issue.severity]++;
  return counts;
}

function catalogueFrom(value: unknown): Catalogue {
  return value === undefined ? loadCatalogue() : parseCatalogue(value);
}

/** Lints a declared list on its own: missing fields, SDKs the catalogue does not know, provider drift. */
export function lintDeclared(declared: DeclaredList, options?: DiffOptions): DiffReport {
  const parsed = parseOptions('lintDeclared', diffOptionsSchema, options ?? {});
  const issues: DiffIssue[] = [];
  const { matches } = checkDeclarations(declared, catalogueFrom(parsed.catalogue), issues);
  return { issues, matches, counts: countBySeverity(issues) };
}

/**
 * Compares what a scan found with what the privacy policy declares: undeclared SDKs (nested vendor
 * channels included), declared SDKs not found, providers named by an old alias or not at all, SDK
 * permissions the declaration does not mention, and declared entries missing purpose, PI or link.
 */
export function diffDeclared(scan: ScanResult, declared: DeclaredList, options?: DiffOptions): DiffReport {
  const parsed = parseOptions('diffDeclared', diffOptionsSchema, options ?? {});
  const issues: DiffIssue[] = [];
  const { checks, matches } = checkDeclarations(declared, catalogueFrom(parsed.catalogue), issues);
  const findings = new Map(scan.findings.map((finding) => [finding.sdkId, finding]));
  const declaredIds = new Set<string>();
  for (const { sdk, resolution, issue } of checks) {
    if (resolution === undefined) continue;
    const { entry } = resolution;
    declaredIds.add(entry.id);
    const finding = findings.get(entry.id);
    if (finding === undefined) {
      if (hasDetectionRules(entry)) {
        issue(
          'declared-not-detected',
          `"${sdk.name}" (${entry.id}) is declared but nothing of it was found in ${scan.target.name}`,
        );
      } else {
        issue(
          'declared-undetectable',
          `"${sdk.name}" (${entry.id}) has no detection rules; presence cannot be checked`,
        );
      }
      continue;
    }
    const covered = permissionsInText([...(sdk.permissions ?? []), ...(sdk.personalInfo ?? [])].join('\n'));
    for (const permission of finding.permissions) {
      const info = permissionInfo(permission);
      if (covered.has(permission) || (info.grant === 'install' && !parsed.includeInstallPermissions))
        continue;
      issue(
        'undeclared-permission',
        `the app requests ${permission} (${info.zh}), which ${entry.id} uses, but "${sdk.name}" does not declare it`,
      );
    }
  }
  for (const finding of scan.findings) {
    if (declaredIds.has(finding.sdkId)) continue;
    const via = finding.nestedIn.length > 0 ? `; shipped inside ${finding.nestedIn.join(', ')}` : '';
    issues.push({
      code: 'undeclared-sdk',
      severity: 'error',
      sdkId: finding.sdkId,
      declaredName: undefined,
      message: `${finding.name} (${finding.sdkId}, ${finding.provider}) was found but is not declared: ${evidenceSummary(finding)}${via}`,
    });
  }
  return { issues, matches, counts: countBySeverity(issues) };
}

import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import {
  buildFileKind,
  type DeclaredList,
  type DiffReport,
  declaredFormatOf,
  diffDeclared,
  lintDeclared,
  readDeclaredList,
  renderDisclosure,
  type ScanResult,
  scanPath,
  scanResultSchema,
  type TableFormat,
  tableFormats,
} from '@piplkit/sdk-inventory';
import { type Command, Option } from 'commander';

/** A file holding a saved `piplkit sdk scan --json` result, or undefined for anything else. */
function readSavedScan(path: string): ScanResult | undefined {
  if (!path.endsWith('.json') || !statSync(path).isFile()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if ((value as { kind?: unknown } | null)?.kind !== 'piplkit-sdk-scan') return undefined;
  const result = scanResultSchema.safeParse(value);
  if (!result.success)
    throw new Error(`${basename(path)} looks like a scan result but does not match its schema`);
  return result.data;
}

/** A saved scan result, or a fresh scan of an app package, build file or project directory. */
export async function loadScan(path: string): Promise<ScanResult> {
  return readSavedScan(path) ?? (await scanPath(path));
}

export function loadDeclared(path: string): DeclaredList {
  const text = readFileSync(path, 'utf8');
  return readDeclaredList(text, declaredFormatOf(path, text));
}

export function renderScan(scan: ScanResult): string {
  const lines = [
    `${scan.target.name} (${scan.target.type}${scan.app.packageName === undefined ? '' : `, ${scan.app.packageName}`})`,
    `  ${scan.app.classCount} classes in ${scan.app.dexFiles} dex files, ${scan.app.nativeLibs} native libraries, ${scan.app.permissions.length} permissions; catalogue ${scan.catalogueVersion}`,
    `  ${scan.findings.length} SDKs found`,
  ];
  for (const finding of scan.findings) {
    const nested = finding.nestedIn.length > 0 ? ` [inside ${finding.nestedIn.join(', ')}]` : '';
    lines.push(`  - ${finding.sdkId}: ${finding.name} — ${finding.provider}${nested}`);
    for (const evidence of finding.evidence) {
      lines.push(
        `      ${evidence.kind} ${evidence.rule} ×${evidence.count} in ${evidence.source} (e.g. ${evidence.samples[0] ?? ''})`,
      );
    }
  }
  for (const warning of scan.warnings) lines.push(`  warning: ${warning}`);
  lines.push(`  note: ${scan.caveat}`);
  return `${lines.join('\n')}\n`;
}

export function renderDiff(report: DiffReport): string {
  const lines = report.issues.map(
    (issue) => `${issue.severity.padEnd(7)} ${issue.code.padEnd(22)} ${issue.message}`,
  );
  lines.push(`${report.counts.error} errors, ${report.counts.warning} warnings, ${report.counts.info} info`);
  return `${lines.join('\n')}\n`;
}

/** `table` input: a saved scan, an app or project to scan, or a declared list (JSON, YAML, policy text). */
async function tableSource(path: string): Promise<Parameters<typeof renderDisclosure>[0]> {
  const saved = readSavedScan(path);
  if (saved !== undefined) return { kind: 'scan', scan: saved };
  const isApp = /\.(apk|aab|apks|xapk|ipa)$/i.test(path) || statSync(path).isDirectory();
  // Every build file the scanner reads (version catalogs, package.json, uni-app manifest.json …).
  const isBuildFile = buildFileKind(basename(path)) !== undefined;
  if (isApp || isBuildFile) return { kind: 'scan', scan: await scanPath(path) };
  return { kind: 'declared', declared: loadDeclared(path) };
}

export function registerSdk(program: Command): void {
  const sdk = program
    .command('sdk')
    .description('third-party SDKs: find them in apps, check the declared list, write disclosures');

  sdk
    .command('scan')
    .description('find SDKs in an APK, AAB, split-APK set, IPA, build file or project directory')
    .argument('<path>', 'app package, build file or directory')
    .option('--json', 'print the scan result as JSON (input for diff and table)')
    .action(async (path: string, options: { json?: boolean }) => {
      const scan = await scanPath(path);
      process.stdout.write(options.json ? `${JSON.stringify(scan, null, 2)}\n` : renderScan(scan));
    });

  sdk
    .command('diff')
    .description('compare a scan with the declared SDK list; exits 1 when errors are found')
    .argument('<scan>', 'a saved scan (.json from `sdk scan --json`) or an app/build file/directory to scan')
    .argument('<declared>', 'declared list: JSON, YAML, or a privacy-policy text with an SDK table')
    .option('--json', 'print the report as JSON')
    .action(async (scanPathArgument: string, declaredPath: string, options: { json?: boolean }) => {
      const report = diffDeclared(await loadScan(scanPathArgument), loadDeclared(declaredPath));
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderDiff(report));
      if (report.counts.error > 0) process.exitCode = 1;
    });

  sdk
    .command('lint')
    .description(
      'check a declared SDK list on its own: missing fields, unknown SDKs, outdated provider names',
    )
    .argument('<declared>', 'declared list: JSON, YAML, or a privacy-policy text with an SDK table')
    .option('--json', 'print the report as JSON')
    .action((declaredPath: string, options: { json?: boolean }) => {
      const report = lintDeclared(loadDeclared(declaredPath));
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderDiff(report));
      if (report.counts.error > 0) process.exitCode = 1;
    });

  sdk
    .command('table')
    .description('write the disclosure table or a platform privacy file from a scan or a declared list')
    .argument('<input>', 'a saved scan, an app/directory to scan, or a declared list')
    .addOption(new Option('--format <format>', 'output format').choices([...tableFormats]).default('md'))
    .action(async (input: string, options: { format: TableFormat }) => {
      process.stdout.write(renderDisclosure(await tableSource(input), { format: options.format }));
    });
}

import { z } from 'zod';
import { loadCatalogue, parseCatalogue } from '../catalogue/index.js';
import { type DeclaredListInput, declaredListSchema } from '../declared/schema.js';
import type { ScanResult } from '../detect/scan-result.js';
import { parseOptions, SdkInventoryError } from '../errors.js';
import { dataSafetyCsv, privacyManifest } from './platform.js';
import { type DisclosureRow, rowsFromDeclared, rowsFromScan } from './rows.js';
import { disclosureHtml, disclosureMarkdown, permissionHtml, permissionMarkdown } from './tables.js';

export const tableFormats = ['md', 'html', 'json', 'xcprivacy', 'datasafety'] as const;
export type TableFormat = (typeof tableFormats)[number];

export const renderOptionsSchema = z
  .object({
    format: z.enum(tableFormats),
    catalogue: z.unknown().optional(),
    /** For md and html from a scan: append the device-permission table (seed 004's form). */
    permissionTable: z.boolean().default(true),
  })
  .strict();

export type RenderOptions = z.input<typeof renderOptionsSchema>;

export type TableSource =
  | { kind: 'scan'; scan: ScanResult }
  | { kind: 'declared'; declared: DeclaredListInput };

/** Disclosure rows for a scan or a declared list. */
export function disclosureRows(source: TableSource, catalogue = loadCatalogue()): DisclosureRow[] {
  if (source.kind === 'scan') return rowsFromScan(source.scan, catalogue);
  return rowsFromDeclared(parseOptions('disclosureRows', declaredListSchema, source.declared), catalogue);
}

/** Renders the disclosure of a scan or declared list in one of the output formats. */
export function renderDisclosure(source: TableSource, options: RenderOptions): string {
  const parsed = parseOptions('renderDisclosure', renderOptionsSchema, options);
  const catalogue = parsed.catalogue === undefined ? loadCatalogue() : parseCatalogue(parsed.catalogue);
  const rows = disclosureRows(source, catalogue);
  const scan = source.kind === 'scan' ? source.scan : undefined;
  const withPermissions = parsed.permissionTable && scan !== undefined && scan.app.permissions.length > 0;
  switch (parsed.format) {
    case 'md':
      return withPermissions
        ? `## 第三方SDK清单\n\n${disclosureMarkdown(rows)}\n## 设备权限调用说明\n\n${permissionMarkdown(scan, rows)}`
        : disclosureMarkdown(rows);
    case 'html':
      return withPermissions ? `${disclosureHtml(rows)}${permissionHtml(scan, rows)}` : disclosureHtml(rows);
    case 'json':
      return `${JSON.stringify(
        rows.map(({ entry: _entry, ...row }) => row),
        null,
        2,
      )}\n`;
    case 'xcprivacy':
      return privacyManifest(rows);
    case 'datasafety':
      return dataSafetyCsv(rows);
  }
  throw new SdkInventoryError('ERR_UNKNOWN_FORMAT', `unknown format; valid: ${tableFormats.join(', ')}`);
}

import type { ScanResult } from '../detect/scan-result.js';
import { permissionInfo } from '../permissions.js';
import { type DisclosureRow, disclosureHeadings } from './rows.js';

const cells = (row: DisclosureRow): string[] => [
  row.name,
  row.provider,
  row.purposes.join('；'),
  row.personalInfo.join('、'),
  row.permissions.join('、'),
  row.method,
  row.privacyUrl,
];

const markdownCell = (text: string): string =>
  text === '' ? '—' : text.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ');

function markdownTable(headings: readonly string[], rows: readonly string[][]): string {
  const line = (values: readonly string[]): string => `| ${values.map(markdownCell).join(' | ')} |`;
  return [line(headings), `|${headings.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function htmlTable(
  headings: readonly string[],
  rows: readonly string[][],
  caption: string,
  linkColumn?: number,
): string {
  const cell = (text: string, column: number): string => {
    if (column === linkColumn && /^https?:\/\//.test(text)) {
      return `<td><a href="${escapeHtml(text)}" rel="noopener noreferrer">${escapeHtml(text)}</a></td>`;
    }
    return `<td>${text === '' ? '—' : escapeHtml(text)}</td>`;
  };
  return [
    '<table>',
    `  <caption>${escapeHtml(caption)}</caption>`,
    `  <thead><tr>${headings.map((heading) => `<th scope="col">${escapeHtml(heading)}</th>`).join('')}</tr></thead>`,
    '  <tbody>',
    ...rows.map((row) => `    <tr>${row.map(cell).join('')}</tr>`),
    '  </tbody>',
    '</table>',
  ].join('\n');
}

/** The Chinese third-party SDK disclosure table (第三方SDK清单) as Markdown. */
export function disclosureMarkdown(rows: readonly DisclosureRow[]): string {
  return `${markdownTable(disclosureHeadings, rows.map(cells))}\n`;
}

/** The same table as an HTML fragment, links clickable, every cell escaped. */
export function disclosureHtml(rows: readonly DisclosureRow[]): string {
  return `${htmlTable(disclosureHeadings, rows.map(cells), '第三方SDK清单', disclosureHeadings.length - 1)}\n`;
}

export const permissionHeadings = [
  '设备权限',
  '调用权限目的',
  '是否询问',
  '用户可否关闭权限',
  '关闭权限的影响',
] as const;

const grantOrder = { runtime: 0, special: 1, install: 2 } as const;

/**
 * The device-permission table in the form of seed 004 (设备权限 | 调用权限目的 | 是否询问 | 用户可否关闭权限 |
 * 关闭权限的影响), one row per permission the app requests, the SDKs that use it named in the purpose.
 */
export function permissionRows(scan: ScanResult, rows: readonly DisclosureRow[]): string[][] {
  const bySdk = new Map(
    rows.filter((row) => row.sdkId !== undefined).map((row) => [row.sdkId as string, row]),
  );
  return [...scan.app.permissions]
    .sort(
      (a, b) =>
        grantOrder[permissionInfo(a).grant] - grantOrder[permissionInfo(b).grant] || a.localeCompare(b),
    )
    .map((permission) => {
      const info = permissionInfo(permission);
      const users = scan.findings
        .filter((finding) => finding.permissions.includes(permission))
        .map((finding) => ({ name: finding.name, purpose: bySdk.get(finding.sdkId)?.purposes[0] ?? '' }));
      const purpose =
        users.length === 0
          ? '应用自身功能使用，未关联第三方SDK'
          : users.map((user) => `${user.name}：${user.purpose}`).join('；');
      const asked =
        info.grant === 'runtime'
          ? '是'
          : info.grant === 'special'
            ? '是（在系统设置中授权）'
            : '否（安装时授予）';
      const revocable = info.grant === 'install' ? '否' : '是';
      const effect =
        info.grant === 'install'
          ? '不适用'
          : users.length === 0
            ? '依赖该权限的功能无法使用'
            : `${users.map((user) => user.name).join('、')}依赖该权限的功能无法使用`;
      return [`${info.zh}（${permission}）`, purpose, asked, revocable, effect];
    });
}

export function permissionMarkdown(scan: ScanResult, rows: readonly DisclosureRow[]): string {
  return `${markdownTable(permissionHeadings, permissionRows(scan, rows))}\n`;
}

export function permissionHtml(scan: ScanResult, rows: readonly DisclosureRow[]): string {
  return `${htmlTable(permissionHeadings, permissionRows(scan, rows), '设备权限调用说明')}\n`;
}

import type { DeclaredSdk } from './schema.js';

type Field = 'name' | 'provider' | 'purpose' | 'personalInfo' | 'permissions' | 'method' | 'privacyUrl';

/** Maps a column heading of a Chinese SDK table to a field; order matters ("处理目的及方式" is a purpose). */
function fieldOfHeading(heading: string): Field | undefined {
  const text = heading.replace(/\s+/g, '');
  if (text.length === 0 || text.length > 24) return undefined;
  if (/名称/.test(text) && (/SDK|sdk|第三方/.test(text) || text === '名称')) return 'name';
  if (/链接|网址|政策/.test(text)) return 'privacyUrl';
  if (/权限/.test(text)) return 'permissions';
  if (/提供|开发者|运营|公司|主体|第三方/.test(text)) return 'provider';
  if (/目的|用途|功能|场景/.test(text)) return 'purpose';
  if (/收集|个人信息|范围|类型|字段/.test(text)) return 'personalInfo';
  if (/方式/.test(text)) return 'method';
  return undefined;
}

function toSdk(fields: readonly (Field | undefined)[], cells: readonly string[]): DeclaredSdk | undefined {
  const sdk: Partial<Record<Field, string>> = {};
  fields.forEach((field, index) => {
    const cell = cells[index]?.trim();
    if (field !== undefined && cell !== undefined && cell.length > 0 && sdk[field] === undefined)
      sdk[field] = cell;
  });
  if (sdk.name === undefined) return undefined;
  const packageName = /[（(]((?:[a-z][\w]*\.)+[a-z][\w]*)[)）]/.exec(sdk.name)?.[1];
  return {
    name: sdk.name,
    ...(sdk.provider === undefined ? {} : { provider: sdk.provider }),
    ...(sdk.purpose === undefined ? {} : { purpose: [sdk.purpose] }),
    ...(sdk.personalInfo === undefined ? {} : { personalInfo: [sdk.personalInfo] }),
    ...(sdk.permissions === undefined ? {} : { permissions: [sdk.permissions] }),
    ...(sdk.method === undefined ? {} : { method: sdk.method }),
    ...(sdk.privacyUrl === undefined ? {} : { privacyUrl: sdk.privacyUrl }),
    ...(packageName === undefined ? {} : { packageName }),
  };
}

/** Tables with one row per line: Markdown pipes or tab-separated cells. */
function delimitedTable(lines: readonly string[]): DeclaredSdk[] | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const separator = line.includes('|') ? '|' : line.includes('\t') ? '\t' : undefined;
    if (separator === undefined) continue;
    const split = (row: string): string[] =>
      separator === '|'
        ? row
            .replace(/^\s*\|/, '')
            .replace(/\|\s*$/, '')
            .split('|')
        : row.split('\t');
    const fields = split(line).map(fieldOfHeading);
    if (!fields.includes('name') || fields.filter((field) => field !== undefined).length < 2) continue;
    const sdks: DeclaredSdk[] = [];
    for (const row of lines.slice(i + 1)) {
      if (!row.includes(separator)) {
        if (row.trim() === '') continue;
        break;
      }
      if (/^\s*\|?\s*:?-{3,}/.test(row)) continue;
      const sdk = toSdk(fields, split(row));
      if (sdk !== undefined) sdks.push(sdk);
    }
    if (sdks.length > 0) return sdks;
  }
  return undefined;
}

/**
 * Tables flattened to one cell per line, as copied from a web page or PDF (seed 000's 附件一): a run
 * of heading lines, then the cells row by row. Blank lines are ignored; the table ends at the text's
 * end or at the next heading such as "附件二".
 */
function cellPerLineTable(lines: readonly string[]): DeclaredSdk[] | undefined {
  const cells = lines.map((line) => line.trim()).filter((line) => line.length > 0);
  for (let i = 0; i < cells.length; i++) {
    if (fieldOfHeading(cells[i] as string) !== 'name') continue;
    const fields: Field[] = [];
    let j = i;
    while (j < cells.length) {
      const field = fieldOfHeading(cells[j] as string);
      if (field === undefined || fields.includes(field)) break;
      fields.push(field);
      j++;
    }
    if (fields.length < 2) continue;
    const sdks: DeclaredSdk[] = [];
    for (let row = j; row + fields.length <= cells.length; row += fields.length) {
      const values = cells.slice(row, row + fields.length);
      if (/^附件|^附录/.test(values[0] as string)) break;
      const sdk = toSdk(fields, values);
      if (sdk !== undefined) sdks.push(sdk);
    }
    if (sdks.length > 0) return sdks;
  }
  return undefined;
}

/** Pulls the SDK table out of a privacy-policy text; an empty list when none is recognised. */
export function sdkTableFromPolicyText(text: string): DeclaredSdk[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return delimitedTable(lines) ?? cellPerLineTable(lines) ?? [];
}

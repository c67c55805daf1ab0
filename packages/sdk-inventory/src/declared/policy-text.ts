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

/** Labels used in "key: value" SDK descriptions, longest first so "隐私政策链接" wins over "链接". */
const blockKeys: readonly [string, Field][] = (
  [
    ['运营主体', 'provider'],
    ['SDK服务提供商', 'provider'],
    ['服务提供商', 'provider'],
    ['提供方', 'provider'],
    ['提供商', 'provider'],
    ['开发者名称', 'provider'],
    ['开发者', 'provider'],
    ['隐私政策链接', 'privacyUrl'],
    ['隐私权限政策链接', 'privacyUrl'],
    ['官网链接', 'privacyUrl'],
    ['隐私协议', 'privacyUrl'],
    ['隐私政策', 'privacyUrl'],
    ['使用目的', 'purpose'],
    ['用途和目的', 'purpose'],
    ['收集个人信息用途/目的', 'purpose'],
    ['目的', 'purpose'],
    ['收集及共享个人信息的类型/范围', 'personalInfo'],
    ['收集个人信息类型', 'personalInfo'],
    ['收集个人信息的范围', 'personalInfo'],
    ['收集信息范围', 'personalInfo'],
    ['收集数据类型', 'personalInfo'],
    ['收集数据的类型', 'personalInfo'],
    ['个人信息类型', 'personalInfo'],
    ['收集方式', 'method'],
    ['申请权限', 'permissions'],
    ['系统权限', 'permissions'],
  ] as [string, Field][]
).sort((a, b) => b[0].length - a[0].length);

/** Splits a line at every known "key:" label; text before the first label is returned under `undefined`. */
function keyedSegments(line: string): { field: Field | undefined; value: string }[] {
  const cuts: { at: number; end: number; field: Field }[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== ':' && line[i] !== '：') continue;
    const before = line.slice(0, i).replace(/\s+$/, '');
    const key = blockKeys.find(([label]) => before.endsWith(label));
    if (key !== undefined) cuts.push({ at: before.length - key[0].length, end: i + 1, field: key[1] });
  }
  const segments: { field: Field | undefined; value: string }[] = [];
  if (cuts.length === 0) return [{ field: undefined, value: line.trim() }];
  if ((cuts[0] as { at: number }).at > 0)
    segments.push({ field: undefined, value: line.slice(0, (cuts[0] as { at: number }).at).trim() });
  cuts.forEach((cut, index) => {
    segments.push({
      field: cut.field,
      value: line.slice(cut.end, cuts[index + 1]?.at ?? line.length).trim(),
    });
  });
  return segments;
}

function append(fields: Partial<Record<Field, string[]>>, field: Field, value: string): void {
  const values = fields[field] ?? [];
  values.push(value);
  fields[field] = values;
}

const BLOCK_HEADING = /^\s*(?:[(（]\d{1,2}[)）][.、．]?|\d{1,2}[.、．])\s*([^:：。]{2,40})$/;
const SECTION_HEADING = /^\s*[一二三四五六七八九十]+[、.．]/;
const URL = /https?:\/\/[^\s，。；;、]+/;

/**
 * SDKs described one per numbered block of "key: value" lines, as seeds 001 and 003 do:
 * "(1).Alipay(支付宝)SDK … 隐私政策链接:https://…" or "1、支付宝 / 运营主体:… / 官网链接:…".
 * A block counts as an SDK only when it names a provider, a link or the personal information.
 */
function keyedBlocks(lines: readonly string[]): DeclaredSdk[] | undefined {
  const sdks: DeclaredSdk[] = [];
  let current: { name: string; fields: Partial<Record<Field, string[]>> } | undefined;
  let open: Field | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    const { fields } = current;
    if (fields.provider === undefined && fields.privacyUrl === undefined && fields.personalInfo === undefined)
      return;
    const url = fields.privacyUrl?.map((value) => URL.exec(value)?.[0]).find((value) => value !== undefined);
    const join = (values: string[] | undefined): string[] | undefined =>
      values === undefined || values.length === 0 ? undefined : [values.join('；')];
    const sdk: DeclaredSdk = { name: current.name };
    if (fields.provider?.[0] !== undefined) sdk.provider = fields.provider[0];
    const purpose = join(fields.purpose);
    if (purpose !== undefined) sdk.purpose = purpose;
    const personalInfo = join(fields.personalInfo);
    if (personalInfo !== undefined) sdk.personalInfo = personalInfo;
    const permissions = join(fields.permissions);
    if (permissions !== undefined) sdk.permissions = permissions;
    if (fields.method !== undefined) sdk.method = fields.method.join('；');
    if (url !== undefined) sdk.privacyUrl = url;
    sdks.push(sdk);
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const heading = BLOCK_HEADING.exec(line);
    if (heading !== null || SECTION_HEADING.test(line)) {
      flush();
      current = heading === null ? undefined : { name: (heading[1] as string).trim(), fields: {} };
      open = undefined;
      continue;
    }
    if (current === undefined) continue;
    const segments = keyedSegments(line);
    if (segments.length === 1 && segments[0]?.field === undefined) {
      if (/^[^:：]{2,20}[:：]$/.test(line)) {
        // A label this reader does not use ("信息处理方式:") ends the previous one.
        open = undefined;
      } else if (open !== undefined) {
        // A bare line continues a label whose value started on the next line ("用途和目的:" then values).
        append(current.fields, open, line);
      }
      continue;
    }
    open = undefined;
    for (const segment of segments) {
      if (segment.field === undefined) continue;
      if (segment.value === '') open = segment.field;
      else append(current.fields, segment.field, segment.value);
    }
  }
  flush();
  return sdks.length > 0 ? sdks : undefined;
}

/** Pulls the SDK table out of a privacy-policy text; an empty list when none is recognised. */
export function sdkTableFromPolicyText(text: string): DeclaredSdk[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return delimitedTable(lines) ?? cellPerLineTable(lines) ?? keyedBlocks(lines) ?? [];
}

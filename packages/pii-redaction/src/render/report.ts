import type { Finding, FindingWhy, PiiType } from '../types.js';

/** A finding as reported: where it is and why it fired, never the value itself. */
export interface ReportEntry {
  type: PiiType;
  line: number;
  column: number;
  length: number;
  confidence: number;
  why: FindingWhy;
}

/** Line and column (both 1-based, columns in UTF-16 units) of each finding. */
export function toReport(text: string, findings: readonly Finding[]): ReportEntry[] {
  const entries: ReportEntry[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const finding of findings) {
    for (let i = scanned; i < finding.start; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    scanned = finding.start;
    entries.push({
      type: finding.type,
      line,
      column: finding.start - lineStart + 1,
      length: finding.end - finding.start,
      confidence: finding.confidence,
      why: finding.why,
    });
  }
  return entries;
}

/** One line per entry: `12:5 mobile 0.98 pattern=11 digits validators=mobile-range context=手机号`. */
export function renderReportLine(entry: ReportEntry, source?: string): string {
  const where = `${source === undefined ? '' : `${source}:`}${entry.line}:${entry.column}`;
  const parts = [where, entry.type, entry.confidence.toFixed(2), `pattern=${entry.why.pattern}`];
  if (entry.why.validators.length > 0) parts.push(`validators=${entry.why.validators.join(',')}`);
  if (entry.why.context.length > 0) parts.push(`context=${entry.why.context.join(',')}`);
  if (entry.why.field !== undefined) parts.push(`field=${entry.why.field}`);
  if (entry.why.corruptedNumber) parts.push('corrupted-json-number');
  return parts.join(' ');
}

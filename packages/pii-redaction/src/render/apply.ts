import type { Finding } from '../types.js';

/** Writes `replace(finding)` over each finding's span; findings are sorted and do not overlap. */
export function applyReplacements(
  text: string,
  findings: readonly Finding[],
  replace: (value: string, finding: Finding) => string,
): string {
  if (findings.length === 0) return text;
  let out = '';
  let last = 0;
  for (const finding of findings) {
    out += text.slice(last, finding.start) + replace(text.slice(finding.start, finding.end), finding);
    last = finding.end;
  }
  return out + text.slice(last);
}

/**
 * What is written when redaction itself failed: every character that is not white space becomes
 * '*', so nothing passes through but the line structure survives.
 */
export function failClosed(text: string): string {
  return text.replace(/\S/g, '*');
}

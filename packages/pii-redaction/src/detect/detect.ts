import { resolveOverlaps } from '../decide/resolve-overlaps.js';
import type { Finding, PiiType } from '../types.js';
import type { ContextKind } from './context.js';
import { Scanner } from './scanner.js';

export interface DetectSettings {
  enabled: ReadonlySet<PiiType>;
  minConfidence: number;
  hint?: { kind: ContextKind; word: string } | undefined;
}

/** Detect then decide: candidates from one pass, overlaps settled, low-confidence ones dropped. */
export function detectFindings(text: string, settings: DetectSettings): Finding[] {
  const scanner = new Scanner(text, {
    enabled: settings.enabled,
    ...(settings.hint === undefined ? {} : { hint: settings.hint }),
  });
  return resolveOverlaps(scanner.run(), settings.minConfidence);
}

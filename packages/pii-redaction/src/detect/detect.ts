import { resolveOverlaps } from '../decide/resolve-overlaps.js';
import type { Finding, PiiType } from '../types.js';
import type { ContextKind } from './context.js';
import { Scanner } from './scanner.js';

export interface DetectSettings {
  enabled: ReadonlySet<PiiType>;
  minConfidence: number;
  hint?: { kind: ContextKind; word: string } | undefined;
}

/** One scanner per set of enabled types, reused: scanning is synchronous and never re-entered. */
const scanners = new WeakMap<ReadonlySet<PiiType>, Scanner>();

/** Detect then decide: candidates from one pass, overlaps settled, low-confidence ones dropped. */
export function detectFindings(text: string, settings: DetectSettings): Finding[] {
  let scanner = scanners.get(settings.enabled);
  if (scanner === undefined) {
    scanner = new Scanner(settings.enabled);
    scanners.set(settings.enabled, scanner);
  }
  return resolveOverlaps(scanner.scan(text, settings.hint), settings.minConfidence);
}

import type { Redactor } from '../redactor.js';
import { type PiiType, piiTypes } from '../types.js';
import type { CorpusSample } from './corpus.js';

export interface TypeScore {
  type: PiiType;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

export interface EvaluationReport {
  samples: number;
  types: TypeScore[];
}

/**
 * Precision and recall per type: a finding counts only if type and span (or JSON path) match a
 * label exactly; anything else is a false positive of the found type and a miss of the labelled one.
 */
export function evaluate(redactor: Redactor, corpus: readonly CorpusSample[]): EvaluationReport {
  const counts = new Map<PiiType, { tp: number; fp: number; fn: number }>(
    piiTypes.map((type) => [type, { tp: 0, fp: 0, fn: 0 }]),
  );
  const bump = (type: PiiType, field: 'tp' | 'fp' | 'fn') => {
    const entry = counts.get(type);
    if (entry) entry[field]++;
  };
  for (const sample of corpus) {
    const expected = new Set(
      sample.labels.map((l) =>
        l.path === undefined ? `${l.type}@${l.start}-${l.end}` : `${l.type}@${l.path}`,
      ),
    );
    const found =
      sample.kind === 'json'
        ? redactor.redactJsonText(sample.text).findings.map((f) => `${f.type}@${f.path.join('.')}`)
        : redactor.detect(sample.text).map((f) => `${f.type}@${f.start}-${f.end}`);
    const foundSet = new Set(found);
    for (const key of foundSet)
      bump(key.slice(0, key.indexOf('@')) as PiiType, expected.has(key) ? 'tp' : 'fp');
    for (const key of expected) if (!foundSet.has(key)) bump(key.slice(0, key.indexOf('@')) as PiiType, 'fn');
  }
  const types: TypeScore[] = [];
  for (const [type, c] of counts) {
    if (c.tp + c.fp + c.fn === 0) continue;
    types.push({
      type,
      truePositives: c.tp,
      falsePositives: c.fp,
      falseNegatives: c.fn,
      precision: c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp),
      recall: c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn),
    });
  }
  return { samples: corpus.length, types };
}

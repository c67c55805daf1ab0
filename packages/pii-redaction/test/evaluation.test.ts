import { describe, expect, it } from 'vitest';
import { checksumTypes, createRedactor, evaluate, generateCorpus, piiTypes } from '../src/index.js';

describe('labelled corpus', () => {
  it('is the same for the same seed and different for another', () => {
    const a = generateCorpus({ seed: 5, lines: 200, documents: 20, plainShare: 0.3 });
    const b = generateCorpus({ seed: 5, lines: 200, documents: 20, plainShare: 0.3 });
    const c = generateCorpus({ seed: 6, lines: 200, documents: 20, plainShare: 0.3 });
    expect(a).toEqual(b);
    expect(a.map((s) => s.text)).not.toEqual(c.map((s) => s.text));
  });

  it('holds checksum-failing look-alikes, timestamps, trace IDs and JSON documents', () => {
    const corpus = generateCorpus({ seed: 5, lines: 2000, documents: 20, plainShare: 0.3 });
    const text = corpus.map((s) => s.text).join('\n');
    expect(text).toMatch(/校验失败 身份证号 \d{17}[\dX]/);
    expect(text).toMatch(/traceId=[0-9a-f]{32}/);
    expect(corpus.filter((s) => s.kind === 'json')).toHaveLength(20);
    expect(corpus.filter((s) => s.kind === 'log-en').length).toBeGreaterThan(900);
  });
});

describe('evaluation on a generated corpus', () => {
  const corpus = generateCorpus({ seed: 20261123, lines: 8000, documents: 400, plainShare: 0.3 });
  const report = evaluate(createRedactor(), corpus);

  it('has recall 100 % and no false positives on every checksum-carrying type', () => {
    for (const type of checksumTypes) {
      const score = report.types.find((t) => t.type === type);
      expect(score, type).toBeDefined();
      expect(score?.truePositives, type).toBeGreaterThan(50);
      expect({ type, fp: score?.falsePositives, fn: score?.falseNegatives }).toEqual({ type, fp: 0, fn: 0 });
    }
  });

  it('labels every type, and scores every other type as the README documents (100 % here)', () => {
    expect(report.types.map((t) => t.type).sort()).toEqual([...piiTypes].sort());
    for (const score of report.types.filter((t) => !checksumTypes.includes(t.type))) {
      expect(score.truePositives + score.falseNegatives, score.type).toBeGreaterThan(20);
      expect({ type: score.type, precision: score.precision, recall: score.recall }).toEqual({
        type: score.type,
        precision: 1,
        recall: 1,
      });
    }
  });
});

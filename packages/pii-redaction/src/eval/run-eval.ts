import { createRedactor } from '../redactor.js';
import { checksumTypes } from '../types.js';
import { generateCorpus } from './corpus.js';
import { evaluate } from './score.js';

// `pnpm --filter @piplkit/pii-redaction eval [seed] [lines] [documents]`
const [seed = 20261123, lines = 20000, documents = 2000] = process.argv.slice(2).map(Number);
const corpus = generateCorpus({ seed, lines, documents, plainShare: 0.3 });
const report = evaluate(createRedactor(), corpus);
const rows = report.types.map((t) => [
  t.type,
  checksumTypes.includes(t.type) ? 'checksum' : '',
  String(t.truePositives),
  String(t.falsePositives),
  String(t.falseNegatives),
  `${(t.precision * 100).toFixed(2)}%`,
  `${(t.recall * 100).toFixed(2)}%`,
]);
const header = ['type', 'kind', 'TP', 'FP', 'FN', 'precision', 'recall'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
process.stdout.write(
  `corpus seed ${seed}: ${lines} log lines (30 % without personal data), ${documents} JSON documents\n`,
);
process.stdout.write(`${line(header)}\n${rows.map(line).join('\n')}\n`);

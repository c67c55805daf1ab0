import type { SuiteResult } from './harness.js';

const escapeXml = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

/** A horizontal bar chart of ops/s per group, bars on a log scale so peers 100× apart stay legible. */
export function renderChart(result: SuiteResult): string {
  const labelWidth = 300;
  const barArea = 460;
  const rowHeight = 20;
  const width = labelWidth + barArea + 330;
  const all = result.groups.flatMap((group) => group.cases.map((c) => c.opsPerSec));
  const max = Math.log10(Math.max(...all, 10)) + 0.2;
  const min = Math.min(0, Math.floor(Math.log10(Math.max(Math.min(...all), 1e-3))));
  const scale = (ops: number) => ((Math.log10(Math.max(ops, 1e-3)) - min) / (max - min)) * barArea;
  const rows: string[] = [];
  let y = 56;
  for (const group of result.groups) {
    rows.push(`<text x="8" y="${y + 14}" font-weight="bold">${escapeXml(group.name)}</text>`);
    y += rowHeight + 4;
    group.cases.forEach((c, index) => {
      const bar = Math.max(scale(c.opsPerSec), 1);
      const ratio = index === 0 ? 'baseline' : `${group.baseline} ${c.baselineSpeedup.toFixed(1)}× faster`;
      rows.push(
        `<text x="20" y="${y + 14}">${escapeXml(c.name)}</text>`,
        `<rect x="${labelWidth}" y="${y + 3}" width="${bar.toFixed(1)}" height="${rowHeight - 6}" fill="${palette[index % palette.length]}"/>`,
        `<text x="${labelWidth + bar + 6}" y="${y + 14}">${c.opsPerSec.toFixed(c.opsPerSec < 10 ? 2 : 0)} ops/s (${escapeXml(ratio)})</text>`,
      );
      y += rowHeight;
    });
    y += 8;
  }
  const m = result.machine;
  const subtitle = `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, OpenCV ${m.opencv ?? 'n/a'} — ${result.date.slice(0, 10)}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 16}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="8" y="20" font-size="15" font-weight="bold">${escapeXml(`${result.suite}: ${result.description}`)}</text>`,
    `<text x="8" y="38" fill="#555">${escapeXml(subtitle)} (ops/s, log scale, higher is better)</text>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}

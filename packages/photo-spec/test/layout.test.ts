import { describe, expect, it } from 'vitest';
import { planSheet, SheetLayoutError } from '../src/index.js';

describe('planSheet', () => {
  it('fits more one-inch photos on A4 than a 3 × 8 grid', () => {
    const plan = planSheet({ width: 25, height: 35 }, { paper: 'A4', gapMm: 2, marginMm: 3 });
    // (210 - 6 + 2) / 27 = 7 columns, (297 - 6 + 2) / 37 = 7 rows in portrait; landscape: 10 × 5.
    expect(plan.count).toBe(50);
    expect(plan.orientation).toBe('landscape');
    expect(plan.positions).toHaveLength(50);
  });

  it('picks the paper orientation that holds more copies', () => {
    // ID-card size on 6 inch paper: portrait holds 3 × 4 = 12, landscape 5 × 2 = 10.
    const plan = planSheet({ width: 26, height: 32 }, { paper: '6inch', gapMm: 2, marginMm: 3 });
    expect(plan).toMatchObject({ orientation: 'portrait', columns: 3, rows: 4, count: 12 });
    expect(plan.paperPx).toEqual({
      width: Math.round((102 / 25.4) * 300),
      height: Math.round((152 / 25.4) * 300),
    });
  });

  it('keeps every copy inside the paper and apart from the others', () => {
    const plan = planSheet({ width: 35, height: 49 }, { paper: '5inch', gapMm: 3, marginMm: 2, dpi: 300 });
    for (const p of plan.positions) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.x + plan.cellPx.width).toBeLessThanOrEqual(plan.paperPx.width);
      expect(p.y + plan.cellPx.height).toBeLessThanOrEqual(plan.paperPx.height);
    }
    const [a, b] = plan.positions;
    if (a && b) expect(Math.abs(b.x - a.x)).toBeGreaterThanOrEqual(plan.cellPx.width);
  });

  it('takes a custom paper size and rejects an unknown paper name', () => {
    expect(
      planSheet({ width: 25, height: 35 }, { paper: { widthMm: 60, heightMm: 80 }, gapMm: 0, marginMm: 0 })
        .count,
    ).toBe(4);
    expect(() => planSheet({ width: 25, height: 35 }, { paper: 'B5' as 'A4' })).toThrow(/paper/);
  });

  it('refuses a photo that does not fit on the paper rather than printing a blank sheet', () => {
    expect(() => planSheet({ width: 200, height: 300 }, { paper: '5inch' })).toThrow(SheetLayoutError);
    expect(() => planSheet({ width: 200, height: 300 }, { paper: '5inch' })).toThrow(
      /200.0 × 300.0 mm photo does not fit/,
    );
  });
});

import { z } from 'zod';
import { SheetLayoutError } from './errors.js';

/** Photo paper, millimetres (portrait). 5 inch = 3R, 6 inch = 4R. */
export const paperSizes = {
  '5inch': { widthMm: 89, heightMm: 127 },
  '6inch': { widthMm: 102, heightMm: 152 },
  A4: { widthMm: 210, heightMm: 297 },
} as const;

export const sheetOptionsSchema = z
  .object({
    paper: z
      .union([
        z.enum(Object.keys(paperSizes) as [keyof typeof paperSizes, ...(keyof typeof paperSizes)[]]),
        z.object({ widthMm: z.number().min(20).max(1000), heightMm: z.number().min(20).max(1000) }).strict(),
      ])
      .default('6inch'),
    dpi: z.number().int().min(72).max(1200).default(300),
    gapMm: z.number().min(0).max(50).default(2),
    marginMm: z.number().min(0).max(50).default(3),
    cutMarks: z.boolean().default(true),
  })
  .strict();

export type SheetOptions = z.input<typeof sheetOptionsSchema>;

export interface SheetPlan {
  paperPx: { width: number; height: number };
  orientation: 'portrait' | 'landscape';
  cellPx: { width: number; height: number };
  columns: number;
  rows: number;
  count: number;
  /** Top-left corner of every copy, px. */
  positions: { x: number; y: number }[];
  dpi: number;
  cutMarks: boolean;
}

const toPx = (mm: number, dpi: number) => Math.round((mm / 25.4) * dpi);

/**
 * Lays copies of one photo on a sheet: every copy at its print size, upright, a grid centred on
 * the paper, in whichever paper orientation holds more copies. There is no cap on rows or columns.
 */
export function planSheet(photoMm: { width: number; height: number }, options: SheetOptions = {}): SheetPlan {
  const o = sheetOptionsSchema.parse(options);
  const paper = typeof o.paper === 'string' ? paperSizes[o.paper] : o.paper;
  const cell = { width: toPx(photoMm.width, o.dpi), height: toPx(photoMm.height, o.dpi) };
  const gap = toPx(o.gapMm, o.dpi);
  const margin = toPx(o.marginMm, o.dpi);
  const fit = (length: number, size: number) =>
    Math.max(0, Math.floor((length - 2 * margin + gap) / (size + gap)));
  const short = toPx(Math.min(paper.widthMm, paper.heightMm), o.dpi);
  const long = toPx(Math.max(paper.widthMm, paper.heightMm), o.dpi);
  const portrait = {
    width: short,
    height: long,
    columns: fit(short, cell.width),
    rows: fit(long, cell.height),
  };
  const landscape = {
    width: long,
    height: short,
    columns: fit(long, cell.width),
    rows: fit(short, cell.height),
  };
  const best =
    landscape.columns * landscape.rows > portrait.columns * portrait.rows
      ? { ...landscape, orientation: 'landscape' as const }
      : { ...portrait, orientation: 'portrait' as const };
  if (best.columns * best.rows === 0) {
    throw new SheetLayoutError(
      `A ${photoMm.width.toFixed(1)} × ${photoMm.height.toFixed(1)} mm photo does not fit on the paper with these margins`,
    );
  }
  const gridWidth = best.columns * cell.width + Math.max(0, best.columns - 1) * gap;
  const gridHeight = best.rows * cell.height + Math.max(0, best.rows - 1) * gap;
  const left = Math.floor((best.width - gridWidth) / 2);
  const top = Math.floor((best.height - gridHeight) / 2);
  const positions: { x: number; y: number }[] = [];
  for (let row = 0; row < best.rows; row++) {
    for (let column = 0; column < best.columns; column++) {
      positions.push({ x: left + column * (cell.width + gap), y: top + row * (cell.height + gap) });
    }
  }
  return {
    paperPx: { width: best.width, height: best.height },
    orientation: best.orientation,
    cellPx: cell,
    columns: best.columns,
    rows: best.rows,
    count: positions.length,
    positions,
    dpi: o.dpi,
    cutMarks: o.cutMarks,
  };
}

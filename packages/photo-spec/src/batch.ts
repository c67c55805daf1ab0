import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { InvalidOptionError, PiplkitError } from '@piplkit/native';
import { z } from 'zod';
import { backgroundChoiceSchema } from './background.js';
import { getSpec } from './catalogue.js';
import { makeIdPhoto } from './make-id-photo.js';

export const batchOptionsSchema = z
  .object({
    outDir: z.string().min(1),
    background: backgroundChoiceSchema.optional(),
    /** Photos in flight at once; default: the machine's cores (each runs on a libuv worker). */
    concurrency: z.number().int().min(1).max(64).optional(),
  })
  .strict();

export type BatchOptions = z.input<typeof batchOptionsSchema> & {
  /** Called after each photo, in completion order. */
  onProgress?: (done: number, total: number, item: BatchItem) => void;
};

export interface BatchItem {
  file: string;
  ok: boolean;
  output?: string;
  /** Every judged rule held (only when ok). */
  pass?: boolean;
  bytes?: number;
  quality?: number;
  unmet?: string[];
  failedRules?: string[];
  /** Error code and message (messages never contain image data). */
  error?: { code: string; message: string };
}

/**
 * Makes an ID photo from each file, at most `concurrency` at a time, writing `<name>.jpg` into
 * `outDir`. Only the photos in flight are held in memory, so a batch of any size runs in flat
 * memory. A photo that fails is recorded and the batch goes on.
 */
export async function makeIdPhotoBatch(
  files: readonly string[],
  specId: string,
  options: BatchOptions,
): Promise<BatchItem[]> {
  const { onProgress, ...rest } = options;
  const parsed = batchOptionsSchema.safeParse(rest);
  if (!parsed.success) throw InvalidOptionError.fromZod('makeIdPhotoBatch', parsed.error);
  const o = parsed.data;
  getSpec(specId); // an unknown spec fails the batch once, up front
  if (files.some((file) => resolve(dirname(file)) === resolve(o.outDir))) {
    throw new InvalidOptionError('makeIdPhotoBatch', [
      'outDir: must not be a folder the photos are read from (they would be overwritten)',
    ]);
  }
  const outputs = outputNames(files, o.outDir);
  await mkdir(o.outDir, { recursive: true });
  const results: BatchItem[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const runOne = async (file: string, index: number): Promise<BatchItem> => {
    try {
      const { jpeg, report } = await makeIdPhoto(
        await readFile(file),
        specId,
        o.background ? { background: o.background } : {},
      );
      const output = outputs[index]!;
      await writeFile(output, jpeg);
      return {
        file,
        ok: true,
        output,
        pass: report.pass,
        bytes: jpeg.length,
        quality: report.encoding.quality,
        unmet: report.geometry.unmet,
        failedRules: report.rules.filter((rule) => rule.pass === false).map((rule) => rule.id),
      };
    } catch (error) {
      const code =
        error instanceof PiplkitError ? error.code : ((error as { code?: string }).code ?? 'ERR_UNKNOWN');
      return { file, ok: false, error: { code, message: (error as Error).message } };
    }
  };
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const item = await runOne(files[index]!, index);
      results[index] = item;
      done++;
      onProgress?.(done, files.length, item);
    }
  };
  const width = Math.min(o.concurrency ?? availableParallelism(), Math.max(1, files.length));
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** `<name>.jpg` for each input; names that repeat (a.png and a.jpg) get -2, -3, … */
function outputNames(files: readonly string[], outDir: string): string[] {
  const used = new Map<string, number>();
  return files.map((file) => {
    const stem = basename(file, extname(file));
    const seen = (used.get(stem) ?? 0) + 1;
    used.set(stem, seen);
    return join(outDir, seen === 1 ? `${stem}.jpg` : `${stem}-${seen}.jpg`);
  });
}

const csvCell = (value: unknown) => {
  const text = value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One row per photo: file, ok, pass, output, bytes, quality, unmet, failed rules, error. */
export function batchReportCsv(items: readonly BatchItem[]): string {
  const header = [
    'file',
    'ok',
    'pass',
    'output',
    'bytes',
    'quality',
    'unmet',
    'failedRules',
    'errorCode',
    'errorMessage',
  ];
  const rows = items.map((i) =>
    [
      i.file,
      i.ok,
      i.pass,
      i.output,
      i.bytes,
      i.quality,
      i.unmet,
      i.failedRules,
      i.error?.code,
      i.error?.message,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\n')}\n`;
}

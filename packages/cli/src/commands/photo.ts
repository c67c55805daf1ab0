import { readdirSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import {
  type BatchItem,
  batchReportCsv,
  checkPhoto,
  layoutSheet,
  listSpecs,
  makeIdPhoto,
  makeIdPhotoBatch,
  type PhotoCheck,
  type PhotoSpec,
  type RuleResult,
} from '@piplkit/photo-spec';
import type { Command } from 'commander';

type Lang = 'zh' | 'en';

function specLine(spec: PhotoSpec): string {
  const mm = spec.printMm ? `${spec.printMm.width}×${spec.printMm.height} mm` : 'digital';
  const kb = spec.kb ? `${spec.kb.min}–${spec.kb.max} KB` : 'any size';
  return `${spec.id.padEnd(16)} ${spec.pixels.width}×${spec.pixels.height} px @${spec.dpi} dpi, ${mm}, ${kb}, ${spec.backgrounds.map((b) => b.name).join('/')} — ${spec.names.zh} / ${spec.names.en}`;
}

const mark = (rule: RuleResult) => (rule.pass === true ? 'ok  ' : rule.pass === false ? 'FAIL' : ' -- ');

export function renderRules(rules: readonly RuleResult[], lang: Lang): string {
  return rules
    .map((rule) => {
      const measured =
        rule.measured === null
          ? 'n/a'
          : `${rule.measured}${rule.unit && typeof rule.measured === 'number' ? ` ${rule.unit}` : ''}`;
      return `[${mark(rule)}] ${rule.name[lang]}: ${measured} (allowed ${rule.allowed}) — ${rule.message[lang]}`;
    })
    .join('\n');
}

export function renderCheck(check: PhotoCheck, lang: Lang): string {
  return `${check.specId}: ${check.pass ? 'PASS' : 'FAIL'}\n${renderRules(check.rules, lang)}`;
}

const imageExtensions = new Set(['.jpg', '.jpeg', '.png', '.webp']);

function imagesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => imageExtensions.has(extname(name).toLowerCase()))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

function progressBar(done: number, total: number, item: BatchItem): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const status = item.ok ? (item.pass ? 'ok' : 'made, rule fails') : (item.error?.code ?? 'error');
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${status.padEnd(18)}`;
}

export function registerPhoto(program: Command): void {
  const photo = program
    .command('photo')
    .description('ID photos: specs, compliance checks, making, print sheets');
  const langOption = ['--lang <lang>', 'message language: zh or en', 'en'] as const;

  photo
    .command('specs')
    .description('list the photo specs')
    .option('--json', 'print the specs as JSON')
    .action((options: { json?: boolean }) => {
      const specs = listSpecs();
      process.stdout.write(
        options.json ? `${JSON.stringify(specs, null, 2)}\n` : `${specs.map(specLine).join('\n')}\n`,
      );
    });

  photo
    .command('check <image>')
    .description('check a photo against a spec (exit 0 pass, 1 fail, 2 error)')
    .requiredOption('--spec <id>', 'spec id (see `piplkit photo specs`)')
    .option('--json', 'print the check as JSON')
    .option(...langOption)
    .action(async (image: string, options: { spec: string; json?: boolean; lang: Lang }) => {
      const check = await checkPhoto(await readFile(image), options.spec);
      process.stdout.write(
        options.json ? `${JSON.stringify(check, null, 2)}\n` : `${renderCheck(check, options.lang)}\n`,
      );
      process.exitCode = check.pass ? 0 : 1;
    });

  photo
    .command('make <image>')
    .description('make an ID photo for a spec: crop, background, KB band, DPI')
    .requiredOption('--spec <id>', 'spec id (see `piplkit photo specs`)')
    .requiredOption('--out <file.jpg>', 'where to write the JPEG')
    .option('--background <colour>', 'white, blue, red, light-blue, light-grey, off-white, cream or #rrggbb')
    .option('--json', 'print the report as JSON')
    .option(...langOption)
    .action(
      async (
        image: string,
        options: { spec: string; out: string; background?: string; json?: boolean; lang: Lang },
      ) => {
        const { jpeg, report } = await makeIdPhoto(
          await readFile(image),
          options.spec,
          options.background ? { background: options.background as 'white' } : {},
        );
        await writeFile(options.out, jpeg);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          const e = report.encoding;
          process.stdout.write(
            `${options.out}: ${report.specId} ${report.pass ? 'PASS' : 'FAIL'}, ${(e.bytes / 1024).toFixed(1)} KB at quality ${e.quality} (${e.chromaSubsampling}), ${e.dpi} dpi\n` +
              `${renderRules(report.rules, options.lang)}\n` +
              (e.shortfall ? `KB band not reached: ${e.shortfall}\n` : ''),
          );
        }
        if (!report.pass) process.exitCode = 1;
      },
    );

  photo
    .command('sheet <photo>')
    .description('lay copies of an ID photo out on photo paper for printing')
    .requiredOption('--out <file.jpg>', 'where to write the sheet')
    .option('--paper <paper>', '5inch, 6inch or A4', '6inch')
    .option('--dpi <dpi>', 'sheet resolution', '300')
    .option('--gap-mm <mm>', 'gap between copies', '2')
    .option('--spec <id>', 'take the print size from this spec (default: the photo’s own DPI)')
    .option('--no-cut-marks', 'leave out the cut lines')
    .action(
      async (
        file: string,
        options: { out: string; paper: string; dpi: string; gapMm: string; spec?: string; cutMarks: boolean },
      ) => {
        const sheet = await layoutSheet(await readFile(file), {
          paper: options.paper as '6inch',
          dpi: Number(options.dpi),
          gapMm: Number(options.gapMm),
          cutMarks: options.cutMarks,
          spec: options.spec,
        });
        await writeFile(options.out, sheet.image);
        process.stdout.write(
          `${options.out}: ${sheet.count} copies (${sheet.plan.columns} × ${sheet.plan.rows}, ${sheet.plan.orientation})\n`,
        );
      },
    );

  photo
    .command('batch <dir>')
    .description('make ID photos from every image in a folder; writes a JSON or CSV report')
    .requiredOption('--spec <id>', 'spec id (see `piplkit photo specs`)')
    .requiredOption('--out <dir>', 'output folder')
    .option('--background <colour>', 'background colour')
    .option('--concurrency <n>', 'photos in flight at once (default: cores)')
    .option('--report <file>', 'report file (.json or .csv; default <out>/report.json)')
    .action(
      async (
        dir: string,
        options: { spec: string; out: string; background?: string; concurrency?: string; report?: string },
      ) => {
        const files = imagesIn(dir);
        const items = await makeIdPhotoBatch(files, options.spec, {
          outDir: options.out,
          background: options.background as 'white' | undefined,
          concurrency: options.concurrency ? Number(options.concurrency) : undefined,
          onProgress: (done, total, item) => {
            if (process.stderr.isTTY) process.stderr.write(progressBar(done, total, item));
            else
              process.stderr.write(
                `${done}/${total} ${item.ok ? (item.pass ? 'ok' : 'rule fails') : item.error?.code}\n`,
              );
          },
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        const reportPath = options.report ?? join(options.out, 'report.json');
        await writeFile(
          reportPath,
          reportPath.endsWith('.csv') ? batchReportCsv(items) : `${JSON.stringify(items, null, 2)}\n`,
        );
        const made = items.filter((item) => item.ok).length;
        const passed = items.filter((item) => item.pass).length;
        process.stdout.write(
          `${made}/${items.length} made, ${passed} pass every rule; report: ${reportPath}\n`,
        );
        if (passed < items.length) process.exitCode = 1;
      },
    );
}

import { createReadStream, createWriteStream, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createRedactor,
  envKeyProvider,
  type KeyProvider,
  policyNames,
  type Redactor,
  renderReportLine,
  toReport,
} from '@piplkit/pii-redaction';
import type { Command } from 'commander';

export interface RedactCommandOptions {
  policy?: string;
  json?: boolean;
  report?: boolean;
  keyId?: string;
  algorithm?: string;
  minConfidence?: string;
  outDir?: string;
}

export interface RedactIo {
  stdin: Readable;
  stdout: Writable;
  keyProvider?: KeyProvider;
}

const keyedPolicies = new Set(['pseudonymise', 'format-preserving']);

function buildRedactor(options: RedactCommandOptions, keyProvider: KeyProvider): Redactor {
  const policy = options.policy ?? 'display';
  const keyed = keyedPolicies.has(policy);
  if (keyed && options.keyId === undefined) {
    throw new Error(`--policy ${policy} needs --key-id (the key is read from PIPLKIT_KEY_<ID>)`);
  }
  return createRedactor({
    policy,
    policyOptions: keyed
      ? { keyId: options.keyId, ...(options.algorithm === undefined ? {} : { algorithm: options.algorithm }) }
      : {},
    ...(options.minConfidence === undefined ? {} : { minConfidence: Number(options.minConfidence) }),
    keyProvider,
  });
}

/** Files under the given paths, directories walked recursively in name order. */
export function listInputFiles(paths: readonly string[]): { file: string; base: string }[] {
  const files: { file: string; base: string }[] = [];
  const walk = (path: string, base: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) walk(join(path, entry), base);
    } else files.push({ file: path, base });
  };
  for (const path of paths) walk(path, statSync(path).isDirectory() ? path : dirname(path));
  return files;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** One JSON document, or NDJSON (one document per non-empty line) when the whole is not JSON. */
function redactJsonInput(redactor: Redactor, text: string): { text: string; report: string[] } {
  const reportOf = (findings: ReturnType<Redactor['redactJsonText']>['findings'], line?: number) =>
    findings.map(
      (f) =>
        `${line === undefined ? '' : `${line}:`}${f.path.join('.') || '(root)'} ${f.in} ${f.type} ${f.confidence.toFixed(2)} pattern=${f.why.pattern}${f.why.validators.length ? ` validators=${f.why.validators.join(',')}` : ''}${f.why.context.length ? ` context=${f.why.context.join(',')}` : ''}${f.why.corruptedNumber ? ' corrupted-json-number' : ''}`,
    );
  try {
    const result = redactor.redactJsonText(text);
    return { text: `${result.text}\n`, report: reportOf(result.findings) };
  } catch {
    const out: string[] = [];
    const report: string[] = [];
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      const result = redactor.redactJsonText(line);
      out.push(result.text);
      report.push(...reportOf(result.findings, index + 1));
    });
    return { text: `${out.join('\n')}\n`, report };
  }
}

async function redactOne(
  redactor: Redactor,
  options: RedactCommandOptions,
  input: () => Readable,
  output: Writable,
  source: string | undefined,
): Promise<number> {
  if (options.json || options.report) {
    const text = await readAll(input());
    if (options.json) {
      const result = redactJsonInput(redactor, text);
      const lines = result.report.map((line) => (source === undefined ? line : `${source}:${line}`));
      output.write(options.report ? lines.map((l) => `${l}\n`).join('') : result.text);
      return result.report.length;
    }
    const findings = redactor.detect(text);
    for (const entry of toReport(text, findings)) output.write(`${renderReportLine(entry, source)}\n`);
    return findings.length;
  }
  // Text: streamed, constant memory.
  let count = 0;
  await pipeline(input(), redactor.createStream({ onFindings: (f) => (count += f.length) }), output, {
    end: false,
  });
  return count;
}

/** The `redact` command without commander: testable with any streams. */
export async function runRedact(
  paths: readonly string[],
  options: RedactCommandOptions,
  io: RedactIo,
): Promise<number> {
  const redactor = buildRedactor(options, io.keyProvider ?? envKeyProvider());
  if (paths.length === 0) return redactOne(redactor, options, () => io.stdin, io.stdout, undefined);
  let total = 0;
  for (const { file, base } of listInputFiles(paths)) {
    if (options.outDir !== undefined && !options.report) {
      const target = join(options.outDir, relative(base, file));
      mkdirSync(dirname(target), { recursive: true });
      const out = createWriteStream(target);
      total += await redactOne(redactor, options, () => createReadStream(file), out, file);
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
    } else {
      total += await redactOne(redactor, options, () => createReadStream(file), io.stdout, file);
    }
  }
  return total;
}

export function registerRedact(program: Command): void {
  program
    .command('redact')
    .description('mask personal data in text, logs or JSON; stdin to stdout when no file is given')
    .argument('[paths...]', 'files or directories (walked recursively)')
    .option('--policy <name>', `masking policy: ${policyNames.join(', ')}`, 'display')
    .option('--json', 'inputs are JSON documents (or NDJSON, one per line)')
    .option('--report', 'print where each finding is and why, never the value')
    .option('--key-id <id>', 'key for pseudonymise/format-preserving, read from $PIPLKIT_KEY_<ID>')
    .option('--algorithm <name>', 'hmac-sha256 or hmac-sm3 for the keyed policies')
    .option('--min-confidence <n>', 'ignore findings below this confidence (0-1, default 0.5)')
    .option('--out-dir <dir>', 'write redacted copies of the files here instead of to stdout')
    .action(async (paths: string[], options: RedactCommandOptions) => {
      const count = await runRedact(paths, options, { stdin: process.stdin, stdout: process.stdout });
      if (options.report) process.stderr.write(`${count} finding(s)\n`);
    });
}

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConsentError } from '../errors.js';
import type { CopySink } from '../storage/sql-client.js';
import type { ChainHead, ChainProblem } from './chain.js';

export type VerifyRequest =
  | { type: 'start'; anchor: ChainHead | undefined }
  | { type: 'rows'; buffer: ArrayBuffer; length: number }
  | { type: 'end' };

export type VerifyAnswer = { problems: ChainProblem[]; count: number; head: ChainHead } | { failure: string };

export type VerifyResult = Exclude<VerifyAnswer, { failure: string }>;

/** Streams the binary COPY of verifyRowsSql into the sink it is given. */
type CopyRead = (sink: CopySink) => Promise<void>;

/** Bytes posted at a time: every message costs, yet the worker must start early and end soon after the read. */
const batchSize = 1 << 19;

/**
 * The worker script beside this module: `.js` or `.cjs` as built. Run from source (tests) it is
 * `.ts`, which a worker can only load after registering tsx, a development dependency, found from here.
 */
function workerScript(): { source: URL | string; eval: boolean } | undefined {
  const here = import.meta.url;
  const extension = here.slice(here.lastIndexOf('.'));
  const url = new URL(`./verify-worker${extension}`, here);
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return undefined;
  if (extension !== '.ts') return { source: url, eval: false };
  const tsx = dirname(createRequire(here).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsx, 'dist/esm/api/index.mjs')).href;
  return {
    source: `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`,
    eval: true,
  };
}

/**
 * Hashing and checking on a worker thread, so they run while this thread reads the rows (PGlite's
 * engine runs on this thread). One worker per store, started on the first large verify(), kept
 * for the next and not holding the process open between jobs; one job at a time.
 */
export class VerifyThread {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  /** False where a worker would only add cost (one core) or its script is missing (rebundled). */
  static usable(): boolean {
    return availableParallelism() > 1 && workerScript() !== undefined;
  }

  /**
   * `read` streams the binary COPY of verifyRowsSql into the sink it is given; the bytes are
   * copied into batches posted to the worker, which checks them as they come.
   */
  run(anchor: ChainHead | undefined, read: CopyRead): Promise<VerifyResult> {
    const job = this.queue.then(() => this.job(anchor, read));
    this.queue = job.catch(() => undefined);
    return job;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const script = workerScript();
    if (!script) throw new ConsentError('STORAGE', 'the verify worker script is missing');
    const worker = new Worker(script.source, { eval: script.eval });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Drops a worker that failed or holds half a stream, rather than reuse it. */
  private discard(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
  }

  private async job(anchor: ChainHead | undefined, read: CopyRead): Promise<VerifyResult> {
    const worker = this.start();
    worker.ref();
    const answered = new Promise<VerifyAnswer>((resolve, reject) => {
      const stop = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (answer: VerifyAnswer) => {
        stop();
        resolve(answer);
      };
      const onError = (error: Error) => {
        stop();
        reject(new ConsentError('STORAGE', `the verify worker failed: ${error.message}`));
      };
      const onExit = () => {
        stop();
        reject(new ConsentError('STORAGE', 'the verify worker stopped'));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
    answered.catch(() => this.discard(worker));
    const post = (request: VerifyRequest) => worker.postMessage(request);
    // Moved, not copied: a buffer's memory goes to the worker with the message.
    const send = (buffer: Buffer, length: number) => {
      const memory = buffer.buffer as ArrayBuffer;
      worker.postMessage({ type: 'rows', buffer: memory, length } satisfies VerifyRequest, [memory]);
    };
    post({ type: 'start', anchor });
    let batch = Buffer.allocUnsafeSlow(batchSize);
    let fill = 0;
    const flush = () => {
      if (fill === 0) return;
      send(batch, fill);
      batch = Buffer.allocUnsafeSlow(batchSize);
      fill = 0;
    };
    try {
      await read((bytes, start, end) => {
        if (fill + end - start > batch.length) flush();
        if (end - start > batch.length) {
          const alone = Buffer.allocUnsafeSlow(end - start);
          send(alone, bytes.copy(alone, 0, start, end));
          return;
        }
        fill += bytes.copy(batch, fill, start, end);
      });
      flush();
    } catch (error) {
      this.discard(worker);
      answered.catch(() => undefined);
      throw error;
    }
    post({ type: 'end' });
    try {
      const answer = await answered;
      if ('failure' in answer) throw new ConsentError('STORAGE', answer.failure);
      return answer;
    } finally {
      worker.unref();
    }
  }
}

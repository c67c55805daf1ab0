import { parentPort } from 'node:worker_threads';
import { ChainVerifier } from './chain.js';
import type { VerifyAnswer, VerifyRequest } from './verify-thread.js';

/**
 * The other end of VerifyThread: checks the binary COPY bytes of one verify() at a time, in the
 * order they are posted, and answers when told the stream ended.
 */
let verifier = new ChainVerifier();
let failure: string | undefined;

parentPort?.on('message', (request: VerifyRequest) => {
  if (request.type === 'start') {
    verifier = new ChainVerifier(request.anchor);
    failure = undefined;
    return;
  }
  try {
    if (failure !== undefined) return;
    if (request.type === 'rows') verifier.pushCopy(Buffer.from(request.buffer, 0, request.length));
    else verifier.finish();
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  } finally {
    if (request.type === 'end') {
      const answer: VerifyAnswer =
        failure === undefined
          ? { problems: verifier.problems, count: verifier.count, head: verifier.head }
          : { failure };
      parentPort?.postMessage(answer);
    }
  }
});

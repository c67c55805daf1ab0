// Child process for the crash test: appends batches as fast as it can and acknowledges each one
// on stdout only after its transaction committed. The parent kills it with SIGKILL at some point.
import { ConsentStore } from '../src/index.js';
import { samplePolicy } from './support-policy.js';

const [backend, target, schema] = process.argv.slice(2);
const storage =
  backend === 'pglite'
    ? { backend: 'pglite' as const, dataDir: target as string }
    : { backend: 'postgres' as const, url: target as string, schema: schema as string };
const store = await ConsentStore.open({ subjectSecret: 'crash-test-secret-at-least-32-bytes!', storage });
if (!store.currentPolicy()) await store.publishPolicy(samplePolicy());
process.stdout.write('ready\n');
for (let batch = 0; ; batch += 1) {
  const events = Array.from({ length: 200 }, (_, i) => ({
    type: 'policy' as const,
    subject: `subject-${batch}-${i}`,
    decision: 'agreed' as const,
    method: 'tap' as const,
  }));
  const recorded = await store.record(events);
  const last = recorded.at(-1);
  process.stdout.write(`ack ${last?.seq} ${last?.hash}\n`);
}

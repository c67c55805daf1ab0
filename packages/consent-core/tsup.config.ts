import { defineConfig } from 'tsup';

export default defineConfig({
  // The verify worker is a script of its own, loaded beside the bundle (see VerifyThread).
  entry: { index: 'src/index.ts', 'verify-worker': 'src/ledger/verify-worker.ts' },
  // import.meta.url in the CommonJS build too, where VerifyThread finds the worker from it.
  shims: true,
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});

import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests import workspace packages from source, so a test run needs no build of the TS packages
// (the native addon itself is built by scripts/setup).
const alias = {
  '@piplkit/native': `${root}native/lib/index.ts`,
  '@piplkit/test-support': `${root}test/src/index.ts`,
  ...Object.fromEntries(
    readdirSync(`${root}packages`)
      .filter((dir) => dir !== 'cli')
      .map((dir) => [`@piplkit/${dir}`, `${root}packages/${dir}/src/index.ts`]),
  ),
};

const project = (name: string, dir: string) => ({
  extends: true as const,
  test: {
    name,
    root: `${root}${dir}`,
    include: ['test/**/*.test.ts', '*.test.ts', 'integration/**/*.test.ts'],
    // A project may bring its own global setup (e.g. a throwaway database server).
    ...(existsSync(`${root}${dir}/test/global-setup.ts`) ? { globalSetup: ['test/global-setup.ts'] } : {}),
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      project('native', 'native'),
      ...readdirSync(`${root}packages`).map((dir) => project(dir, `packages/${dir}`)),
      project('integration', 'test'),
    ],
    reporters: ['default', './test/summary-reporter.ts'],
    passWithNoTests: true,
    testTimeout: 30_000,
  },
});

// Builds the addon with cmake-js. The Node-API version is declared once, in package.json
// (binary.napi_versions), and handed to CMake from here so the two can never disagree.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const napiVersion = pkg.binary.napi_versions[0];
const require = createRequire(import.meta.url);
const cmakeJs = require.resolve('cmake-js/bin/cmake-js');

const args = [
  cmakeJs,
  'build',
  '--directory',
  packageDir,
  `--CDNAPI_VERSION=${napiVersion}`,
  `--CDPIPLKIT_VERSION=${pkg.version}`,
  '--parallel',
  '2',
];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: packageDir });
if (result.status !== 0) {
  console.error(
    '\n@piplkit/native: the addon did not build. It needs cmake, a C++17 compiler and the OpenCV 4 ' +
      'development files.\nOn Debian or Ubuntu, run as root:\n  apt-get install cmake build-essential libopencv-dev\n' +
      'or run scripts/setup from the repository root.',
  );
  process.exit(result.status ?? 1);
}

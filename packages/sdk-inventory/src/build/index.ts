import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Artifacts, Dependency } from '../detect/artifacts.js';
import { BuildFileError } from '../errors.js';
import type { ScanLimits } from '../limits.js';
import { readGradle, readVersionCatalog } from './gradle.js';
import { readPackageJson, readPodfileLock, readPubspecLock } from './lockfiles.js';
import { readOhPackage } from './ohpm.js';
import { isUniManifest, readUniManifest } from './uni-manifest.js';

export type BuildFileKind =
  | 'gradle'
  | 'version-catalog'
  | 'podfile-lock'
  | 'pubspec-lock'
  | 'package-json'
  | 'uni-manifest'
  | 'oh-package';

const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'oh_modules',
  '.git',
  'build',
  'dist',
  'Pods',
  '.gradle',
  '.dart_tool',
  'unpackage',
]);
const MAX_DEPTH = 8;
const MAX_FILES = 20_000;
const MAX_BUILD_FILE_BYTES = 16 * 1024 * 1024;

/** Which reader handles a file name, if any. */
export function buildFileKind(name: string): BuildFileKind | undefined {
  if (name === 'build.gradle' || name === 'build.gradle.kts') return 'gradle';
  if (name.endsWith('.versions.toml')) return 'version-catalog';
  if (name === 'Podfile.lock') return 'podfile-lock';
  if (name === 'pubspec.lock') return 'pubspec-lock';
  if (name === 'package.json') return 'package-json';
  if (name === 'manifest.json') return 'uni-manifest';
  if (name === 'oh-package.json5') return 'oh-package';
  return undefined;
}

function parse(kind: BuildFileKind, text: string, file: string): Dependency[] {
  switch (kind) {
    case 'gradle':
      return readGradle(text, file);
    case 'version-catalog':
      return readVersionCatalog(text, file);
    case 'podfile-lock':
      return readPodfileLock(text, file);
    case 'pubspec-lock':
      return readPubspecLock(text, file);
    case 'package-json':
      return readPackageJson(text, file);
    case 'uni-manifest':
      return isUniManifest(text) ? readUniManifest(text, file) : [];
    case 'oh-package':
      return readOhPackage(text, file);
  }
}

/** Reads one build file into `artifacts`; `label` is the name findings cite. */
export function readBuildFile(path: string, label: string, artifacts: Artifacts, limits: ScanLimits): void {
  const kind = buildFileKind(label.split('/').at(-1) ?? label);
  if (kind === undefined) throw new BuildFileError('ERR_BUILD_FILE', 'not a build file this scanner reads');
  const size = statSync(path).size;
  if (size > Math.min(limits.maxInputBytes, MAX_BUILD_FILE_BYTES)) {
    throw new BuildFileError('ERR_BUILD_FILE', `a build file of ${size} bytes is over the ${MAX_BUILD_FILE_BYTES}-byte limit`);
  }
  artifacts.dependencies.push(...parse(kind, readFileSync(path, 'utf8'), label));
  artifacts.inputs.push(label);
}

/** Walks a project directory (skipping dependency and output folders) and reads every build file. */
export function readBuildDirectory(root: string, artifacts: Artifacts, limits: ScanLimits): void {
  let visited = 0;
  const walk = (directory: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (++visited > MAX_FILES) {
        throw new BuildFileError('ERR_BUILD_FILE', `the directory holds more than ${MAX_FILES} entries`);
      }
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path, depth + 1);
      } else if (entry.isFile() && buildFileKind(entry.name) !== undefined) {
        readBuildFile(path, relative(root, path), artifacts, limits);
      }
    }
  };
  walk(root, 0);
}

import { parse as parseYaml } from 'yaml';
import type { Dependency } from '../detect/artifacts.js';
import { BuildFileError } from '../errors.js';

/** Pods (and their subspecs, reduced to the pod) from the PODS section of a Podfile.lock. */
export function readPodfileLock(text: string, file: string): Dependency[] {
  const found = new Map<string, Dependency>();
  let inPods = false;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) inPods = line.startsWith('PODS:');
    if (!inPods) continue;
    const match = /^ {2}- "?([^\s("]+)(?: \(([^)]+)\))?/.exec(line);
    if (!match) continue;
    const name = (match[1] as string).split('/')[0] as string;
    if (!found.has(name)) found.set(name, { ecosystem: 'cocoapods', name, version: match[2], file });
  }
  return [...found.values()];
}

/** Packages of a Flutter pubspec.lock (YAML). */
export function readPubspecLock(text: string, file: string): Dependency[] {
  let lock: unknown;
  try {
    lock = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    throw new BuildFileError('ERR_BUILD_FILE', `${file} is not valid YAML`);
  }
  const packages = (lock as { packages?: unknown } | null)?.packages;
  if (typeof packages !== 'object' || packages === null) return [];
  const found: Dependency[] = [
    // every pubspec.lock belongs to a Flutter or Dart app; the SDK itself is listed under `sdks`
    ...((lock as { sdks?: { flutter?: unknown } }).sdks?.flutter !== undefined
      ? [{ ecosystem: 'pub' as const, name: 'flutter', version: String((lock as { sdks: { flutter: unknown } }).sdks.flutter), file }]
      : []),
  ];
  for (const [name, value] of Object.entries(packages)) {
    const version = (value as { version?: unknown } | null)?.version;
    found.push({ ecosystem: 'pub', name, version: typeof version === 'string' ? version : undefined, file });
  }
  return found;
}

/** dependencies, devDependencies and optionalDependencies of a package.json. */
export function readPackageJson(text: string, file: string): Dependency[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new BuildFileError('ERR_BUILD_FILE', `${file} is not valid JSON`);
  }
  const found: Dependency[] = [];
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
    const deps = (manifest as Record<string, unknown> | null)?.[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, version] of Object.entries(deps)) {
      found.push({ ecosystem: 'npm', name, version: typeof version === 'string' ? version : undefined, file });
    }
  }
  return found;
}

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The real APKs shipped by two npm devDependencies. */
export function realApks(): string[] {
  const uiautomator = dirname(require.resolve('appium-uiautomator2-server/package.json'));
  const settings = dirname(require.resolve('io.appium.settings/package.json'));
  return [
    join(settings, 'apks', 'settings_apk-debug.apk'),
    join(uiautomator, 'apks', 'appium-uiautomator2-server-debug-androidTest.apk'),
    join(uiautomator, 'apks', 'appium-uiautomator2-server-v10.6.6.apk'),
  ];
}

export interface ApkGolden {
  apk: string;
  packageName: string;
  /** `uses-permission` names as `aapt dump permissions` prints them, sorted. */
  usesPermissions: string[];
  /** Number of `Class descriptor` lines `dexdump` prints over every classes*.dex. */
  classCount: number;
  /** sha256 of the sorted class descriptors joined by newlines. */
  classesSha256: string;
}

export function hasTool(tool: string): boolean {
  return spawnSync(tool, ['--help'], { stdio: 'ignore' }).error === undefined;
}

export function classesDigest(descriptors: readonly string[]): string {
  return createHash('sha256')
    .update([...descriptors].sort().join('\n'))
    .digest('hex');
}

/** Class descriptors as the Debian `dexdump` lists them for an APK (all classes*.dex). */
export function dexdumpDescriptors(apk: string): string[] {
  const out = execFileSync('dexdump', [apk], { maxBuffer: 1 << 30, encoding: 'utf8' });
  const descriptors: string[] = [];
  for (const line of out.split('\n')) {
    const match = /^ {2}Class descriptor {2}: '(.*)'$/.exec(line);
    if (match?.[1] !== undefined) descriptors.push(match[1]);
  }
  return descriptors;
}

/** Package name and `uses-permission` names from the Debian `aapt dump permissions`. */
export function aaptPermissions(apk: string): { packageName: string; usesPermissions: string[] } {
  const out = execFileSync('aapt', ['dump', 'permissions', apk], { encoding: 'utf8' });
  let packageName = '';
  const permissions = new Set<string>();
  for (const line of out.split('\n')) {
    const pkg = /^package: (\S+)/.exec(line);
    if (pkg?.[1] !== undefined) packageName = pkg[1];
    const uses = /^uses-permission(?:-sdk-23)?: name='([^']+)'/.exec(line);
    if (uses?.[1] !== undefined) permissions.add(uses[1]);
  }
  return { packageName, usesPermissions: [...permissions].sort() };
}

export function deriveGolden(apk: string): ApkGolden {
  const descriptors = dexdumpDescriptors(apk);
  return {
    apk: basename(apk),
    ...aaptPermissions(apk),
    classCount: descriptors.length,
    classesSha256: classesDigest(descriptors),
  };
}

import type { ZipArchive } from '../archive/zip.js';
import type { Artifacts } from '../detect/artifacts.js';
import { readObjcClassNames } from './macho.js';
import { isDict, parsePlist } from './plist.js';

/** An IPA keeps the app bundle under `Payload/<Name>.app/`. */
export function isIpa(zip: ZipArchive): boolean {
  return zip.entries.some(
    (entry) => entry.name.startsWith('Payload/') && entry.name.split('/')[1]?.endsWith('.app'),
  );
}

/**
 * Reads an IPA: embedded frameworks (`Payload/*.app/Frameworks/<Name>.framework`), the app's
 * Info.plist purpose strings (`NS…UsageDescription`) and every PrivacyInfo.xcprivacy it carries.
 */
export function readIpa(zip: ZipArchive, artifacts: Artifacts): void {
  const frameworks = new Set<string>();
  const executables = new Map<string, string>();
  for (const entry of zip.entries) {
    const parts = entry.name.split('/');
    if (parts[0] !== 'Payload' || !parts[1]?.endsWith('.app')) continue;
    const app = `Payload/${parts[1]}`;
    if (parts[2] === 'Frameworks' && parts[3]?.endsWith('.framework')) {
      const name = parts[3].slice(0, -'.framework'.length);
      if (!frameworks.has(name)) {
        frameworks.add(name);
        artifacts.frameworks.push({ name, path: `${app}/Frameworks/${parts[3]}` });
      }
    }
    if (entry.isDirectory) continue;
    if (parts.length === 3 && parts[2] === 'Info.plist') {
      const plist = parsePlist(zip.read(entry));
      if (isDict(plist)) {
        if (typeof plist.CFBundleIdentifier === 'string') artifacts.packageName ??= plist.CFBundleIdentifier;
        if (typeof plist.CFBundleExecutable === 'string') executables.set(app, plist.CFBundleExecutable);
        for (const [key, value] of Object.entries(plist)) {
          if (key.endsWith('UsageDescription') && typeof value === 'string')
            artifacts.usageDescriptions.set(key, value);
        }
      }
    } else if (parts.at(-1) === 'PrivacyInfo.xcprivacy') {
      const plist = parsePlist(zip.read(entry));
      if (!isDict(plist)) continue;
      const collected = Array.isArray(plist.NSPrivacyCollectedDataTypes)
        ? plist.NSPrivacyCollectedDataTypes
        : [];
      const accessed = Array.isArray(plist.NSPrivacyAccessedAPITypes) ? plist.NSPrivacyAccessedAPITypes : [];
      artifacts.privacyManifests.push({
        path: entry.name,
        tracking: plist.NSPrivacyTracking === true,
        collectedDataTypes: collected.flatMap((item) =>
          isDict(item) && typeof item.NSPrivacyCollectedDataType === 'string'
            ? [item.NSPrivacyCollectedDataType]
            : [],
        ),
        accessedApiTypes: accessed.flatMap((item) =>
          isDict(item) && typeof item.NSPrivacyAccessedAPIType === 'string'
            ? [item.NSPrivacyAccessedAPIType]
            : [],
        ),
      });
    }
  }
  readBinaries(zip, artifacts, executables, frameworks);
  artifacts.inputs.push('ipa');
}

/** Objective-C class names of the app's executable and of every embedded framework binary. */
function readBinaries(
  zip: ZipArchive,
  artifacts: Artifacts,
  executables: ReadonlyMap<string, string>,
  frameworks: ReadonlySet<string>,
): void {
  const paths: string[] = [];
  for (const [app, executable] of executables) {
    paths.push(`${app}/${executable}`);
    for (const framework of frameworks) paths.push(`${app}/Frameworks/${framework}.framework/${framework}`);
  }
  for (const path of paths) {
    const entry = zip.get(path);
    if (entry === undefined) continue;
    const { names, encrypted } = readObjcClassNames(zip.read(entry));
    if (encrypted) {
      artifacts.warnings.push(
        `${path} is encrypted (App Store build): its Objective-C class names cannot be read; scan a development or ad-hoc build`,
      );
    }
    if (names.length > 0) artifacts.objcClassesBySource.set(path, names);
  }
}

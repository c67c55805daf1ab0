import type { ZipArchive } from '../archive/zip.js';
import type { Artifacts } from '../detect/artifacts.js';
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
  artifacts.inputs.push('ipa');
}

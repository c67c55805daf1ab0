import type { ManifestComponent } from '../android/manifest.js';

/** A dependency named by a build file or lock file. */
export interface Dependency {
  readonly ecosystem: 'maven' | 'cocoapods' | 'pub' | 'npm' | 'ohpm' | 'uni-app';
  readonly name: string;
  readonly version: string | undefined;
  /** Set when the reader itself knows the catalogue id (uni-app module names are not coordinates). */
  readonly sdkId?: string;
  /** The file that declared it, relative to the scanned root. */
  readonly file: string;
}

/**
 * Everything a scan pulled out of its input before matching: the raw facts each detector fires on.
 * Filled by the APK/AAB, IPA and build-file readers; matched against the catalogue in one place.
 */
export class Artifacts {
  /** Class descriptors (`Lcom/foo/Bar;`) per dex, keyed by its archive path. */
  readonly dexClassesBySource = new Map<string, readonly string[]>();
  readonly components: (ManifestComponent & { source: string })[] = [];
  readonly nativeLibs: { file: string; path: string }[] = [];
  readonly permissions = new Set<string>();
  readonly metaDataKeys: { key: string; source: string }[] = [];
  readonly frameworks: { name: string; path: string }[] = [];
  /** Objective-C class names per Mach-O binary (archive path). */
  readonly objcClassesBySource = new Map<string, string[]>();
  readonly dependencies: Dependency[] = [];
  /** iOS Info.plist purpose strings by key (e.g. NSCameraUsageDescription). */
  readonly usageDescriptions = new Map<string, string>();
  /** Collected data types declared in PrivacyInfo.xcprivacy files, by file path. */
  readonly privacyManifests: {
    path: string;
    tracking: boolean;
    collectedDataTypes: string[];
    accessedApiTypes: string[];
  }[] = [];
  packageName: string | undefined;
  /** Conditions the readers met that limit what could be seen (encrypted binaries …). */
  readonly warnings: string[] = [];
  /** Files that were read, so the report can say what the scan covered. */
  readonly inputs: string[] = [];

  get classCount(): number {
    let total = 0;
    for (const classes of this.dexClassesBySource.values()) total += classes.length;
    return total;
  }
}

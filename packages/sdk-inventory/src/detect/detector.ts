import { descriptorToClassName } from '../android/dex.js';
import { currentProvider } from '../catalogue/index.js';
import type { Catalogue, SdkEntry } from '../catalogue/schema.js';
import type { Artifacts } from './artifacts.js';
import { matchesWildcard, PrefixTrie } from './prefix-trie.js';
import type { Evidence, EvidenceKind, Finding } from './scan-result.js';

const SAMPLE_LIMIT = 3;

/** Accumulates evidence per SDK, per (kind, rule, source), keeping counts and a few samples. */
class EvidenceBook {
  private readonly bySdk = new Map<string, Map<string, Evidence & { samples: string[] }>>();

  add(sdkId: string, kind: EvidenceKind, rule: string, source: string, item: string): void {
    let book = this.bySdk.get(sdkId);
    if (book === undefined) {
      book = new Map();
      this.bySdk.set(sdkId, book);
    }
    const key = `${kind}\u0000${rule}\u0000${source}`;
    const entry = book.get(key);
    if (entry === undefined) {
      book.set(key, { kind, rule, source, count: 1, samples: [item] });
    } else {
      (entry as { count: number }).count++;
      if (entry.samples.length < SAMPLE_LIMIT) entry.samples.push(item);
    }
  }

  sdkIds(): string[] {
    return [...this.bySdk.keys()];
  }

  evidence(sdkId: string): Evidence[] {
    return [...(this.bySdk.get(sdkId)?.values() ?? [])];
  }
}

/**
 * Matches scan artifacts against the catalogue. Class and component names go through one segment
 * trie (longest prefix wins, so `com.huawei.hms.push` beats `com.huawei.hms`); library names use
 * `*`-only wildcards; dependencies and frameworks are exact lookups. No regular expression is built
 * from catalogue data.
 */
export class Detector {
  private readonly packages = new PrefixTrie();
  private readonly components = new Map<string, string>();
  private readonly libPatterns: { pattern: string; owner: string }[] = [];
  private readonly frameworks = new Map<string, string>();
  private readonly objcClasses = new Map<string, string>();
  private readonly metaData = new Map<string, string>();
  private readonly coordinates = new Map<string, string>();
  private readonly byId: Map<string, SdkEntry>;

  constructor(private readonly catalogue: Catalogue) {
    this.byId = new Map(catalogue.sdks.map((entry) => [entry.id, entry]));
    for (const entry of catalogue.sdks) {
      for (const prefix of entry.android.packages) this.packages.add(prefix, entry.id);
      for (const component of entry.android.components) this.components.set(component, entry.id);
      for (const pattern of entry.android.nativeLibs) this.libPatterns.push({ pattern, owner: entry.id });
      for (const framework of entry.ios.frameworks) this.frameworks.set(framework.toLowerCase(), entry.id);
      for (const name of entry.ios.classes) this.objcClasses.set(name, entry.id);
      for (const key of entry.android.metaData) this.metaData.set(key, entry.id);
      for (const [ecosystem, names] of Object.entries(entry.coordinates)) {
        for (const name of names) this.coordinates.set(`${ecosystem}:${name.toLowerCase()}`, entry.id);
      }
    }
  }

  get prefixCount(): number {
    return this.packages.prefixCount;
  }

  /** The SDK owning the longest catalogue prefix of a dotted class name. */
  matchClass(dottedName: string): { sdkId: string; prefix: string } | undefined {
    const match = this.packages.match(dottedName);
    return match === undefined ? undefined : { sdkId: match.owner, prefix: match.prefix };
  }

  detect(artifacts: Artifacts): Finding[] {
    const book = new EvidenceBook();
    for (const [source, descriptors] of artifacts.dexClassesBySource) {
      for (const descriptor of descriptors) {
        // Matched on the descriptor itself: only the few matching classes are converted to dotted names.
        const match = this.packages.matchDescriptor(descriptor);
        if (match !== undefined) {
          book.add(match.owner, 'dex-class', match.prefix, source, descriptorToClassName(descriptor));
        }
      }
    }
    for (const component of artifacts.components) {
      const exact = this.components.get(component.name);
      if (exact !== undefined) {
        book.add(
          exact,
          'manifest-component',
          component.name,
          component.source,
          `${component.kind} ${component.name}`,
        );
        continue;
      }
      const match = this.packages.match(component.name);
      if (match !== undefined) {
        book.add(
          match.owner,
          'manifest-component',
          match.prefix,
          component.source,
          `${component.kind} ${component.name}`,
        );
      }
    }
    for (const { key, source } of artifacts.metaDataKeys) {
      const owner = this.metaData.get(key);
      if (owner !== undefined) book.add(owner, 'manifest-meta-data', key, source, key);
    }
    for (const lib of artifacts.nativeLibs) {
      for (const { pattern, owner } of this.libPatterns) {
        if (matchesWildcard(pattern, lib.file)) book.add(owner, 'native-lib', pattern, lib.path, lib.file);
      }
    }
    for (const framework of artifacts.frameworks) {
      const owner = this.frameworks.get(framework.name.toLowerCase());
      if (owner !== undefined)
        book.add(owner, 'ios-framework', framework.name, framework.path, framework.name);
    }
    for (const [source, classes] of artifacts.objcClassesBySource) {
      for (const name of classes) {
        const owner = this.objcClasses.get(name);
        if (owner !== undefined) book.add(owner, 'ios-class', name, source, name);
      }
    }
    for (const dependency of artifacts.dependencies) {
      const owner =
        dependency.sdkId ?? this.coordinates.get(`${dependency.ecosystem}:${dependency.name.toLowerCase()}`);
      if (owner === undefined) continue;
      const item =
        dependency.version === undefined ? dependency.name : `${dependency.name}@${dependency.version}`;
      book.add(
        owner,
        'build-dependency',
        `${dependency.ecosystem}:${dependency.name}`,
        dependency.file,
        item,
      );
    }
    const found = new Set(book.sdkIds());
    const findings: Finding[] = [];
    for (const sdkId of found) {
      const entry = this.byId.get(sdkId);
      if (entry === undefined) continue;
      findings.push({
        sdkId,
        name: entry.names.zh,
        provider: currentProvider(entry),
        category: entry.category,
        confidence: entry.confidence,
        evidence: book.evidence(sdkId),
        permissions: entry.permissions.filter((permission) => artifacts.permissions.has(permission)),
        nestedIn: this.catalogue.sdks
          .filter((parent) => found.has(parent.id) && parent.nested.includes(sdkId))
          .map((parent) => parent.id)
          .sort(),
      });
    }
    return findings.sort((a, b) => a.sdkId.localeCompare(b.sdkId));
  }
}

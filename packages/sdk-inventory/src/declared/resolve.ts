import type { Catalogue, SdkEntry } from '../catalogue/schema.js';
import { PrefixTrie } from '../detect/prefix-trie.js';
import type { DeclaredSdk } from './schema.js';

/** Why a declared entry was tied to a catalogue entry. */
export interface Resolution {
  readonly entry: SdkEntry;
  readonly by: 'id' | 'package' | 'name' | 'alias-in-name';
  readonly matched: string;
}

/** Folds width, case, spacing, brackets and a trailing "SDK" so "Alipay(支付宝)SDK" ≈ "alipay支付宝". */
export function normaliseName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()（）[\]【】·・_\-+/、,，.:：'"]/g, '')
    .replace(/sdk/g, '');
}

/** Ties declared entries to catalogue entries: by id, by package name, by exact name, then by the longest alias contained in the name. */
export class DeclaredResolver {
  private readonly byId: Map<string, SdkEntry>;
  private readonly byName = new Map<string, SdkEntry>();
  private readonly aliases: { alias: string; entry: SdkEntry; original: string }[] = [];
  private readonly packages = new PrefixTrie();

  constructor(catalogue: Catalogue) {
    this.byId = new Map(catalogue.sdks.map((entry) => [entry.id, entry]));
    for (const entry of catalogue.sdks) {
      for (const name of [entry.names.zh, entry.names.en, ...entry.names.aliases]) {
        const key = normaliseName(name);
        if (key.length >= 2 && !this.byName.has(key)) this.byName.set(key, entry);
        // Short Latin aliases ("oss", "mta") would fire inside unrelated words, so containment needs length.
        const containable = [...key].some((char) => char.charCodeAt(0) > 0x7f)
          ? key.length >= 2
          : key.length >= 5;
        if (containable) this.aliases.push({ alias: key, entry, original: name });
      }
      for (const prefix of entry.android.packages) this.packages.add(prefix, entry.id);
    }
    this.aliases.sort((a, b) => b.alias.length - a.alias.length);
  }

  resolve(sdk: DeclaredSdk): Resolution | undefined {
    if (sdk.id !== undefined) {
      const entry = this.byId.get(sdk.id);
      if (entry !== undefined) return { entry, by: 'id', matched: sdk.id };
    }
    if (sdk.packageName !== undefined) {
      const match = this.packages.match(sdk.packageName);
      const entry = match === undefined ? undefined : this.byId.get(match.owner);
      if (entry !== undefined && match !== undefined) return { entry, by: 'package', matched: match.prefix };
    }
    const key = normaliseName(sdk.name);
    const exact = this.byName.get(key);
    if (exact !== undefined) return { entry: exact, by: 'name', matched: sdk.name };
    const contained = this.aliases.find((alias) => key.includes(alias.alias));
    return contained === undefined
      ? undefined
      : { entry: contained.entry, by: 'alias-in-name', matched: contained.original };
  }
}

/** Provider names compared after width folding and without spaces: "支付宝(中国)" equals "支付宝（中国）". */
export function sameProvider(a: string, b: string): boolean {
  const fold = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '');
  return fold(a) === fold(b);
}

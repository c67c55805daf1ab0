/**
 * Dotted names split into segments, stored as a trie so a lookup walks a class name once and keeps the
 * deepest (longest) matching prefix. Segments compare whole: `com.tune` never matches `com.tunein.X`.
 */
interface TrieNode {
  readonly children: Map<string, TrieNode>;
  /** Set when a registered prefix ends here. */
  value: TrieValue | undefined;
}

export interface TrieValue {
  readonly owner: string;
  readonly prefix: string;
}

export interface TrieMatch extends TrieValue {
  /** The part of the name that lies beyond the prefix's package, i.e. the next segment after it. */
  readonly depth: number;
}

const newNode = (): TrieNode => ({ children: new Map(), value: undefined });

export class PrefixTrie {
  private readonly root = newNode();
  private size = 0;

  /** Registers `prefix` for `owner`. A prefix registered twice keeps its first owner. */
  add(prefix: string, owner: string): void {
    let node = this.root;
    for (const segment of prefix.split('.')) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = newNode();
        node.children.set(segment, child);
      }
      node = child;
    }
    if (node.value === undefined) {
      node.value = { owner, prefix };
      this.size++;
    }
  }

  get prefixCount(): number {
    return this.size;
  }

  /** The longest registered prefix of `dottedName` on segment boundaries, if any. */
  match(dottedName: string): TrieMatch | undefined {
    return this.walk(dottedName, '.', 0, dottedName.length);
  }

  /** The same lookup on a dex type descriptor (`Lcom/foo/Bar;`), without converting it first. */
  matchDescriptor(descriptor: string): TrieMatch | undefined {
    if (descriptor.length < 3 || descriptor[0] !== 'L' || !descriptor.endsWith(';')) return undefined;
    return this.walk(descriptor, '/', 1, descriptor.length - 1);
  }

  private walk(name: string, separator: string, from: number, to: number): TrieMatch | undefined {
    let node = this.root;
    let best: TrieMatch | undefined;
    let start = from;
    let depth = 0;
    while (start <= to) {
      let end = name.indexOf(separator, start);
      if (end === -1 || end > to) end = to;
      const child = node.children.get(name.slice(start, end));
      if (child === undefined) break;
      node = child;
      depth++;
      if (node.value !== undefined) best = { ...node.value, depth };
      start = end + 1;
    }
    return best;
  }
}

/** Matches a file name against a pattern whose only wildcard is `*`, without building a regular expression. */
export function matchesWildcard(pattern: string, name: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === name;
  const first = pieces[0] as string;
  const last = pieces.at(-1) as string;
  if (!name.startsWith(first) || !name.endsWith(last) || name.length < first.length + last.length)
    return false;
  let at = first.length;
  const limit = name.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = name.indexOf(piece, at);
    if (found === -1 || found + piece.length > limit) return false;
    at = found + piece.length;
  }
  return true;
}

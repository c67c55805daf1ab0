import type { Dependency } from '../detect/artifacts.js';
import { stripComments } from './uni-manifest.js';

/**
 * Dependencies of a HarmonyOS `oh-package.json5`. JSON5 is read leniently: comments are stripped
 * and the `dependencies` / `devDependencies` objects are scanned for `"name": "version"` pairs,
 * quoted with single or double quotes.
 */
export function readOhPackage(text: string, file: string): Dependency[] {
  const source = stripComments(text);
  const found: Dependency[] = [];
  for (const section of ['dependencies', 'devDependencies', 'dynamicDependencies']) {
    const start = source.search(new RegExp(`["']?${section}["']?\\s*:\\s*\\{`));
    if (start === -1) continue;
    const open = source.indexOf('{', start);
    const close = source.indexOf('}', open);
    if (close === -1) continue;
    const body = source.slice(open + 1, close);
    for (const match of body.matchAll(/["']([^"']+)["']\s*:\s*["']([^"']*)["']/g)) {
      found.push({ ecosystem: 'ohpm', name: match[1] as string, version: match[2], file });
    }
  }
  return found;
}

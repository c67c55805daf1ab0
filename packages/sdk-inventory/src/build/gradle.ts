import type { Dependency } from '../detect/artifacts.js';

const CONFIGURATIONS =
  /\b(?:implementation|api|compile|compileOnly|runtimeOnly|debugImplementation|releaseImplementation|kapt|annotationProcessor|[a-z]+Implementation)\b/;

function coordinate(text: string, file: string): Dependency | undefined {
  const parts = text.split(':');
  if (parts.length < 2 || parts.some((part) => part.length === 0 || /\s/.test(part))) return undefined;
  const [group, artifact, version] = parts as [string, string, string | undefined];
  return { ecosystem: 'maven', name: `${group}:${artifact}`, version: version?.split('@')[0], file };
}

/**
 * Dependencies declared in build.gradle / build.gradle.kts: string notation (`'g:a:v'`, `("g:a:v")`)
 * and map notation (`group: 'g', name: 'a', version: 'v'`) after a dependency configuration.
 */
export function readGradle(text: string, file: string): Dependency[] {
  const found: Dependency[] = [];
  for (const line of text.split('\n')) {
    const code = line.replace(/\/\/.*$/, '');
    if (!CONFIGURATIONS.test(code)) continue;
    for (const match of code.matchAll(/["']([^"'\s$]+:[^"'\s$]+(?::[^"'\s]+)?)["']/g)) {
      const dependency = coordinate(match[1] as string, file);
      if (dependency !== undefined) found.push(dependency);
    }
    const group = /group\s*[:=]\s*["']([^"']+)["']/.exec(code)?.[1];
    const name = /name\s*[:=]\s*["']([^"']+)["']/.exec(code)?.[1];
    if (group !== undefined && name !== undefined) {
      const version = /version\s*[:=]\s*["']([^"']+)["']/.exec(code)?.[1];
      found.push({ ecosystem: 'maven', name: `${group}:${name}`, version, file });
    }
  }
  return found;
}

/** The `[libraries]` table of a Gradle version catalog (`gradle/libs.versions.toml`). */
export function readVersionCatalog(text: string, file: string): Dependency[] {
  const versions = new Map<string, string>();
  const found: Dependency[] = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[([\w.-]+)\]$/.exec(line);
    if (header) {
      section = header[1] as string;
      continue;
    }
    const entry = /^([\w.-]+)\s*=\s*(.+)$/.exec(line);
    if (!entry) continue;
    const value = entry[2] as string;
    if (section === 'versions') {
      const version = /^["']([^"']+)["']$/.exec(value)?.[1];
      if (version !== undefined) versions.set(entry[1] as string, version);
      continue;
    }
    if (section !== 'libraries') continue;
    const simple = /^["']([^"']+)["']$/.exec(value)?.[1];
    if (simple !== undefined) {
      const dependency = coordinate(simple, file);
      if (dependency !== undefined) found.push(dependency);
      continue;
    }
    const module = /module\s*=\s*["']([^"':]+:[^"']+)["']/.exec(value)?.[1];
    const group = /group\s*=\s*["']([^"']+)["']/.exec(value)?.[1];
    const name = /name\s*=\s*["']([^"']+)["']/.exec(value)?.[1];
    const reference = /version\.ref\s*=\s*["']([^"']+)["']/.exec(value)?.[1];
    const literal = /version\s*=\s*["']([^"']+)["']/.exec(value)?.[1];
    const version = reference !== undefined ? versions.get(reference) : literal;
    const coordinates = module ?? (group !== undefined && name !== undefined ? `${group}:${name}` : undefined);
    if (coordinates !== undefined) found.push({ ecosystem: 'maven', name: coordinates, version, file });
  }
  return found;
}

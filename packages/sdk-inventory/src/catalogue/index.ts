import { CatalogueError } from '../errors.js';
import { type Catalogue, catalogueSchema, type SdkEntry } from './schema.js';
import bundled from './sdks.json' with { type: 'json' };

let cached: Catalogue | undefined;

/** Validates a catalogue (the bundled one or a user's own) and returns it with defaults filled in. */
export function parseCatalogue(input: unknown): Catalogue {
  const result = catalogueSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'catalogue'}: ${issue.message}`);
    throw new CatalogueError('ERR_CATALOGUE', `the SDK catalogue is invalid: ${issues.join('; ')}`);
  }
  return result.data;
}

/** The catalogue shipped with the package, validated once. */
export function loadCatalogue(): Catalogue {
  cached ??= parseCatalogue(bundled);
  return cached;
}

/** Looks an entry up by id. */
export function catalogueEntry(catalogue: Catalogue, id: string): SdkEntry | undefined {
  return catalogue.sdks.find((entry) => entry.id === id);
}

/** The provider name a disclosure should use today. */
export function currentProvider(entry: SdkEntry): string {
  return (
    (entry.providers.find((provider) => provider.status === 'current') ?? entry.providers[0])?.name ?? ''
  );
}

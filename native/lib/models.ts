import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import manifestJson from '../../models/manifest.json';

const modelEntrySchema = z.looseObject({
  id: z.string().min(1),
  package: z.string().min(1),
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  license: z.string().min(1),
});

const manifestSchema = z.object({ models: z.array(modelEntrySchema) });

export type ModelEntry = z.infer<typeof modelEntrySchema>;

export type ModelStatus =
  | { entry: ModelEntry; state: 'ok'; path: string }
  | { entry: ModelEntry; state: 'missing'; reason: string }
  | { entry: ModelEntry; state: 'altered'; path: string; actualSha256: string };

/** The model manifest (models/manifest.json), validated. */
export const modelManifest: readonly ModelEntry[] = manifestSchema.parse(manifestJson).models;

/** A model file read from its package; `bytes` is present only when the hash matched. */
export type VerifiedModel = ModelStatus & { bytes?: Buffer };

/** Resolves one model in its npm package, reads it and checks its hash. */
export function verifyModel(entry: ModelEntry): VerifiedModel {
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = join(dirname(require.resolve(`${entry.package}/package.json`)), entry.file);
  } catch {
    return { entry, state: 'missing', reason: `npm package ${entry.package} is not installed` };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return { entry, state: 'missing', reason: `${entry.file} is not in ${entry.package}` };
  }
  const actualSha256 = createHash('sha256').update(bytes).digest('hex');
  return actualSha256 === entry.sha256
    ? { entry, state: 'ok', path, bytes }
    : { entry, state: 'altered', path, actualSha256 };
}

/** Resolves each model in its npm package and checks its hash. */
export function checkModels(): ModelStatus[] {
  return modelManifest.map((entry): ModelStatus => {
    const { bytes: _bytes, ...status } = verifyModel(entry);
    return status;
  });
}

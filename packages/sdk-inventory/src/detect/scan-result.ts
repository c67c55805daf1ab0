import { z } from 'zod';

export const evidenceKinds = [
  'dex-class',
  'manifest-component',
  'manifest-meta-data',
  'native-lib',
  'ios-framework',
  'ios-class',
  'build-dependency',
] as const;

/** One fact that made a detection fire: which rule, on what, where. */
export const evidenceSchema = z
  .object({
    kind: z.enum(evidenceKinds),
    /** The catalogue pattern that matched (package prefix, component, library pattern, framework, coordinate). */
    rule: z.string(),
    /** Where it was found (dex file, manifest, archive path, build file). */
    source: z.string(),
    /** How many items matched this rule in this source. */
    count: z.number().int().positive(),
    /** Up to three of the matching items (class names, component names, file names, coordinates). */
    samples: z.array(z.string()).max(3),
  })
  .strict();

export const findingSchema = z
  .object({
    sdkId: z.string(),
    name: z.string(),
    provider: z.string(),
    category: z.string(),
    confidence: z.enum(['high', 'medium', 'low']),
    evidence: z.array(evidenceSchema).min(1),
    /** Permissions the app requests that this SDK's catalogue entry says it uses. */
    permissions: z.array(z.string()),
    /** Detected SDKs that ship this one inside them (a push aggregator and its vendor channel). */
    nestedIn: z.array(z.string()),
  })
  .strict();

export const scanResultSchema = z
  .object({
    kind: z.literal('piplkit-sdk-scan'),
    schemaVersion: z.literal(1),
    catalogueVersion: z.string(),
    target: z
      .object({
        name: z.string(),
        type: z.enum(['apk', 'aab', 'apks', 'ipa', 'directory', 'build-file']),
        bytes: z.number().int().nonnegative(),
      })
      .strict(),
    app: z
      .object({
        packageName: z.string().optional(),
        permissions: z.array(z.string()),
        classCount: z.number().int().nonnegative(),
        dexFiles: z.number().int().nonnegative(),
        nativeLibs: z.number().int().nonnegative(),
        usageDescriptions: z.record(z.string(), z.string()),
        privacyManifests: z.array(
          z
            .object({
              path: z.string(),
              tracking: z.boolean(),
              collectedDataTypes: z.array(z.string()),
              accessedApiTypes: z.array(z.string()),
            })
            .strict(),
        ),
      })
      .strict(),
    findings: z.array(findingSchema),
    warnings: z.array(z.string()),
    /** Presence is not use: a matched class proves the code ships, not that it runs or collects. */
    caveat: z.string(),
  })
  .strict();

export type Evidence = z.output<typeof evidenceSchema>;
export type Finding = z.output<typeof findingSchema>;
export type ScanResult = z.output<typeof scanResultSchema>;
export type EvidenceKind = (typeof evidenceKinds)[number];

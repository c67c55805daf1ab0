import { z } from 'zod';

const MiB = 1024 * 1024;

/** Resource limits applied while reading untrusted archives; every one raises a typed error when hit. */
export const scanLimitsSchema = z
  .object({
    /** Largest archive (or build file) read into memory. */
    maxInputBytes: z
      .number()
      .int()
      .positive()
      .default(2048 * MiB),
    /** Most central-directory entries accepted in one archive. */
    maxEntries: z.number().int().positive().default(200_000),
    /** Largest single entry after decompression. */
    maxEntryBytes: z
      .number()
      .int()
      .positive()
      .default(512 * MiB),
    /** Largest sum of decompressed bytes the scan may produce from one archive, nested ones included. */
    maxTotalBytes: z
      .number()
      .int()
      .positive()
      .default(4096 * MiB),
    /** Highest uncompressed/compressed ratio accepted for entries above 1 MiB (zip-bomb guard). */
    maxCompressionRatio: z.number().positive().default(200),
    /** How deep APKs nested in archives (split sets, .apks, .xapk) are opened. */
    maxNestingDepth: z.number().int().min(0).max(4).default(2),
    /** Most string_ids a single dex may declare. */
    maxDexStrings: z.number().int().positive().default(8_000_000),
    /** Most class_defs a single dex may declare. */
    maxDexClasses: z.number().int().positive().default(1_000_000),
  })
  .strict();

export type ScanLimits = z.output<typeof scanLimitsSchema>;
export type ScanLimitsInput = z.input<typeof scanLimitsSchema>;

export const defaultLimits: ScanLimits = scanLimitsSchema.parse({});

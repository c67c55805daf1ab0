import { z } from 'zod';
import { personalInfoKindNames } from './personal-info.js';

/** A dotted Java package or class prefix, matched on whole segments. */
const packagePrefix = z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'a dotted package name');
/** A shared-library file name; `*` is the only wildcard and stands for any run of characters. */
const nativeLibPattern = z.string().regex(/^lib[\w.*+-]*\.so$/, 'lib<name>.so, `*` as the only wildcard');
const androidPermission = z.string().regex(/^[A-Za-z_][\w]*(\.[\w]+)+$/, 'a fully qualified permission name');
const date = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD');

export const providerSchema = z
  .object({
    /** Legal name of the SDK operator as it appears in disclosure lists. */
    name: z.string().min(2),
    /** `current` names are what a disclosure should say; `former` names are aliases that signal drift. */
    status: z.enum(['current', 'former', 'related']),
    from: date.optional(),
    until: date.optional(),
    note: z.string().optional(),
  })
  .strict();

export const sdkCategories = [
  'analytics',
  'push',
  'payment',
  'social',
  'login',
  'identity',
  'map',
  'ads',
  'crash-reporting',
  'storage',
  'network',
  'webview',
  'device-id',
  'risk-control',
  'framework',
  'hardening',
  'api',
] as const;

export const sdkEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    names: z
      .object({
        zh: z.string().min(1),
        en: z.string().min(1),
        /** Other names seen in declared lists ("友盟统计", "mob分享"); used to match declarations. */
        aliases: z.array(z.string().min(2)).default([]),
      })
      .strict(),
    providers: z.array(providerSchema).min(1),
    category: z.enum(sdkCategories),
    purposes: z.array(z.string().min(2)).min(1),
    personalInfo: z.array(z.enum(personalInfoKindNames)),
    permissions: z.array(androidPermission),
    /** 收集方式 as disclosure tables word it. */
    collectionMethod: z.string().min(2),
    privacyUrl: z.url().nullable(),
    android: z
      .object({
        packages: z.array(packagePrefix).default([]),
        /** Manifest components that identify the SDK (exact class names). */
        components: z.array(packagePrefix).default([]),
        nativeLibs: z.array(nativeLibPattern).default([]),
        /** `<meta-data android:name>` keys the SDK has the app set (app keys): it is configured, not just shipped. */
        metaData: z.array(z.string().min(2)).default([]),
      })
      .strict(),
    ios: z
      .object({
        frameworks: z.array(z.string().min(1)).default([]),
        /** Objective-C class names of the SDK's public API, matched exactly in Mach-O __objc_classname. */
        classes: z.array(z.string().regex(/^[A-Za-z_][\w]*$/)).default([]),
      })
      .strict(),
    coordinates: z
      .object({
        maven: z.array(z.string().regex(/^[\w.-]+:[\w.-]+$/, 'group:artifact')).default([]),
        cocoapods: z.array(z.string().min(1)).default([]),
        pub: z.array(z.string().min(1)).default([]),
        npm: z.array(z.string().min(1)).default([]),
        ohpm: z.array(z.string().min(1)).default([]),
      })
      .strict(),
    /** SDKs this one ships inside it (an aggregator push SDK bundling vendor channels). */
    nested: z.array(z.string()).default([]),
    /** Keys into the catalogue's `sources` legend. */
    sources: z.array(z.string()).min(1),
    confidence: z.enum(['high', 'medium', 'low']),
    notes: z.string().optional(),
  })
  .strict();

export const catalogueSchema = z
  .object({
    schemaVersion: z.literal(1),
    /** Data version of the catalogue, bumped on every change to an entry. */
    version: z.string().regex(/^\d{4}\.\d{2}\.\d{2}(\.\d+)?$/),
    sources: z.record(z.string(), z.string()),
    sdks: z.array(sdkEntrySchema).min(1),
  })
  .strict()
  .superRefine((catalogue, context) => {
    const ids = new Set<string>();
    for (const entry of catalogue.sdks) {
      if (ids.has(entry.id)) context.addIssue({ code: 'custom', message: `duplicate SDK id ${entry.id}` });
      ids.add(entry.id);
    }
    for (const entry of catalogue.sdks) {
      for (const nested of entry.nested) {
        if (!ids.has(nested))
          context.addIssue({ code: 'custom', message: `${entry.id} nests unknown SDK ${nested}` });
      }
      for (const source of entry.sources) {
        if (!(source in catalogue.sources)) {
          context.addIssue({ code: 'custom', message: `${entry.id} cites unknown source ${source}` });
        }
      }
      if (!entry.providers.some((provider) => provider.status === 'current')) {
        context.addIssue({ code: 'custom', message: `${entry.id} has no current provider` });
      }
    }
  });

export type SdkEntry = z.output<typeof sdkEntrySchema>;
export type SdkProvider = z.output<typeof providerSchema>;
export type Catalogue = z.output<typeof catalogueSchema>;
export type CatalogueInput = z.input<typeof catalogueSchema>;
export type SdkCategory = (typeof sdkCategories)[number];

import { z } from 'zod';

const textOrList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]));

/** One SDK as the app's privacy policy declares it. Only `name` is required: lint reports what is missing. */
export const declaredSdkSchema = z
  .object({
    /** A catalogue id, when the author knows it. */
    id: z.string().optional(),
    name: z.string().min(1),
    provider: z.string().optional(),
    purpose: textOrList.optional(),
    personalInfo: textOrList.optional(),
    permissions: textOrList.optional(),
    method: z.string().optional(),
    privacyUrl: z.string().optional(),
    /** A package name given next to the SDK name ("穿山甲(com.bytedance.sdk.openadsdk)"). */
    packageName: z.string().optional(),
  })
  .strict();

export const declaredListSchema = z
  .object({
    kind: z.literal('piplkit-sdk-declared').optional(),
    app: z.string().optional(),
    sdks: z.array(declaredSdkSchema),
  })
  .strict();

export type DeclaredSdk = z.output<typeof declaredSdkSchema>;
export type DeclaredList = z.output<typeof declaredListSchema>;
export type DeclaredListInput = z.input<typeof declaredListSchema>;

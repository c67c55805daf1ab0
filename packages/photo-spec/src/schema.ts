import { z } from 'zod';

/** A closed interval. */
export const bandSchema = z
  .object({ min: z.number().nonnegative(), max: z.number().nonnegative() })
  .refine((band) => band.min <= band.max, { message: 'min must not exceed max' });

export type Band = z.infer<typeof bandSchema>;

/**
 * A length band on the finished photo, in the unit its source states it: millimetres of the print,
 * pixels of the digital file, or a fraction of the photo's height (width for face width).
 */
export const lengthBandSchema = z
  .object({
    min: z.number().nonnegative(),
    max: z.number().nonnegative(),
    unit: z.enum(['mm', 'px', 'fraction']),
  })
  .refine((band) => band.min <= band.max, { message: 'min must not exceed max' });

export type LengthBand = z.infer<typeof lengthBandSchema>;

export const backgroundNames = [
  'white',
  'off-white',
  'light-grey',
  'light-blue',
  'blue',
  'red',
  'cream',
] as const;

export const backgroundSchema = z.object({
  name: z.enum(backgroundNames),
  /** The colour piplkit paints when it replaces a background with this one. */
  hex: z.string().regex(/^#[0-9a-f]{6}$/),
  /** Largest CIE76 ΔE (Lab) from `hex` a measured background may show and still count as this colour. */
  maxDeltaE: z.number().positive(),
});

export type Background = z.infer<typeof backgroundSchema>;

export const photoSpecSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    names: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
    region: z.enum(['cn', 'intl']),
    kind: z.enum(['document', 'print', 'exam', 'passport-visa']),
    /** Print size of the photo, millimetres; null where only a digital file is specified. */
    printMm: z.object({ width: z.number().positive(), height: z.number().positive() }).nullable(),
    /** Digital file size in pixels. */
    pixels: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
    dpi: z.number().int().positive(),
    /** Chin to crown (top of the hair). */
    headHeight: lengthBandSchema.optional(),
    /** Eye line (midpoint of the eye centres) above the bottom edge. */
    eyeLineFromBottom: lengthBandSchema.optional(),
    /** Crown to the top edge. */
    topMargin: lengthBandSchema.optional(),
    /** Chin to the bottom edge. */
    bottomMargin: lengthBandSchema.optional(),
    /** Face width (cheek to cheek, as wide as the detector's face box). */
    faceWidth: lengthBandSchema.optional(),
    /** Smallest distance between the eye centres, px of the file (ICAO: 90); else derived from the head band. */
    minEyeDistancePx: z.number().positive().optional(),
    /** Largest offset of the face centre from the photo's vertical centre line, as a fraction of width. */
    centringTolerance: z.number().positive().max(0.5),
    backgrounds: z.array(backgroundSchema).min(1),
    fileType: z.literal('jpeg'),
    /** File size band in KB (1 KB = 1024 bytes); null where no limit is published. */
    kb: z.object({ min: z.number().nonnegative(), max: z.number().positive() }).nullable(),
    /** Users may override pixels and KB (exam and registration portals change them yearly). */
    editable: z.boolean(),
    sources: z.array(z.string().min(1)).min(1),
    notes: z.array(z.string()),
  })
  .superRefine((spec, ctx) => {
    if (spec.kb && spec.kb.min > spec.kb.max)
      ctx.addIssue({ code: 'custom', path: ['kb'], message: 'min exceeds max' });
    const fractionUnits = [
      spec.headHeight,
      spec.eyeLineFromBottom,
      spec.topMargin,
      spec.bottomMargin,
      spec.faceWidth,
    ];
    if (fractionUnits.some((band) => band?.unit === 'mm') && !spec.printMm) {
      ctx.addIssue({ code: 'custom', path: ['printMm'], message: 'bands in mm need a print size' });
    }
  });

export type PhotoSpec = z.infer<typeof photoSpecSchema>;

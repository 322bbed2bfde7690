/** The schedule format of the column 1 Special programs and the column 2 countries (us/hts/programs.yaml). */
import { z } from 'zod';
import { importer, isoDate, origin, originSpec, reference, spiCode } from './schema.js';

/**
 * The column 1 Special programs (the Special Program Indicators printed in the HTS Special column) with the origins
 * and dates a claim needs, and the column 2 countries from their dates.
 */
export const programs = z
  .object({
    kind: z.literal('programs'),
    importer,
    programs: z
      .array(
        z
          .object({
            codes: z.array(spiCode).min(1),
            name: z.string().min(3),
            /** the origins whose goods may claim it; "*" for a goods-based program of any origin */
            origins: z.array(originSpec).min(1),
            general_note: z.string().optional(),
            /** in force from, and to (last day), as far as the sources say */
            from: isoDate.optional(),
            to: isoDate.optional(),
            /** windows inside from..to when claims were not granted (AGOA's 2025-10 lapse) */
            lapses: z.array(z.object({ from: isoDate, to: isoDate, note: z.string() }).strict()).default([]),
            reference,
            unconfirmed: z.string().optional(),
            note: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
    column2: z.array(z.object({ country: origin, from: isoDate.optional(), reference, note: z.string().optional() }).strict()),
  })
  .strict();

export type Programs = z.infer<typeof programs>;

/**
 * The contracts of `tariff quote --json` and of each JSON Lines row of `batch`, as zod schemas.
 * `npm run schemas` writes them as JSON Schema to schemas/quote.schema.json and schemas/batch-row.schema.json;
 * tests check real CLI output against the committed files with a standard validator (ajv) and that they are current.
 */
import { z } from 'zod';

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/).describe('a decimal number as a string');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const citation = z.object({ title: z.string(), href: z.string() }).strict();

export const line = z
  .object({
    measure: z.string().describe('measure id, e.g. us.section301.list3 or us.mfn; ids joined by | when a claim is needed to choose'),
    name: z.string(),
    heading: z.string().nullable().describe('Chapter 99 heading; null for the MFN line'),
    rate: z.string().describe('the rate as written in law: "+25%", "17.6%", "3.3¢/kg"'),
    rate_pct: decimal.nullable().describe('ad valorem percent, when the rate is ad valorem'),
    share_pct: decimal.nullable().describe('percent of the customs value the rate is charged on, when not all of it (a metal content, or the rest)'),
    basis: z.string(),
    amount: decimal.nullable().describe('USD with cents; needs --value (and --qty for specific rates)'),
    status: z.enum(['in force', 'scheduled', 'suspended', 'refundable', 'unconfirmed', 'exempt', 'needs claim', 'not computable']),
    citation,
    notes: z.array(z.string()),
  })
  .strict();

export const quoteOutput = z
  .object({
    query: z
      .object({
        hts: z.string(),
        origin: z.string(),
        importer: z.string(),
        date,
        value: decimal.nullable(),
        qty: decimal.nullable(),
        unit: z.string().nullable(),
        claims: z.array(z.string()),
        loaded: date.nullable(),
        content: z.record(z.string(), decimal).describe('metal content, percent of customs value'),
        mode: z.enum(['ocean', 'air', 'truck', 'rail', 'mail']).nullable(),
        postal: z.boolean(),
        entry: z.enum(['formal', 'informal']).nullable().describe('--entry; null: decided by value'),
        spi: z.string().nullable().describe('--spi: the column 1 Special program claimed (S, P, AU ...), or null'),
      })
      .strict(),
    product: z.object({ hts: z.string(), description: z.string(), rate_line: z.string().nullable(), units: z.array(z.string()), revision: z.string() }).strict(),
    lines: z.array(line),
    fees: z
      .array(
        z
          .object({
            fee: z.string(),
            name: z.string(),
            entry: z.enum(['formal', 'informal']).nullable().describe('the entry type the fee is charged on; null: any'),
            rate: z.string().describe('"0.3464%", or a flat "$2.69 per entry"'),
            min: decimal.nullable(),
            max: decimal.nullable(),
            amount: decimal.nullable(),
            status: z.enum(['in force', 'unconfirmed', 'not known']),
            citation,
          })
          .strict(),
      )
      .describe('fees on the entry (MPF; HMF with --mode ocean), not part of the duty rate'),
    total: z
      .object({
        rate_pct: decimal.nullable().describe('percent of customs value; null when it cannot be known'),
        ad_valorem_pct: decimal,
        specific: z.array(z.string()),
        amount: decimal.nullable(),
        complete: z.boolean().describe('false when a needed input is missing'),
        missing: z.array(z.string()),
        fees_amount: decimal.nullable(),
        duties_and_fees: decimal.nullable(),
      })
      .strict(),
    warnings: z.array(z.string()).describe('data warnings: unconfirmed facts, approximate lists, past the verified date, inputs that matter; --strict fails on these'),
    notices: z.array(z.string()).describe('notices: how to get more (a claim the goods may qualify for, --mode ocean for HMF); never a problem'),
    verified_through: date,
  })
  .strict();

/** A batch JSON Lines row: an answer (the quote, its input row number, error null) or a row that could not be answered. */
export const batchRow = z.union([
  quoteOutput.extend({ row: z.number().int().min(1), error: z.null() }).strict(),
  z
    .object({
      row: z.number().int().min(1),
      input: z.record(z.string(), z.string()).describe('the input row as read (columns with a value)'),
      error: z.string().describe('why the row could not be answered'),
    })
    .strict(),
]);

export function jsonSchemas(): Record<string, unknown> {
  return {
    'quote.schema.json': { title: 'tariff quote --json', ...z.toJSONSchema(quoteOutput) },
    'batch-row.schema.json': { title: 'one row of tariff batch --format jsonl: an answer, or a row that could not be answered', ...z.toJSONSchema(batchRow) },
  };
}

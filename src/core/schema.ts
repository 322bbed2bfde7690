/**
 * The schedule format: one legal measure per YAML file, validated with zod.
 * Dates stay ISO strings; rates are decimal strings ("25%"), never floats.
 */
import { z } from 'zod';
import { isCountry } from './countries.js';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s), 'not a real calendar date');

export const reference = z
  .object({
    title: z.string().min(3),
    href: z.string().url(),
  })
  .strict();

const heading = z.string().regex(/^99\d{2}\.\d{2}\.\d{2}$/, 'expected a Chapter 99 heading such as 9903.88.03');
/** a claim that has no Chapter 99 heading (importers other than the US): a kebab-case name, e.g. cn-exclusion */
const claimName = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/, 'expected a claim name in kebab-case, e.g. cn-exclusion');
/** the importing countries the schedules model */
export const IMPORTERS = ['US', 'CN'] as const;
export const importer = z.enum(IMPORTERS);
/** local clock time an instrument took effect at, in the importer's time zone (meta.yaml) */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a clock time HH:MM');
const pctRate = z.string().regex(/^\d+(\.\d+)?%$/, 'expected a percentage as a decimal string, e.g. "25%"');
const usd = z.string().regex(/^\d+(\.\d{1,2})?$/, 'expected US dollars as a decimal string, e.g. "33.58"');
const scheduleId = z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/, 'schedule ids are dotted, e.g. us.section301.list3');
/** values keyed by ISO start date, at least one */
const dated = <T extends z.ZodType>(entry: T) => z.record(isoDate, entry).refine((v) => Object.keys(v).length > 0, 'at least one dated value');
export const origin = z
  .string()
  .regex(/^[A-Z]{2}$/, 'expected an ISO 3166 alpha-2 code')
  .superRefine((c, ctx) => {
    if (!isCountry(c)) ctx.addIssue({ code: 'custom', message: `"${c}" is not an ISO 3166 country code` });
  });
/** a group of countries defined once in meta.yaml (EU, USMCA, CAFTA-DR): upper case, checked against meta when read */
const groupName = z.string().regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/, 'expected a country group name such as EU or CAFTA-DR').refine((c) => c.length > 2 || c === 'EU', 'not a country group name');
/** where a measure, a country value or an exception reaches: a country, a group of them, or "*" (every origin) */
export const originSpec = z.string().superRefine((c, ctx) => {
  if (c === '*' || isCountry(c) || (groupName.safeParse(c).success && !/^[A-Z]{2}$/.test(c)) || c === 'EU') return;
  ctx.addIssue({ code: 'custom', message: /^[A-Z]{2}$/.test(c) ? `"${c}" is not an ISO 3166 country code` : `"${c}" is neither an ISO 3166 country code, a country group nor "*"` });
});

/** A product list: HTS prefixes (4 to 10 digits) kept in a data file next to the schedule. */
export const productList = z
  .object({
    file: z.string().regex(/\.txt$/, 'product lists are .txt files of HTS prefixes'),
    source: z.string().min(3),
    reference,
    /** when the list is known to be approximate, the quote says so */
    approximate: z.string().optional(),
  })
  .strict();

/** What the rate is charged on: the full customs value, or the value of one metal's content (--content METAL=PCT). */
export const basis = z.enum(['customs_value', 'content:steel', 'content:aluminum', 'content:copper']);

export const valueEntry = z
  .object({
    /** null repeals the measure from this date */
    rate: pctRate.nullable(),
    heading: heading.optional(),
    /** the value basis from this date (default: the measure's basis) */
    basis: basis.optional(),
    /** additional: on top of the other duties; inclusive_total: column 1 (MFN) plus this duty add up to the rate */
    rate_kind: z.enum(['additional', 'inclusive_total']).default('additional'),
    /** inclusive_total: the heading reported, with no duty, when column 1 is already at or above the rate */
    floor_heading: heading.optional(),
    reference,
    /** a fact not confirmed by the sources: the quote carries it as a warning */
    unconfirmed: z.string().optional(),
    /** enacted but suspended: shown with status "suspended" and not owed */
    suspended: z.boolean().default(false),
    /** whether the rate applies at all from this date is not known (e.g. a suspension ran out and the sources stop):
     *  shown as unconfirmed, not counted, and the total is marked incomplete */
    undetermined: z.string().optional(),
    /** the change took effect at this local time on its start date, not at midnight */
    effective_time: clockTime.optional(),
    note: z.string().optional(),
  })
  .strict();

/** One origin's value in a country table: as a value entry, with the table's reference unless it has its own. */
export const countryValue = valueEntry.extend({ reference: reference.optional() }).strict();

/**
 * The origins whose value differs from the measure's own from a date (until the next table): a country or a group,
 * each with its value, or null for no duty on goods of it. An origin a table does not name has the measure's value.
 */
export const countryTable = z
  .object({
    reference: reference.optional(),
    unconfirmed: z.string().optional(),
    countries: z.record(z.string(), countryValue.nullable()).superRefine((o, ctx) => {
      for (const k of Object.keys(o)) if (!originSpec.safeParse(k).success || k === '*') ctx.addIssue({ code: 'custom', message: `"${k}" is not an ISO 3166 country code or a country group`, path: [k] });
    }),
  })
  .strict();

/** Country tables keyed by ISO start date. */
export const countryTables = z.record(isoDate, countryTable);

/** A Special Program Indicator (column 1 Special): A, A+, AU, S, S+, P ... */
export const spiCode = z.string().regex(/^[A-Z]{1,2}[+*]?$/, 'expected a Special Program Indicator such as S, P or A+');

const exceptionBase = {
  id: z.string().regex(/^[a-z0-9-]+$/, 'exception ids are kebab-case'),
  name: z.string().min(3),
  heading: heading.optional(),
  from: isoDate.optional(),
  until: isoDate.optional(),
  reference,
  note: z.string().optional(),
  /** the exception's rule is not confirmed by the sources: applying it carries a warning */
  unconfirmed: z.string().optional(),
  /** only goods of these origins (countries or groups) may have it */
  origins: z.array(originSpec).min(1).optional(),
};

/** Exceptions are named and explicit: why a measure does not apply. */
export const exception = z.discriminatedUnion('when', [
  /** the product is on a list (e.g. reciprocal Annex II) */
  z.object({ ...exceptionBase, when: z.literal('product'), products: productList }).strict(),
  /** the importer claims it (e.g. donations, a Section 301 exclusion) with --claim HEADING (or --claim NAME where the
   *  importer has no Chapter 99 heading for it); when the claim is limited to listed products, a listed product that
   *  is not claimed gets a hint */
  z
    .object({
      ...exceptionBase,
      when: z.literal('claim'),
      heading: heading.optional(),
      claim: claimName.optional(),
      products: productList.optional(),
      /** limits: only listed products may claim it; hints: any product may, the listed ones are told they may qualify */
      products_scope: z.enum(['limits', 'hints']).default('limits'),
    })
    .strict()
    .refine((e) => (e.heading === undefined) !== (e.claim === undefined), { message: 'a claim has either a Chapter 99 heading or a claim name, not both', path: ['heading'] }),
  /** the product is subject to another measure (in scope and in force, whether or not that one is owed):
   *  this one does not apply, or with part: remainder applies only to the share not covered by content-based ones */
  z
    .object({
      ...exceptionBase,
      when: z.literal('subject_to'),
      measures: z.array(z.string()).min(1),
      part: z.enum(['none', 'remainder']).default('none'),
      /** subject: in scope and in force (the Section 232 sense: even when no duty is owed); owed: and not lifted by one of its own exceptions */
      if: z.enum(['subject', 'owed']).default('subject'),
    })
    .strict(),
  /** goods of the origins the exception names (e.g. Canada and Mexico, outside the reciprocal duty) */
  z.object({ ...exceptionBase, when: z.literal('origin'), origins: z.array(originSpec).min(1) }).strict(),
  /** goods entered under a Special program the importer claims (--spi S): e.g. USMCA-qualifying goods */
  z.object({ ...exceptionBase, when: z.literal('spi'), programs: z.array(spiCode).min(1) }).strict(),
  /** goods loaded before a date and entered before another (--loaded YYYY-MM-DD) */
  z
    .object({
      ...exceptionBase,
      when: z.literal('in_transit'),
      heading: heading.optional(),
      loaded_before: isoDate,
      entered_before: isoDate.optional(),
      /** the goods keep this (earlier) rate instead of being exempt */
      rate: pctRate.optional(),
    })
    .strict(),
]);

export const measure = z
  .object({
    id: scheduleId,
    name: z.string().min(3),
    authority: z.string().min(3),
    importer,
    /** the origins it reaches: countries, groups (meta.yaml) or "*" for every origin */
    origins: z.array(originSpec).min(1),
    /** per-origin values (a country rate, a floor, no duty) from dates, over the measure's own values */
    by_origin: countryTables.optional(),
    /** more country tables in a YAML file next to the schedule (written by an import script), merged with by_origin */
    by_origin_file: z.string().regex(/\.ya?ml$/, 'a country table file is YAML').optional(),
    /** position in CBP's reporting order for an entry line (CSMS 64018403): lower first */
    reporting_order: z.number().int().min(1).max(99),
    /** measures of one group never stack: at most one applies to a product */
    exclusive_group: z.string().optional(),
    /** what decides which member of the exclusive group applies when the product is covered by several at the same
     *  level of detail (e.g. whether a quota was filled); without it the quote says the code is on more than one list */
    exclusive_choice: z.string().optional(),
    /** applies only when the importer claims its heading (--claim), e.g. a lower rate for goods of U.S.-melted metal;
     *  the measure it replaces names the same heading in a claim exception */
    requires_claim: z.boolean().default(false),
    /** "all" or a product list */
    products: z.union([z.literal('all'), productList]),
    basis: basis.default('customs_value'),
    values: dated(valueEntry),
    exceptions: z.array(exception).default([]),
    /** a court or law ended the measure; duties paid stay refundable */
    invalidated: z
      .object({ on: isoDate, status: z.literal('refundable'), reference, note: z.string() })
      .strict()
      .optional(),
    last_value_still_valid_on: isoDate,
    note: z.string().optional(),
    /** for products in scope on dates before the first value: what the data cannot tell about earlier duties
     *  (the total is marked incomplete), unless one of the measures named in `unless` is in force for the product */
    before_first_value: z.object({ missing: z.string(), unless: z.array(z.string()).default([]) }).strict().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    // US rates are entered under a Chapter 99 heading; other importers cite the instrument only.
    for (const [d, v] of Object.entries(m.values)) {
      if (m.importer === 'US' && v.rate !== null && v.heading === undefined) ctx.addIssue({ code: 'custom', message: 'a rate needs its Chapter 99 heading', path: ['values', d, 'heading'] });
    }
    const ids = new Set<string>();
    m.exceptions.forEach((e, i) => {
      if (ids.has(e.id)) ctx.addIssue({ code: 'custom', message: `duplicate exception id "${e.id}"`, path: ['exceptions', i, 'id'] });
      ids.add(e.id);
    });
  });

/** A fee charged on the entry (not a duty): a percentage of value, with an optional minimum and maximum per entry. */
export const fee = z
  .object({
    id: scheduleId,
    kind: z.literal('fee'),
    name: z.string().min(3),
    authority: z.string().min(3),
    importer,
    /** transport modes it is charged on; "all" for every mode */
    modes: z.union([z.literal('all'), z.array(z.enum(['ocean', 'air', 'truck', 'rail', 'mail'])).min(1)]),
    /** the entry type it is charged on (src/core/fees.ts decides which an entry is); default: any */
    entry: z.enum(['formal', 'informal']).optional(),
    /** its amounts are set each fiscal year (from 1 October): an entry past the last year given is warned about */
    per_fiscal_year: z.boolean().default(false),
    /** per fiscal year: an ad valorem rate (with a minimum and maximum), a flat amount per entry, or unknown (why) */
    values: dated(
      z
        .object({ rate: pctRate.optional(), amount: usd.optional(), unknown: z.string().optional(), min: usd.optional(), max: usd.optional(), reference, unconfirmed: z.string().optional() })
        .strict()
        .refine((v) => [v.rate, v.amount, v.unknown].filter((x) => x !== undefined).length === 1, 'a fee value has exactly one of rate, amount or unknown'),
    ),
    last_value_still_valid_on: isoDate,
    note: z.string().optional(),
  })
  .strict();

export type Fee = z.infer<typeof fee>;

/**
 * The interest paid on refunds of overpaid duties (19 U.S.C. 1505(c)): the annual rate per calendar quarter for
 * corporations and others, compounded daily; a quarter whose rate is not known says so (never zero).
 */
export const interestRates = z
  .object({
    id: scheduleId,
    kind: z.literal('interest-rates'),
    name: z.string().min(3),
    authority: z.string().min(3),
    importer,
    compounding: z.literal('daily'),
    quarters: z
      .array(
        z
          .object({
            quarter: z.string().regex(/^\d{4}Q[1-4]$/, 'expected a quarter as YYYYQn'),
            from: isoDate,
            to: isoDate,
            corporate: pctRate.optional(),
            noncorporate: pctRate.optional(),
            unknown: z.string().optional(),
            reference,
          })
          .strict()
          .refine((q) => (q.unknown === undefined) === (q.corporate !== undefined && q.noncorporate !== undefined), 'a quarter has both rates, or unknown (why) and no rate'),
      )
      .min(1)
      .refine((qs) => qs.every((q, i) => i === 0 || q.from > qs[i - 1]!.to), 'quarters must be in order and not overlap'),
    note: z.string().optional(),
  })
  .strict();

export type InterestRates = z.infer<typeof interestRates>;

/**
 * The duty on postal shipments once duty-free de minimis treatment ended: in lieu of every other duty,
 * by origin, as a percentage of the item's value or (where the carrier may elect it) a sum per item.
 */
export const postal = z
  .object({
    id: scheduleId,
    kind: z.literal('postal'),
    name: z.string().min(3),
    authority: z.string().min(3),
    importer,
    values: dated(
      z
        .object({
          /** per origin; an origin absent here keeps de minimis (or the earlier rule) */
          origins: z.record(origin, z.object({ ad_valorem: pctRate.nullable(), per_item: usd.nullable().default(null) }).strict()),
          reference,
          note: z.string().optional(),
          unconfirmed: z.string().optional(),
        })
        .strict(),
    ),
    last_value_still_valid_on: isoDate,
    note: z.string().optional(),
  })
  .strict();

export type Postal = z.infer<typeof postal>;

/**
 * An applied MFN rate that a source reports for a period, for lines of a nomenclature whose own data
 * stops earlier (China): inside the period the quote uses it as confirmed, after it as the latest known.
 */
export const mfnReport = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'report ids are kebab-case'),
    /** code prefixes (4 to 10 digits) in the nomenclature's own codes */
    products: z.array(z.string().regex(/^\d{4,10}$/, 'expected a code prefix of 4 to 10 digits')).min(1),
    rate: pctRate,
    /** the first and last day the source reports the rate for */
    from: isoDate,
    through: isoDate,
    reference,
    note: z.string().optional(),
  })
  .strict()
  .refine((r) => r.from <= r.through, { message: 'from is after through', path: ['through'] });

export const mfnReports = z
  .object({
    kind: z.literal('mfn-reports'),
    importer,
    reports: z.array(mfnReport).min(1),
  })
  .strict();

/** One importer's tariff nomenclature (the US HTS, China's tariff) and where its lines are. */
export const htsDescriptor = z
  .object({
    id: z.enum(['us.hts', 'cn.tariff']),
    kind: z.literal('nomenclature'),
    name: z.string(),
    importer,
    revision: z.string(),
    effective: isoDate,
    lines_file: z.string(),
    source: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), lines: z.number().int() }).strict(),
    reference,
    /** US: how the column 1 rates of chapters 1-97 parse */
    rate_shapes_chapters_1_97: z.record(z.string(), z.number()).optional(),
    /** the MFN rate is dated per line (lines file column 6) and known only to this date: later quotes warn */
    mfn_known_through: isoDate.optional(),
    /** every start date of a dated MFN rate in the lines file (change points for batch and timeline) */
    mfn_dates: z.array(isoDate).optional(),
    /** codes of a later nomenclature that are not in this one are answered by their 6-digit subheading (when its lines agree) */
    renumbered: z.literal('answer-by-subheading').optional(),
    /** the lines are dated (columns from, ends): the nomenclature as in force on each date */
    dated: z.literal(true).optional(),
    /** a dated nomenclature's official old → new transfers (date, old, new, record), tab-separated */
    transfers_file: z.string().optional(),
    /** the editions the dated lines come from, oldest first: label, name, publication date, SHA-256 of the file */
    editions: z.array(z.object({ label: z.string(), name: z.string(), published: isoDate, sha256: z.string().regex(/^[0-9a-f]{64}$/), note: z.string().optional() }).strict()).optional(),
    /** the first edition after the latest in the data, when its date is known: from then the lines may be out of date */
    next_edition: z.object({ name: z.string(), published: isoDate, note: z.string().optional() }).strict().optional(),
    /** every date on which a dated line begins or ends (computed when the schedules are read; not written by the import) */
    line_dates: z.array(isoDate).optional(),
    /** reported later MFN rates (from the importer's mfn-reports file; not written by the import) */
    reports: z.array(mfnReport).optional(),
    note: z.string().optional(),
  })
  .strict();

/** What the schedules say about one importing country as a whole. */
export const importerMeta = z
  .object({
    name: z.string().min(2),
    verified_through: isoDate,
    /** how local effective times (effective_time) are to be read, e.g. "Beijing time" */
    time_zone: z.string().optional(),
    /** the origins modelled in detail, first the default for --origin */
    origins: z.record(origin, z.string()),
    /** every ISO 3166 origin is answered (with MFN and the measures on all origins), not only those listed */
    every_origin: z.boolean().default(false),
    /** country groups the measures name (EU ...), each defined once */
    groups: z.record(groupName, z.object({ name: z.string().min(2), members: z.array(origin).min(2), reference }).strict()).default({}),
    reference,
    note: z.string().optional(),
  })
  .strict();


export const meta = z
  .object({
    /** earliest entry date the schedules model: earlier dates are refused */
    modelled_from: isoDate,
    importers: z.record(importer, importerMeta),
  })
  .strict();

export type Measure = z.infer<typeof measure>;
export type { Programs } from './schema-programs.js';
export type CountryTables = z.infer<typeof countryTables>;
export type Exception = z.infer<typeof exception>;
export type ProductList = z.infer<typeof productList>;
export type Reference = z.infer<typeof reference>;
export type Meta = z.infer<typeof meta>;
export type HtsDescriptor = z.infer<typeof htsDescriptor>;
export type ImporterMeta = z.infer<typeof importerMeta>;
export type MfnReport = z.infer<typeof mfnReport>;
export type Importer = (typeof IMPORTERS)[number];

/**
 * The data the engine reads: schedule metadata, measures, and HTS lines and
 * product scopes by chapter. Two sources implement it: the compiled index
 * (run time, see data/compiled.ts) and the YAML schedules (build and tests).
 */
import type { Exception, Fee, Measure, Meta, HtsDescriptor, Postal, InterestRates, Programs } from './schema.js';

export interface HtsLine {
  /** dotted, as published: "4202.92.91.00" */
  code: string;
  indent: number;
  units: string[];
  /** column 1 General rate text; empty on statistical lines that inherit it */
  general: string;
  /** column 1 Special (US): rates with their program codes, absent when empty */
  special?: string;
  /** column 2 (US), absent when empty */
  other?: string;
  description: string;
  /** a nomenclature whose MFN rate is dated (China): [start date, ad valorem percent or "" when not known], ascending */
  mfn?: [string, string][];
  /** a dated nomenclature (the HTS): the first day the line is valid, absent when before the data */
  from?: string;
  /** the first day it is no longer valid, absent when in force in the latest edition */
  ends?: string;
  /** "reused": the number was given to other goods on `from`; "record-only": known only from a change record that ended it */
  note?: string;
  /** the edition (label, "2026_rev_2") whose change record dates `from`, and the one that dates `ends` */
  from_record?: string;
  ends_record?: string;
}

export interface ChapterData {
  lines: HtsLine[];
  /** HTS prefixes (digits) by scope key: measure id or `measure#exception` */
  scopes: Record<string, string[]>;
  /** a dated nomenclature: every version of each line; quotes read the lines of one date (nomenclature.ts) */
  dated?: true;
  /** the official old → new transfers that name a line of the chapter: [date, old, new, change record] */
  transfers?: [string, string, string, string][];
}

export interface Dataset {
  meta: Meta;
  /** each importer's nomenclature */
  tariffs: Partial<Record<string, HtsDescriptor>>;
  measures: Measure[];
  fees: Fee[];
  postal: Postal[];
  /** interest on refunds of overpaid duties, per importer */
  interest: InterestRates[];
  /** column 1 Special programs and column 2 countries, per importer */
  programs: Programs[];
  /** lines and scopes of one chapter ("42") of an importer's nomenclature, or undefined if the chapter does not exist */
  chapter(ch: string, importer: string): ChapterData | undefined;
}

/** Builds per-chapter data from a flat list of lines and scopes. */
export function splitByChapter(lines: HtsLine[], scopes: Record<string, string[]>, transfers?: [string, string, string, string][]): Map<string, ChapterData> {
  const chapters = new Map<string, ChapterData>();
  const get = (ch: string) => {
    let c = chapters.get(ch);
    if (!c) chapters.set(ch, (c = transfers ? { lines: [], scopes: {}, dated: true, transfers: [] } : { lines: [], scopes: {} }));
    return c;
  };
  for (const l of lines) get(l.code.slice(0, 2)).lines.push(l);
  for (const t of transfers ?? []) {
    get(t[1].slice(0, 2)).transfers!.push(t);
    if (t[2].slice(0, 2) !== t[1].slice(0, 2)) get(t[2].slice(0, 2)).transfers!.push(t);
  }
  for (const [key, prefixes] of Object.entries(scopes)) {
    for (const p of prefixes) (get(p.slice(0, 2)).scopes[key] ??= []).push(p);
  }
  return chapters;
}

/** Compiled country-table files are named per origin: `origin-VN.json`. */
export const originFile = (origin: string) => `origin-${origin}.json`;

/** Compiled chapter files are named per importer: `us-ch42.json`. */
export const chapterFile = (importer: string, ch: string) => `${importer.toLowerCase()}-ch${ch}.json`;

export function datasetFrom(
  meta: Meta,
  tariffs: Dataset['tariffs'],
  measures: Measure[],
  fees: Fee[],
  postal: Postal[],
  chapters: Map<string, Map<string, ChapterData>>,
  interest: InterestRates[] = [],
  programs: Programs[] = [],
): Dataset {
  return { meta, tariffs, measures: measures.map((m) => shapeMeasure(m, groupsOf(meta, m.importer))), fees, postal, interest, programs, chapter: (ch, importer) => chapters.get(importer)?.get(ch) };
}

/**
 * A measure with one object shape for every measure, value and exception (absent fields present as
 * undefined). Parsed JSON gives each combination of optional fields its own shape, which makes the
 * engine's property reads polymorphic and keeps V8 from optimising it; the values are unchanged.
 */
/** An importer's country groups (meta.yaml): name → members. */
export const groupsOf = (meta: Meta, importer: string): Record<string, string[]> =>
  Object.fromEntries(Object.entries(meta.importers[importer as keyof Meta['importers']]?.groups ?? {}).map(([g, v]) => [g, v.members]));

export function shapeMeasure(m: Measure, groups: Record<string, string[]> = {}): Measure {
  const values: Measure['values'] = {};
  for (const [date, v] of Object.entries(m.values)) values[date] = shapeValue(v);
  let byOrigin: Measure['by_origin'];
  if (m.by_origin) {
    byOrigin = {};
    for (const [date, t] of Object.entries(m.by_origin)) {
      const countries: Record<string, Measure['values'][string] | null> = {};
      // a group's value for each member (one object), then the countries named on their own over it
      for (const [c, v] of Object.entries(t.countries)) {
        if (!groups[c]) continue;
        const shaped = v === null ? null : shapeValue(v as Measure['values'][string]);
        for (const member of groups[c]) countries[member] = shaped;
      }
      for (const [c, v] of Object.entries(t.countries)) if (!groups[c]) countries[c] = v === null ? null : shapeValue(v as Measure['values'][string]);
      byOrigin[date] = { reference: t.reference, unconfirmed: t.unconfirmed, countries };
    }
  }
  return {
    id: m.id,
    name: m.name,
    authority: m.authority,
    importer: m.importer,
    origins: m.origins,
    by_origin: byOrigin,
    by_origin_file: m.by_origin_file,
    reporting_order: m.reporting_order,
    exclusive_group: m.exclusive_group,
    exclusive_choice: m.exclusive_choice,
    requires_claim: m.requires_claim,
    products: m.products,
    basis: m.basis,
    values,
    exceptions: m.exceptions.map(shapeException),
    invalidated: m.invalidated,
    last_value_still_valid_on: m.last_value_still_valid_on,
    note: m.note,
    before_first_value: m.before_first_value,
  };
}

/** A value (or a country value, whose reference the schedules reader has filled in) in one shape. */
function shapeValue(v: Measure['values'][string]): Measure['values'][string] {
  return {
    rate: v.rate,
    heading: v.heading,
    basis: v.basis,
    rate_kind: v.rate_kind,
    floor_heading: v.floor_heading,
    reference: v.reference,
    unconfirmed: v.unconfirmed,
    suspended: v.suspended,
    undetermined: v.undetermined,
    effective_time: v.effective_time,
    note: v.note,
  };
}

function shapeException(e: Exception): Exception {
  const x = e as Partial<Record<string, unknown>>;
  return {
    when: e.when,
    id: e.id,
    name: e.name,
    heading: e.heading,
    claim: x.claim,
    from: e.from,
    until: e.until,
    reference: e.reference,
    note: e.note,
    unconfirmed: e.unconfirmed,
    origins: e.origins,
    programs: x.programs,
    products: x.products,
    products_scope: x.products_scope,
    measures: x.measures,
    part: x.part,
    if: x.if,
    loaded_before: x.loaded_before,
    entered_before: x.entered_before,
    rate: x.rate,
  } as Exception;
}

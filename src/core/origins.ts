/**
 * Origins: which measures and exceptions reach goods of a country, a measure's value for one origin on a date (its
 * country tables over its own values), the column 2 countries, and the column 1 Special programs a claim (--spi)
 * needs. Facts: ../shared/reference/us-every-origin.md sec. 2-3. Country groups are expanded before the engine reads
 * them (origin lists by src/build/origins.ts, country tables by shapeMeasure): here every code is a country or "*".
 */
import type { Dataset } from './dataset.js';
import type { Exception, Measure, Programs } from './schema.js';
import { dates, valueAt } from './coverage.js';
import { latestOnOrBefore } from './search.js';

/** Does a measure reach goods of this origin? */
export const reaches = (m: Measure, origin: string) => m.origins[0] === '*' || m.origins.includes(origin);

/** Is an exception open to goods of this origin (one without origins is open to all)? */
export const openTo = (e: Exception, origin: string) => e.origins === undefined || e.origins.includes(origin);

type Value = Measure['values'][string];

/**
 * A measure's country tables as the engine reads them: the dates of its tables, the origins any of them names, and
 * one origin's values by table date. Made from by_origin (schedules read from YAML), or attached by the compiled
 * index, which keeps each origin's values in a file of its own read when a quote first needs that origin.
 */
export interface CountrySide {
  dates: string[];
  named: Set<string>;
  of(origin: string): Record<string, Value | null> | undefined;
}

const sides = new WeakMap<Measure, CountrySide | null>();

/** The compiled index attaches a measure's country tables (read lazily, per origin). */
export const attachCountries = (m: Measure, side: CountrySide) => void sides.set(m, side);

function sideOf(m: Measure): CountrySide | undefined {
  let side = sides.get(m);
  if (side === undefined) {
    const t = m.by_origin;
    if (!t) side = null;
    else {
      const dates = Object.keys(t).sort();
      const named = new Set(dates.flatMap((d) => Object.keys(t[d]!.countries)));
      const byOrigin = new Map<string, Record<string, Value | null>>();
      side = {
        dates,
        named,
        of(origin) {
          if (!named.has(origin)) return undefined;
          let v = byOrigin.get(origin);
          if (!v) {
            v = {};
            for (const d of dates) if (origin in t[d]!.countries) v[d] = t[d]!.countries[origin] as Value | null;
            byOrigin.set(origin, v);
          }
          return v;
        },
      };
    }
    sides.set(m, side);
  }
  return side ?? undefined;
}

const keys = new WeakMap<Measure, Map<string, string>>();

/**
 * An id of the origin's country values of a measure ('' when no table names it): the same id for origins whose values
 * are alike (interned per measure, memoised per origin).
 */
export function countryKey(m: Measure, origin: string): string {
  const side = sideOf(m);
  if (!side || !side.named.has(origin)) return '';
  let byOrigin = keys.get(m);
  if (!byOrigin) keys.set(m, (byOrigin = new Map()));
  let k = byOrigin.get(origin);
  if (k === undefined) {
    // interned: a short id per distinct text, so that keys stay small
    const text = JSON.stringify(side.of(origin) ?? null);
    let ids = texts.get(m);
    if (!ids) texts.set(m, (ids = new Map()));
    let id = ids.get(text);
    if (id === undefined) ids.set(text, (id = `v${ids.size}`));
    byOrigin.set(origin, (k = id));
  }
  return k;
}

const texts = new WeakMap<Measure, Map<string, string>>();

/** A country value of null: no duty for goods of that origin from the table's date. */
const NONE = new WeakMap<Measure, Value>();

/**
 * The value of a measure for goods of an origin on a date: the value the country table in force gives the origin (its
 * rate, floor or null), else the measure's own. A repeal of the measure's own value (null) comes with an empty
 * table (the schedules reader adds one), so it ends the measure for every origin.
 */
export function valueFor(m: Measure, date: string, origin: string): { start: string; entry: Value } | undefined {
  const own = valueAt(m, date);
  const side = sideOf(m);
  const t = side && side.named.has(origin) ? latestOnOrBefore(side.dates, date) : undefined;
  const c = t === undefined ? undefined : side!.of(origin)?.[t];
  if (c === undefined) return own;
  const start = own && own.start > t! ? own.start : t!;
  if (c !== null) return { start, entry: c };
  let none = NONE.get(m);
  if (!none) NONE.set(m, (none = { rate: null, heading: undefined, basis: undefined, rate_kind: 'additional', floor_heading: undefined, reference: m.values[dates(m)[0]!].reference, unconfirmed: undefined, suspended: false, undetermined: undefined, effective_time: undefined, note: undefined }));
  return { start, entry: none };
}

/** Every date a measure's value can change for some origin: its own values and its country tables. */
export function valueDates(m: Measure): string[] {
  const side = sideOf(m);
  return side ? [...Object.keys(m.values), ...side.dates] : Object.keys(m.values);
}

/** The origin's entry among the column 2 countries (general note 3(b)), whatever the date. */
export const column2Country = (ds: Dataset, importer: string, origin: string): Programs['column2'][number] | undefined =>
  ds.programs.find((p) => p.importer === importer)?.column2.find((x) => x.country === origin);

/** Is the origin a column 2 country on the date? */
export function column2(ds: Dataset, importer: string, origin: string, date: string): Programs['column2'][number] | undefined {
  const c = column2Country(ds, importer, origin);
  return c && (!c.from || c.from <= date) ? c : undefined;
}

export type Program = Programs['programs'][number];

/** The program a Special Program Indicator belongs to, for an importer. */
export const programOf = (ds: Dataset, importer: string, code: string): Program | undefined =>
  ds.programs.find((p) => p.importer === importer)?.programs.find((p) => p.codes.includes(code));

/**
 * Why goods of an origin may not claim a program on a date, or undefined when they may: the origin, the program's
 * legal life. (Whether the line has a Special rate under it is the MFN line's question.)
 */
export function programRefusal(p: Program, code: string, origin: string, date: string): string | undefined {
  if (p.origins[0] !== '*' && !p.origins.includes(origin)) return `${p.name} (${code}) is for goods of ${p.origins.join(', ')}; goods of ${origin} may not claim it`;
  if (p.from && date < p.from) return `${p.name} (${code}) starts on ${p.from}`;
  if (p.to && date > p.to) return `${p.name} (${code}) ended on ${p.to}${p.note ? ` (${p.note})` : ''}`;
  return undefined;
}

/** A claim on a date inside a lapse of the program (restored later, as AGOA was): allowed, with what the lapse means. */
export function lapseWarning(p: Program, code: string, date: string): string | undefined {
  const lapse = p.lapses.find((l) => l.from <= date && date <= l.to);
  return lapse && `${p.name} (${code}) had lapsed from ${lapse.from} to ${lapse.to}: ${lapse.note}`;
}

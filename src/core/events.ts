/** Legal events: the dated changes of the measures that cover a product, between two entry dates. */
import type { Dataset, ChapterData } from './dataset.js';
import { valueAt } from './engine.js';
import { reaches, valueDates, valueFor } from './origins.js';
import { matchLength } from './product.js';
import { addDays } from './dates.js';
import type { Measure, Reference } from './schema.js';

export interface LegalEvent {
  date: string;
  measure: string;
  name: string;
  from: string;
  to: string;
  heading: string | null;
  citation: Reference;
}

const rateText = (r: string | null | undefined) => (r === null || r === undefined ? 'none' : '+' + r);

export const prevDay = (date: string) => addDays(date, -1);

/** Does the measure reach this importer, origin and (when given) product? */
export function covers(m: Measure, importer: string, origin: string | undefined, product?: { chapter: ChapterData; digits: string }): boolean {
  if (m.importer !== importer || (origin !== undefined && !reaches(m, origin))) return false;
  return !product || m.products === 'all' || matchLength(product.chapter, m.id, product.digits) > 0;
}

/** A measure's value on a date: for goods of an origin (its country tables), or its own. */
const valueOn = (m: Measure, date: string, origin: string | undefined) => (origin === undefined ? valueAt(m, date) : valueFor(m, date, origin));

/**
 * Every dated value of the measures in `measures` with after < date <= until, oldest first; with an origin, the
 * changes of its value (a country table that leaves it as it was is no event for it).
 */
export function eventsBetween(measures: Measure[], after: string, until: string, origin?: string): LegalEvent[] {
  const events: LegalEvent[] = [];
  for (const m of measures) {
    for (const date of new Set(origin === undefined ? Object.keys(m.values) : valueDates(m))) {
      if (date <= after || date > until) continue;
      const before = valueOn(m, prevDay(date), origin);
      const entry = valueOn(m, date, origin)!.entry;
      // a country table is an event for the origins whose value it changes (a measure's own value is one for all)
      if (origin !== undefined && !(date in m.values) && before && before.entry.rate === entry.rate && before.entry.heading === entry.heading) continue;
      events.push({ date, measure: m.id, name: m.name, from: rateText(before?.entry.rate), to: rateText(entry.rate), heading: entry.heading ?? before?.entry.heading ?? null, citation: entry.reference });
    }
  }
  return events.sort((a, b) => a.date.localeCompare(b.date) || a.measure.localeCompare(b.measure));
}

export function measuresCovering(ds: Dataset, importer: string, origin: string | undefined, product?: { chapter: ChapterData; digits: string }): Measure[] {
  return ds.measures.filter((m) => covers(m, importer, origin, product));
}

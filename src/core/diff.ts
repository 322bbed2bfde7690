/**
 * What changed between two entry dates: every measure whose rate, heading or scope
 * differs, with the instruments that changed it. Optionally for one product.
 */
import type { Dataset } from './dataset.js';
import { checkDate, findProduct, importerMeta, normalizeQuery, quote, valueAt, type Quote, type QueryInput } from './engine.js';
import { checkOrigin } from './query.js';
import { valueFor } from './origins.js';
import { QueryError } from './errors.js';
import { eventsBetween, measuresCovering, type LegalEvent } from './events.js';
import { digitsOf, type ResolvedProduct } from './product.js';
import type { Exception, Measure } from './schema.js';

export interface MeasureChange {
  measure: string;
  name: string;
  /** rate: the rate or heading differs; scope: an exception starts or ends */
  kind: 'rate' | 'scope';
  from: string;
  to: string;
  heading_from: string | null;
  heading_to: string | null;
  /** the dated legal events between the two dates (the instruments) */
  events: LegalEvent[];
}

export interface Diff {
  from: string;
  to: string;
  importer: string;
  origin: string | null;
  hts: string | null;
  changes: MeasureChange[];
  /** with --hts: the quotes on both dates (of the origin asked, or the importer's first) */
  quotes?: [Quote, Quote];
  /** with --hts: the total on both dates for each origin asked (every modelled origin without --origin) */
  totals?: { origin: string; from: string | null; to: string | null }[];
}

const rateOf = (m: Measure, date: string, origin: string | undefined) => {
  const v = origin === undefined ? valueAt(m, date) : valueFor(m, date, origin);
  return { text: v?.entry.rate ? '+' + v.entry.rate : 'none', heading: v?.entry.rate ? (v.entry.heading ?? null) : null, start: v?.start ?? null };
};

/** Whether an exception can apply to entries on a date (in-transit ones end with their entry cut-off). */
const activeOn = (e: Exception, date: string) =>
  (!e.from || date >= e.from) && (!e.until || date <= e.until) && (e.when !== 'in_transit' || !e.entered_before || date < e.entered_before);
const endOf = (e: Exception) => (e.when === 'in_transit' && e.entered_before ? e.entered_before : e.until);

export function diff(ds: Dataset, o: { from: string; to: string; importer?: string; origin?: string; hts?: string; asOf?: string; claims?: string[] }): Diff {
  const from = checkDate(o.from, '--from');
  const to = checkDate(o.to, '--to');
  if (from === to) throw new QueryError('--from and --to are the same date');
  const importer = (o.importer ?? 'US').toUpperCase();
  const im = importerMeta(ds, importer);
  if (!im) throw new QueryError(`importing country "${o.importer}" is not modelled: the schedules cover ${Object.keys(ds.meta.importers).join(', ')}`);
  const origin = o.origin === undefined ? undefined : checkOrigin(im, o.origin.trim().toUpperCase(), o.origin, importer);
  const [lo, hi] = from < to ? [from, to] : [to, from];

  let product: { chapter: ResolvedProduct['chapter']; digits: string } | undefined;
  let quotes: [Quote, Quote] | undefined;
  let totals: Diff['totals'];
  let hts: string | null = null;
  if (o.hts) {
    const base: Omit<QueryInput, 'date'> = { hts: o.hts, origin, importer, asOf: o.asOf, claims: o.claims };
    const { product: r } = findProduct(ds, normalizeQuery(ds, { ...base, date: from }));
    product = { chapter: r.chapter, digits: digitsOf(r.leaves[0].code) };
    quotes = [quote(ds, { ...base, date: from }), quote(ds, { ...base, date: to })];
    hts = quotes[0].query.hts;
    totals = (origin ? [origin] : Object.keys(im.origins)).map((or) => {
      const at = (date: string) => (or === quotes![0].query.origin ? quotes![date === from ? 0 : 1] : quote(ds, { ...base, origin: or, date })).total.rate_pct;
      return { origin: or, from: at(from), to: at(to) };
    });
  }

  const changes: MeasureChange[] = [];
  for (const m of measuresCovering(ds, importer, origin, product)) {
    const a = rateOf(m, from, origin);
    const b = rateOf(m, to, origin);
    if (a.start !== b.start && (a.text !== b.text || a.heading !== b.heading)) {
      changes.push({ measure: m.id, name: m.name, kind: 'rate', from: a.text, to: b.text, heading_from: a.heading, heading_to: b.heading, events: eventsBetween([m], lo, hi, origin) });
    }
    for (const e of m.exceptions) {
      if (origin !== undefined && e.origins && !e.origins.includes(origin)) continue;
      const x = activeOn(e, from);
      const y = activeOn(e, to);
      if (x === y) continue;
      changes.push({
        measure: m.id,
        name: `${m.name}: exception "${e.name}"`,
        kind: 'scope',
        from: x ? 'applies' : 'does not apply',
        to: y ? 'applies' : 'does not apply',
        heading_from: e.heading ?? null,
        heading_to: e.heading ?? null,
        events: [{ date: (y ? e.from : endOf(e)) ?? lo, measure: m.id, name: e.name, from: x ? 'applies' : 'does not apply', to: y ? 'applies' : 'does not apply', heading: e.heading ?? null, citation: e.reference }],
      });
    }
  }
  return { from, to, importer, origin: origin ?? null, hts, changes, quotes, totals };
}

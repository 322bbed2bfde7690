/** The same product on several entry dates: one column per date, the change, and the legal events behind it. */
import { Dec } from './decimal.js';
import type { Dataset } from './dataset.js';
import { quote, valueAt, type Quote, type QueryInput } from './engine.js';
import { digitsOf, matchLength, resolveProduct } from './product.js';
import type { Reference } from './schema.js';
import { QueryError } from './errors.js';

export interface LegalEvent {
  date: string;
  measure: string;
  name: string;
  from: string;
  to: string;
  heading: string | null;
  citation: Reference;
}

export interface Comparison {
  dates: string[];
  quotes: Quote[];
  rows: { measure: string; name: string; cells: (string | null)[] }[];
  totals: (string | null)[];
  /** last total minus first total, in percentage points */
  delta_pct: string | null;
  events: LegalEvent[];
}

const rateText = (r: string | null | undefined) => (r === null || r === undefined ? 'none' : '+' + r);

export function compare(ds: Dataset, input: Omit<QueryInput, 'date'>, dates: string[]): Comparison {
  if (dates.length < 2) throw new QueryError('compare needs at least two dates (--dates D1,D2)');
  const sorted = [...dates].sort();
  const quotes = sorted.map((date) => quote(ds, { ...input, date }));

  const rows: Comparison['rows'] = [];
  quotes.forEach((q, i) => {
    for (const l of q.lines) {
      let row = rows.find((r) => r.measure === l.measure);
      if (!row) rows.push((row = { measure: l.measure, name: l.name, cells: sorted.map(() => null) }));
      row.cells[i] = l.status === 'exempt' ? `0% (${l.heading ?? 'exempt'})` : `${l.rate}${l.heading ? ' ' + l.heading : ''}`;
    }
  });
  const totals = quotes.map((q) => q.total.rate_pct);
  const first = totals[0];
  const last = totals[totals.length - 1];
  const delta = first !== null && last !== null ? Dec.of(last).sub(Dec.of(first)).toString() : null;

  // Every dated change of a measure that covers this product and origin, between the first and last date.
  const q0 = quotes[0].query;
  const product = resolveProduct(ds, digitsOf(q0.hts));
  const leaf = digitsOf(product.leaves[0].code);
  const events: LegalEvent[] = [];
  for (const m of ds.measures) {
    if (m.importer !== q0.importer || !m.origins.includes(q0.origin)) continue;
    if (m.products !== 'all' && matchLength(product.chapter, m.id, leaf) === 0) continue;
    for (const [date, entry] of Object.entries(m.values)) {
      if (date <= sorted[0] || date > sorted[sorted.length - 1]) continue;
      const before = valueAt(m, prevDay(date));
      events.push({
        date,
        measure: m.id,
        name: m.name,
        from: rateText(before?.entry.rate),
        to: rateText(entry.rate),
        heading: entry.heading ?? before?.entry.heading ?? null,
        citation: entry.reference,
      });
    }
  }
  events.sort((a, b) => a.date.localeCompare(b.date) || a.measure.localeCompare(b.measure));
  return { dates: sorted, quotes, rows, totals, delta_pct: delta, events };
}

export function prevDay(date: string): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

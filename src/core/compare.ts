/** The same product on several entry dates: one column per date, the change, and the legal events behind it. */
import { Dec } from './decimal.js';
import type { Dataset } from './dataset.js';
import { findProduct, quote, type Quote, type QueryInput } from './engine.js';
import { digitsOf } from './product.js';
import { QueryError } from './errors.js';
import { eventsBetween, measuresCovering, type LegalEvent } from './events.js';

export type { LegalEvent };

export interface Comparison {
  dates: string[];
  quotes: Quote[];
  rows: { measure: string; name: string; cells: (string | null)[] }[];
  totals: (string | null)[];
  /** last total minus first total, in percentage points */
  delta_pct: string | null;
  /** each total minus the one before it (one fewer than the dates), in percentage points */
  steps_pct: (string | null)[];
  events: LegalEvent[];
}

export function compare(ds: Dataset, input: Omit<QueryInput, 'date'>, dates: string[]): Comparison {
  if (dates.length < 2) throw new QueryError('compare needs at least two dates (--dates D1,D2)');
  const sorted = [...dates].sort();
  const quotes = sorted.map((date) => quote(ds, { ...input, date }));

  const rows: Comparison['rows'] = [];
  quotes.forEach((q, i) => {
    for (const l of q.lines) {
      let row = rows.find((r) => r.measure === l.measure);
      if (!row) rows.push((row = { measure: l.measure, name: l.name, cells: sorted.map(() => null) }));
      row.cells[i] =
        l.status === 'exempt' ? `0% (${l.heading ?? 'exempt'})` : l.status === 'suspended' ? `suspended (${l.rate}${l.heading ? ' ' + l.heading : ''})` : `${l.rate}${l.heading ? ' ' + l.heading : ''}`;
    }
  });
  const totals = quotes.map((q) => q.total.rate_pct);
  const first = totals[0];
  const last = totals[totals.length - 1];
  const minus = (b: string | null, a: string | null) => (a !== null && b !== null ? Dec.of(b).sub(Dec.of(a)).toString() : null);
  const delta = minus(last, first);
  const steps = totals.slice(1).map((t, i) => minus(t, totals[i]!));

  // Every dated change of a measure that covers this product and origin, between the first and last date.
  const q0 = quotes[0].query;
  const { product } = findProduct(ds, q0);
  const covering = measuresCovering(ds, q0.importer, q0.origin, { chapter: product.chapter, digits: digitsOf(product.leaves[0].code) });
  const events = eventsBetween(covering, sorted[0], sorted[sorted.length - 1]);
  return { dates: sorted, quotes, rows, totals, delta_pct: delta, steps_pct: steps, events };
}

/** The same product on several entry dates: one column per date, the change, and the legal events behind it. */
import { Dec } from './decimal.js';
import type { Dataset } from './dataset.js';
import { findProduct, quote, type Quote, type QueryInput } from './engine.js';
import { digitsOf } from './product.js';
import { NotInForceError, QueryError } from './errors.js';
import { lineEvents } from './nomenclature.js';
import { eventsBetween, measuresCovering, type LegalEvent } from './events.js';

export type { LegalEvent };

export interface Comparison {
  dates: string[];
  /** null on a date on which the code is not a line of the HTS (see `refused`) */
  quotes: (Quote | null)[];
  /** per date: why the code has no line on it (renumbered, not yet made), else null */
  refused: (string | null)[];
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
  const refused: (string | null)[] = sorted.map(() => null);
  const quotes = sorted.map((date, i) => {
    try {
      return quote(ds, { ...input, date });
    } catch (e) {
      if (!(e instanceof NotInForceError)) throw e;
      refused[i] = e.message;
      return null;
    }
  });
  const q0 = quotes.find((q) => q !== null)?.query;
  if (!q0) throw new QueryError(refused[0]!);

  const rows: Comparison['rows'] = [];
  quotes.forEach((q, i) => {
    for (const l of q?.lines ?? []) {
      let row = rows.find((r) => r.measure === l.measure);
      if (!row) rows.push((row = { measure: l.measure, name: l.name, cells: sorted.map(() => null) }));
      row.cells[i] =
        l.status === 'exempt' ? `0% (${l.heading ?? 'exempt'})` : l.status === 'suspended' ? `suspended (${l.rate}${l.heading ? ' ' + l.heading : ''})` : `${l.rate}${l.heading ? ' ' + l.heading : ''}`;
    }
  });
  const totals = quotes.map((q) => q?.total.rate_pct ?? null);
  const first = totals[0];
  const last = totals[totals.length - 1];
  const minus = (b: string | null, a: string | null) => (a !== null && b !== null ? Dec.of(b).sub(Dec.of(a)).toString() : null);
  const delta = minus(last, first);
  const steps = totals.slice(1).map((t, i) => minus(t, totals[i]!));

  // Every dated change of a measure that covers this product and origin, and of its own HTS line, between the first and last date.
  const { product } = findProduct(ds, q0);
  const covering = measuresCovering(ds, q0.importer, q0.origin, { chapter: product.chapter, digits: digitsOf(product.leaves[0].code) });
  const [first_, last_] = [sorted[0]!, sorted[sorted.length - 1]!];
  const events = [...eventsBetween(covering, first_, last_), ...lineEvents(ds, q0.importer, digitsOf(q0.hts), first_, last_)].sort((a, b) => a.date.localeCompare(b.date));
  return { dates: sorted, quotes, refused, rows, totals, delta_pct: delta, steps_pct: steps, events };
}

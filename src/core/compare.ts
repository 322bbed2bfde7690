/**
 * The same product on several entry dates or from several origins (or both, a grid): one column per origin and date,
 * the change, the legal reason for each line, and the legal events between the dates.
 */
import { Dec } from './decimal.js';
import type { Dataset } from './dataset.js';
import { findProduct, quote, type Quote, type QueryInput } from './engine.js';
import { digitsOf } from './product.js';
import { NotInForceError, QueryError } from './errors.js';
import { lineEvents } from './nomenclature.js';
import { eventsBetween, measuresCovering, type LegalEvent } from './events.js';

export type { LegalEvent };

export interface Comparison {
  /** the entry date of each column */
  dates: string[];
  /** the origin of each column */
  origins: string[];
  /** null on a date on which the code is not a line of the HTS (see `refused`) */
  quotes: (Quote | null)[];
  /** per date: why the code has no line on it (renumbered, not yet made), else null */
  refused: (string | null)[];
  rows: { measure: string; name: string; cells: (string | null)[]; /** per column: the citation of the line (the legal reason for its cell) */ citations: (string | null)[] }[];
  totals: (string | null)[];
  /** last total minus first total, in percentage points */
  delta_pct: string | null;
  /** each total minus the one before it (one fewer than the dates), in percentage points */
  steps_pct: (string | null)[];
  events: LegalEvent[];
}

export function compare(ds: Dataset, input: Omit<QueryInput, 'date'>, dates: string[], origins?: string[]): Comparison {
  const byOrigin = origins && origins.length ? [...new Set(origins.map((o) => o.trim().toUpperCase()))] : [input.origin];
  const sorted = [...new Set(dates)].sort();
  const columns = byOrigin.flatMap((origin) => sorted.map((date) => ({ origin, date })));
  if (columns.length < 2) throw new QueryError(origins ? 'compare needs at least two columns: two origins (--origins CN,VN) or two dates (--dates D1,D2)' : 'compare needs at least two dates (--dates D1,D2)');
  const refused: (string | null)[] = columns.map(() => null);
  const quotes = columns.map(({ origin, date }, i) => {
    try {
      return quote(ds, { ...input, origin, date });
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
      if (!row) rows.push((row = { measure: l.measure, name: l.name, cells: columns.map(() => null), citations: columns.map(() => null) }));
      row.citations[i] = l.citation.title;
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
  const [first_, last_] = [sorted[0]!, sorted[sorted.length - 1]!];
  const seen = new Set<string>();
  const events: LegalEvent[] = [];
  for (const origin of byOrigin.map((o) => o ?? q0.origin)) {
    const covering = measuresCovering(ds, q0.importer, origin, { chapter: product.chapter, digits: digitsOf(product.leaves[0].code) });
    for (const e of eventsBetween(covering, first_, last_, origin)) {
      const k = JSON.stringify(e);
      if (!seen.has(k)) seen.add(k), events.push(e);
    }
  }
  for (const e of lineEvents(ds, q0.importer, digitsOf(q0.hts), first_, last_)) events.push(e);
  events.sort((a, b) => a.date.localeCompare(b.date));
  return { dates: columns.map((c) => c.date), origins: columns.map((c) => c.origin ?? q0.origin), quotes, refused, rows, totals, delta_pct: delta, steps_pct: steps, events };
}

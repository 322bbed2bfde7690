/** Every change point for one product: the total and the legal events at each step. */
import type { Dataset } from './dataset.js';
import { changePoints, checkDate, findProduct, normalizeQuery, quote, type Quote, type QueryInput } from './engine.js';
import { QueryError } from './errors.js';
import { eventsBetween, measuresCovering, prevDay, type LegalEvent } from './events.js';
import { digitsOf } from './product.js';

export interface Step {
  /** first entry date of the step */
  from: string;
  /** last entry date of the step (inclusive) */
  to: string;
  rate_pct: string | null;
  complete: boolean;
  /** what an incomplete step needs */
  missing: string[];
  /** the layers in force, "heading rate" */
  layers: string[];
  /** the legal events that start this step */
  events: LegalEvent[];
}

export interface Timeline {
  hts: string;
  description: string;
  origin: string;
  importer: string;
  steps: Step[];
}

const layers = (q: Quote) => q.lines.filter((l) => l.status !== 'exempt' && l.status !== 'suspended').map((l) => `${l.heading ?? 'MFN'} ${l.rate}`);

export function timeline(ds: Dataset, input: Omit<QueryInput, 'date'>, fromText: string, toText: string): Timeline {
  const from = checkDate(fromText, '--from');
  const to = checkDate(toText, '--to');
  if (to < from) throw new QueryError('--to is before --from');
  const q0 = normalizeQuery(ds, { ...input, date: from });
  const { product } = findProduct(ds, q0);
  const covering = measuresCovering(ds, q0.importer, q0.origin, { chapter: product.chapter, digits: digitsOf(product.leaves[0].code) });

  const dates = [from, ...changePoints(ds, q0.importer).filter((d) => d > from && d <= to)];
  const steps: Step[] = [];
  for (const date of dates) {
    const q = quote(ds, { ...input, date });
    const l = layers(q);
    const last = steps[steps.length - 1];
    if (last && last.rate_pct === q.total.rate_pct && last.layers.join() === l.join()) continue;
    if (last) last.to = prevDay(date);
    steps.push({ from: date, to, rate_pct: q.total.rate_pct, complete: q.total.complete, missing: q.total.missing, layers: l, events: last ? eventsBetween(covering, prevDay(date), date) : [] });
  }
  return { hts: q0.hts, description: product.line?.description ?? product.leaves[0].description, origin: q0.origin, importer: q0.importer, steps };
}

/** Every change point for one product: the total and the legal events at each step. */
import type { Dataset } from './dataset.js';
import { changePoints, checkDate, findProduct, normalizeQuery, quote, type Quote, type QueryInput } from './engine.js';
import { NotInForceError, QueryError } from './errors.js';
import { lineEvents } from './nomenclature.js';
import type { Measure } from './schema.js';
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
  const digits = digitsOf(q0.hts);
  const dates = [from, ...changePoints(ds, q0.importer).filter((d) => d > from && d <= to)];
  const steps: Step[] = [];
  let covering: Measure[] | undefined;
  let description: string | undefined;
  let firstRefusal: NotInForceError | undefined;
  for (const date of dates) {
    // a date on which the code is not a line of the HTS (renumbered, or not yet made) is a step of its own
    let q: Quote | undefined;
    let refused: NotInForceError | undefined;
    try {
      q = quote(ds, { ...input, date });
    } catch (e) {
      if (!(e instanceof NotInForceError)) throw e;
      refused = e;
      firstRefusal ??= e;
    }
    if (q && !covering) {
      const { product } = findProduct(ds, q.query);
      covering = measuresCovering(ds, q0.importer, q0.origin, { chapter: product.chapter, digits: digitsOf(product.leaves[0]!.code) });
      description = q.product.description;
    }
    const l = q ? layers(q) : [];
    const last = steps[steps.length - 1];
    const lineChanges = last ? lineEvents(ds, q0.importer, digits, prevDay(date), date) : [];
    if (last && last.rate_pct === (q?.total.rate_pct ?? null) && last.layers.join() === l.join() && !lineChanges.length) continue;
    if (last) last.to = prevDay(date);
    const events = last ? [...eventsBetween(covering ?? [], prevDay(date), date, q0.origin), ...lineChanges] : [];
    if (q) steps.push({ from: date, to, rate_pct: q.total.rate_pct, complete: q.total.complete, missing: q.total.missing, layers: l, events });
    else steps.push({ from: date, to, rate_pct: null, complete: false, missing: [refused!.message], layers: [], events });
  }
  if (description === undefined) throw firstRefusal!;
  return { hts: q0.hts, description, origin: q0.origin, importer: q0.importer, steps };
}

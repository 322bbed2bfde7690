/**
 * The public entry point: a query in, a priced quote out, with the hint of what an exclusion claim would give.
 */
import type { Dataset } from './dataset.js';
import type { Quote } from './answer.js';
import { assess } from './assess.js';
import { price } from './pricing.js';
import { type QueryInput, type Query, normalizeQuery } from './query.js';

export function quote(ds: Dataset, input: QueryInput): Quote {
  const q = normalizeQuery(ds, input);
  const asOf = input.asOf ?? q.date;
  const out = price(assess(ds, q, asOf), q.value);
  exclusionHint(ds, q, asOf, out);
  return out;
}

/** China's claim that lifts its Section 301 countermeasures for goods holding an exclusion (schedules/cn/section301). */
const CN_EXCLUSION = 'cn-exclusion';

/**
 * When a countermeasure that an exclusion lifts applies and the query does not claim one, the first such line says what
 * the total would be with `--claim cn-exclusion` (a hint, not an answer: only goods that hold an exclusion may claim it).
 */
function exclusionHint(ds: Dataset, q: Query, asOf: string, out: Quote) {
  if (q.importer !== 'CN' || q.claims.includes(CN_EXCLUSION)) return;
  const alt = price(assess(ds, { ...q, claims: [...q.claims, CN_EXCLUSION] }, asOf), q.value);
  const lifted = out.lines.filter((l, i) => l.status !== 'exempt' && alt.lines[i]?.measure === l.measure && alt.lines[i]?.status === 'exempt');
  if (!lifted.length) return;
  const total = alt.total.rate_pct === null ? 'not complete' : `${alt.total.rate_pct}% in total`;
  lifted[0].notes = [...lifted[0].notes, `With an exclusion (--claim ${CN_EXCLUSION}, for goods that hold one): ${lifted.map((l) => l.name).join('; ')} would not apply, ${total}.`];
}

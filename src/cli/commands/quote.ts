import { openDataset } from '../dataset.js';
import { quote } from '../../core/engine.js';
import { todayEastern } from '../today.js';
import type { Outcome } from '../main.js';

export interface QuoteFlags {
  origin: string;
  importer: string;
  date?: string;
  value?: string;
  qty?: string;
  unit?: string;
  claim: string[];
  loaded?: string;
  json?: boolean;
}

export async function runQuote(hts: string, o: QuoteFlags, g: { color?: boolean; schedules?: string }): Promise<Outcome> {
  const ds = await openDataset(g.schedules);
  const today = todayEastern();
  const q = quote(ds, { hts, origin: o.origin, importer: o.importer, date: o.date ?? today, value: o.value, qty: o.qty, unit: o.unit, claims: o.claim, loaded: o.loaded, asOf: today });
  const exit = q.total.complete ? 0 : 1;
  if (o.json) return { stdout: JSON.stringify(q, null, 2), exit };
  const { makeChalk } = await import('../color.js');
  const c = makeChalk(g.color);
  const { renderQuote } = await import('../render.js');
  return { stdout: renderQuote(q, c, o.date ? '' : ' (today)'), stderr: q.warnings.map((w) => c.yellow(`warning: ${w}`)), exit };
}

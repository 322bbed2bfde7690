import { openDataset } from '../dataset.js';
import { quote } from '../../core/engine.js';
import { todayEastern } from '../today.js';
import type { Outcome } from '../main.js';
import type { Quote } from '../../core/engine.js';
import { Dec } from '../../core/decimal.js';

export interface QuoteFlags {
  origin?: string;
  importer: string;
  date?: string;
  value?: string;
  qty?: string;
  unit?: string;
  claim: string[];
  spi?: string;
  content: string[];
  loaded?: string;
  mode?: string;
  postal?: boolean;
  entry?: string;
  quiet?: boolean;
  json?: boolean;
  failAbove?: string;
  strict?: boolean;
}

/** The checks a script asked for: exit 1 and say why. */
export async function quoteChecks(q: Quote, o: { failAbove?: string; strict?: boolean }): Promise<string[]> {
  const { threshold } = await import('./batch.js');
  const limit = threshold(o.failAbove);
  const problems: string[] = [];
  if (limit && q.total.rate_pct !== null && Dec.of(q.total.rate_pct).cmp(limit) > 0) problems.push(`tariff: total ${q.total.rate_pct}% exceeds --fail-above ${o.failAbove}% (${q.product.hts}, ${q.query.origin}, ${q.query.date})`);
  if (o.strict && q.warnings.length) problems.push(`tariff: --strict: the answer carries ${q.warnings.length} data warning(s)`);
  return problems;
}

export async function runQuote(hts: string, o: QuoteFlags, g: { color?: boolean; schedules?: string }): Promise<Outcome> {
  const ds = await openDataset(g.schedules);
  const today = todayEastern();
  const q = quote(ds, { hts, origin: o.origin, importer: o.importer, date: o.date ?? today, value: o.value, qty: o.qty, unit: o.unit, claims: o.claim, content: o.content, loaded: o.loaded, mode: o.mode, postal: o.postal, entry: o.entry, spi: o.spi, asOf: today });
  const problems = await quoteChecks(q, o);
  const exit = q.total.complete && !problems.length ? 0 : 1;
  if (o.json) return { stdout: JSON.stringify(q, null, 2), stderr: problems, exit };
  const { makeChalk } = await import('../color.js');
  const c = makeChalk(g.color);
  const e = makeChalk(g.color, 2);
  const { renderQuote } = await import('../render.js');
  const { outputWidth, textWidth, wrap } = await import('../width.js');
  const width = outputWidth();
  const w = textWidth(width);
  return { stdout: renderQuote(q, c, o.date ? '' : ' (today)', width), stderr: [...q.warnings.map((x) => e.yellow(wrap(`warning: ${x}`, w, '  '))), ...(o.quiet ? [] : q.notices.map((x) => e.gray(wrap(`note: ${x}`, w, '  ')))), ...problems], exit };
}

import { openDataset } from '../dataset.js';
import { compare } from '../../core/compare.js';
import { QueryError } from '../../core/errors.js';
import { todayEastern } from '../today.js';
import type { Outcome } from '../main.js';
import type { QuoteFlags } from './quote.js';

export async function runCompare(hts: string, o: Omit<QuoteFlags, 'loaded'> & { dates?: string; origins?: string; quiet?: boolean }, g: { color?: boolean; schedules?: string }): Promise<Outcome> {
  const ds = await openDataset(g.schedules);
  if (o.origins && o.origin) throw new QueryError('give --origins or --origin, not both');
  if (o.date && !o.origins) throw new QueryError('--date goes with --origins; for several dates give --dates D1,D2');
  const list = (x: string) => x.split(',').map((d) => d.trim()).filter(Boolean);
  const dates = o.dates ? list(o.dates) : o.origins ? [o.date ?? todayEastern()] : ['2025-11-09', '2025-11-10'];
  const input = { hts, origin: o.origin, importer: o.importer, value: o.value, qty: o.qty, unit: o.unit, claims: o.claim, content: o.content, spi: o.spi, asOf: todayEastern() };
  const cmp = compare(ds, input, dates, o.origins ? list(o.origins) : undefined);
  // a date on which the code is not a line of the HTS is incomplete (its column says why)
  const exit = cmp.quotes.every((q) => q?.total.complete) ? 0 : 1;
  const warnings = [...new Set(cmp.quotes.flatMap((q) => q?.warnings ?? []))];
  // a notice is said once for all the dates
  const notices = [...new Set(cmp.quotes.flatMap((q) => q?.notices ?? []))];
  if (o.json) return { stdout: JSON.stringify({ ...cmp, warnings, notices }, null, 2), exit };
  const { makeChalk } = await import('../color.js');
  const c = makeChalk(g.color);
  const e = makeChalk(g.color, 2);
  const { renderCompare } = await import('../render.js');
  const { outputWidth, textWidth, wrap } = await import('../width.js');
  const width = outputWidth();
  const w = textWidth(width);
  return { stdout: renderCompare(cmp, c, width), stderr: [...warnings.map((x) => e.yellow(wrap(`warning: ${x}`, w, '  '))), ...(o.quiet ? [] : notices.map((x) => e.gray(wrap(`note: ${x}`, w, '  '))))], exit };
}

import { openDataset } from '../dataset.js';
import { timeline, type Timeline } from '../../core/timeline.js';
import { Dec } from '../../core/decimal.js';
import { todayEastern } from '../today.js';
import type { Outcome } from '../main.js';
import type { ChalkInstance } from 'chalk';

export async function runTimeline(hts: string, o: { origin?: string; importer: string; from?: string; to?: string; claim: string[]; content: string[]; spi?: string; json?: boolean }, g: { color?: boolean; schedules?: string }): Promise<Outcome> {
  const ds = await openDataset(g.schedules);
  const today = todayEastern();
  const t = timeline(ds, { hts, origin: o.origin, importer: o.importer, claims: o.claim, content: o.content, spi: o.spi, asOf: today }, o.from ?? ds.meta.modelled_from, o.to ?? today);
  const incomplete = t.steps.filter((s) => !s.complete);
  const exit = incomplete.length ? 1 : 0;
  const stderr = incomplete.length ? [`tariff: ${incomplete.length} step(s) are incomplete: ${[...new Set(incomplete.flatMap((s) => s.missing))].join('; ')}`] : [];
  if (o.json) return { stdout: JSON.stringify(t, null, 2), stderr, exit };
  const { makeChalk } = await import('../color.js');
  return { stdout: renderTimeline(t, makeChalk(g.color)), stderr, exit };
}

/** One row per step: its dates, a bar as long as the total rate, the total and the events that start it. */
export function renderTimeline(t: Timeline, c: ChalkInstance): string {
  const max = t.steps.reduce((m, s) => (s.rate_pct !== null && Dec.of(s.rate_pct).cmp(m) > 0 ? Dec.of(s.rate_pct) : m), Dec.of('1'));
  const width = 40;
  const out = [`${c.bold(t.hts)}  ${t.description}`, `origin ${t.origin}, importer ${t.importer}`, ''];
  for (const s of t.steps) {
    const cells = s.rate_pct === null ? 0 : Math.round(Number(Dec.of(s.rate_pct).mul(Dec.of(String(width))).div(max).toString(2)));
    const bar = c.cyan('█'.repeat(cells)) + ' '.repeat(width - cells);
    const total = s.rate_pct === null ? c.red('incomplete') : `${s.rate_pct}%`;
    out.push(`${s.from} .. ${s.to}  ${bar} ${total.padStart(7)}`);
    for (const e of s.events) out.push(`${' '.repeat(26)}${e.name}${e.heading ? ` (${e.heading})` : ''}: ${e.from} -> ${e.to}; ${c.gray(e.citation.title)}`);
  }
  return out.join('\n');
}

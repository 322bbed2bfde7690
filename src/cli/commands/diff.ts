import { openDataset } from '../dataset.js';
import { diff } from '../../core/diff.js';
import { todayEastern } from '../today.js';
import type { Outcome } from '../main.js';

export async function runDiff(o: { from: string; to: string; origin?: string; importer: string; hts?: string; claim: string[]; json?: boolean }, g: { color?: boolean; schedules?: string }): Promise<Outcome> {
  const ds = await openDataset(g.schedules);
  const d = diff(ds, { from: o.from, to: o.to, origin: o.origin, importer: o.importer, hts: o.hts, claims: o.claim, asOf: todayEastern() });
  if (o.json) return { stdout: JSON.stringify(d, null, 2), exit: 0 };
  const { makeChalk } = await import('../color.js');
  const c = makeChalk(g.color);
  const scope = [`importer ${d.importer}`, d.origin ? `origin ${d.origin}` : 'all origins', d.hts ? `product ${d.hts}` : 'all products'].join(', ');
  const out = [c.bold(`Changes from ${d.from} to ${d.to}`) + ` (${scope})`];
  if (!d.changes.length) out.push('', 'Nothing changed.');
  for (const ch of d.changes) {
    const heading = ch.heading_from === ch.heading_to ? (ch.heading_to ?? '') : `${ch.heading_from ?? '-'} -> ${ch.heading_to ?? '-'}`;
    out.push('', `${c.bold(ch.name)}${heading ? ` (${heading})` : ''}: ${ch.from} -> ${c.yellow(ch.to)}`);
    for (const e of ch.events) out.push(`  ${e.date}  ${e.from} -> ${e.to}  ${e.citation.title}`, `              ${c.gray(e.citation.href)}`);
  }
  if (d.totals) {
    out.push('');
    for (const t of d.totals) out.push(`Total for ${d.hts} from ${t.origin}: ${t.from ?? '?'}% -> ${t.to ?? '?'}%`);
  }
  return { stdout: out.join('\n'), exit: 0 };
}

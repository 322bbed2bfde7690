import { openDataset } from '../dataset.js';
import { sources } from '../../core/sources.js';
import type { Outcome } from '../main.js';

export async function runSources(query: string, o: { json?: boolean }, g: { color?: boolean; schedules?: string }): Promise<Outcome> {
  const s = sources(await openDataset(g.schedules), query);
  if (o.json) return { stdout: JSON.stringify(s, null, 2), exit: 0 };
  const { makeChalk } = await import('../color.js');
  const c = makeChalk(g.color);
  const out: string[] = [];
  if (s.heading_text !== null) out.push(`${c.bold(s.query)} (HTS ${s.revision}): ${s.heading_text}`, '');
  else if (/^99/.test(s.query)) out.push(`${c.bold(s.query)}: not in the HTS ${s.revision} data`, '');
  for (const m of s.measures) {
    out.push(`${c.bold(m.name)} (${m.measure})`, `  authority: ${m.authority}`, `  origins: ${m.origins.join(', ')}; products: ${m.products}`);
    for (const v of m.values) {
      out.push(`  ${v.from}${v.effective_time ? ` ${v.effective_time}` : ''}  ${v.rate === null ? 'ends' : '+' + v.rate}${v.heading ? ` ${v.heading}` : ''}${v.basis !== 'customs_value' ? ` on ${v.basis.replace('content:', '')} content` : ''}  [${v.status}]`);
      out.push(`      ${v.citation.title}`, `      ${c.gray(v.citation.href)}`);
    }
    for (const e of m.exceptions) out.push(`  exception${e.heading ? ` ${e.heading}` : ''} (${e.when}${e.claim && e.claim !== e.heading ? `: --claim ${e.claim}` : ''}): ${e.name}`, `      ${e.citation.title}`, `      ${c.gray(e.citation.href)}`);
    if (m.invalidated) out.push(`  invalidated ${m.invalidated.on}: ${m.invalidated.citation.title}`, `      ${m.invalidated.note}`);
    if (m.note) out.push(`  note: ${m.note}`);
    out.push(`  verified through ${m.verified_through}`, '');
  }
  return { stdout: out.join('\n').trimEnd(), exit: 0 };
}

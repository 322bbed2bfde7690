/** Averages for people (a table per date, the measures' parts, what was left out) and as CSV. */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { DateAverage } from '../core/average.js';
import { textWidth, wrap } from './width.js';
import { csvField } from '../core/csv.js';

const pct = (x: number | null, places = 2) => (x === null ? '-' : `${x.toFixed(places)}%`);
const pts = (x: number | null) => (x === null ? '' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);
const bn = (v: number) => (v >= 1e9 ? `$${(v / 1e9).toFixed(1)}bn` : v >= 1e6 ? `$${(v / 1e6).toFixed(1)}m` : `$${Math.round(v).toLocaleString('en-US')}`);
/** parts smaller than this are summed into one row, so that the table stays short and the column still adds up */
const SMALL = 0.05;

export function renderAverage(res: DateAverage[], o: { weights: string; origin?: string; series: boolean; by?: string }, c: ChalkInstance, width?: number): string {
  const w = textWidth(width);
  const out = [wrap(`${c.bold('Average tariff')}${o.origin ? ` on goods of ${o.origin}` : ''}, weighted by ${o.weights}`, w, '  '), ''];
  const head = ['Date', 'Average', 'Change', 'Simple', 'Answered', 'Left out'];
  const t = new Table({ head: head.map((h) => c.bold(h)), colAligns: ['left', 'right', 'right', 'right', 'right', 'right'], style: { head: [], border: [] } });
  for (const d of res) {
    const range = d.high_pct !== null && d.low_pct !== null && d.high_pct - d.low_pct > 0.005 ? `${pct(d.low_pct)}-${pct(d.high_pct)}` : pct(d.average_pct);
    t.push([d.date, c.bold(range), pts(d.change_pts), pct(d.simple_pct), bn(d.value_answered), bn(d.value_left_out)]);
  }
  out.push(t.toString());
  if (o.series) out.push('', ...chart(res, c));
  out.push('', c.bold('What each measure adds, in points of the average'), parts(res, c, w));
  const last = res.at(-1)!;
  if (last.left_out.length) {
    out.push('', c.bold(`Left out on ${last.date}`) + ' (value, lines)');
    for (const l of last.left_out) out.push(wrap(`  ${bn(l.value).padStart(9)} ${String(l.lines).padStart(6)}  ${l.reason}`, w, ' '.repeat(19)));
  }
  for (const a of last.assumptions) {
    const moved = a.moved_pts === null ? '' : `; priced so, they move the average by ${pts(a.moved_pts)} points`;
    out.push('', wrap(`Assumed on ${last.date}: ${a.what} for ${a.lines} lines (${bn(a.value)})${moved} (--content-share PCT or --content-shares FILE to change it).`, w, '  '));
  }
  if (last.mapped.lines) out.push(wrap(`${last.mapped.lines} codes of the weights are not lines of the HTS on ${last.date}: answered by their 8-digit line (${bn(last.mapped.value)}).`, w, '  '));
  if (res.some((d) => d.high_pct !== null && d.low_pct !== null && d.high_pct - d.low_pct > 0.005)) out.push(wrap('A range: lines that ask which list or metal applies are priced at their lowest and at their highest rate.', w, '  '));
  if (last.groups) {
    out.push('', c.bold(`By ${o.by} on ${last.date}`));
    const g = new Table({ head: [o.by === 'section' ? 'Section' : 'Chapter', 'Value', 'Average'].map((h) => c.bold(h)), colAligns: ['left', 'right', 'right'], style: { head: [], border: [] } });
    for (const x of last.groups) g.push([x.name, bn(x.value), pct(x.average_pct)]);
    out.push(g.toString());
  }
  return out.join('\n');
}

/** The measures' parts, a column per date (the small ones summed), adding up to the average. */
function parts(res: DateAverage[], c: ChalkInstance, w: number | undefined): string {
  const ids = [...new Set(res.flatMap((d) => d.contributions.filter((x) => Math.abs(x.pts) >= SMALL).map((x) => x.measure)))];
  const names = new Map(res.flatMap((d) => d.contributions.map((x) => [x.measure, x.name] as const)));
  const shown = res.slice(-Math.max(1, w ? Math.floor((w - 30) / 10) : 8));
  const t = new Table({ head: ['Measure', ...shown.map((d) => d.date)].map((h) => c.bold(h)), colAligns: ['left', ...shown.map(() => 'right' as const)], wordWrap: true, ...(w ? { colWidths: [w - 3 - shown.length * 11, ...shown.map(() => 10)] } : {}), style: { head: [], border: [] } });
  const at = (d: DateAverage, id: string) => d.contributions.find((x) => x.measure === id)?.pts ?? 0;
  for (const id of ids) t.push([names.get(id)!, ...shown.map((d) => at(d, id).toFixed(2))]);
  const rest = shown.map((d) => d.contributions.filter((x) => !ids.includes(x.measure)).reduce((s, x) => s + x.pts, 0));
  if (rest.some((x) => Math.abs(x) >= 0.005)) t.push([`other measures (each under ${SMALL} points)`, ...rest.map((x) => x.toFixed(2))]);
  t.push([c.bold('Average (low end of a range)'), ...shown.map((d) => c.bold((d.low_pct ?? 0).toFixed(2)))]);
  return t.toString();
}

/** A bar per date, as long as its average. */
function chart(res: DateAverage[], c: ChalkInstance): string[] {
  const max = Math.max(1, ...res.map((d) => d.average_pct ?? 0));
  return res.map((d, i) => {
    const cells = Math.round(((d.average_pct ?? 0) * 40) / max);
    const to = res[i + 1]?.date ?? '';
    return `${d.date}${to ? ` .. ${to}` : '             '}  ${c.cyan('█'.repeat(cells))}${' '.repeat(40 - cells)} ${pct(d.average_pct).padStart(7)}`;
  });
}

/** One row per date: the averages, the value answered and left out, and a column per measure (points). */
export function averageCsv(res: DateAverage[]): string {
  const ids = [...new Set(res.flatMap((d) => d.contributions.map((x) => x.measure)))].sort();
  const head = ['date', 'average_pct', 'simple_pct', 'low_pct', 'high_pct', 'change_pts', 'lines_answered', 'value_answered', 'value_left_out', ...ids.map((id) => `pts:${id}`)];
  const f = (x: number | null) => (x === null ? '' : String(Math.round(x * 1e6) / 1e6));
  const rows = res.map((d) => [d.date, f(d.average_pct), f(d.simple_pct), f(d.low_pct), f(d.high_pct), f(d.change_pts), String(d.lines_answered), String(Math.round(d.value_answered)), String(Math.round(d.value_left_out)), ...ids.map((id) => f(d.contributions.find((x) => x.measure === id)?.pts ?? 0))].map(csvField).join(','));
  return [head.join(','), ...rows].join('\n');
}

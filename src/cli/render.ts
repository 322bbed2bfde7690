/** Human-readable tables for quote and compare (cli-table3 + chalk). */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Quote, LineStatus } from '../core/engine.js';
import type { Comparison } from '../core/compare.js';
import { NARROW_BELOW, textWidth, wrap } from './width.js';

/** cli-table3 border characters without the lines between rows (the narrow layout) */
const NO_ROW_LINES = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
const narrow = (width: number | undefined): width is number => width !== undefined && width < NARROW_BELOW;

function statusText(c: ChalkInstance, s: LineStatus): string {
  switch (s) {
    case 'in force':
      return c.green(s);
    case 'refundable':
    case 'scheduled':
      return c.yellow(s);
    case 'exempt':
    case 'suspended':
      return c.gray(s);
    default:
      return c.red(s);
  }
}

/** the customs value and amounts are in the importing country's currency */
const CURRENCY: Record<string, string> = { US: '$', CN: 'CNY ' };
const moneyIn = (importer: string) => (a: string | null) => (a === null ? '-' : (CURRENCY[importer] ?? '') + a.replace(/\B(?=(\d{3})+(?!\d))/g, ','));

function totalText(q: Quote): string {
  const t = q.total;
  const known = `${t.ad_valorem_pct}%${t.specific.length ? ' + ' + t.specific.join(' + ') : ''}`;
  const rate = t.rate_pct !== null ? `${t.rate_pct}%` : t.complete ? known : `at least ${known}`;
  return `${rate}${t.amount !== null ? ` = ${moneyIn(q.query.importer)(t.amount)}` : ''}`;
}

/** Numbers each distinct citation once: [1], [2], ... */
function sourceList() {
  const refs: { title: string; href: string }[] = [];
  const ref = (r: { title: string; href: string }) => {
    let i = refs.findIndex((x) => x.title === r.title && x.href === r.href);
    if (i < 0) i = refs.push(r) - 1;
    return `[${i + 1}]`;
  };
  const render = (c: ChalkInstance, width?: number) => [
    '',
    c.bold('Sources'),
    ...refs.map((r, i) => `${wrap(`  [${i + 1}] ${r.title}`, width, '      ')}\n${wrap(`      ${r.href}`, width, '      ').split('\n').map((l) => c.gray(l)).join('\n')}`),
  ];
  return { ref, render };
}

/**
 * The lines of a quote as a table: wide, one column per field; or below 120 columns one that fits 80: the measure,
 * rate, amount and status, with the heading, basis and source on a second line of the cell, no lines between rows.
 */
function linesTable(q: Quote, c: ChalkInstance, src: ReturnType<typeof sourceList>, width: number | undefined): string {
  const withAmount = q.query.value !== null;
  const money = moneyIn(q.query.importer);
  const headingOf = (l: Quote['lines'][number]) => l.heading ?? (l.measure === 'us.mfn' ? q.product.rate_line ?? '' : '-');
  if (!narrow(width)) {
    const head = ['Measure', 'Heading', 'Rate', 'Basis', ...(withAmount ? ['Amount'] : []), 'Status', 'Src'];
    const table = new Table({ head: head.map((h) => c.bold(h)), style: { head: [], border: [] } });
    for (const l of q.lines) table.push([l.name, headingOf(l), l.rate, l.basis, ...(withAmount ? [money(l.amount)] : []), statusText(c, l.status), src.ref(l.citation)]);
    return table.toString();
  }
  // the short columns as wide as their longest cell (plus padding); the measure column takes the rest of 80
  const short = [['Rate', (l: Quote['lines'][number]) => l.rate], ...(withAmount ? [['Amount', (l: Quote['lines'][number]) => money(l.amount)] as const] : []), ['Status', (l: Quote['lines'][number]) => l.status]] as const;
  const widths = short.map(([h, cell]) => Math.max(h.length, ...q.lines.map((l) => cell(l).length)) + 2);
  const measureWidth = Math.max(24, Math.min(width, 80) - widths.reduce((a, b) => a + b, 0) - (widths.length + 2));
  const table = new Table({ head: ['Measure', ...short.map(([h]) => h)].map((h) => c.bold(h)), colWidths: [measureWidth, ...widths], wordWrap: true, chars: NO_ROW_LINES, style: { head: [], border: [] } });
  for (const l of q.lines) {
    const cells = short.map(([h, cell]) => (h === 'Status' ? statusText(c, l.status) : cell(l)));
    table.push([`${l.name}\n${c.gray(`${headingOf(l)}, ${l.basis} ${src.ref(l.citation)}`)}`, ...cells]);
  }
  return table.toString();
}

export function renderQuote(q: Quote, c: ChalkInstance, dateNote: string, width?: number): string {
  const withAmount = q.query.value !== null;
  const money = moneyIn(q.query.importer);
  const src = sourceList();
  const w = textWidth(width);
  const total = c.bold(`Total: ${totalText(q)}`) + (q.total.complete ? '' : c.red(' (incomplete)'));
  const out = [
    wrap(`${c.bold(q.product.hts)}  ${q.product.description}`, w, '  '),
    wrap(
      `origin ${q.query.origin}, importer ${q.query.importer}, entry date ${q.query.date}${dateNote}${withAmount ? `, customs value ${money(Dec2(q.query.value!))}` : ''}${q.query.qty ? `, ${q.query.qty} ${q.query.unit}` : ''}` +
        Object.entries(q.query.content).map(([m, p]) => `, ${m} content ${p}%`).join('') + (q.query.mode ? `, by ${q.query.mode}` : ''),
      w,
      '  ',
    ),
    linesTable(q, c, src, width),
    total,
  ];
  for (const m of q.total.missing) out.push(c.red(wrap(`  missing: ${m}`, w, '    ')));
  if (q.fees.length && withAmount) {
    out.push('', c.bold('Fees (not part of the duty rate)'));
    for (const f of q.fees) out.push(wrap(`  ${f.name}: ${f.rate}${f.min ? ` (min $${f.min}, max $${f.max})` : ''} = ${money(f.amount)}${f.status === 'unconfirmed' ? c.yellow(' (unconfirmed)') : f.status === 'not known' ? c.yellow(' (not known)') : ''}  ${src.ref(f.citation)}`, w, '    '));
    out.push(c.bold(`Duties and fees: ${money(q.total.duties_and_fees)}`));
  }
  const notes = [...new Set(q.lines.flatMap((l) => l.notes))];
  if (notes.length) out.push('', c.bold('Notes'), ...notes.map((n) => wrap(`  - ${n}`, w, '    ')));
  out.push(...src.render(c, w));
  return out.join('\n');
}

const Dec2 = (v: string) => (v.includes('.') ? v : v + '.00');

const pts = (d: string | null) => (d === null ? '?' : (d.startsWith('-') ? '' : '+') + d + ' pts');

/**
 * One column per date; the Change column says between which adjacent dates a measure changed, and the total row
 * gives each step in points (with three or more dates, the first-to-last difference alone would hide a rise and fall).
 */
export function renderCompare(cmp: Comparison, c: ChalkInstance, width?: number): string {
  const q0 = cmp.quotes.find((q) => q !== null)!;
  const w = textWidth(width);
  const n = cmp.dates.length;
  const many = n > 2;
  const byOrigin = new Set(cmp.origins).size > 1;
  const byDate = new Set(cmp.dates).size > 1;
  // a column is named by what varies: the origin, the date, or both (a grid)
  const heads = cmp.dates.map((d, i) => (byOrigin && byDate ? `${cmp.origins[i]} ${d}` : byOrigin ? cmp.origins[i]! : d));
  // narrow: each column and the change 12 wide (a date or a heading fits), the measure the rest of the width
  const cell = 12;
  const layout = w ? { colWidths: [Math.max(12, w - (n + 3) - cell * (n + 1)), ...Array(n + 1).fill(cell)] } : {};
  const table = new Table({ head: ['Measure', ...heads, 'Change'].map((h) => c.bold(h)), wordWrap: true, ...layout, ...(w ? { chars: NO_ROW_LINES } : {}), style: { head: [], border: [] } });
  for (const r of cmp.rows) {
    const cells = r.cells.map((x) => x ?? '-');
    const changed = cells.slice(1).map((x, i) => (x !== cells[i] ? (many ? `${i + 1}→${i + 2}` : 'changed') : '')).filter(Boolean);
    table.push([r.name, ...cells, changed.length ? c.yellow(changed.join(', ')) : '']);
  }
  const delta = many ? cmp.steps_pct.map(pts).join(w ? ' ' : ', ') : pts(cmp.delta_pct);
  table.push([c.bold('Total'), ...cmp.quotes.map((q) => (q ? c.bold(totalText(q)) + (q.total.complete ? '' : c.red(' (incomplete)')) : c.red('not in the HTS'))), c.bold(delta)]);
  const scope = byOrigin ? `origins ${[...new Set(cmp.origins)].join(', ')}${byDate ? '' : `, entry date ${cmp.dates[0]}`}` : `origin ${q0.query.origin}`;
  const out = [wrap(`${c.bold(q0.product.hts)}  ${q0.product.description}`, w, '  '), `${scope}, importer ${q0.query.importer}`, table.toString()];
  if (byOrigin) out.push(...reasons(cmp, heads, c, w));
  cmp.refused.forEach((r, i) => r && out.push(wrap(`${heads[i]}: ${r}`, w, '  ')));
  if (many) out.push(wrap(`Change: between the columns numbered from 1 (${heads[0]}) to ${n} (${heads.at(-1)}); first to last ${pts(cmp.delta_pct)}.`, w, '  '));
  if (cmp.events.length) {
    out.push('', c.bold('Legal events'));
    for (const e of cmp.events) {
      out.push(wrap(`  ${e.date}  ${e.name}${e.heading ? ` (${e.heading})` : ''}: ${e.from} -> ${e.to}`, w, '              '), wrap(`              ${e.citation.title}`, w, '              '));
      out.push(wrap(`              ${e.citation.href}`, w, '              ').split('\n').map((l) => c.gray(l)).join('\n'));
    }
  } else if (byDate) out.push('', 'No measure covering this product changed between these dates.');
  return out.join('\n');
}

/** Why the columns differ: for each measure whose cells are not all alike, each column's line and its legal source. */
function reasons(cmp: Comparison, heads: string[], c: ChalkInstance, w: number | undefined): string[] {
  const out: string[] = [];
  for (const r of cmp.rows) {
    if (new Set(r.cells).size < 2) continue;
    if (!out.length) out.push('', c.bold('Why the columns differ'));
    out.push(`  ${r.name}`);
    r.cells.forEach((x, i) => out.push(wrap(`    ${heads[i]}: ${x ?? 'does not apply'}${r.citations[i] ? ` (${r.citations[i]})` : ''}`, w, '      ')));
  }
  return out;
}

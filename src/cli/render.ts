/** Human-readable tables for quote and compare (cli-table3 + chalk). */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Quote, LineStatus } from '../core/engine.js';
import type { Comparison } from '../core/compare.js';

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
  const render = (c: ChalkInstance) => ['', c.bold('Sources'), ...refs.map((r, i) => `  [${i + 1}] ${r.title}\n      ${c.gray(r.href)}`)];
  return { ref, render };
}

export function renderQuote(q: Quote, c: ChalkInstance, dateNote: string): string {
  const withAmount = q.query.value !== null;
  const money = moneyIn(q.query.importer);
  const src = sourceList();
  const head = ['Measure', 'Heading', 'Rate', 'Basis', ...(withAmount ? ['Amount'] : []), 'Status', 'Src'];
  const table = new Table({ head: head.map((h) => c.bold(h)), style: { head: [], border: [] } });
  for (const l of q.lines) {
    const heading = l.heading ?? (l.measure === 'us.mfn' ? q.product.rate_line ?? '' : '-');
    table.push([l.name, heading, l.rate, l.basis, ...(withAmount ? [money(l.amount)] : []), statusText(c, l.status), src.ref(l.citation)]);
  }
  const total = c.bold(`Total: ${totalText(q)}`) + (q.total.complete ? '' : c.red(' (incomplete)'));
  const out = [
    `${c.bold(q.product.hts)}  ${q.product.description}`,
    `origin ${q.query.origin}, importer ${q.query.importer}, entry date ${q.query.date}${dateNote}${withAmount ? `, customs value ${money(Dec2(q.query.value!))}` : ''}${q.query.qty ? `, ${q.query.qty} ${q.query.unit}` : ''}` +
      Object.entries(q.query.content).map(([m, p]) => `, ${m} content ${p}%`).join('') + (q.query.mode ? `, by ${q.query.mode}` : ''),
    table.toString(),
    total,
  ];
  for (const m of q.total.missing) out.push(c.red(`  missing: ${m}`));
  if (q.fees.length && withAmount) {
    out.push('', c.bold('Fees (not part of the duty rate)'));
    for (const f of q.fees) out.push(`  ${f.name}: ${f.rate}${f.min ? ` (min $${f.min}, max $${f.max})` : ''} = ${money(f.amount)}${f.status === 'unconfirmed' ? c.yellow(' (unconfirmed)') : ''}  ${src.ref(f.citation)}`);
    out.push(c.bold(`Duties and fees: ${money(q.total.duties_and_fees)}`));
  }
  const notes = [...new Set(q.lines.flatMap((l) => l.notes))];
  if (notes.length) out.push('', c.bold('Notes'), ...notes.map((n) => `  - ${n}`));
  out.push(...src.render(c));
  return out.join('\n');
}

const Dec2 = (v: string) => (v.includes('.') ? v : v + '.00');

export function renderCompare(cmp: Comparison, c: ChalkInstance): string {
  const q0 = cmp.quotes[0];
  const table = new Table({ head: ['Measure', ...cmp.dates, 'Change'].map((h) => c.bold(h)), wordWrap: true, style: { head: [], border: [] } });
  for (const r of cmp.rows) {
    const a = r.cells[0] ?? '-';
    const b = r.cells[r.cells.length - 1] ?? '-';
    table.push([r.name, ...r.cells.map((x) => x ?? '-'), a === b ? '' : c.yellow('changed')]);
  }
  const delta = cmp.delta_pct === null ? '?' : (cmp.delta_pct.startsWith('-') ? '' : '+') + cmp.delta_pct + ' pts';
  table.push([c.bold('Total'), ...cmp.quotes.map((q) => c.bold(totalText(q)) + (q.total.complete ? '' : c.red(' (incomplete)'))), c.bold(delta)]);
  const out = [`${c.bold(q0.product.hts)}  ${q0.product.description}`, `origin ${q0.query.origin}, importer ${q0.query.importer}`, table.toString()];
  if (cmp.events.length) {
    out.push('', c.bold('Legal events'));
    for (const e of cmp.events) out.push(`  ${e.date}  ${e.name}${e.heading ? ` (${e.heading})` : ''}: ${e.from} -> ${e.to}`, `              ${e.citation.title}`, `              ${c.gray(e.citation.href)}`);
  } else out.push('', 'No measure covering this product changed between these dates.');
  return out.join('\n');
}

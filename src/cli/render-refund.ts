/** The refund summary for people: totals, a row per phase, and the CAPE declarations. */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { RefundSummary } from '../core/refund-run.js';
import { textWidth, wrap } from './width.js';

const PHASE_NAMES: Record<string, string> = {
  'phase 1': 'CAPE phase 1 (unliquidated, or liquidated within 80 days)',
  'phase 2': 'CAPE phase 2 (flagged for reconciliation)',
  reliquidated: 'reliquidated: refund due',
  protest: 'past CAPE: protest window (81-180 days)',
  final: 'finally liquidated',
  excluded: 'excluded from CAPE (entry type)',
  nothing: 'no IEEPA duty',
};

const usd = (s: string) => '$' + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

export function renderRefund(s: RefundSummary, c: ChalkInstance, width?: number): string {
  const w = textWidth(width);
  const out = [wrap(`${c.bold('IEEPA refunds')} as of ${s.as_of}: ${entries(s.entries)}, ${s.lines} ${s.lines === 1 ? 'line' : 'lines'}`, w, '  ')];
  const table = new Table({ head: ['Where the entry stands', 'Entries', 'Principal', 'Interest'].map((h) => c.bold(h)), colAligns: ['left', 'right', 'right', 'right'], wordWrap: true, ...(w ? { colWidths: [Math.max(20, w - 44), 9, 15, 15] } : {}), style: { head: [], border: [] } });
  for (const p of s.by_phase) table.push([PHASE_NAMES[p.phase] ?? p.phase, String(p.entries), usd(p.principal), usd(p.interest) + (p.incomplete ? c.red(' + ?') : '')]);
  table.push([c.bold('Total'), c.bold(String(s.entries)), c.bold(usd(s.principal)), c.bold(usd(s.interest)) + (s.interest_complete ? '' : c.red(' + ?'))]);
  out.push(table.toString());
  if (!s.interest_complete) out.push(wrap(c.red('+ ? not fully known: a line not answered, or days in a quarter whose interest rate is not in the data (see entries.csv)'), w, '  '));
  for (const x of s.cape) out.push(wrap(`CAPE: ${entries(x.entries)}${x.importer_of_record ? ` of importer ${x.importer_of_record}` : ''} in ${x.files} declaration file(s) of at most 9,999`, w, '  '));
  if (s.exceptions) out.push(wrap(`${s.exceptions} ${s.exceptions === 1 ? 'entry or row' : 'entries or rows'} not for CAPE, with the reason, in exceptions.csv`, w, '  '));
  return out.join('\n');
}

/**
 * A file of entry lines through the refund rules, streaming: rows are grouped by entry (an entry's rows must be
 * together, as ACE reports write them), each entry answered when the next begins; totals by phase, the CAPE
 * declarations (entry numbers only, at most 9,999 a file, per importer of record, no duplicates) and the exceptions.
 * Memory holds one entry's rows and the entry numbers seen.
 */
import type { Dataset } from './dataset.js';
import { Dec } from './decimal.js';
import { QueryError } from './errors.js';
import { csvField } from './csv.js';
import { Refunds, type RefundEntry, type RefundRow } from './refund.js';
import { entryLines, refundColumns, refundRow } from './refund-input.js';

/** CAPE takes at most 9,999 entries in one declaration ([EXP-0413]). */
export const CAPE_MAX = 9_999;

export const LINE_COLUMNS = ['entry', 'line', 'date', 'hts', 'origin', 'value', 'ieepa_headings', 'ieepa_computed', 'ieepa_deposited', 'difference', 'principal', 'principal_basis', 'not_refunded', 'interest_from', 'interest_to', 'interest_days', 'interest', 'interest_rates', 'notes', 'error'];
export const ENTRY_COLUMNS = ['entry', 'importer_of_record', 'date', 'lines', 'principal', 'interest', 'interest_complete', 'refund', 'phase', 'why', 'next', 'deadline', 'notes'];

export interface PhaseTotal {
  entries: number;
  principal: Dec;
  interest: Dec;
  /** entries whose principal or interest is not fully known */
  incomplete: number;
}

export class RefundRun {
  private refunds: Refunds;
  private columns?: ReturnType<typeof refundColumns>;
  private rows: RefundRow[] = [];
  private seen = new Set<string>();
  readonly byPhase = new Map<string, PhaseTotal>();
  /** importer of record ('' when not given) → entry numbers for CAPE */
  readonly cape = new Map<string, string[]>();
  readonly exceptions: { entry: string; reason: string }[] = [];
  lines = 0;
  errors = 0;
  passedOver = 0;

  constructor(ds: Dataset, asOf: string, corporate?: boolean) {
    this.refunds = new Refunds(ds, asOf, corporate);
  }

  /** The header's columns, and the names passed over. */
  header(fields: string[]): string[] {
    this.columns = refundColumns(fields);
    return this.columns.unknown;
  }

  /** One row of fields; the entries it completes (the previous one, when this row begins another). */
  row(fields: (string | undefined)[], rowNo: number): RefundEntry[] {
    let r: RefundRow;
    try {
      r = refundRow(fields, this.columns!.columns);
    } catch (e) {
      if (!(e instanceof QueryError)) throw e;
      this.errors++;
      this.exceptions.push({ entry: fields[this.columns!.columns.indexOf('entry')] ?? '', reason: `row ${rowNo}: ${e.message}` });
      return [];
    }
    const out: RefundEntry[] = [];
    if (this.rows.length && this.rows[0]!.entry !== r.entry) out.push(...this.flush());
    if (!this.rows.length && this.seen.has(r.entry)) throw new QueryError(`row ${rowNo}: entry ${r.entry} appears again after other entries: sort the file by entry number (an entry's lines must be together)`);
    this.rows.push(r);
    return out;
  }

  /** The last entry, at the end of the input. */
  end(): RefundEntry[] {
    return this.rows.length ? this.flush() : [];
  }

  private flush(): RefundEntry[] {
    const rows = this.rows;
    this.rows = [];
    this.seen.add(rows[0]!.entry);
    let e: RefundEntry;
    try {
      const { lines, passedOver } = entryLines(rows);
      this.passedOver += passedOver;
      e = this.refunds.entry(lines);
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      this.errors++;
      this.exceptions.push({ entry: rows[0]!.entry, reason: err.message });
      return [];
    }
    this.count(e);
    return [e];
  }

  private count(e: RefundEntry) {
    this.lines += e.lines.length;
    this.errors += e.lines.filter((l) => l.error).length;
    const t = this.byPhase.get(e.phase.kind) ?? { entries: 0, principal: Dec.ZERO, interest: Dec.ZERO, incomplete: 0 };
    t.entries++;
    t.principal = t.principal.add(Dec.of(e.principal_known));
    if (e.interest !== null) t.interest = t.interest.add(Dec.of(e.interest));
    if (!e.principal_complete || !e.interest_complete) t.incomplete++;
    this.byPhase.set(e.phase.kind, t);
    const refundable = Dec.of(e.principal_known).cmp(Dec.ZERO) > 0;
    if (refundable && (e.phase.kind === 'phase 1' || e.phase.kind === 'phase 2')) {
      const ior = e.importer_of_record ?? '';
      const list = this.cape.get(ior);
      if (list) list.push(e.entry);
      else this.cape.set(ior, [e.entry]);
    } else this.exceptions.push({ entry: e.entry, reason: `${e.phase.kind}: ${e.phase.why}; ${e.phase.next}` });
  }

  /** The CAPE declaration files: name → rows (the header `Entry Number` first). */
  capeFiles(): Map<string, string[]> {
    const files = new Map<string, string[]>();
    for (const [ior, entries] of this.cape) {
      for (let i = 0; i * CAPE_MAX < entries.length; i++) {
        const name = `cape${ior ? '-' + ior.replace(/[^A-Za-z0-9-]/g, '_') : ''}-${String(i + 1).padStart(3, '0')}.csv`;
        files.set(name, ['Entry Number', ...entries.slice(i * CAPE_MAX, (i + 1) * CAPE_MAX)]);
      }
    }
    return files;
  }
}

const cell = (v: string | number | boolean | null | undefined) => csvField(v === null || v === undefined ? '' : String(v));

/** An entry's lines as rows of lines.csv (LINE_COLUMNS). */
export function lineRows(e: RefundEntry): string[] {
  return e.lines.map((l) =>
    [
      l.entry, l.line, l.date, l.hts, l.origin, l.value, l.ieepa_headings.join('; '), l.ieepa_computed, l.ieepa_deposited, l.difference, l.principal, l.principal_basis,
      l.not_refunded, l.interest?.from, l.interest?.to, l.interest?.days, l.interest?.amount, l.interest?.periods.map((p) => `${p.quarter} ${p.days}d ${p.rate_pct ?? '?'}%`).join('; '),
      [...l.notes, ...(l.interest?.missing ?? [])].join(' | '), l.error,
    ].map(cell).join(','),
  );
}

/** An entry as a row of entries.csv (ENTRY_COLUMNS). */
export function entryRow(e: RefundEntry): string {
  const refund = e.principal !== null && e.interest !== null ? Dec.of(e.principal).add(Dec.of(e.interest)).toFixed(2) : null;
  return [e.entry, e.importer_of_record, e.date, e.lines.length, e.principal, e.interest, e.interest_complete, refund, e.phase.kind, e.phase.why, e.phase.next, e.phase.deadline, e.notes.join(' | ')].map(cell).join(',');
}

export interface RefundSummary {
  as_of: string;
  entries: number;
  lines: number;
  errors: number;
  /** refund principal of the lines whose principal is known */
  principal: string;
  /** interest on it; `interest_complete` false when a rate or a line's principal is not known */
  interest: string;
  interest_complete: boolean;
  by_phase: { phase: string; entries: number; principal: string; interest: string; incomplete: number }[];
  cape: { importer_of_record: string | null; entries: number; files: number }[];
  exceptions: number;
}

const PHASE_ORDER = ['phase 1', 'phase 2', 'reliquidated', 'protest', 'final', 'excluded', 'nothing'];

/** What a run found, in total and by phase. */
export function refundSummary(run: RefundRun, asOf: string): RefundSummary {
  const phases = [...run.byPhase].sort((a, b) => PHASE_ORDER.indexOf(a[0]) - PHASE_ORDER.indexOf(b[0]));
  const sum = (f: (t: PhaseTotal) => Dec) => phases.reduce((s, [, t]) => s.add(f(t)), Dec.ZERO).toFixed(2);
  return {
    as_of: asOf,
    entries: phases.reduce((n, [, t]) => n + t.entries, 0),
    lines: run.lines,
    errors: run.errors,
    principal: sum((t) => t.principal),
    interest: sum((t) => t.interest),
    interest_complete: phases.every(([, t]) => t.incomplete === 0),
    by_phase: phases.map(([phase, t]) => ({ phase, entries: t.entries, principal: t.principal.toFixed(2), interest: t.interest.toFixed(2), incomplete: t.incomplete })),
    cape: [...run.cape].map(([ior, es]) => ({ importer_of_record: ior || null, entries: es.length, files: Math.ceil(es.length / CAPE_MAX) })),
    exceptions: run.exceptions.length,
  };
}

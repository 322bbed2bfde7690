/**
 * Batch answering: one input row in, one result out, in order. Rows that differ
 * only in customs value share one assessment (the cache is bounded, so memory
 * stays flat whatever the input size).
 */
import type { Dataset } from './dataset.js';
import { assess, changePoints, checkDate, fastTotal, normalizeQuery, price, totals, type Assessment, type Query, type Quote } from './engine.js';
import { QueryError } from './errors.js';
import { Dec } from './decimal.js';

export const INPUT_COLUMNS = ['hts', 'origin', 'date', 'importer', 'value', 'qty', 'unit', 'content', 'claim', 'loaded', 'mode'] as const;
export const REQUIRED_COLUMNS = ['hts', 'origin', 'date'] as const;
/** Inputs the schema accepts for the Section 232 content and fee rules, which the schedules do not model yet. */
const NOT_YET_USED = ['content', 'mode'] as const;

export type InputRow = Partial<Record<(typeof INPUT_COLUMNS)[number], string>>;

export interface RowResult {
  /** the value-independent answer (shared between rows of the same product and date interval) */
  assessment?: Assessment;
  /** the row's own query (its date and value) */
  query?: Query;
  value: string | null;
  /** totals at this row's value */
  total?: Quote['total'];
  error?: string;
  /** warnings about the row's inputs, in addition to the quote's own */
  notes: string[];
}

const CACHE_LIMIT = 50_000;
/** a value in dollars with at most two decimals and at most 12 integer digits */
const CENTS = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

export class BatchAnswerer {
  private cache = new Map<string, Assessment | QueryError>();
  /** measure ids with a column of their own, in reporting order */
  readonly measureColumns: string[];
  private points: string[];
  /** entry date → index of its interval between change points, or the error for a bad date */
  private intervals = new Map<string, number | QueryError>();

  constructor(
    private ds: Dataset,
    private asOf: string,
  ) {
    this.points = changePoints(ds);
    this.measureColumns = [...ds.measures].sort((a, b) => a.reporting_order - b.reporting_order || a.id.localeCompare(b.id)).map((m) => m.id);
  }

  answer(row: InputRow): RowResult {
    const notes: string[] = [];
    for (const c of NOT_YET_USED) if (row[c]) notes.push(`${c}=${row[c]} not used: no modelled measure depends on it yet`);
    for (const c of REQUIRED_COLUMNS) if (!row[c]) return { error: `${c} is required`, value: null, notes };
    const claims = row.claim ? row.claim.split(/[;\s]+/).filter(Boolean) : [];
    const interval = this.interval(row.date!);
    if (interval instanceof QueryError) return { error: interval.message, value: null, notes };
    const key = `${row.hts}|${row.origin}|${row.importer ?? ''}|${interval}|${row.qty ?? ''}|${row.unit ?? ''}|${claims.join(';')}|${row.loaded ?? ''}`;
    let a = this.cache.get(key);
    if (a === undefined) {
      try {
        const q = normalizeQuery(this.ds, { hts: row.hts!, origin: row.origin!, importer: row.importer || undefined, date: row.date!, qty: row.qty || undefined, unit: row.unit || undefined, claims, loaded: row.loaded || undefined });
        a = assess(this.ds, q, this.asOf);
      } catch (e) {
        if (!(e instanceof QueryError)) throw e;
        a = e;
      }
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, a);
    }
    if (a instanceof QueryError) return { error: a.message, value: null, notes };
    let value: string | null = null;
    let total: Quote['total'] | undefined;
    if (row.value) {
      const t = row.value.includes(',') ? row.value.trim().replace(/,/g, '') : row.value.trim();
      const m = CENTS.exec(t);
      if (m) {
        // the common case, dollars and cents: exact integer arithmetic
        const frac = (m[2] ?? '').replace(/0+$/, '');
        value = frac ? `${Number(m[1])}.${frac}` : String(Number(m[1]));
        total = fastTotal(a, Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')));
      } else {
        if (!Dec.isDecimal(t) || t.startsWith('-')) return { error: `customs value "${row.value}" is not a number of zero or more`, value: null, notes };
        value = Dec.of(t).toString(6);
      }
    }
    total ??= totals(a, value === null ? null : Dec.of(value)).total;
    return { assessment: a, query: { ...a.query, date: row.date!.trim(), value }, value, total, notes };
  }

  private interval(date: string): number | QueryError {
    let i = this.intervals.get(date);
    if (i === undefined) {
      try {
        const d = checkDate(date);
        let lo = 0;
        let hi = this.points.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (this.points[mid] <= d) lo = mid + 1;
          else hi = mid;
        }
        i = lo;
      } catch (e) {
        if (!(e instanceof QueryError)) throw e;
        i = e;
      }
      if (this.intervals.size >= CACHE_LIMIT) this.intervals.clear();
      this.intervals.set(date, i);
    }
    return i;
  }

  /** The full quote for a row (for JSON Lines). */
  quote(r: RowResult): Quote {
    return price(r.assessment!, r.value, r.query);
  }

  private cellMemo = new WeakMap<Assessment, string[]>();
  private tailMemo = new WeakMap<Assessment, string>();

  /** The measure cells and MFN rate as CSV text, memoised per assessment. */
  csvCells(a: Assessment, escape: (s: string) => string): string {
    let t = this.tailMemo.get(a);
    if (t === undefined) this.tailMemo.set(a, (t = this.cells(a).map(escape).join(',')));
    return t;
  }

  /**
   * Per measure column the rate it contributes: "25", "0" when exempt, "?" when a claim is needed,
   * "" when it does not apply; then the MFN rate text. Value-independent, so memoised per assessment.
   */
  cells(a: Assessment): string[] {
    let cells = this.cellMemo.get(a);
    if (!cells) {
      cells = this.measureColumns.map((id) => {
        for (const l of a.lines) {
          if (l.measure === id) return l.rate_pct ?? '?';
          if (l.measure.includes('|') && l.measure.split('|').includes(id)) return '?';
        }
        return '';
      });
      cells.push(a.lines.find((l) => l.measure === 'us.mfn')?.rate ?? '');
      this.cellMemo.set(a, cells);
    }
    return cells;
  }
}

/**
 * Batch answering: one input row in, one result out, in order. Rows that differ
 * only in customs value share one assessment (the cache is bounded, so memory
 * stays flat whatever the input size).
 */
import type { Dataset } from './dataset.js';
import { assess, changePoints, checkDate, fastTotal, isMfn, normalizeQuery, price, totals, type Assessment, type Quote } from './engine.js';
import { QueryError } from './errors.js';
import { Dec } from './decimal.js';

export const INPUT_COLUMNS = ['hts', 'origin', 'date', 'importer', 'value', 'qty', 'unit', 'content', 'claim', 'loaded', 'mode'] as const;
export const REQUIRED_COLUMNS = ['hts', 'origin', 'date'] as const;


export type InputRow = Partial<Record<(typeof INPUT_COLUMNS)[number], string>>;

/** A row with every column present (undefined when empty): one object shape for all rows keeps the hot path fast. */
export function inputRow(get: (column: (typeof INPUT_COLUMNS)[number]) => string | undefined): InputRow {
  return {
    hts: get('hts'),
    origin: get('origin'),
    date: get('date'),
    importer: get('importer'),
    value: get('value'),
    qty: get('qty'),
    unit: get('unit'),
    content: get('content'),
    claim: get('claim'),
    loaded: get('loaded'),
    mode: get('mode'),
  };
}

const NO_CLAIMS: string[] = [];

export interface RowResult {
  /** the value-independent answer (shared between rows of the same product and date interval) */
  assessment?: Assessment;
  /** the row's entry date (the assessment may be shared with other dates of its interval) */
  date?: string;
  value: string | null;
  /** totals at this row's value */
  total?: Quote['total'];
  error?: string;
}

const CACHE_LIMIT = 50_000;
/** A value in dollars with at most two decimals and 12 integer digits, in cents; undefined otherwise. */
export function parseCents(t: string): number | undefined {
  let cents = 0;
  let i = 0;
  const n = t.length;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57 || i >= 12) return undefined;
    cents = cents * 10 + (c - 48);
  }
  if (i === 0) return undefined;
  cents *= 100;
  if (i < n) {
    const decimals = n - i - 1;
    if (decimals < 1 || decimals > 2) return undefined;
    for (let k = 1; k <= decimals; k++) {
      const c = t.charCodeAt(i + k);
      if (c < 48 || c > 57) return undefined;
      cents += (c - 48) * (k === 1 ? 10 : 1);
    }
  }
  return cents;
}

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
    // grouped by importing country (in meta.yaml order), then in reporting order
    const rank = Object.keys(ds.meta.importers);
    this.measureColumns = [...ds.measures]
      .sort((a, b) => rank.indexOf(a.importer) - rank.indexOf(b.importer) || a.reporting_order - b.reporting_order || a.id.localeCompare(b.id))
      .map((m) => m.id);
  }

  answer(row: InputRow): RowResult {
    if (!row.hts || !row.origin || !row.date) return { error: `${REQUIRED_COLUMNS.find((c) => !row[c])} is required`, value: null };
    const claims = row.claim ? row.claim.split(/[;\s]+/).filter(Boolean) : NO_CLAIMS;
    const interval = this.interval(row.date!);
    if (interval instanceof QueryError) return { error: interval.message, value: null };
    const plain = !row.importer && !row.qty && !row.unit && !row.claim && !row.loaded && !row.content && !row.mode;
    const key = plain
      ? row.hts + '|' + row.origin + '|' + interval
      : `${row.hts}|${row.origin}|${interval}|${row.importer ?? ''}|${row.qty ?? ''}|${row.unit ?? ''}|${claims.join(';')}|${row.loaded ?? ''}|${row.content ?? ''}|${row.mode ?? ''}`;
    let a = this.cache.get(key);
    if (a === undefined) {
      try {
        const q = normalizeQuery(this.ds, { hts: row.hts!, origin: row.origin!, importer: row.importer || undefined, date: row.date!, qty: row.qty || undefined, unit: row.unit || undefined, claims, loaded: row.loaded || undefined, content: row.content ? [row.content] : undefined, mode: row.mode || undefined });
        a = assess(this.ds, q, this.asOf);
      } catch (e) {
        if (!(e instanceof QueryError)) throw e;
        a = e;
      }
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, a);
    }
    if (a instanceof QueryError) return { error: a.message, value: null };
    let value: string | null = null;
    let total: Quote['total'] | undefined;
    if (row.value) {
      const t = row.value.includes(',') ? row.value.trim().replace(/,/g, '') : row.value;
      const cents = parseCents(t);
      if (cents !== undefined) {
        // the common case, dollars and cents: exact integer arithmetic
        value = cents % 100 === 0 ? String(cents / 100) : cents % 10 === 0 ? `${Math.floor(cents / 100)}.${(cents % 100) / 10}` : `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        total = fastTotal(a, cents);
      } else {
        if (!Dec.isDecimal(t) || t.startsWith('-')) return { error: `customs value "${row.value}" is not a number of zero or more`, value: null };
        value = Dec.of(t).toString(6);
      }
    }
    total ??= totals(a, value === null ? null : Dec.of(value)).total;
    return { assessment: a, date: row.date!.trim(), value, total };
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
    const a = r.assessment!;
    return price(a, r.value, { ...a.query, date: r.date ?? a.query.date });
  }

  private cellMemo = new WeakMap<Assessment, string[]>();
  private tailMemo = new WeakMap<Assessment, string>();

  private warningsMemo = new WeakMap<Assessment, string>();

  /** The measure cells and MFN rate as CSV text, memoised per assessment. */
  csvCells(a: Assessment, escape: (s: string) => string): string {
    let t = this.tailMemo.get(a);
    if (t === undefined) this.tailMemo.set(a, (t = this.cells(a).map(escape).join(',')));
    return t;
  }

  /** The assessment's warnings joined and escaped for CSV, memoised. */
  csvWarnings(a: Assessment, escape: (s: string) => string): string {
    let t = this.warningsMemo.get(a);
    if (t === undefined) this.warningsMemo.set(a, (t = a.warnings.length ? escape(a.warnings.join(' | ')) : ''));
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
      cells.push(a.lines.find((l) => isMfn(l.measure))?.rate ?? '');
      this.cellMemo.set(a, cells);
    }
    return cells;
  }
}

/**
 * The rows of a batch: the input columns and row shape, the results and entries a row is answered with, cents and
 * day numbers read from text without making objects (the byte path uses them too).
 */
import type { AdValoremPlan, Assessment } from './engine.js';
import { QueryError } from './errors.js';

export const INPUT_COLUMNS = ['hts', 'origin', 'date', 'importer', 'value', 'qty', 'unit', 'content', 'claim', 'loaded', 'mode', 'spi'] as const;
export const REQUIRED_COLUMNS = ['hts', 'origin', 'date'] as const;

/** The currency of a row's amounts: the importing country's (ISO 4217). */
export const currencyOf = (importer: string) => (importer === 'CN' ? 'CNY' : 'USD');


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
    spi: get('spi'),
  };
}

/** an empty list shared by rows without claims or without anything missing */
export const NONE: string[] = [];

/**
 * What batch keeps for one distinct product, origin, date interval and set of options: everything
 * the rows that differ only in value (and date within the interval) share.
 */
export interface Entry {
  /** kept for JSON Lines, and for rows whose totals need decimals (a specific duty); otherwise dropped to keep memory small */
  assessment: Assessment | undefined;
  importer: string;
  hasWarnings: boolean;
  /** value-independent totals and the rates to price a value with, when no line has a specific duty */
  plan: AdValoremPlan | undefined;
  /** CSV: the measure cells and MFN rate, joined and escaped */
  cells: string;
  /** CSV: the warnings, joined and escaped */
  warnings: string;
  /** CSV: the row text as bytes, when it depends on the value only through the value's echo and the plan's amount */
  bytes: CsvBytes | undefined;
}

/** The bytes of an entry's CSV rows (UTF-8), for rows with a value and for rows without. */
export interface CsvBytes {
  /** `,US,`: the importer, between the origin and the date */
  importer: Uint8Array;
  valued: CsvTail;
  none: CsvTail;
}

export interface CsvTail {
  /** the total rate and its comma (`55,`), before the amount */
  rate: Uint8Array;
  /** everything after the amount: complete, the cells, missing, warnings, the empty error and the newline */
  after: Uint8Array;
  rate_pct: string | null;
  complete: boolean;
  /** complete and without warnings (what --strict asks) */
  clean: boolean;
}

/** How the CSV text is written: field escaping and the encoding of the shared tails. */
export interface CsvText {
  escape: (s: string) => string;
  encode: (s: string) => Uint8Array;
}

export interface RowResult {
  entry?: Entry;
  /** the row's entry date (the entry may be shared with other dates of its interval) */
  date?: string;
  value: string | null;
  /** totals at this row's value */
  rate_pct: string | null;
  amount: string | null;
  complete: boolean;
  missing: string[];
  error?: string;
}

export const failed = (error: string): RowResult => ({ error, value: null, rate_pct: null, amount: null, complete: false, missing: NONE });

/** Entries kept at most (then the cache starts again): bounds memory whatever the input size. */
export const CACHE_LIMIT = 20_000;

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

/** Cents as the shortest decimal text of the dollars ("12", "12.5", "12.05"), as Dec.toString gives it. */
export function centsValue(cents: number): string {
  const r = cents % 100;
  const d = (cents - r) / 100;
  return r === 0 ? String(d) : r % 10 === 0 ? `${d}.${r / 10}` : `${d}.${r < 10 ? '0' : ''}${r}`;
}

/**
 * The answers of one code and origin, or of one plainClass, by interval between its change points:
 * the entry, or the error, once known.
 */
export interface Slots {
  /** change points as numbers (20250601), ascending */
  points: number[];
  entries: (Entry | QueryError | undefined)[];
  /** a plainClass's: by interval, the first assessment of its measure class, whose products differ only in their MFN line (shared by those plainClasses) */
  bases: (Assessment | undefined)[] | undefined;
}

/** The number of change points on or before a date: the index of its interval. */
export function intervalOf(points: number[], n: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid] <= n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A calendar date as a number (2025, 6, 1 → 20250601); 0 when there is no such day. */
export function dayNumber(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > MONTH_DAYS[m - 1]) return 0;
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return 0;
  return y * 10000 + m * 100 + d;
}

/** "2025-06-01" → 20250601 when it is a calendar date written exactly so; 0 otherwise (checkDate then explains). */
export function dateNumber(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return 0;
  // year, month and day each in small-integer arithmetic (the change-point arrays stay arrays of small integers)
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return 0;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  return dayNumber(y, m, d);
}

/**
 * Change points as numbers, in an array of one shape: pushed one by one (`map` may give a holey
 * array, and the byte path's reads of them would then see two shapes).
 */
export function dayNumbers(dates: string[]): number[] {
  const out: number[] = [];
  for (const d of dates) out.push(dateNumber(d));
  return out;
}

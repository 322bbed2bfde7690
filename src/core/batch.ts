/**
 * Batch answering: one input row in, one result out, in order. Rows that differ only in
 * customs value, or in date between two change points, share one entry: its pricing plan and
 * CSV text, or for JSON Lines its assessment (the cache is bounded, so memory stays flat
 * whatever the input size). For CSV, plain rows (code, origin, date, value) share more:
 * - the products of one plainClass (engine.ts) share their entries, between the change points of
 *   the measures that cover them (not every change of the importer);
 * - a product of a measure class already assessed on an interval is answered from that
 *   assessment with its own MFN line (withOwnMfn), not assessed again;
 * - once known, a plain row's answer is written straight from its input bytes (batch-csv.ts).
 * A test compares the answers with and without the sharing, and the byte path with the general one.
 */
import type { Dataset } from './dataset.js';
import { adValoremPlan, assess, changePoints, checkDate, hasDatedLines, isMfn, normalizeQuery, plainClass, plainClassPoints, planAmount, planAmountCents, price, totals, withOwnMfn, type Assessment, type PlainClass, type Query, type QueryInput, type Quote } from './engine.js';
import { QueryError } from './errors.js';
import { Dec } from './decimal.js';
import { REQUIRED_COLUMNS, currencyOf, NONE, failed, CACHE_LIMIT, parseCents, centsValue, intervalOf, dateNumber, dayNumbers, type InputRow, type Entry, type CsvBytes, type CsvTail, type CsvText, type RowResult, type Slots } from './batch-rows.js';
export { INPUT_COLUMNS, REQUIRED_COLUMNS, currencyOf, inputRow, parseCents, intervalOf, dayNumber } from './batch-rows.js';
export type { InputRow, Entry, CsvBytes, CsvTail, CsvText, RowResult, Slots } from './batch-rows.js';

export class BatchAnswerer {
  /** rows with options (claims, quantities, ...): by a key of all of them */
  private cache = new Map<string, Entry | QueryError>();
  /** plain rows (code, origin, date and value only), the common case: code → origin → slots, with no key to build */
  private plain = new Map<string, Map<string, Slots>>();
  /** CSV: the slots of plain rows, shared by the products of one plainClass */
  private classes = new Map<string, Slots>();
  /** a plainClass's change points (kept when the cache starts again: bounded by the schedules) */
  private classPoints = new Map<string, number[]>();
  /** CSV: by measure class (plainClass.measures), its bases by interval */
  private bases = new Map<string, (Assessment | undefined)[]>();
  private size = 0;
  /** how many times the cache started again (the byte path drops its own index with it) */
  generation = 0;
  /** assessments made so far (cache misses not answered from a base) */
  assessed = 0;
  /** answers made from a base with the product's own MFN line (withOwnMfn) */
  composed = 0;
  /** measure ids with a column of their own, in reporting order */
  readonly measureColumns: string[];
  private column: Map<string, number>;
  /** per importing country (and '' for all), its change points as numbers (20250601) */
  private points = new Map<string, number[]>();
  /** the change points of imports into the US (plain rows) */
  private usPoints: number[];
  /** entry date (when not a plain YYYY-MM-DD) → the date, or the error for a bad date */
  private dates = new Map<string, number | QueryError>();

  /**
   * With `csv`, only the CSV text and the pricing plan of each entry are kept, so that memory stays
   * small; without, each assessment is kept (JSON Lines gives the full quote per row).
   */
  constructor(
    private ds: Dataset,
    private asOf: string,
    private csv?: CsvText,
    /** CSV: share answers between the products of one plainClass (off only to test that sharing changes nothing) */
    private shareClasses = true,
    /**
     * Share assessments between the products of one plainClass without CSV too, for callers that read only their
     * lines, missing inputs and warnings (averages): the product block is then the first product's.
     */
    private linesOnly = false,
  ) {
    for (const importer of [...Object.keys(ds.meta.importers), '']) this.points.set(importer, dayNumbers(changePoints(ds, importer || undefined)));
    this.usPoints = this.points.get('US')!;
    // grouped by importing country (in meta.yaml order), then in reporting order
    const rank = Object.keys(ds.meta.importers);
    this.measureColumns = [...ds.measures]
      .sort((a, b) => rank.indexOf(a.importer) - rank.indexOf(b.importer) || a.reporting_order - b.reporting_order || a.id.localeCompare(b.id))
      .map((m) => m.id);
    this.column = new Map(this.measureColumns.map((id, i) => [id, i]));
  }

  answer(row: InputRow): RowResult {
    if (!row.hts || !row.origin || !row.date) return failed(`${REQUIRED_COLUMNS.find((c) => !row[c])} is required`);
    const plain = !row.importer && !row.qty && !row.unit && !row.claim && !row.loaded && !row.content && !row.mode && !row.spi;
    const day = this.dayOf(row.date);
    if (day instanceof QueryError) return failed(day.message);
    const claims = row.claim ? row.claim.split(/[;\s]+/).filter(Boolean) : NONE;
    // the entry date's interval between the change points of the product's slots, or of the importer
    // (US unless the row names one)
    let interval: number;
    let slots: Slots | undefined;
    let key: string | undefined;
    let e: Entry | QueryError | undefined;
    if (plain) {
      slots = this.plainSlots(row.hts, row.origin, row.date);
      interval = intervalOf(slots.points, day);
      e = slots.entries[interval];
    } else {
      interval = intervalOf(this.points.get((row.importer || 'US').trim().toUpperCase()) ?? this.points.get('')!, day);
      key = `${row.hts}|${row.origin}|${interval}|${row.importer ?? ''}|${row.qty ?? ''}|${row.unit ?? ''}|${claims.join(';')}|${row.loaded ?? ''}|${row.content ?? ''}|${row.mode ?? ''}|${row.spi ?? ''}`;
      e = this.cache.get(key);
    }
    if (e === undefined) {
      const input = { hts: row.hts, origin: row.origin, importer: row.importer || undefined, date: row.date, qty: row.qty || undefined, unit: row.unit || undefined, claims, loaded: row.loaded || undefined, content: row.content ? [row.content] : undefined, mode: row.mode || undefined, spi: row.spi || undefined };
      e = this.fill(input, interval, slots, key);
    }
    if (e instanceof QueryError) return failed(e.message);
    const date = row.date.charCodeAt(0) <= 32 || row.date.charCodeAt(row.date.length - 1) <= 32 ? row.date.trim() : row.date;

    // the value: dollars and cents (the common case) in exact integer arithmetic, anything else in decimals
    let value: string | null = null;
    let cents: number | undefined;
    let v: Dec | null = null;
    if (row.value) {
      const t = row.value.includes(',') ? row.value.trim().replace(/,/g, '') : row.value;
      cents = parseCents(t);
      if (cents !== undefined) value = centsValue(cents);
      else {
        if (!Dec.isDecimal(t) || t.startsWith('-')) return failed(`customs value "${row.value}" is not a number of zero or more`);
        v = Dec.of(t);
        value = v.toString(6);
        v = Dec.of(value);
      }
    }
    const p = e.plan;
    if (p) {
      const amount = value === null ? null : cents !== undefined ? planAmountCents(p, cents) : planAmount(p, v!);
      return { entry: e, date, value, rate_pct: p.rate_pct, amount, complete: p.complete, missing: p.missing };
    }
    const t = totals(e.assessment!, value === null ? null : (v ?? Dec.of(value))).total;
    return { entry: e, date, value, rate_pct: t.rate_pct, amount: t.amount, complete: t.complete, missing: t.missing };
  }

  /**
   * On a miss: the entry for a query (or the error it gives), made and kept in the row's slots, or
   * under its key in the cache of rows with options.
   */
  private fill(input: QueryInput, interval: number, slots: Slots | undefined, key: string | undefined): Entry | QueryError {
    let e: Entry | QueryError;
    try {
      const q = normalizeQuery(this.ds, input);
      // a product of a measure class already assessed on this interval: its base with the product's own MFN line
      const base = slots?.bases?.[interval];
      let a = base && withOwnMfn(this.ds, base, q);
      if (a) this.composed++;
      else {
        this.assessed++;
        a = assess(this.ds, q, this.asOf);
        if (slots?.bases && !base) slots.bases[interval] = a;
      }
      e = this.entry(a);
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      e = err;
    }
    if (++this.size > CACHE_LIMIT) {
      this.cache.clear();
      this.plain.clear();
      this.classes.clear();
      this.bases.clear();
      this.size = 1;
      this.generation++;
      if (slots) this.plain.set(input.hts, new Map([[input.origin!, (slots = { points: slots.points, entries: [], bases: undefined })]]));
    }
    if (slots) slots.entries[interval] = e;
    else this.cache.set(key!, e);
    return e;
  }

  /**
   * For the byte path, on a miss: the answer for a plain row (code, origin and date as written in the
   * input, the date a calendar date) kept in its slots, as `answer` keeps it.
   */
  fillPlain(slots: Slots, hts: string, origin: string, date: string, day: number): void {
    this.fill({ hts, origin, date, claims: NONE }, intervalOf(slots.points, day), slots, undefined);
  }

  /**
   * The interval slots for a plain row's product and origin: for CSV, those of every product of
   * its plainClass (their CSV answers are the same); otherwise, or when the product has no class
   * (an unknown code, several lines), its own.
   */
  private classSlots(hts: string, origin: string, date: string): Slots {
    const own = (): Slots => ({ points: this.usPoints, entries: [], bases: undefined });
    if ((!this.csv && !this.linesOnly) || !this.shareClasses) return own();
    let q: Query | undefined;
    let cls: PlainClass | undefined;
    try {
      q = normalizeQuery(this.ds, { hts, origin, date });
      cls = plainClass(this.ds, q);
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
    }
    // a code whose lines change on a date of the HTS history is answered on its own
    if (cls === undefined || hasDatedLines(this.ds, q!.importer, q!.hts.replaceAll('.', ''))) return own();
    let slots = this.classes.get(cls.key);
    if (!slots) {
      // the change points of a plainClass are those of its measure class (the rate line adds none)
      let points = this.classPoints.get(cls.measures);
      if (!points) this.classPoints.set(cls.measures, (points = dayNumbers(plainClassPoints(this.ds, q!))));
      let bases = this.bases.get(cls.measures);
      if (!bases) this.bases.set(cls.measures, (bases = []));
      this.classes.set(cls.key, (slots = { points, entries: [], bases }));
    }
    return slots;
  }

  /**
   * The interval slots of plain rows of one code and origin (as written in the input), for `answer`
   * and the byte path: an entry appears in them once a row of its interval is answered (`answer` or `fillPlain`).
   */
  plainSlots(hts: string, origin: string, date: string): Slots {
    let byOrigin = this.plain.get(hts);
    if (!byOrigin) this.plain.set(hts, (byOrigin = new Map()));
    let slots = byOrigin.get(origin);
    if (!slots) byOrigin.set(origin, (slots = this.classSlots(hts, origin, date)));
    return slots;
  }

  /** An entry date as a number (20250601), or the error for a date that is not one. */
  private dayOf(date: string): number | QueryError {
    // a well-formed calendar date, the common case, is read as a number; anything else is checked once
    let n: number | QueryError | undefined = dateNumber(date);
    if (n === 0) {
      n = this.dates.get(date);
      if (n === undefined) {
        try {
          n = dateNumber(checkDate(date));
        } catch (e) {
          if (!(e instanceof QueryError)) throw e;
          n = e;
        }
        if (this.dates.size >= CACHE_LIMIT) this.dates.clear();
        this.dates.set(date, n);
      }
    }
    return n;
  }

  private entry(a: Assessment): Entry {
    // (the currency column follows the amount: a row's amounts are in its importer's currency)
    const plan = adValoremPlan(a);
    const csv = this.csv;
    let cells = '';
    let warnings = '';
    let bytes: CsvBytes | undefined;
    if (csv) {
      const c = this.cells(a);
      // the measure cells are rates, "?" or empty: only the MFN rate text may need quotes
      c[c.length - 1] = csv.escape(c[c.length - 1]);
      cells = c.join(',');
      if (a.warnings.length) warnings = csv.escape(a.warnings.join(' | '));
      const tail = (t: { rate_pct: string | null; complete: boolean; missing: string[] }): CsvTail => ({
        rate: csv.encode(`${t.rate_pct ?? ''},`),
        after: csv.encode(`,${currencyOf(a.query.importer)},${t.complete},${cells},${t.missing.length ? csv.escape(t.missing.join('; ')) : ''},${warnings},\n`),
        rate_pct: t.rate_pct,
        complete: t.complete,
        clean: t.complete && a.warnings.length === 0,
      });
      const importer = csv.encode(`,${a.query.importer},`);
      if (plan) {
        const t = tail(plan);
        bytes = { importer, valued: t, none: t };
      } else {
        // No amount at one value means a line that cannot be computed at any value (a specific duty
        // without a quantity): then the row's totals are the same at every value.
        const valued = totals(a, Dec.HUNDRED).total;
        if (valued.amount === null) bytes = { importer, valued: tail(valued), none: tail(totals(a, null).total) };
      }
    }
    return { assessment: csv && plan ? undefined : a, importer: a.query.importer, hasWarnings: a.warnings.length > 0, plan, cells, warnings, bytes };
  }

  /** The full quote for a row (for JSON Lines: the answerer keeps assessments). */
  quote(r: RowResult): Quote {
    const a = r.entry!.assessment!;
    return price(a, r.value, { ...a.query, date: r.date ?? a.query.date });
  }

  /**
   * Per measure column the rate it contributes: "25", "0" when exempt, "?" when a claim is needed,
   * "" when it does not apply; then the MFN rate text.
   */
  cells(a: Assessment): string[] {
    const cells: string[] = new Array(this.measureColumns.length + 1).fill('');
    let mfn = '';
    // a line of several measures (a claim must choose) marks each of them; a measure's own line wins
    for (const l of a.lines) {
      if (isMfn(l.measure)) {
        if (mfn === '') mfn = l.rate;
        continue;
      }
      if (!l.measure.includes('|')) continue;
      for (const id of l.measure.split('|')) {
        const i = this.column.get(id);
        if (i !== undefined) cells[i] = '?';
      }
    }
    for (const l of a.lines) {
      const i = this.column.get(l.measure);
      // a cell is what the row is charged: a suspended measure (its rate_pct is the rate in law) charges 0
      if (i !== undefined) cells[i] = l.status === 'suspended' ? '0' : (l.rate_pct ?? '?');
    }
    cells[this.measureColumns.length] = mfn;
    return cells;
  }
}

/**
 * The schedules as dated rate tables for SQL engines: for every 10-digit line and origin, the answer batch gives on
 * each date, as rows valid from a date (inclusive) to a date (exclusive; null when open), merged wherever nothing
 * changes. `lines` has a row per measure line of an interval, `totals` a row per interval, `sources` the citations.
 * A plain row of batch (code, origin, date, value) is priced by the totals row whose interval holds its date.
 * Lines whose answer needs an input (a claim, a content, a quantity) are exported with what is needed, not as zero.
 */
import type { Dataset } from './dataset.js';
import { BatchAnswerer } from './batch.js';
import { inputRow } from './batch-rows.js';
import { adValoremPlan, changePoints, totals } from './engine.js';
import { addDays } from './dates.js';
import type { Assessment } from './answer.js';
import type { Reference } from './schema.js';

export interface ExportOptions {
  importer: string;
  origins: string[];
  /** first day exported */
  from: string;
  /** last day exported (inclusive) */
  to: string;
  asOf: string;
}

export const LINE_COLUMNS = ['hts10', 'origin', 'valid_from', 'valid_to', 'measure', 'name', 'heading', 'rate', 'rate_pct', 'rate_num', 'share_pct', 'basis', 'status', 'claim_needed', 'citation_id'] as const;
export const TOTAL_COLUMNS = ['hts10', 'origin', 'valid_from', 'valid_to', 'rate_pct', 'rate_num', 'ad_valorem_pct', 'specific', 'complete', 'missing'] as const;

export type LineRow = Record<(typeof LINE_COLUMNS)[number], string | number | boolean | null>;
export type TotalRow = Record<(typeof TOTAL_COLUMNS)[number], string | number | boolean | null>;

export interface ExportSink {
  line(r: LineRow): void;
  total(r: TotalRow): void;
}

/** What one assessment gives, as rows without their product and interval, with one string to compare intervals by. */
interface Shaped {
  sig: string;
  lines: Omit<LineRow, 'hts10' | 'origin' | 'valid_from' | 'valid_to'>[];
  total: Omit<TotalRow, 'hts10' | 'origin' | 'valid_from' | 'valid_to'>;
}

export class Exporter {
  private answerer: BatchAnswerer;
  private shaped = new WeakMap<Assessment, Shaped>();
  /** citation (title and href) → its id, in the order first cited */
  readonly sources = new Map<string, { id: string; ref: Reference }>();
  intervals = 0;

  constructor(
    private ds: Dataset,
    private o: ExportOptions,
  ) {
    // only lines are read: products of one measure class share their assessments, as in batch
    this.answerer = new BatchAnswerer(ds, o.asOf, undefined, true, true);
  }

  private cite(ref: Reference): string {
    const key = `${ref.title}\n${ref.href}`;
    let s = this.sources.get(key);
    if (!s) this.sources.set(key, (s = { id: `c${this.sources.size + 1}`, ref }));
    return s.id;
  }

  private shape(a: Assessment): Shaped {
    let s = this.shaped.get(a);
    if (s) return s;
    const lines = a.lines.map((l) => ({
      measure: l.measure, name: l.name, heading: l.heading, rate: l.rate, rate_pct: l.rate_pct, rate_num: l.rate_pct === null ? null : Number(l.rate_pct),
      share_pct: l.share_pct, basis: l.basis, status: l.status, claim_needed: l.status === 'needs claim', citation_id: this.cite(l.citation),
    }));
    // the total rate batch writes for a plain row: ad valorem and complete, else none (with what is missing)
    const plan = adValoremPlan(a);
    const t = plan ?? totals(a, null).total;
    const total = { rate_pct: t.rate_pct, rate_num: t.rate_pct === null ? null : Number(t.rate_pct), ad_valorem_pct: a.summary.adv, specific: a.summary.specific.join('; '), complete: t.complete, missing: t.missing.join('; ') };
    s = { sig: JSON.stringify([lines, total]), lines, total };
    this.shaped.set(a, s);
    return s;
  }

  /** Every 10-digit line valid in the range, for each origin, into the sink. */
  run(sink: ExportSink) {
    const end = addDays(this.o.to, 1);
    const points = changePoints(this.ds, this.o.importer).filter((d) => d > this.o.from && d < end);
    for (let ch = 1; ch <= 99; ch++) {
      const raw = this.ds.chapter(String(ch).padStart(2, '0'), this.o.importer);
      if (!raw) continue;
      const versions = new Map<string, { from: string; ends: string }[]>();
      for (const l of raw.lines) {
        if (l.code.length !== 13 || l.note === 'record-only') continue;
        const from = l.from && l.from > this.o.from ? l.from : this.o.from;
        const ends = l.ends && l.ends < end ? l.ends : end;
        if (from >= ends) continue;
        versions.set(l.code, [...(versions.get(l.code) ?? []), { from, ends }]);
      }
      for (const [code, windows] of versions) for (const origin of this.o.origins) this.product(code, origin, windows, points, end, sink);
    }
  }

  /** One code and origin: an interval per change point in its windows, merged where the answer is the same. */
  private product(code: string, origin: string, windows: { from: string; ends: string }[], points: string[], end: string, sink: ExportSink) {
    let open: { from: string; to: string; s: Shaped } | undefined;
    const close = () => {
      if (!open) return;
      const at = { hts10: code.replaceAll('.', ''), origin, valid_from: open.from, valid_to: open.to === end ? null : open.to };
      for (const l of open.s.lines) sink.line({ ...at, ...l });
      sink.total({ ...at, ...open.s.total });
      this.intervals++;
      open = undefined;
    };
    for (const w of windows.sort((a, b) => a.from.localeCompare(b.from))) {
      if (open && open.to !== w.from) close();
      const starts = [w.from, ...points.filter((d) => d > w.from && d < w.ends)];
      starts.forEach((day, i) => {
        const to = starts[i + 1] ?? w.ends;
        const r = this.answerer.answer(inputRow((c) => (c === 'hts' ? code : c === 'origin' ? origin : c === 'date' ? day : c === 'importer' && this.o.importer !== 'US' ? this.o.importer : undefined)));
        const s: Shaped = r.error
          ? { sig: `error ${r.error}`, lines: [], total: { rate_pct: null, rate_num: null, ad_valorem_pct: null, specific: '', complete: false, missing: r.error } }
          : this.shape(r.entry!.assessment!);
        if (open && open.s.sig === s.sig && open.to === day) open.to = to;
        else {
          close();
          open = { from: day, to, s };
        }
      });
    }
    close();
  }
}

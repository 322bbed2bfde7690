/**
 * Average tariffs over a product mix: for each date, the trade-weighted average (duty over value of the lines
 * answered), the simple average over lines, what each measure contributes in points (summing to the average), the
 * value left out and why, and the assumptions that priced lines whose duty needs an input nobody gave:
 * - a metal content: from content shares per HTS10 (default: the Budget Lab at Yale's BEA-based shares), said;
 * - a claim the line asks for (which list, which metal): the line at its lowest and at its highest rate (a range);
 * - a specific rate: from the weights' quantity column, else left out.
 * Answers come from batch's answerer, so lines that share an answer are assessed once. Averages are statistics:
 * they are summed in binary floating point (the rates are exact decimals until then).
 */
import type { Dataset } from './dataset.js';
import { Dec } from './decimal.js';
import { BatchAnswerer } from './batch.js';
import { inputRow, type RowResult } from './batch-rows.js';
import type { Assessment } from './answer.js';

export interface WeightRow {
  hts: string;
  origin: string;
  /** the weight: a value in the importer's currency */
  value: number;
  importer?: string;
  qty?: string;
  unit?: string;
}

export type By = 'chapter' | 'section';

export interface AverageOptions {
  asOf: string;
  /** HTS10 digits → metal content in percent of value (steel, aluminum, copper) */
  shares?: Map<string, Record<string, string>>;
  /** one content share for every line that needs one, in percent (instead of `shares`) */
  flatShare?: string;
  by?: By;
}

export interface DateAverage {
  date: string;
  /** trade-weighted: the duty of the lines answered over their value, in percent */
  average_pct: number | null;
  /** the mean of the lines' total rates */
  simple_pct: number | null;
  /** with every line that asks for a claim at its lowest and its highest rate */
  low_pct: number | null;
  high_pct: number | null;
  lines_answered: number;
  value_answered: number;
  value_left_out: number;
  left_out: { reason: string; lines: number; value: number }[];
  /** the average minus the previous date's, in points */
  change_pts: number | null;
  /** each measure's duty over the value answered, in points: they add up to the average (at the low end of a range) */
  contributions: { measure: string; name: string; pts: number }[];
  /** what priced lines nobody gave an input for, and how much the average moves with them (null: no other lines) */
  assumptions: { what: string; lines: number; value: number; moved_pts: number | null }[];
  /** codes of the weights not valid on the date, answered by their 8-digit line */
  mapped: { lines: number; value: number };
  groups?: { key: string; name: string; value: number; average_pct: number | null }[];
}

/** What one assessment adds per unit of value: the total, each measure's part, and the spread a claim leaves. */
interface Priced {
  adv: number;
  parts: [string, number][];
  /** the highest rate minus the lowest of the lines that ask for a claim */
  spread: number;
}

const SECTIONS: [number, string, string][] = [
  [5, 'I', 'live animals; animal products'], [14, 'II', 'vegetable products'], [15, 'III', 'fats and oils'], [24, 'IV', 'prepared foodstuffs, beverages, tobacco'],
  [27, 'V', 'mineral products'], [38, 'VI', 'chemical products'], [40, 'VII', 'plastics and rubber'], [43, 'VIII', 'hides, leather, travel goods'], [46, 'IX', 'wood'],
  [49, 'X', 'pulp, paper'], [63, 'XI', 'textiles and apparel'], [67, 'XII', 'footwear, headgear'], [70, 'XIII', 'stone, ceramics, glass'], [71, 'XIV', 'precious metals, jewelry'],
  [83, 'XV', 'base metals'], [85, 'XVI', 'machinery, electrical equipment'], [89, 'XVII', 'vehicles, aircraft, vessels'], [92, 'XVIII', 'instruments, clocks'],
  [93, 'XIX', 'arms'], [96, 'XX', 'miscellaneous manufactures'], [97, 'XXI', 'works of art'], [99, 'XXII', 'special classification (chapters 98-99)'],
];

/** The HTS section of a chapter (the sections of the HTS, by chapter range). */
export function sectionOf(chapter: number): { key: string; name: string } {
  const s = SECTIONS.find(([last]) => chapter <= last) ?? SECTIONS.at(-1)!;
  return { key: s[1], name: `Section ${s[1]}: ${s[2]}` };
}

/** A refusal's reason without the code and date it names, so that the lines it leaves out add up under one reason. */
export function reasonOf(message: string): string {
  if (/is in chapter 99/.test(message)) return 'chapter 99 (not a product line)';
  if (/is not in the HTS on /.test(message)) return 'not a line of the HTS on this date (renumbered or discontinued)';
  if (/covers lines with different duties/.test(message)) return 'a code whose lines carry different duties';
  if (/is not in the HTS/.test(message)) return 'not in the HTS';
  if (/^origin /.test(message)) return message.replace(/^origin \S+/, 'origin');
  if (/^quantity in .* for the specific rate/.test(message)) return 'a specific rate, and no quantity (a qty and unit column in the weights prices it)';
  if (/^the General rate ".*" cannot be computed/.test(message)) return 'a General rate that cannot be computed from a value (parts of a set, per-jewel, sliding scales)';
  if (/^the \w+ content as a percentage of customs value/.test(message)) return 'a metal content the content shares do not give for the line';
  return message.replace(/\d{4}(\.\d{2}){1,3}/g, 'the line').split(';')[0]!;
}

const toNum = (d: Dec | null | undefined) => (d ? Number(d.toString(12)) : 0);

/** An assessment's rates as numbers, memoised: per measure, the total, and a claim's spread. */
function pricedOf(memo: Map<Assessment, Priced | null>, a: Assessment): Priced | null {
  let p = memo.get(a);
  if (p !== undefined) return p;
  const parts: [string, number][] = [];
  let sum = 0;
  let spread = 0;
  let ok = a.summary.specific.length === 0;
  for (const l of a.lines) {
    if (l.status === 'exempt' || l.status === 'suspended') continue;
    if (l.status === 'needs claim') {
      // "+25% or +7.5%": the line at its lowest rate, and the spread to its highest
      const rates = [...l.rate.matchAll(/(\d+(?:\.\d+)?)%/g)].map((m) => Number(m[1]));
      if (!rates.length) {
        ok = false;
        continue;
      }
      const low = Math.min(...rates);
      spread += Math.max(...rates) - low;
      parts.push([l.measure, low]);
      sum += low;
      continue;
    }
    if (!l.pricing.computable || l.pricing.pct === null) ok = false;
    const v = toNum(l.pricing.pct);
    parts.push([l.measure, v]);
    sum += v;
  }
  // the only inputs missing are the claims the range prices
  const onlyClaims = a.missing.every((m) => /^which (list covers|applies)/.test(m));
  if (!ok || !onlyClaims) p = null;
  else {
    const adv = spread === 0 && a.missing.length === 0 ? toNum(Dec.of(a.summary.adv)) : sum;
    // an inclusive rate (a total with MFN) is less than its lines: the difference is its own part
    if (Math.abs(adv - sum) > 1e-9) parts.push(['inclusive', adv - sum]);
    p = { adv, parts, spread };
  }
  memo.set(a, p);
  return p;
}

/** The metals a missing input asks for ("--content steel=PCT"), and the content the assumption gives them. */
function assumedContent(a: Assessment, hts: string, o: AverageOptions): string | undefined {
  const metals = [...new Set(a.missing.flatMap((m) => [...m.matchAll(/--content (\w+)=PCT/g)].map((x) => x[1]!)))];
  if (!metals.length) return undefined;
  const own = o.flatShare === undefined ? o.shares?.get(hts.replace(/\D/g, '').slice(0, 10)) : undefined;
  if (o.flatShare === undefined && !own) return undefined;
  const share = (m: string) => o.flatShare ?? own![m] ?? '0';
  // with several metals asked, a flat share is split between them so that they do not pass 100%
  const each = o.flatShare !== undefined ? Dec.of(o.flatShare).div(Dec.of(String(metals.length))).toString(6) : undefined;
  return metals.map((m) => `${m}=${each ?? share(m)}`).join(';');
}

interface Acc {
  value: number;
  lines: number;
  simple: number;
  duty: Map<string, number>;
  spread: number;
  groups: Map<string, { name: string; value: number; duty: number }>;
  left: Map<string, { lines: number; value: number }>;
  assumed: { lines: number; value: number; duty: number };
  mapped: { lines: number; value: number };
}

const newAcc = (): Acc => ({ value: 0, lines: 0, simple: 0, duty: new Map(), spread: 0, groups: new Map(), left: new Map(), assumed: { lines: 0, value: 0, duty: 0 }, mapped: { lines: 0, value: 0 } });

export class Averager {
  private answerer: BatchAnswerer;
  private memo = new Map<Assessment, Priced | null>();
  constructor(
    private ds: Dataset,
    private o: AverageOptions,
  ) {
    // only the lines of an answer are read: products of one measure class share their assessments, as in CSV batch
    this.answerer = new BatchAnswerer(ds, o.asOf, undefined, true, true);
  }

  private answer(w: WeightRow, date: string, content?: string): RowResult {
    return this.answerer.answer(inputRow((c) => (c === 'hts' ? w.hts : c === 'origin' ? w.origin : c === 'date' ? date : c === 'importer' ? w.importer : c === 'qty' ? w.qty : c === 'unit' ? w.unit : c === 'content' ? content : undefined)));
  }

  /** rows refused for a reason no date changes (chapter 99, a code of no edition, an origin): not asked again */
  private refused = new WeakMap<WeightRow, string>();

  /** One weight row on one date into the accumulator. */
  private add(acc: Acc, w: WeightRow, date: string) {
    const leave = (reason: string) => {
      const l = acc.left.get(reason) ?? { lines: 0, value: 0 };
      l.lines++;
      l.value += w.value;
      acc.left.set(reason, l);
    };
    const known = this.refused.get(w);
    if (known) return leave(known);
    let r = this.answer(w, date);
    if (r.error && /is in chapter 99|^origin |is not in the HTS \(/.test(r.error)) {
      this.refused.set(w, reasonOf(r.error));
      return leave(reasonOf(r.error));
    }
    // a code of the weights' year that the date's HTS no longer has: its 8-digit line, when that answers alone
    if (r.error && /is not in the HTS on /.test(r.error) && w.hts.replace(/\D/g, '').length === 10) {
      const r8 = this.answer({ ...w, hts: w.hts.replace(/\D/g, '').slice(0, 8) }, date);
      if (!r8.error) {
        r = r8;
        acc.mapped.lines++;
        acc.mapped.value += w.value;
      }
    }
    if (r.error) return leave(reasonOf(r.error));
    let a = r.entry!.assessment!;
    let p = pricedOf(this.memo, a);
    let assumed = false;
    if (!p) {
      const content = assumedContent(a, w.hts, this.o);
      const withContent = content ? this.withContent(a, w, date, content) : undefined;
      if (withContent) [a, p, assumed] = [withContent, pricedOf(this.memo, withContent), true];
    }
    if (!p && a.summary.specific.length && w.qty) return this.addSpecific(acc, w, a, leave);
    if (!p) return leave(a.missing[0] ? reasonOf(a.missing[0]) : 'a rate that cannot be computed');
    this.count(acc, w, p.adv, p.parts, p.spread);
    if (assumed) {
      acc.assumed.lines++;
      acc.assumed.value += w.value;
      acc.assumed.duty += (w.value * p.adv) / 100;
    }
  }

  /**
   * The answer with an assumed content. It reads the same measures as the answer without one, so it is the same
   * wherever that answer is the same object (one product class on one interval): memoised on it.
   */
  private contentMemo = new WeakMap<Assessment, Map<string, Assessment | undefined>>();
  private withContent(plain: Assessment, w: WeightRow, date: string, content: string): Assessment | undefined {
    let byContent = this.contentMemo.get(plain);
    if (!byContent) this.contentMemo.set(plain, (byContent = new Map()));
    if (!byContent.has(content)) {
      const r = this.answer(w, date, content);
      byContent.set(content, r.error ? undefined : r.entry!.assessment!);
    }
    return byContent.get(content);
  }

  /** A specific rate priced at the weights' quantity and value (not shared between rows). */
  private addSpecific(acc: Acc, w: WeightRow, a: Assessment, leave: (r: string) => void) {
    if (a.missing.length || w.value <= 0) return leave(a.missing[0] ? reasonOf(a.missing[0]) : 'a specific rate on a value of 0');
    let duty = Dec.ZERO;
    const parts: [string, number][] = [];
    for (const l of a.lines) {
      if (l.status === 'exempt' || l.status === 'suspended') continue;
      if (!l.pricing.computable) return leave('a rate that cannot be computed');
      const v = Dec.of(String(w.value));
      const d = (l.pricing.pct ? v.pctRounded(l.pricing.pct, 2) : Dec.ZERO).add(l.pricing.specific ?? Dec.ZERO);
      duty = duty.add(d);
      parts.push([l.measure, (toNum(d) / w.value) * 100]);
    }
    this.count(acc, w, (toNum(duty) / w.value) * 100, parts, 0);
  }

  private count(acc: Acc, w: WeightRow, adv: number, parts: [string, number][], spread: number) {
    acc.value += w.value;
    acc.lines++;
    acc.simple += adv;
    acc.spread += (w.value * spread) / 100;
    for (const [m, pct] of parts) acc.duty.set(m, (acc.duty.get(m) ?? 0) + (w.value * pct) / 100);
    if (this.o.by) {
      const ch = Number(w.hts.replace(/\D/g, '').slice(0, 2));
      const g = this.o.by === 'chapter' ? { key: String(ch).padStart(2, '0'), name: `chapter ${String(ch).padStart(2, '0')}` } : sectionOf(ch);
      const x = acc.groups.get(g.key) ?? { name: g.name, value: 0, duty: 0 };
      x.value += w.value;
      x.duty += (w.value * adv) / 100;
      acc.groups.set(g.key, x);
    }
  }

  /** The averages on each date, oldest first. */
  run(rows: WeightRow[], dates: string[]): DateAverage[] {
    const out: DateAverage[] = [];
    for (const date of [...dates].sort()) {
      const acc = newAcc();
      for (const w of rows) this.add(acc, w, date);
      out.push(this.result(acc, date, out.at(-1)));
    }
    return out;
  }

  private result(acc: Acc, date: string, prev: DateAverage | undefined): DateAverage {
    const pts = (duty: number) => (acc.value > 0 ? (duty / acc.value) * 100 : 0);
    const total = [...acc.duty.values()].reduce((a, b) => a + b, 0);
    const average = acc.value > 0 ? pts(total) : null;
    const name = (id: string) => (id === 'inclusive' ? 'inclusive rates (a total with MFN): overlap' : id.split('|').map((x) => this.ds.measures.find((m) => m.id === x)?.name ?? (x.endsWith('.mfn') ? 'MFN' : x)).join(' or '));
    const without = acc.value - acc.assumed.value > 0 ? ((total - acc.assumed.duty) / (acc.value - acc.assumed.value)) * 100 : null;
    const leftValue = [...acc.left.values()].reduce((a, b) => a + b.value, 0);
    return {
      date,
      average_pct: average,
      simple_pct: acc.lines ? acc.simple / acc.lines : null,
      low_pct: average,
      high_pct: average === null ? null : average + pts(acc.spread),
      lines_answered: acc.lines,
      value_answered: acc.value,
      value_left_out: leftValue,
      left_out: [...acc.left].map(([reason, l]) => ({ reason, ...l })).sort((a, b) => b.value - a.value),
      change_pts: prev?.average_pct != null && average !== null ? average - prev.average_pct : null,
      contributions: [...acc.duty].map(([measure, d]) => ({ measure, name: name(measure), pts: pts(d) })).filter((c) => Math.abs(c.pts) > 1e-12).sort((a, b) => b.pts - a.pts),
      assumptions: acc.assumed.lines
        ? [{ what: this.o.flatShare !== undefined ? `metal content ${this.o.flatShare}% of value` : 'metal content from the content shares (Budget Lab at Yale, BEA-based)', lines: acc.assumed.lines, value: acc.assumed.value, moved_pts: average !== null && without !== null ? average - without : null }]
        : [],
      mapped: acc.mapped,
      ...(this.o.by ? { groups: [...acc.groups].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true })).map(([key, g]) => ({ key, name: g.name, value: g.value, average_pct: g.value > 0 ? (g.duty / g.value) * 100 : null })) } : {}),
    };
  }
}

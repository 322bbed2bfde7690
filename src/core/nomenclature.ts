/**
 * The HTS as in force on the entry date. A dated nomenclature keeps every version of each line with the
 * first day it is valid (`from`) and the first day it no longer is (`ends`), from the USITC change records.
 * A quote reads the view of one chapter on its date: the lines valid that day. A code not valid on the
 * date is refused with what replaced it or what it came from; a number given to other goods on some date
 * is answered with a warning naming both. The cache of views lives here (one per chapter and period).
 */
import type { ChapterData, Dataset, HtsLine } from './dataset.js';
import type { HtsDescriptor } from './schema.js';
import type { LegalEvent } from './events.js';
import { lowerBound } from './search.js';

const digitsOf = (code: string) => code.replaceAll('.', '');

interface Periods {
  /** the dates on which a line of the chapter begins or ends, ascending: period i starts on dates[i - 1] */
  dates: string[];
  views: (ChapterData | undefined)[];
}

const periodsMemo = new WeakMap<ChapterData, Periods>();

function periodsOf(raw: ChapterData): Periods {
  let p = periodsMemo.get(raw);
  if (!p) {
    const s = new Set<string>();
    for (const l of raw.lines) {
      if (l.from) s.add(l.from);
      if (l.ends) s.add(l.ends);
    }
    periodsMemo.set(raw, (p = { dates: [...s].sort(), views: [] }));
  }
  return p;
}

/**
 * Per chapter: the digits of its lines that begin or end on some date, every prefix of them, and the codes whose
 * number was given to other goods.
 */
interface Dated {
  lines: Set<string>;
  prefixes: Set<string>;
  reused: Set<string>;
}
const datedMemo = new WeakMap<ChapterData, Dated>();

function datedOf(raw: ChapterData): Dated {
  let d = datedMemo.get(raw);
  if (!d) {
    d = { lines: new Set(), prefixes: new Set(), reused: new Set() };
    for (const l of raw.lines) {
      if (l.note === 'reused') d.reused.add(l.code);
      if (l.from === undefined && l.ends === undefined) continue;
      const digits = digitsOf(l.code);
      d.lines.add(digits);
      for (let n = 4; n <= digits.length; n += 2) d.prefixes.add(digits.slice(0, n));
    }
    datedMemo.set(raw, d);
  }
  return d;
}

/**
 * Whether a code's lines (those under it and its parents, whose rate it takes) change on some date of a dated
 * nomenclature: its answer can differ between two dates of one measure interval, so batch does not share it
 * with other products (memoised per chapter and code).
 */
export function hasDatedLines(ds: Dataset, importer: string, digits: string): boolean {
  const raw = ds.chapter(digits.slice(0, 2), importer);
  if (!raw?.dated) return false;
  const d = datedOf(raw);
  // a dated line under the code (the code is a prefix of it), or the code's own line or a parent's
  if (d.prefixes.has(digits)) return true;
  for (let n = 4; n < digits.length; n += 2) if (d.lines.has(digits.slice(0, n))) return true;
  return false;
}

/** per chapter (or view): its lines sorted by digits, to find the lines under a prefix by binary search */
const sortedMemo = new WeakMap<ChapterData, { d: string; l: HtsLine }[]>();

/** The lines of a chapter (or view) whose digits start with `prefix` (every version, in digit order). */
function under(ch: ChapterData, prefix: string): HtsLine[] {
  let sorted = sortedMemo.get(ch);
  if (!sorted) {
    sorted = ch.lines.map((l) => ({ d: digitsOf(l.code), l })).sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : 0));
    sortedMemo.set(ch, sorted);
  }
  const out: HtsLine[] = [];
  for (let i = lowerBound(sorted, prefix, (x) => x.d); i < sorted.length && sorted[i]!.d.startsWith(prefix); i++) out.push(sorted[i]!.l);
  return out;
}

/** A line is valid on a day when it began on or before it (or before the data) and had not ended. */
const validOn = (l: HtsLine, day: string | undefined) =>
  l.note !== 'record-only' && (l.from === undefined || (day !== undefined && l.from <= day)) && (l.ends === undefined || day === undefined || l.ends > day);

/** A chapter of an importer's nomenclature as in force on a date (the chapter itself when it is not dated). */
export function chapterOn(ds: Dataset, ch: string, importer: string, date: string): ChapterData | undefined {
  const raw = ds.chapter(ch, importer);
  if (!raw?.dated) return raw;
  const p = periodsOf(raw);
  let i = 0;
  while (i < p.dates.length && p.dates[i]! <= date) i++;
  let view = p.views[i];
  if (!view) {
    const start = i === 0 ? undefined : p.dates[i - 1];
    p.views[i] = view = { lines: raw.lines.filter((l) => validOn(l, start)), scopes: raw.scopes };
  }
  return view;
}

/** The edition whose text a date's lines rest on: the latest published on or before it (the first one before the data). */
export function editionOn(t: HtsDescriptor, date: string): { name: string; published: string; before: boolean; after?: string } {
  const eds = t.editions;
  if (!eds?.length) return { name: t.revision, published: t.effective, before: false };
  let at = eds[0]!;
  for (const e of eds) if (e.published <= date) at = e;
  return { name: at.name, published: at.published, before: date < eds[0]!.published };
}

const list = (codes: string[]) => (codes.length <= 1 ? codes.join('') : `${codes.slice(0, -1).join(', ')} and ${codes.at(-1)}`);
const recordName = (t: HtsDescriptor, label: string) => `${t.editions?.find((e) => e.label === label)?.name ?? label} change record`;

/**
 * Why a code has no line on a date when it has lines on other dates, as one sentence naming what to give
 * instead; undefined when the code is on no date of the data.
 */
export function notValidOn(ds: Dataset, importer: string, digits: string, date: string): string | undefined {
  const raw = ds.chapter(digits.slice(0, 2), importer);
  const t = ds.tariffs[importer];
  if (!raw?.dated || !t) return undefined;
  const own = under(raw, digits);
  if (!own.length) return undefined;
  const code = own.find((l) => digitsOf(l.code) === digits)?.code ?? own[0]!.code;
  const head = `${code} is not in the HTS on ${date}`;
  const later = own.filter((l) => l.from !== undefined && l.from > date && l.note !== 'record-only');
  const ended = own.filter((l) => l.ends !== undefined && l.ends <= date);
  if (ended.length) return endedSentence(raw, t, head, code, maxEnds(ended));
  if (later.length) return laterSentence(ds, raw, t, head, code, later.map((l) => l.from!).sort()[0]!, date);
  // valid only as known from a record that ended it, before the data starts
  const first = t.editions?.[0];
  return `${head}: the data starts with the ${first?.name ?? t.revision} (${first?.published ?? t.effective}); the change record says ${code} was discontinued on ${maxEnds(own)}, and the lines before then are not in the data`;
}

const maxEnds = (ls: HtsLine[]) => ls.map((l) => l.ends ?? '').sort().at(-1)!;

/** A code that ended on or before the date: its successors by the record's transfers, else the lines established that day beside it. */
function endedSentence(raw: ChapterData, t: HtsDescriptor, head: string, code: string, ends: string): string {
  const to = (raw.transfers ?? []).filter((x) => x[1] === code && x[0] === ends);
  // a successor the record dates later than the transfer (2404.12.05.90: from 2026-07-01) is said to be so
  const later = (c: string) => raw.lines.find((l) => l.code === c && l.from !== undefined && l.from > ends)?.from;
  const named = to.map((x) => x[2] + (later(x[2]) ? ` (a line only from ${later(x[2])}, as the record dates it)` : ''));
  if (to.length) return `${head}: it was replaced on ${ends} by ${list(named)} (${recordName(t, to[0]![3])}): give ${to.length > 1 ? 'one of these' : 'that code'}`;
  const parent = siblingsParent(raw, code, ends);
  const born = parent ? under(raw, parent).filter((l) => l.from === ends && l.code.length === code.length) : [];
  const then = born.length ? `; lines of ${dotted(parent!)} established that day: ${born.map((l) => `${l.code} ${l.description}`).join('; ')}` : '';
  const recordOnly = raw.lines.some((l) => l.code === code && l.note === 'record-only');
  return `${head}: it was discontinued on ${ends}${recordOnly ? ' (its text is not in the data)' : ''}, and the change record names no successor${then}`;
}

/** A code that begins after the date: what it was transferred from, else the lines of its parent on the date. */
function laterSentence(ds: Dataset, raw: ChapterData, t: HtsDescriptor, head: string, code: string, from: string, date: string): string {
  const of = (raw.transfers ?? []).filter((x) => x[2] === code && x[0] === from);
  if (of.length) return `${head}: it was established on ${from} from ${list(of.map((x) => x[1]))} (${recordName(t, of[0]![3])}): on ${date} give ${of.length > 1 ? 'one of these' : 'that code'}`;
  const parent = siblingsParent(raw, code, date);
  const view = chapterOn(ds, code.slice(0, 2), t.importer, date);
  const then = parent && view ? under(view, parent).filter((l) => l.code.length === code.length) : [];
  return `${head}: it was established on ${from}${then.length ? `; lines of ${dotted(parent!)} on ${date}: ${then.map((l) => l.code).join(', ')}` : ''}`;
}

/** The nearest parent (8 then 6 digits) that has a line valid on the day. */
function siblingsParent(raw: ChapterData, code: string, day: string): string | undefined {
  const d = digitsOf(code);
  for (const n of [8, 6, 4]) {
    if (n >= d.length) continue;
    const p = d.slice(0, n);
    if (under(raw, p).some((l) => digitsOf(l.code) === p && validOn(l, day))) return p;
  }
  return undefined;
}

const dotted = (d: string) => [d.slice(0, 4), ...(d.slice(4).match(/\d\d/g) ?? [])].join('.');

/**
 * A line whose number named other goods on another date of the data (discontinued and established again the
 * same day): the warning names both, and the code the earlier goods moved to.
 */
export function reusedWarning(ds: Dataset, importer: string, line: HtsLine, date: string): string | undefined {
  const raw = ds.chapter(line.code.slice(0, 2), importer);
  if (!raw?.dated || !datedOf(raw).reused.has(line.code)) return undefined;
  const vs = under(raw, digitsOf(line.code)).filter((l) => l.code === line.code && l.note !== 'record-only');
  const reuse = vs.find((l) => l.note === 'reused');
  if (!reuse) return undefined;
  const before = vs.filter((l) => l.ends === reuse.from).at(-1);
  if (!before) return undefined;
  const moved = (raw.transfers ?? []).filter((x) => x[1] === line.code && x[0] === reuse.from).map((x) => x[2]);
  const came = (raw.transfers ?? []).filter((x) => x[2] === line.code && x[0] === reuse.from).map((x) => x[1]);
  const now = date >= reuse.from! ? 'from then' : 'before then';
  return (
    `${line.code} was given to other goods on ${reuse.from}: before then "${before.description}"${moved.length ? ` (since under ${list(moved)})` : ''}, ` +
    `from then "${reuse.description}"${came.length ? ` (from ${list(came)})` : ''}. This quote is for the goods ${now}.`
  );
}

/**
 * The changes of a code's own line (exact code) with after < date <= until, oldest first, as legal events:
 * established, given other text or another number's goods, discontinued.
 */
export function lineEvents(ds: Dataset, importer: string, digits: string, after: string, until: string): LegalEvent[] {
  const raw = ds.chapter(digits.slice(0, 2), importer);
  const t = ds.tariffs[importer];
  if (!raw?.dated || !t) return [];
  const vs = under(raw, digits).filter((l) => digitsOf(l.code) === digits && l.note !== 'record-only');
  const out: LegalEvent[] = [];
  const event = (date: string, record: string | undefined, from: string, to: string): LegalEvent => ({
    date, measure: `${importer.toLowerCase()}.hts`, name: `HTS line ${vs[0]!.code}`, from, to, heading: null,
    citation: { title: `USITC, HTS ${record ? recordName(t, record) : 'change records'}`, href: t.reference.href },
  });
  for (const v of vs) {
    if (v.from && v.from > after && v.from <= until) {
      const prev = vs.find((p) => p.ends === v.from);
      const of = (raw.transfers ?? []).filter((x) => x[2] === v.code && x[0] === v.from).map((x) => x[1]);
      if (!prev) out.push(event(v.from, v.from_record, 'not in the HTS', `established${of.length ? ` from ${list(of)}` : ''}: "${v.description}"`));
      else out.push(event(v.from, v.from_record, `"${prev.description}"`, `"${v.description}"${v.note === 'reused' ? ' (the number given to other goods)' : ''}`));
    }
    if (v.ends && v.ends > after && v.ends <= until && !vs.some((n) => n.from === v.ends)) {
      const to = (raw.transfers ?? []).filter((x) => x[1] === v.code && x[0] === v.ends).map((x) => x[2]);
      out.push(event(v.ends, v.ends_record, `"${v.description}"`, to.length ? `replaced by ${list(to)}` : 'discontinued'));
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

/** HTS code handling: normalising user input and finding a code's lines in the schedule. */
import type { ChapterData, Dataset, HtsLine } from './dataset.js';
import { NotInForceError, QueryError } from './errors.js';
import { lowerBound } from './search.js';
import { chapterOn, editionOn, notValidOn } from './nomenclature.js';

export const digitsOf = (code: string) => (code.includes('.') ? code.replaceAll('.', '') : code);

/** "4202929100" → "4202.92.91.00" */
export function dotted(digits: string): string {
  const parts = [digits.slice(0, 4)];
  for (let i = 4; i < digits.length; i += 2) parts.push(digits.slice(i, i + 2));
  return parts.join('.');
}

export function normalizeCode(input: string): string {
  // codes as pasted from forms and spreadsheets: "6109 10 00 12", "6109-10-00-12"
  const t = input.trim().replace(/(?<=\d)[\s-]+(?=\d)/g, '.');
  if (!/^\d{4}(\.?\d{2}){1,3}$/.test(t) && !/^\d{6}$|^\d{8}$|^\d{10}$/.test(t)) {
    throw new QueryError(`"${input}" is not an HTS code: give 6, 8 or 10 digits, dotted (4202.92.91.00) or not (4202929100)`);
  }
  const d = digitsOf(t);
  if (![6, 8, 10].includes(d.length)) throw new QueryError(`"${input}" is not an HTS code: give 6, 8 or 10 digits`);
  if (d.startsWith('99')) throw new QueryError(`${dotted(d)} is in chapter 99 (temporary legislation and additional duties), not a product: give the product's HTS code`);
  return d;
}

interface IndexedChapter {
  byDigits: Map<string, HtsLine>;
  sorted: { digits: string; line: HtsLine }[];
}

const indexCache = new WeakMap<ChapterData, IndexedChapter>();

function indexed(ch: ChapterData): IndexedChapter {
  let ix = indexCache.get(ch);
  if (!ix) {
    const sorted = ch.lines.map((line) => ({ digits: digitsOf(line.code), line }));
    // the HTS lists its lines in this order already: sort only when it does not
    if (sorted.some((x, i) => i > 0 && sorted[i - 1].digits > x.digits)) sorted.sort((a, b) => (a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0));
    ix = { byDigits: new Map(sorted.map((s) => [s.digits, s.line])), sorted };
    indexCache.set(ch, ix);
  }
  return ix;
}

export interface ResolvedProduct {
  digits: string;
  /** the row for the code as given, when the HTS has one */
  line?: HtsLine;
  /** the most detailed lines under the code (the code itself when it has no children) */
  leaves: HtsLine[];
  chapter: ChapterData;
}

const resolved = new WeakMap<ChapterData, Map<string, ResolvedProduct>>();

/** "the HTS (2025 Revision 14)": how errors name an importer's nomenclature on a date */
export function nomenclatureName(ds: Dataset, importer: string, date: string): string {
  const t = ds.tariffs[importer];
  if (!t) return `${importer}'s tariff`;
  const e = editionOn(t, date);
  return importer === 'US' ? `the HTS (${e.name}${e.before ? ', the earliest edition in the data' : ''})` : `${t.name} (${t.revision})`;
}

/** The lines under a code in an importer's nomenclature as in force on a date (memoised per chapter view and code). */
export function resolveProduct(ds: Dataset, digits: string, importer: string, date: string): ResolvedProduct {
  const chapter = chapterOn(ds, digits.slice(0, 2), importer, date);
  let memo = chapter && resolved.get(chapter);
  if (chapter && !memo) resolved.set(chapter, (memo = new Map()));
  const hit = memo?.get(digits);
  if (hit) return hit;
  const r = resolveUncached(ds, importer, chapter, digits, date);
  memo!.set(digits, r);
  return r;
}

function resolveUncached(ds: Dataset, importer: string, chapter: ChapterData | undefined, digits: string, date: string): ResolvedProduct {
  const unknown = () => {
    const dated = notValidOn(ds, importer, digits, date);
    return dated ? new NotInForceError(dated) : new QueryError(`${dotted(digits)} is not in ${nomenclatureName(ds, importer, date)}`);
  };
  if (!chapter) throw unknown();
  const ix = indexed(chapter);
  const under: { digits: string; line: HtsLine }[] = [];
  for (let i = lowerBound(ix.sorted, digits, (x) => x.digits); i < ix.sorted.length && ix.sorted[i].digits.startsWith(digits); i++) under.push(ix.sorted[i]);
  if (under.length === 0) {
    const dated = notValidOn(ds, importer, digits, date);
    if (dated) throw new NotInForceError(dated);
    // Name the closest existing parent to help the user.
    for (let n = digits.length - 2; n >= 4; n -= 2) {
      const parent = ix.byDigits.get(digits.slice(0, n));
      if (parent) throw new QueryError(`${dotted(digits)} is not in ${nomenclatureName(ds, importer, date)}; its parent ${parent.code} is: ${parent.description}`);
    }
    throw unknown();
  }
  const leaves = under.filter((s) => !under.some((o) => o.digits.length > s.digits.length && o.digits.startsWith(s.digits))).map((s) => s.line);
  return { digits, line: ix.byDigits.get(digits), leaves, chapter };
}

/** The row whose General rate applies: the line itself or its nearest ancestor with a rate (10-digit lines inherit the 8-digit rate). */
export function rateLine(chapter: ChapterData, leafDigits: string): HtsLine | undefined {
  const ix = indexed(chapter);
  for (let n = leafDigits.length; n >= 4; n -= 2) {
    const l = ix.byDigits.get(leafDigits.slice(0, n));
    if (l && l.general) return l;
  }
  return undefined;
}

/** Length of the longest prefix of `digits` on a product list (0 when not on it). */
export function matchLength(chapter: ChapterData, scopeKey: string, digits: string): number {
  return scopeMatches(chapter, digits)[scopeKey] ?? 0;
}

const matchCache = new WeakMap<ChapterData, Map<string, Record<string, number>>>();
/** per chapter: HTS prefix → the product lists (scope keys) that name it */
const prefixCache = new WeakMap<ChapterData, Map<string, string[]>>();

function prefixIndex(chapter: ChapterData): Map<string, string[]> {
  let ix = prefixCache.get(chapter);
  if (!ix) {
    ix = new Map();
    for (const [key, list] of Object.entries(chapter.scopes)) {
      for (const prefix of list) {
        const keys = ix.get(prefix);
        if (!keys) ix.set(prefix, [key]);
        else if (!keys.includes(key)) keys.push(key);
      }
    }
    prefixCache.set(chapter, ix);
  }
  return ix;
}

/** For one product, the match length on every product list of its chapter that lists it (memoised per product). */
export function scopeMatches(chapter: ChapterData, digits: string): Record<string, number> {
  let byDigits = matchCache.get(chapter);
  if (!byDigits) matchCache.set(chapter, (byDigits = new Map()));
  let m = byDigits.get(digits);
  if (!m) {
    m = {};
    const ix = prefixIndex(chapter);
    // shortest prefix first, so that a longer match on the same list overrides it
    for (let n = 4; n <= Math.min(10, digits.length); n += 2) {
      const keys = ix.get(digits.slice(0, n));
      if (keys) for (const key of keys) m[key] = n;
    }
    byDigits.set(digits, m);
  }
  return m;
}

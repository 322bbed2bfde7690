/**
 * What covers a product: the measures of an importer, the leaf of a product with the measures and exception lists
 * that name it, change points, plain classes for batch, and product look-ups. Most memo caches of the engine live
 * here; the others sit next to what they memoise: the pricing of a percentage and the texts said once per schedule
 * object (lines.ts), the MFN line per rate text (mfn.ts). No legal rule is decided here.
 */
import type { Dataset, ChapterData, HtsLine } from './dataset.js';
import { QueryError } from './errors.js';
import { digitsOf, dotted, rateLine, resolveProduct, scopeMatches, type ResolvedProduct } from './product.js';
import { chapterOn, reusedWarning } from './nomenclature.js';
import type { Exception, Measure, HtsDescriptor } from './schema.js';
import { addDays } from './dates.js';
import { latestOnOrBefore } from './search.js';
import type { Draft } from './answer.js';
import type { Query } from './query.js';
import { column2Country, countryKey, reaches, valueDates } from './origins.js';

/**
 * Every date on which some answer can change: measure values, exception windows, in-transit
 * cut-offs, fees and postal duties, the verified horizon and the HTS year. Between two of them every quote is the same
 * (apart from the date it echoes), which lets batch share one assessment across those dates.
 * With an importer, only the dates of its own measures, nomenclature and fees.
 */
export function changePoints(ds: Dataset, importer?: string): string[] {
  const points = importerPoints(ds, importer);
  // a dated nomenclature: the days its lines change (plain classes leave them out: see plainClassPoints)
  for (const [code, t] of Object.entries(ds.tariffs)) if (importer === undefined || code === importer) for (const d of t!.line_dates ?? []) points.add(d);
  for (const m of ds.measures) if (importer === undefined || m.importer === importer) addMeasurePoints(m, points);
  return [...points].sort();
}

/** The change points that are not a measure's: the modelled range, verified horizon, nomenclature, fees and postal duties. */
function importerPoints(ds: Dataset, importer?: string): Set<string> {
  const mine = (of: string) => importer === undefined || of === importer;
  const points = new Set<string>([ds.meta.modelled_from]);
  for (const [code, im] of Object.entries(ds.meta.importers)) if (mine(code)) points.add(nextDay(im.verified_through));
  for (const [code, t] of Object.entries(ds.tariffs)) {
    if (!mine(code)) continue;
    points.add(`${t!.effective.slice(0, 4)}-01-01`);
    for (const d of t!.mfn_dates ?? []) points.add(d);
    // a dated nomenclature: from its first edition not in the data, quotes warn (the edition cited on a date is
    // named when a quote is priced, so editions are no change point)
    if (t!.next_edition) points.add(t!.next_edition.published);
    for (const r of t!.reports ?? []) points.add(r.from).add(nextDay(r.through));
    if (t!.mfn_known_through) points.add(nextDay(t!.mfn_known_through));
  }
  // fees (a fiscal year's MPF minimum) and postal duties change on their own dates
  for (const f of [...ds.fees, ...ds.postal]) if (mine(f.importer)) for (const d of Object.keys(f.values)) points.add(d);
  return points;
}

/**
 * A measure's change points: its values (and the day after a change at a local time), its exception windows and
 * in-transit cut-offs. With `listed` (a leaf's flags per exception), the window of an exception that can lift the
 * measure only for listed products (a product list, a claim limited to its list) counts only where the leaf is listed.
 */
function addMeasurePoints(m: Measure, points: Set<string>, listed?: readonly number[]) {
  for (const [d, v] of Object.entries(m.values)) {
    points.add(d);
    if (v.effective_time) points.add(nextDay(d)); // the change-day warning ends
  }
  for (const d of valueDates(m)) points.add(d);
  m.exceptions.forEach((e, i) => {
    if (listed && listOnly(e) && !(listed[i]! > 0)) return;
    if (e.from) points.add(e.from);
    if (e.until) points.add(nextDay(e.until));
    if (e.when === 'in_transit' && e.entered_before) points.add(e.entered_before);
  });
}

/** an exception that can only lift its measure for a product on its list (exceptionApplies in rules.ts) */
const listOnly = (e: Exception) => e.when === 'product' || (e.when === 'claim' && e.products !== undefined && e.products_scope !== 'hints');

/**
 * The change points of a plain query's answer for one product and origin (see plainClass): the
 * importer's own and those of the measures that cover the product from that origin, the only
 * measures its lines read. The same for every product of one plainClass. The days a dated
 * nomenclature's lines change are not among them: batch answers a product whose lines change on
 * its own (hasDatedLines), on the intervals of changePoints.
 */
export function plainClassPoints(ds: Dataset, q: Query): string[] {
  let byImporter = importerPointsMemo.get(ds);
  if (!byImporter) importerPointsMemo.set(ds, (byImporter = new Map()));
  let own = byImporter.get(q.importer);
  if (!own) byImporter.set(q.importer, (own = [...importerPoints(ds, q.importer)]));
  const points = new Set(own);
  for (const { m, exc } of findProduct(ds, q).leaves[0].covering) {
    if (!reaches(m, q.origin)) continue;
    // memoised per measure and the leaf's exception flags (few distinct combinations)
    let byFlags = measurePointsMemo.get(m);
    if (!byFlags) measurePointsMemo.set(m, (byFlags = new Map()));
    const flags = exc.join(',');
    let mine = byFlags.get(flags);
    if (!mine) {
      const set = new Set<string>();
      addMeasurePoints(m, set, exc);
      byFlags.set(flags, (mine = [...set]));
    }
    for (const d of mine) points.add(d);
  }
  return [...points].sort();
}

const importerPointsMemo = new WeakMap<Dataset, Map<string, string[]>>();

const measurePointsMemo = new WeakMap<Measure, Map<string, string[]>>();

const nextDay = (date: string) => addDays(date, 1);

const sortedKeys = new WeakMap<Measure, string[]>();

/** A measure's value dates in order (memoised). */
export function dates(m: Measure): string[] {
  let keys = sortedKeys.get(m);
  if (!keys) sortedKeys.set(m, (keys = Object.keys(m.values).sort()));
  return keys;
}

/** The value of a measure in force on a date: the latest entry on or before it. */
export function valueAt(m: Measure, date: string): { start: string; entry: Measure['values'][string] } | undefined {
  const best = latestOnOrBefore(dates(m), date);
  return best === undefined ? undefined : { start: best, entry: m.values[best] };
}

export interface Candidate {
  m: Measure;
  start: string;
  entry: Measure['values'][string] & { rate: string };
  match: number;
  /** per exception of the measure, the product's match length on its product list (0: not on it, or none) */
  exc: readonly number[];
}

/** A measure whose product scope covers a product, with the product's match on it and on each exception's list. */
interface Covering {
  m: Measure;
  match: number;
  exc: readonly number[];
}

/** What a quote needs to know of one most-detailed line, whatever the origin and date. */
export interface Leaf {
  digits: string;
  /** the measures of the importer whose product scope covers it (any origin or date), in schedule order */
  covering: Covering[];
  /** the row whose MFN rate applies to it */
  rateLine: HtsLine | undefined;
  /** its MFN line when no quantity is given (memoised: it depends on nothing else but the edition cited) */
  mfn?: { line: Draft; missing: string[]; edition: string };
  /** origin → its plainClass keys (memoised) */
  classes?: Map<string, PlainClass>;
}

const leafMemo = new WeakMap<ChapterData, Map<string, Leaf>>();

const excKeys = new WeakMap<Measure, string[]>();

/** The scope keys of a measure's exception lists (`measure#exception`), memoised. */
function exceptionKeys(m: Measure): string[] {
  let keys = excKeys.get(m);
  if (!keys) excKeys.set(m, (keys = m.exceptions.map((e) => `${m.id}#${e.id}`)));
  return keys;
}

/** An importer's measures, in schedule order: those of every product, and the others by id (memoised per dataset). */
interface ImporterMeasures {
  all: { at: number; m: Measure }[];
  /** measure id → its place in schedule order, with the measure */
  listed: Map<string, { at: number; m: Measure }>;
  /** measure → its place in schedule order */
  at: Map<Measure, number>;
  /** exception scope key (`measure#exception`) → the measure and the exception's place in it */
  exceptions: Map<string, { m: Measure; i: number }>;
  /** measure → its exceptions' match lengths when the leaf is on none of their lists (shared, never written) */
  none: Map<Measure, readonly number[]>;
}

const importerMeasures = new WeakMap<Dataset, Map<string, ImporterMeasures>>();

function measuresOf(ds: Dataset, importer: string): ImporterMeasures {
  let byImporter = importerMeasures.get(ds);
  if (!byImporter) importerMeasures.set(ds, (byImporter = new Map()));
  let im = byImporter.get(importer);
  if (!im) {
    im = { all: [], listed: new Map(), at: new Map(), exceptions: new Map(), none: new Map() };
    ds.measures.forEach((m, at) => {
      if (m.importer !== importer) return;
      im!.at.set(m, at);
      im!.none.set(m, m.exceptions.map(() => 0)); // not frozen: a frozen array would give the engine's reads a second shape
      exceptionKeys(m).forEach((key, i) => im!.exceptions.set(key, { m, i }));
      if (m.products === 'all') im!.all.push({ at, m });
      else im!.listed.set(m.id, { at, m });
    });
    byImporter.set(importer, im);
  }
  return im;
}

/** A leaf's measures and rate line, memoised per line: a quote then walks only the measures that cover it. */
function leafOf(ds: Dataset, importer: string, chapter: ChapterData, line: HtsLine): Leaf {
  let byCode = leafMemo.get(chapter);
  if (!byCode) leafMemo.set(chapter, (byCode = new Map()));
  let leaf = byCode.get(line.code);
  if (!leaf) {
    const digits = digitsOf(line.code);
    const scopes = scopeMatches(chapter, digits);
    // the measures of every product, and those whose list names the leaf, in schedule order
    const im = measuresOf(ds, importer);
    const covering: { at: number; m: Measure }[] = [...im.all];
    for (const key in scopes) {
      const listed = im.listed.get(key);
      if (listed) covering.push(listed);
    }
    covering.sort((a, b) => a.at - b.at);
    const list: Covering[] = covering.map(({ m }) => ({ m, match: m.products === 'all' ? 1 : scopes[m.id], exc: im.none.get(m)! }));
    // the exception lists that name the leaf (most leaves are on none)
    for (const key in scopes) {
      const x = im.exceptions.get(key);
      const c = x && list.find((c) => c.m === x.m);
      if (!c) continue;
      if (c.exc === im.none.get(c.m)) c.exc = [...c.exc];
      (c.exc as number[])[x!.i] = scopes[key];
    }
    byCode.set(line.code, (leaf = { digits, covering: list, rateLine: rateLine(chapter, digits), mfn: undefined, classes: undefined }));
  }
  return leaf;
}

/** A plain query: a product, origin, importer and date, and nothing else that changes the duties or fees. */
export const isPlain = (q: Query) => !q.postal && q.spi === null && q.entry === null && q.qty === null && q.unit === null && q.claims.length === 0 && q.loaded === null && q.mode === null && Object.keys(q.content).length === 0;

/** A product's plainClass for one origin: its key, and the key of its measure class. */
export interface PlainClass {
  key: string;
  /** the key without the rate line: the measure class, whose products differ only in their MFN line (see withOwnMfn) */
  measures: string;
}

/**
 * Everything of a product that the duty lines, warnings and missing inputs of a plain query read
 * (no claims, quantity, content, loading date or postal shipment; any date), as one key: products
 * with equal keys get the same lines, warnings and missing inputs on every date, and differ only in
 * the product block of the quote. Batch shares one CSV answer between them. It mirrors what
 * `measureLines` and `mfnLine` read of a leaf:
 * - each measure covering the leaf for the query's origin (the origin counts for nothing else);
 *   whether the leaf is on each exception's list (`exceptionApplies`, the claim hint); its match
 *   length only where an exclusive group compares it;
 * - the leaf's own code, only where two measures of one exclusive group cover it (the warning names it);
 * - last, the rate line's General rate text (a dated MFN line, China's, is read with its code and
 *   description: the line itself is the key). The key without it is the measure class.
 * Undefined when the product has several leaves or was answered by its subheading (nothing shared).
 * A test compares batch answers with and without sharing on generated rows.
 */
export function plainClass(ds: Dataset, q: Query): PlainClass | undefined {
  if (!isPlain(q)) return undefined;
  const found = findProduct(ds, q);
  if (found.leaves.length !== 1 || found.warnings.length) return undefined;
  const leaf = found.leaves[0];
  let classes = leaf.classes;
  if (!classes) leaf.classes = classes = new Map();
  let key = classes.get(q.origin);
  if (key === undefined) {
    // the origin counts only through the measures that cover it (goods of Hong Kong and of China
    // share a class where the same measures reach both)
    const at = measuresOf(ds, q.importer).at;
    let k = q.importer;
    const groups = new Set<string>();
    let sameGroup = false;
    for (const { m, match, exc } of leaf.covering) {
      if (!reaches(m, q.origin)) continue;
      const g = m.exclusive_group;
      if (g) {
        if (groups.has(g)) sameGroup = true;
        groups.add(g);
      }
      // the measure by its place in schedule order, the exception lists the leaf is on as bits
      let listed = 0;
      for (let i = 0; i < exc.length; i++) if (exc[i] > 0) listed += 2 ** i;
      k += `|${at.get(m)}${g ? `@${match}` : ''}${listed ? `:${listed}` : ''}`;
    }
    if (sameGroup) k += `|leaf ${leaf.digits}`;
    // what the origin reads of these measures beyond reaching them: its country values and the exceptions open to it
    // (origins with the same, such as the EU's members, share answers); a column 2 country has answers of its own
    k += originKey(ds, q, leaf);
    const rl = leaf.rateLine;
    classes.set(q.origin, (key = { measures: k, key: k + (!rl ? '|no rate line' : rl.mfn ? `|line ${rl.code}` : `|general ${rl.general}`) }));
  }
  return key;
}

/**
 * The part of a plain class key that depends on the origin other than through which measures reach it: for each
 * covering measure, the origin's country values (their text) and the origin-bound exceptions open to it; a column 2
 * country by name. Empty for an origin no table or exception names.
 */
function originKey(ds: Dataset, q: Query, leaf: Leaf): string {
  if (column2Country(ds, q.importer, q.origin)) return `|origin ${q.origin}`;
  let k = '';
  for (const { m } of leaf.covering) {
    if (!reaches(m, q.origin)) continue;
    const values = countryKey(m, q.origin);
    const open = m.exceptions.map((e, i) => (e.origins?.includes(q.origin) ? i : -1)).filter((i) => i >= 0);
    if (values || open.length) k += `|${m.id}~${values}~${open.join(',')}`;
  }
  return k;
}
/**
 * The product's lines in the importer's nomenclature. A code from a later nomenclature that this one lacks
 * (China renumbers lines every year) is answered by its 6-digit subheading, with a warning, when allowed.
 */
export function findProduct(ds: Dataset, q: Query): Found {
  // the chapter as in force on the entry date: a dated nomenclature has one per period between line changes
  const view = chapterOn(ds, q.hts.slice(0, 2), q.importer, q.date);
  if (!view) return findUncached(ds, q, ds.tariffs[q.importer]!); // throws: no such chapter
  let byCode = foundMemo.get(view);
  if (!byCode) foundMemo.set(view, (byCode = new Map()));
  let found = byCode.get(q.hts);
  if (!found) byCode.set(q.hts, (found = findUncached(ds, q, ds.tariffs[q.importer]!))); // codes that are not found throw: nothing kept
  return found;
}

type Found = { product: ResolvedProduct; warnings: string[]; /** the product's most detailed lines */ leaves: Leaf[] };

/** chapter view → normalized code → the product (bounded by the nomenclatures' size and periods) */
const foundMemo = new WeakMap<ChapterData, Map<string, Found>>();

function findUncached(ds: Dataset, q: Query, t: HtsDescriptor): Found {
  const digits = digitsOf(q.hts);
  let product: ResolvedProduct;
  const warnings: string[] = [];
  try {
    product = resolveProduct(ds, digits, q.importer, q.date);
  } catch (e) {
    if (!(e instanceof QueryError) || t.renumbered !== 'answer-by-subheading' || digits.length <= 6) throw e;
    const sub = digits.slice(0, 6);
    try {
      product = resolveProduct(ds, sub, q.importer, q.date);
    } catch {
      throw e;
    }
    const codes = product.leaves.map((l) => l.code).join(', ');
    warnings.push(`${q.hts} is not a line of ${t.name} (${t.revision}), which the data uses; it is answered by its subheading ${dotted(sub)} (${codes}), whose lines carry the same duties on this date.`);
  }
  if (product.leaves.length === 1) {
    const reused = reusedWarning(ds, q.importer, product.leaves[0]!, q.date);
    if (reused) warnings.push(reused);
  }
  return { product, warnings, leaves: product.leaves.map((l) => leafOf(ds, q.importer, product.chapter, l)) };
}

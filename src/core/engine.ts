/**
 * The rule engine: for one product, origin, importing country and entry date,
 * every measure in force, the exceptions that lift it, and the amounts.
 * Pure: all data comes from the Dataset, all time from the Query.
 */
import { Dec } from './decimal.js';
import type { Dataset, ChapterData, HtsLine } from './dataset.js';
import { QueryError } from './errors.js';
import { digitsOf, dotted, normalizeCode, rateLine, resolveProduct, scopeMatches, type ResolvedProduct } from './product.js';
import { parseRate, normalizeUnit, UNIT_LIST, type Unit, type Specific } from './rate.js';
import type { Measure, Exception, Fee, Reference, HtsDescriptor, ImporterMeta, MfnReport } from './schema.js';
import { ENTRY_TYPES, entryType, feeAmount, feesFor, type EntryType, type FeeCandidate } from './fees.js';
import { METALS } from './metals.js';
import { addDays } from './dates.js';

export interface QueryInput {
  hts: string;
  /** default: the importer's first modelled origin (US: CN; CN: US) */
  origin?: string;
  importer?: string;
  date: string;
  value?: string;
  qty?: string;
  unit?: string;
  claims?: string[];
  loaded?: string;
  /** transport mode, for fees charged on one mode only (HMF: ocean) */
  mode?: string;
  /** a postal shipment: after de minimis ended, the postal duty replaces every other duty */
  postal?: boolean;
  /** formal or informal entry, for the MPF; default: by value (src/core/fees.ts) */
  entry?: string;
  /** metal content as percent of customs value: ["steel=60"] or { steel: "60" } */
  content?: string[] | Record<string, string>;
  /** the day the answer is given, for legal status (refundable, verified-through); defaults to `date` */
  asOf?: string;
}

export interface Query {
  hts: string;
  origin: string;
  importer: string;
  date: string;
  value: string | null;
  qty: string | null;
  unit: Unit | null;
  claims: string[];
  loaded: string | null;
  /** metal → percent of customs value */
  content: Record<string, string>;
  mode: Mode | null;
  postal: boolean;
  entry: EntryType | null;
}

export const MODES = ['ocean', 'air', 'truck', 'rail', 'mail'] as const;
export type Mode = (typeof MODES)[number];

/** A fee on the entry, shown below the duties and never part of the duty rate. */
export interface FeeLine {
  fee: string;
  name: string;
  /** the entry type it is charged on (formal, informal), or null for any */
  entry: EntryType | null;
  /** "0.3464%", or the flat amount per entry ("$2.69 per entry") */
  rate: string;
  min: string | null;
  max: string | null;
  amount: string | null;
  status: 'in force' | 'unconfirmed' | 'not known';
  citation: Reference;
}

export type LineStatus = 'in force' | 'scheduled' | 'suspended' | 'refundable' | 'unconfirmed' | 'exempt' | 'needs claim' | 'not computable';

export interface Line {
  measure: string;
  name: string;
  heading: string | null;
  /** the rate as written in law ("+25%", "17.6%", "3.3¢/kg") */
  rate: string;
  /** ad valorem percent as a decimal string, when the rate is ad valorem */
  rate_pct: string | null;
  /** percent of the customs value the rate is charged on, when not all of it (a metal's content, or the rest) */
  share_pct: string | null;
  basis: string;
  /** duty in USD with cents, when --value (and --qty for specific rates) allow it */
  amount: string | null;
  status: LineStatus;
  citation: Reference;
  notes: string[];
}

export interface Quote {
  query: Query;
  product: { hts: string; description: string; rate_line: string | null; units: string[] };
  lines: Line[];
  /** fees on the entry (with --value for amounts); not part of the duty rate */
  fees: FeeLine[];
  total: {
    /** percent of customs value; null when a specific duty cannot be expressed without --value/--qty */
    rate_pct: string | null;
    ad_valorem_pct: string;
    specific: string[];
    amount: string | null;
    complete: boolean;
    missing: string[];
    /** sum of the fees, with --value */
    fees_amount: string | null;
    /** duties plus fees, with --value */
    duties_and_fees: string | null;
  };
  /** data warnings: unconfirmed facts, approximate lists, past the verified date, inputs that matter (--strict fails on these) */
  warnings: string[];
  /** notices: how to get more (a claim the goods may qualify for, --mode ocean for HMF); never a problem */
  notices: string[];
  verified_through: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function checkDate(text: string, what = 'date'): string {
  const t = text.trim();
  const ok =
    DATE.test(t) &&
    (() => {
      const y = Number(t.slice(0, 4));
      const m = Number(t.slice(5, 7));
      const d = Number(t.slice(8, 10));
      const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
      return m >= 1 && m <= 12 && d >= 1 && d <= DAYS[m - 1] + (leap ? 1 : 0);
    })();
  if (!ok) throw new QueryError(`${what} "${text}" is not a calendar date in the form YYYY-MM-DD`);
  return t;
}

function checkAmount(text: string, what: string, allowZero: boolean): string {
  const t = text.trim().replace(/,/g, '');
  if (!Dec.isDecimal(t)) throw new QueryError(`${what} "${text}" is not a number`);
  const d = Dec.of(t);
  // "-0" too: a sign is refused alike by quote and batch
  if (t.startsWith('-') || d.isNegative() || (!allowZero && d.isZero())) throw new QueryError(`${what} must be ${allowZero ? 'zero or more' : 'greater than zero'}, got ${text}`);
  // kept exact: rounding here would price a value other than the one given
  if ((t.split('.')[1] ?? '').replace(/0+$/, '').length > 12) throw new QueryError(`${what} "${text}" has more than 12 decimal places`);
  return d.toString(12);
}

function normalizeMode(m: string | undefined): Mode | null {
  if (m === undefined || m === '') return null;
  const t = m.trim().toLowerCase();
  if (!(MODES as readonly string[]).includes(t)) throw new QueryError(`mode "${m}" is not one of ${MODES.join(', ')}`);
  return t as Mode;
}

/** a quantity in a unit that is a multiple of the rate's (DPR, G), in the rate's unit */
const scaled = (qty: string, factor: string | undefined) => (factor ? Dec.of(qty).mul(Dec.of(factor)).toString(12) : qty);

function normalizeEntry(e: string | undefined): EntryType | null {
  if (e === undefined) return null;
  const t = e.trim().toLowerCase();
  if (!(ENTRY_TYPES as readonly string[]).includes(t)) throw new QueryError(`entry type "${e}" is not one of ${ENTRY_TYPES.join(', ')}`);
  return t as EntryType;
}

/** "steel=60" (repeatable, or "steel=60;aluminum=5") → { steel: "60" }: percent of customs value, 0 to 100. */
export function normalizeContent(input: QueryInput['content']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!input) return out;
  const pairs = Array.isArray(input) ? input.flatMap((s) => s.split(/[;,]/)).filter((s) => s.trim()).map((s) => s.split('=')) : Object.entries(input);
  let total = Dec.ZERO;
  for (const [k, v] of pairs) {
    const metal = (k ?? '').trim().toLowerCase();
    if (!(METALS as readonly string[]).includes(metal)) throw new QueryError(`content "${k}" is not a metal the measures use: ${METALS.join(', ')} (e.g. --content steel=60)`);
    if (Object.hasOwn(out, metal)) throw new QueryError(`${metal} content given twice: give each metal once (--content ${metal}=PCT)`);
    const t = String(v ?? '').trim().replace(/%$/, '');
    if (!Dec.isDecimal(t) || t.startsWith('-') || Dec.of(t).cmp(Dec.HUNDRED) > 0) throw new QueryError(`${metal} content must be a percentage of customs value from 0 to 100, got "${v ?? ''}"`);
    out[metal] = Dec.of(t).toString(12);
    total = total.add(Dec.of(t));
  }
  if (total.cmp(Dec.HUNDRED) > 0) throw new QueryError(`metal contents add up to more than 100% of customs value`);
  return out;
}

/** An option given but empty (--origin "") is refused, not taken as its default. */
function given(value: string | undefined, what: string, valid: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw new QueryError(`${what} is empty: give ${valid}`);
  return value;
}

/** Options that only the US schedules use are refused for another importer rather than silently ignored. */
function usOnly(input: QueryInput, importer: string) {
  if (importer === 'US') return;
  const used = [input.postal && '--postal', input.mode !== undefined && '--mode', input.entry !== undefined && '--entry', input.content !== undefined && Object.keys(normalizeContent(input.content)).length && '--content'].filter(Boolean);
  if (used.length) throw new QueryError(`${used.join(', ')} ${used.length > 1 ? 'apply' : 'applies'} to imports into the US only`);
}

export function normalizeQuery(ds: Dataset, input: QueryInput): Query {
  given(input.origin, '--origin', 'an ISO country code such as CN');
  given(input.importer, '--importer', 'US or CN');
  given(input.mode, '--mode', MODES.join(', '));
  given(input.entry, '--entry', ENTRY_TYPES.join(' or '));
  const importer = (input.importer || 'US').trim().toUpperCase();
  const im = importerMeta(ds, importer);
  if (!im) {
    const list = Object.entries(ds.meta.importers).map(([k, v]) => `${k} (${v.name})`).join(', ');
    throw new QueryError(`importing country "${input.importer}" is not modelled: the schedules cover ${list}`);
  }
  const origin = (input.origin || Object.keys(im.origins)[0]).trim().toUpperCase();
  if (!(origin in im.origins)) {
    const list = Object.entries(im.origins).map(([k, v]) => `${k} (${v})`).join(', ');
    throw new QueryError(`origin "${input.origin}" is not modelled for imports into ${im.name}: the schedules cover ${list}`);
  }
  const date = checkDate(input.date);
  if (date < ds.meta.modelled_from) throw new QueryError(`${date} is before ${ds.meta.modelled_from}, the first entry date the schedules model`);
  let unit: Unit | null = null;
  let factor: string | undefined;
  if (input.unit !== undefined) {
    const u = normalizeUnit(input.unit);
    if (!u) throw new QueryError(input.unit.trim().toLowerCase() === 'x' ? `unit X means the line has no quantity unit: specific rates need a quantity in their own unit (${UNIT_LIST})` : `unknown unit "${input.unit}": the units are ${UNIT_LIST}`);
    unit = u.unit;
    factor = u.factor;
  }
  if ((input.qty === undefined) !== (input.unit === undefined)) throw new QueryError('--qty and --unit go together');
  const claims = (input.claims ?? []).map((c) => {
    const t = c.trim();
    if (/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/i.test(t)) return t.toLowerCase();
    if (!/^99\d{2}\.?\d{2}\.?\d{2}$/.test(t)) throw new QueryError(`claim "${c}" is not a Chapter 99 heading such as 9903.01.21, nor a claim name such as cn-exclusion`);
    return dotted(digitsOf(t)).slice(0, 10);
  });
  usOnly(input, importer);
  const loaded = input.loaded === undefined ? null : checkDate(input.loaded, 'loading date');
  if (loaded !== null && loaded > date) throw new QueryError(`--loaded ${loaded} must not be after the entry date ${date}: goods are loaded before they are entered`);
  return {
    hts: dotted(normalizeCode(input.hts)),
    origin,
    importer,
    date,
    value: input.value === undefined ? null : checkAmount(input.value, 'customs value', true),
    qty: input.qty === undefined ? null : scaled(checkAmount(input.qty, 'quantity', false), factor),
    unit,
    claims,
    loaded,
    content: normalizeContent(input.content),
    mode: normalizeMode(input.mode),
    postal: Boolean(input.postal),
    entry: normalizeEntry(input.entry),
  };
}

/**
 * Every date on which some answer can change: measure values, exception windows, in-transit
 * cut-offs, fees and postal duties, the verified horizon and the HTS year. Between two of them every quote is the same
 * (apart from the date it echoes), which lets batch share one assessment across those dates.
 * With an importer, only the dates of its own measures, nomenclature and fees.
 */
export function changePoints(ds: Dataset, importer?: string): string[] {
  const points = importerPoints(ds, importer);
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
    for (const r of t!.reports ?? []) points.add(r.from).add(nextDay(r.through));
    if (t!.mfn_known_through) points.add(nextDay(t!.mfn_known_through));
  }
  // fees (a fiscal year's MPF minimum) and postal duties change on their own dates
  for (const f of [...ds.fees, ...ds.postal]) if (mine(f.importer)) for (const d of Object.keys(f.values)) points.add(d);
  return points;
}

/** A measure's change points: its values (and the day after a change at a local time), its exception windows and in-transit cut-offs. */
function addMeasurePoints(m: Measure, points: Set<string>) {
  for (const [d, v] of Object.entries(m.values)) {
    points.add(d);
    if (v.effective_time) points.add(nextDay(d)); // the change-day warning ends
  }
  for (const e of m.exceptions) {
    if (e.from) points.add(e.from);
    if (e.until) points.add(nextDay(e.until));
    if (e.when === 'in_transit' && e.entered_before) points.add(e.entered_before);
  }
}

/**
 * The change points of a plain query's answer for one product and origin (see plainClass): the
 * importer's own and those of the measures that cover the product from that origin, the only
 * measures its lines read. The same for every product of one plainClass.
 */
export function plainClassPoints(ds: Dataset, q: Query): string[] {
  let byImporter = importerPointsMemo.get(ds);
  if (!byImporter) importerPointsMemo.set(ds, (byImporter = new Map()));
  let own = byImporter.get(q.importer);
  if (!own) byImporter.set(q.importer, (own = [...importerPoints(ds, q.importer)]));
  const points = new Set(own);
  for (const { m } of findProduct(ds, q).leaves[0].covering) {
    if (!m.origins.includes(q.origin)) continue;
    let mine = measurePointsMemo.get(m);
    if (!mine) {
      const set = new Set<string>();
      addMeasurePoints(m, set);
      measurePointsMemo.set(m, (mine = [...set]));
    }
    for (const d of mine) points.add(d);
  }
  return [...points].sort();
}
const importerPointsMemo = new WeakMap<Dataset, Map<string, string[]>>();
const measurePointsMemo = new WeakMap<Measure, string[]>();

const nextDay = (date: string) => addDays(date, 1);

const sortedKeys = new WeakMap<Measure, string[]>();

/** A measure's value dates in order (memoised). */
function dates(m: Measure): string[] {
  let keys = sortedKeys.get(m);
  if (!keys) sortedKeys.set(m, (keys = Object.keys(m.values).sort()));
  return keys;
}

/** The value of a measure in force on a date: the latest entry on or before it. */
export function valueAt(m: Measure, date: string): { start: string; entry: Measure['values'][string] } | undefined {
  const keys = dates(m);
  let best: string | undefined;
  for (const k of keys) {
    if (k > date) break;
    best = k;
  }
  return best === undefined ? undefined : { start: best, entry: m.values[best] };
}

/** The importer's entry in meta.yaml, when modelled and with a nomenclature. */
export function importerMeta(ds: Dataset, importer: string) {
  const im = (ds.meta.importers as Partial<Record<string, ImporterMeta>>)[importer];
  return im && ds.tariffs[importer] ? im : undefined;
}

/** What the user passes to --claim for an exception: its Chapter 99 heading, or its claim name. */
const claimOf = (e: Exception): string | undefined => (e.when === 'claim' ? (e.heading ?? e.claim) : e.when === 'in_transit' ? e.heading : undefined);

/** "Section 301 List 1 (9903.88.01)", or the name alone where the importer has no headings */
const named = (name: string, heading: string | undefined) => (heading ? `${name} (${heading})` : name);

/** the MFN line of any importer ("us.mfn", "cn.mfn") */
export const isMfn = (measure: string) => measure.endsWith('.mfn');

interface Candidate {
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
interface Leaf {
  digits: string;
  /** the measures of the importer whose product scope covers it (any origin or date), in schedule order */
  covering: Covering[];
  /** the row whose MFN rate applies to it */
  rateLine: HtsLine | undefined;
  /** its MFN line when no quantity is given (memoised: it depends on nothing else) */
  mfn?: { line: Draft; missing: string[] };
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
const isPlain = (q: Query) => !q.postal && q.entry === null && q.qty === null && q.unit === null && q.claims.length === 0 && q.loaded === null && q.mode === null && Object.keys(q.content).length === 0;

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
      if (!m.origins.includes(q.origin)) continue;
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
    const rl = leaf.rateLine;
    classes.set(q.origin, (key = { measures: k, key: k + (!rl ? '|no rate line' : rl.mfn ? `|line ${rl.code}` : `|general ${rl.general}`) }));
  }
  return key;
}

const basisOf = (c: Candidate) => c.entry.basis ?? c.m.basis;
/** The warning for a measure value the sources do not confirm. */
const unconfirmedValue = (c: Candidate) => `${named(c.m.name, c.entry.heading)} from ${c.start}: unconfirmed: ${c.entry.unconfirmed}`;

const exceptionWindow = (e: Exception, q: Query) => !(e.from && q.date < e.from) && !(e.until && q.date > e.until);

/** Does an exception lift its measure for this query? `listed`: the product's match on the exception's list. */
function exceptionApplies(e: Exception, q: Query, listed: number): boolean {
  if (!exceptionWindow(e, q)) return false;
  switch (e.when) {
    case 'product':
      return listed > 0;
    case 'claim':
      return q.claims.includes(claimOf(e)!) && (!e.products || e.products_scope === 'hints' || listed > 0);
    case 'subject_to':
      return false; // handled with the other measures in force
    case 'in_transit':
      return q.loaded !== null && q.loaded < e.loaded_before && (!e.entered_before || q.date < e.entered_before);
  }
}

/** A text that depends only on one schedule object, made once per object (batch makes many assessments). */
function memoText<T extends object>(make: (x: T) => string): (x: T) => string {
  const memo = new WeakMap<T, string>();
  return (x) => {
    let s = memo.get(x);
    if (s === undefined) memo.set(x, (s = make(x)));
    return s;
  };
}

const approximateScope = memoText((m: Measure) => `${m.name}: product scope is approximate (${m.products === 'all' ? '' : m.products.approximate})`);
const pastVerified = memoText((im: ImporterMeta) => `The schedules for imports into ${im.name} are verified through ${im.verified_through}; measures that took effect after that date may be missing from this quote.`);
const mfnFromRevision = memoText((t: HtsDescriptor) => `The MFN rate and product line are from the HTS ${t.revision}; the General rate in force before ${t.effective.slice(0, 4)} may differ if it changed since.`);
const feeModeNote = memoText((f: Fee) => `${f.name} applies only to ${f.modes === 'all' ? 'all' : f.modes.join('/')} shipments and is not included: give --mode ${f.modes[0]} if it applies.`);

const pctText = (rate: string) => '+' + rate;
/** The rate of a value as written: "+25%", or "100% in total with MFN" for an inclusive rate. */
const rateText = (e: { rate: string; rate_kind?: string }) => (e.rate_kind === 'inclusive_total' ? `${e.rate} in total with MFN` : pctText(e.rate));

/** How a line turns into an amount once the customs value is known. */
interface Pricing {
  /** ad valorem percent, when the line has one */
  pct: Dec | null;
  /** specific duty in USD, when the line has one and the quantity is known */
  specific: Dec | null;
  /** false for lines whose rate is not known (needs a claim, not computable, quantity missing) */
  computable: boolean;
  /** pct × 10^4 as an integer, memoised by summarize and adValoremPlan (null: not representable) */
  fast?: number | null;
}

/** A line before pricing; `inclusive` holds the total for a rate that includes the MFN rate. */
type Draft = Omit<Line, 'amount'> & { pricing: Pricing; inclusive?: Dec; /** the measure's reporting order (lines of measures) */ order?: number };

/** Everything about a quote that does not depend on the customs value. */
export interface Assessment {
  query: Query;
  product: Quote['product'];
  lines: Draft[];
  warnings: string[];
  notices: string[];
  missing: string[];
  verified_through: string;
  /** value-independent totals */
  summary: { adv: string; rateKnown: boolean; specific: string[] };
  fees: FeeCandidate[];
  /** with a value: fees an option would add (notices), and fees the schedules do not know (warnings) */
  feeNotes: string[];
  feeWarnings: string[];
  /** the missing inputs of the measure lines, before the MFN line's (see withOwnMfn) */
  measureMissing: string[];
}

interface LeafResult {
  lines: Draft[];
  /** data warnings: unconfirmed facts, approximate lists, inputs that matter */
  warnings: string[];
  /** notices: how to get more (a claim the goods may qualify for, an option that adds a fee) */
  notices: string[];
  missing: string[];
  /** claims (headings or names) that some measure used */
  usedClaims: string[];
  rateLine?: HtsLine;
  /** how many of `missing` the measure lines gave (the MFN line's follow) */
  measureMissing?: number;
}

const pctCache = new Map<string, { pricing: Pricing; text: string }>();
/** Pricing and canonical text of a percentage such as "7.5" (memoised: schedules have few distinct rates). */
function pctOf(pct: string): { pricing: Pricing; text: string } {
  let p = pctCache.get(pct);
  if (!p) {
    const d = Dec.of(pct);
    pctCache.set(pct, (p = { pricing: { pct: d, specific: null, computable: true }, text: d.toString() }));
  }
  return p;
}
const pctPricing = (pct: string): Pricing => pctOf(pct).pricing;
const unknownPricing: Pricing = { pct: null, specific: null, computable: false };

function measureLines(ds: Dataset, q: Query, leaf: Leaf, asOf: string, out: LeafResult) {
  const { digits } = leaf;
  const candidates: Candidate[] = [];
  const beforeFirst: Measure[] = [];
  for (const { m, match, exc } of leaf.covering) {
    if (!m.origins.includes(q.origin)) continue;
    const v = valueAt(m, q.date);
    if (!v && m.before_first_value) beforeFirst.push(m);
    if (v && v.start === q.date && v.entry.effective_time) changeDay(ds, q, m, v, out);
    if (!v || v.entry.rate === null) continue;
    if (m.requires_claim) {
      if (!q.claims.includes(v.entry.heading ?? '')) continue;
      out.usedClaims.push(v.entry.heading!);
    }
    candidates.push({ m, start: v.start, entry: v.entry as Candidate['entry'], match, exc });
  }

  // Measures of one exclusive group never stack: the most specific product match wins, then a claim.
  // (the group map is made only when a candidate belongs to a group: most products have none)
  let groups: Map<string, Candidate[]> | undefined;
  for (const c of candidates) {
    const g = c.m.exclusive_group;
    if (!g) continue;
    groups ??= new Map();
    const members = groups.get(g);
    if (members) members.push(c);
    else groups.set(g, [c]);
  }
  const dropped = new Set<Candidate>();
  const ambiguous = new Map<Candidate, Candidate[]>();
  if (groups) for (const group of groups.values()) {
    if (group.length < 2) continue;
    const best = Math.max(...group.map((c) => c.match));
    let keep = group.filter((c) => c.match === best);
    const claimed = keep.filter((c) => q.claims.includes(c.entry.heading!));
    if (claimed.length === 1) {
      keep = claimed;
      out.usedClaims.push(claimed[0].entry.heading!);
    }
    for (const c of group) if (!keep.includes(c)) dropped.add(c);
    if (keep.length > 1) {
      for (const c of keep.slice(1)) dropped.add(c);
      ambiguous.set(keep[0], keep);
    }
  }

  // Measures the product is subject to on this date (in scope and in force), for subject_to relations.
  const subject = (id: string) => candidates.find((c) => c.m.id === id);
  for (const m of beforeFirst) if (!m.before_first_value!.unless.some(subject)) out.missing.push(`${m.name}: ${m.before_first_value!.missing}`);

  for (const c of candidates) {
    if (dropped.has(c)) continue;
    const { m } = c;
    let { entry } = c;
    const notes: string[] = [];
    if (entry.note) notes.push(entry.note);
    if (m.products !== 'all' && m.products.approximate) out.warnings.push(approximateScope(m));

    // Exceptions: a full exemption wins over a partial one; among full ones the first named is shown.
    let exempt: Exception | undefined;
    let partial: { exc: Exception; targets: Candidate[] } | undefined;
    /** goods in transit that keep an earlier, lower rate (an in_transit exception with a rate) */
    let reduced: Extract<Exception, { when: 'in_transit' }> | undefined;
    for (let i = 0; i < m.exceptions.length; i++) {
      const e = m.exceptions[i];
      if (e.when === 'in_transit' && e.rate !== undefined) {
        if (exceptionApplies(e, q, c.exc[i])) reduced ??= e;
        continue;
      }
      if (e.when === 'subject_to') {
        if ((e.from && q.date < e.from) || (e.until && q.date > e.until)) continue;
        const targets = e.measures
          .map(subject)
          .filter((t): t is Candidate => t !== undefined)
          .filter((t) => e.if === 'subject' || !t.m.exceptions.some((x, j) => exceptionApplies(x, q, t.exc[j])));
        if (!targets.length) continue;
        const contentOnly = targets.every((t) => basisOf(t) !== 'customs_value');
        if (e.part === 'remainder' && contentOnly) partial ??= { exc: e, targets };
        else exempt ??= e;
        continue;
      }
      if (!exempt && e.when === 'claim' && e.products && !q.claims.includes(claimOf(e)!) && c.exc[i] > 0 && exceptionWindow(e, q)) {
        out.notices.push(e.products_scope === 'hints' ? `${m.name}: this product may qualify as ${e.name}; if it does, claim it with --claim ${claimOf(e)}` : `${m.name}: this product is listed under ${claimOf(e)} (${e.name}); if the goods qualify, claim it with --claim ${claimOf(e)}`);
      }
      if (!exempt && exceptionApplies(e, q, c.exc[i])) exempt = e;
    }
    if (exempt || partial) reduced = undefined;
    const applied = exempt ?? partial?.exc ?? reduced;
    if (applied?.unconfirmed) out.warnings.push(`${m.name}, exception "${applied.name}": unconfirmed: ${applied.unconfirmed}`);
    // a suspended value that an exception lifts says nothing: no line
    if ((exempt || partial) && entry.suspended) continue;
    if (exempt) {
      const exc = exempt;
      const claim = claimOf(exc);
      if (claim) out.usedClaims.push(claim);
      if (exc.when === 'product' && exc.products.approximate) out.warnings.push(`${exc.name}: list is approximate (${exc.products.approximate})`);
      const why = exc.when === 'subject_to' ? ` (subject to ${exc.measures.map(subject).filter((t) => t !== undefined).map((t) => t.m.name).join(', ')})` : '';
      out.lines.push({
        order: m.reporting_order,
        measure: m.id,
        name: m.name,
        heading: exc.heading ?? null,
        rate: '0%',
        rate_pct: '0',
        share_pct: null,
        basis: 'customs value',
        status: 'exempt',
        citation: exc.reference,
        notes: [`${exc.name}${why}: ${m.name} (${[pctText(entry.rate), entry.heading].filter(Boolean).join(', ')}) does not apply`, ...(exc.note ? [exc.note] : [])],
        pricing: pctPricing('0'),
      });
      continue;
    }

    const group = ambiguous.get(c);
    if (group) {
      const rates = new Set(group.map((g) => rateText(g.entry)));
      const headings = group.map((g) => g.entry.heading!);
      const names = group.map((g) => `${g.m.name} (${g.entry.heading}, ${rateText(g.entry)})`).join('; ');
      const claimHint = headings.map((h) => `--claim ${h}`).join(' or ');
      if (rates.size > 1) {
        for (const g of group) if (g.entry.unconfirmed) out.warnings.push(unconfirmedValue(g));
        out.lines.push({
          order: m.reporting_order,
          measure: group.map((g) => g.m.id).join('|'),
          name: group.map((g) => g.m.name).join(' or '),
          heading: headings.join(' or '),
          rate: [...rates].join(' or '),
          rate_pct: null,
          share_pct: null,
          basis: 'customs value',
          status: 'needs claim',
          citation: c.entry.reference,
          notes: [
            m.exclusive_choice
              ? `${m.exclusive_choice}: ${names}. They never stack; name the one that applies with ${claimHint}.`
              : `The 8-digit code is on more than one list: ${names}. The lists never stack; name the one that covers the product with ${claimHint}.`,
          ],
          pricing: unknownPricing,
        });
        out.missing.push(m.exclusive_choice ? `which applies (${m.exclusive_choice}): ${claimHint}` : `which list covers the product: ${claimHint}`);
        continue;
      }
      out.notices.push(`${dotted(digits)} appears on ${names}; the rate is the same, but name the list for entry with ${claimHint}`);
      notes.push(`Also on: ${group.slice(1).map((g) => `${g.m.name} (${g.entry.heading})`).join(', ')}`);
    }

    let status: LineStatus = 'in force';
    if (entry.unconfirmed) {
      status = 'unconfirmed';
      out.warnings.push(unconfirmedValue(c));
    }
    if (reduced) {
      // in transit: the earlier rate under the exception's heading instead of this value's
      if (reduced.heading) out.usedClaims.push(reduced.heading);
      notes.push(`${reduced.name}: ${rateText(reduced as { rate: string })} instead of ${rateText(entry)}${entry.heading ? ` (${entry.heading})` : ''}.`, ...(reduced.note ? [reduced.note] : []));
      entry = { ...entry, rate: reduced.rate!, heading: reduced.heading ?? entry.heading, reference: reduced.reference };
      if (reduced.unconfirmed) status = 'unconfirmed';
    }
    if (entry.undetermined) {
      out.lines.push({
        order: m.reporting_order,
        measure: m.id,
        name: m.name,
        heading: entry.heading ?? null,
        rate: `${rateText(entry)} or none`,
        rate_pct: null,
        share_pct: null,
        basis: 'customs value',
        status: 'unconfirmed',
        citation: entry.reference,
        notes: [...notes, `Not known whether ${rateText(entry)} applies from ${c.start}: ${entry.undetermined}`],
        pricing: unknownPricing,
      });
      out.missing.push(`whether ${m.name} (${rateText(entry)}) applies on this date: ${entry.undetermined}`);
      continue;
    }
    if (entry.suspended) {
      out.lines.push({
        order: m.reporting_order,
        measure: m.id,
        name: m.name,
        heading: entry.heading ?? null,
        rate: rateText(entry),
        // the rate in law, as on every line; a suspended line is not owed, so it prices at 0 and adds nothing
        rate_pct: pctOf(entry.rate!.replace('%', '')).text,
        share_pct: null,
        basis: 'customs value',
        status: 'suspended',
        citation: entry.reference,
        notes: [...notes, `Suspended: ${rateText(entry)} is not owed while the suspension lasts.`],
        pricing: pctPricing('0'),
      });
      continue;
    }
    if (c.start > asOf) {
      status = 'scheduled';
      out.warnings.push(`${named(m.name, entry.heading)} at ${pctText(entry.rate)} is scheduled to take effect on ${c.start}, after today (${asOf}); a later instrument may still change it.`);
    }
    if (m.invalidated && asOf >= m.invalidated.on) {
      status = 'refundable';
      notes.push(`${m.invalidated.reference.title}. ${m.invalidated.note}`);
    }
    const pct = entry.rate.replace('%', '');

    // The share of the customs value the rate is charged on: a metal's content, or what other measures leave.
    let share: Dec | null = null;
    let basisText = 'customs value';
    let known = true;
    const own = basisOf(c);
    if (own !== 'customs_value') {
      const metal = own.slice('content:'.length);
      basisText = `${metal} content`;
      const s = q.content[metal];
      if (s === undefined) {
        known = false;
        out.missing.push(`the ${metal} content as a percentage of customs value for ${m.name}: --content ${metal}=PCT`);
      } else {
        share = Dec.of(s);
        basisText = `${metal} content (${share.toString(12)}% of value)`;
      }
    } else if (partial) {
      const metals = [...new Set(partial.targets.map((t) => basisOf(t).slice('content:'.length)))];
      const lacking = metals.filter((x) => q.content[x] === undefined);
      basisText = `customs value less ${metals.join(' and ')} content`;
      notes.push(`${partial.exc.name}: ${m.name} applies only to the part of the value not covered by ${partial.targets.map((t) => t.m.name).join(', ')}`);
      if (lacking.length) {
        known = false;
        for (const x of lacking) out.missing.push(`the ${x} content as a percentage of customs value (for ${m.name} on the rest): --content ${x}=PCT`);
      } else {
        share = metals.reduce((acc, x) => acc.sub(Dec.of(q.content[x])), Dec.HUNDRED).max(Dec.ZERO);
        basisText = `${basisText} (${share.toString(12)}% of value)`;
      }
    }
    const base = pctOf(pct);
    const inclusive = entry.rate_kind === 'inclusive_total';
    out.lines.push({
      inclusive: inclusive ? base.pricing.pct! : undefined,
      order: m.reporting_order,
      measure: m.id,
      name: m.name,
      heading: group ? group.map((g) => g.entry.heading!).join(' or ') : (entry.heading ?? null),
      rate: rateText(entry),
      rate_pct: base.text,
      share_pct: share === null ? null : share.toString(12),
      basis: basisText,
      status,
      citation: entry.reference,
      notes,
      pricing: !known ? unknownPricing : share === null ? base.pricing : { pct: base.pricing.pct!.mul(share).div(Dec.HUNDRED), specific: null, computable: true },
    });
  }
  out.lines.sort((a, b) => a.order! - b.order!);
}

/**
 * A value that took effect at a local time (12:01 Beijing time) on the query date: the date-only answer is the
 * rate in force at the end of that day, and the quote says what applied earlier that day.
 */
function changeDay(ds: Dataset, q: Query, m: Measure, v: { start: string; entry: Measure['values'][string] }, out: LeafResult) {
  const keys = dates(m);
  const prevKey = keys[keys.indexOf(v.start) - 1];
  const prev = prevKey ? m.values[prevKey] : undefined;
  if (prev && prev.rate === v.entry.rate && prev.suspended === v.entry.suspended && !v.entry.undetermined) return; // renewed, not changed
  const before = prev && prev.rate !== null && !prev.suspended ? rateText(prev as { rate: string; rate_kind?: string }) : 'no duty under it';
  const now = v.entry.rate === null ? 'it ended' : v.entry.suspended ? `${rateText(v.entry as { rate: string })} suspended` : rateText(v.entry as { rate: string; rate_kind?: string });
  const zone = importerMeta(ds, q.importer)?.time_zone ?? 'local time';
  out.warnings.push(
    `${m.name} changed on ${q.date} at ${v.entry.effective_time} ${zone}: this quote gives the rate in force at the end of the day (${now}); goods declared earlier that day: ${before}.`,
  );
}

/** The MFN line; without a quantity it depends only on the rate line, and is memoised on the leaf. */
const mfnByRate = new WeakMap<Dataset, Map<string, NonNullable<Leaf['mfn']>>>();

function mfnLine(ds: Dataset, q: Query, leaf: Leaf, out: LeafResult) {
  const rl = leaf.rateLine;
  out.rateLine = rl;
  if (rl?.mfn) return datedMfnLine(ds, q, rl, rl.mfn, out);
  if (rl && q.qty === null) {
    let memo = leaf.mfn;
    if (!memo) {
      // without a quantity the line depends on the General rate text alone: one per text
      let byRate = mfnByRate.get(ds);
      if (!byRate) mfnByRate.set(ds, (byRate = new Map()));
      memo = byRate.get(rl.general);
      if (!memo) {
        const tmp: LeafResult = { lines: [], warnings: [], notices: [], missing: [], usedClaims: [] };
        mfnLineUncached(ds, q, rl, tmp);
        byRate.set(rl.general, (memo = { line: tmp.lines[0], missing: tmp.missing }));
      }
      leaf.mfn = memo;
    }
    out.lines.push(memo.line);
    out.missing.push(...memo.missing);
    return;
  }
  mfnLineUncached(ds, q, rl, out);
}

/**
 * A nomenclature whose MFN rate is dated per line (China): the rate from the latest date on or before the entry.
 * A rate a source reports for a later period (mfn-reports) takes over from its first day. Past the date the
 * data (or the report) is known through, the latest known rate is used and marked unconfirmed, with its date.
 */
function datedMfnLine(ds: Dataset, q: Query, rl: HtsLine, history: [string, string][], out: LeafResult) {
  const t = ds.tariffs[q.importer]!;
  const base = { measure: `${q.importer.toLowerCase()}.mfn`, name: 'MFN (applied rate)', heading: null, share_pct: null };
  let at: [string, string] | undefined;
  for (const h of history) if (h[0] <= q.date) at = h;
  if (/out-of-quota/i.test(rl.description)) {
    out.warnings.push(`${rl.code} is a tariff-quota line: the out-of-quota MFN rate is shown; imports within the quota pay the lower in-quota rate, which the data does not give.`);
  }
  // A later rate reported for this line (the latest that started on or before the entry date).
  const digits = digitsOf(rl.code);
  let report: MfnReport | undefined;
  let reportMatch = 0;
  for (const r of t.reports ?? []) {
    const match = r.from <= q.date ? Math.max(0, ...r.products.filter((p) => digits.startsWith(p)).map((p) => p.length)) : 0;
    // the latest report, and of two from the same day the one naming the line most precisely
    if (match && (!report || r.from > report.from || (r.from === report.from && match > reportMatch))) [report, reportMatch] = [r, match];
  }
  // The rate used: a later report when there is one, else the data's own dated rate.
  let used: { pct: string; since: string; knownThrough?: string; citation: Reference; notes: string[] };
  if (report && (!at || report.from > at[0])) {
    const since = `as reported for ${report.from} to ${report.through}`;
    used = { pct: report.rate.replace('%', ''), since, knownThrough: report.through, citation: report.reference, notes: [`Applied MFN rate reported for ${report.from} to ${report.through}.`, ...(report.note ? [report.note] : [])] };
  } else if (!at || at[1] === '') {
    const why = !at ? `the data starts on ${history[0]?.[0]}` : 'the line has no ad valorem rate in the data (a specific or compound duty)';
    out.lines.push({ ...base, citation: t.reference, rate: 'not known', rate_pct: null, basis: '-', status: 'not computable', notes: [why], pricing: unknownPricing });
    out.missing.push(`the MFN rate of ${rl.code} on this date: ${why}`);
    return;
  } else {
    used = { pct: at[1], since: `from ${at[0]} (${t.revision})`, knownThrough: t.mfn_known_through, citation: t.reference, notes: [`Applied MFN rate from ${at[0]}.`] };
  }
  const text = pctOf(used.pct).text;
  let status: LineStatus = 'in force';
  if (used.knownThrough && q.date > used.knownThrough) {
    status = 'unconfirmed';
    out.warnings.push(`The MFN rate of ${rl.code} is the latest known, ${text}% ${used.since}; the rate in force on ${q.date} is not in the data and may differ.`);
  }
  out.lines.push({ ...base, citation: used.citation, rate: `${text}%`, rate_pct: text, basis: 'customs value', status, notes: used.notes, pricing: pctPricing(used.pct) });
}

function mfnLineUncached(ds: Dataset, q: Query, rl: HtsLine | undefined, out: LeafResult) {
  // the importer's own MFN line and nomenclature (China's value-threshold lines come here too)
  const base = { measure: `${q.importer.toLowerCase()}.mfn`, name: q.importer === 'US' ? 'MFN (column 1 General)' : 'MFN (applied rate)', heading: null, citation: ds.tariffs[q.importer]!.reference };
  if (!rl) {
    out.lines.push({ ...base, rate: 'none found', rate_pct: null, share_pct: null, basis: '-', status: 'not computable', notes: ['No General rate found for this line or its parents'], pricing: unknownPricing });
    out.missing.push('the General rate of this line (none in the HTS data)');
    return;
  }
  const parsed = parseRate(rl.general);
  if (parsed.shape === 'not_computable') {
    out.lines.push({ ...base, rate: rl.general, rate_pct: null, share_pct: null, basis: '-', status: 'not computable', notes: [parsed.reason], pricing: unknownPricing });
    out.missing.push(`the General rate "${rl.general}" cannot be computed automatically`);
    return;
  }
  let pct: Dec | null = null;
  let specific: Dec | null = null;
  let computable = true;
  const bases: string[] = [];
  for (const c of parsed.components) {
    if (c.kind === 'ad_valorem') {
      pct = (pct ?? Dec.ZERO).add(Dec.of(c.pct));
      bases.push('customs value');
      continue;
    }
    bases.push(specificBasis(c));
    if (!q.postal && q.unit !== null && q.unit !== c.unit) throw new QueryError(`--unit ${q.unit} does not fit the specific rate ${c.text} of ${rl.code}: give the quantity in ${c.unit} (--unit ${c.unit})`);
    if (q.qty === null) {
      computable = false;
      out.missing.push(`quantity in ${c.unit}${c.qualifier ? ` (${c.qualifier})` : ''} for the specific rate ${c.text}: --qty N --unit ${c.unit}`);
      continue;
    }
    specific = (specific ?? Dec.ZERO).add(Dec.of(q.qty).div(Dec.of(c.per)).mul(Dec.of(c.usd)));
  }
  const hasSpecific = parsed.components.some((c) => c.kind === 'specific');
  out.lines.push({
    ...base,
    rate: rl.general,
    rate_pct: hasSpecific ? null : (pct ?? Dec.ZERO).toString(),
    share_pct: null,
    basis: [...new Set(bases)].join(' + ') || 'customs value',
    status: 'in force',
    citation: ds.tariffs.US!.reference,
    notes: [],
    pricing: { pct: parsed.shape === 'free' ? Dec.ZERO : pct, specific, computable },
  });
}

function specificBasis(c: Specific): string {
  return `per ${c.per === '1' ? '' : c.per + ' '}${c.unit}${c.qualifier ? ' ' + c.qualifier : ''}`;
}

function computeLeaf(ds: Dataset, q: Query, leaf: Leaf, asOf: string): LeafResult {
  const out: LeafResult = { lines: [], warnings: [], notices: [], missing: [], usedClaims: [] };
  measureLines(ds, q, leaf, asOf, out);
  out.measureMissing = out.missing.length;
  mfnLine(ds, q, leaf, out);
  if (out.lines.some((l) => l.inclusive)) resolveInclusive(out);
  return out;
}

/** Rates that include the MFN rate (column 1 + this duty = total): the duty is what the MFN rate leaves, never below zero. */
function resolveInclusive(out: LeafResult) {
  const mfn = out.lines.find((l) => isMfn(l.measure));
  const mfnPct = mfn && mfn.status === 'in force' && mfn.pricing.computable && mfn.pricing.specific === null && mfn.rate_pct !== null ? mfn.pricing.pct ?? Dec.ZERO : null;
  out.lines = out.lines.map((l) => {
    if (!l.inclusive || l.status === 'exempt' || !l.pricing.computable) return l;
    if (mfnPct === null) {
      out.missing.push(`the MFN rate as a percentage, for ${l.name} (${l.inclusive.toString()}% in total with MFN)`);
      return { ...l, rate_pct: null, pricing: unknownPricing };
    }
    const pct = l.inclusive.sub(mfnPct).max(Dec.ZERO);
    const note = `${l.inclusive.toString()}% in total with the MFN rate of ${mfnPct.toString()}%: this duty is ${pct.toString()}%`;
    return { ...l, rate_pct: pct.toString(), notes: [...l.notes, note], pricing: { pct, specific: null, computable: true } };
  });
}

const signature = (r: LeafResult) => JSON.stringify([r.lines.map((l) => [l.measure, l.heading, l.rate, l.status]), r.missing]);

/**
 * Postal shipments after duty-free de minimis ended: one postal duty in lieu of every other duty
 * (EO 14256 sec. 2(b)(i); EO 14324 sec. 2(b)). Before the rule reaches the origin, de minimis applied.
 */
function postalInLieu(ds: Dataset, q: Query, r: LeafResult) {
  for (const p of ds.postal) {
    if (p.importer !== q.importer) continue;
    let start: string | undefined;
    for (const k of Object.keys(p.values)) if (k <= q.date && p.values[k].origins[q.origin] && (!start || k > start)) start = k;
    if (!start) {
      r.warnings.push(`${p.name}: no postal duty applied to goods of ${q.origin} on this date; duty-free de minimis entry (shipments valued at $800 or less) was still available, so the regular duties are shown.`);
      return;
    }
    const v = p.values[start];
    const o = v.origins[q.origin];
    const replaced = r.lines.filter((l) => l.status !== 'exempt').length;
    const notes = [`In lieu of every other duty: the ${replaced} layer(s) a non-postal entry would pay (MFN, Section 301, IEEPA, ...) do not apply.`];
    if (v.note) notes.push(v.note);
    if (o.per_item) {
      const n = q.qty !== null && q.unit === 'each' ? Dec.of(q.qty) : null;
      notes.push(`The carrier may elect the per-item method instead: $${o.per_item} per postal item${n ? ` (${n.toString()} items: $${n.mul(Dec.of(o.per_item)).toFixed(2)})` : ' (give --qty N --unit each for the amount)'}.`);
    }
    if (v.unconfirmed) r.warnings.push(`${p.name} from ${start}: unconfirmed: ${v.unconfirmed}`);
    r.lines = [];
    r.missing = [];
    r.warnings = r.warnings.filter((w) => w.includes("unconfirmed")); // the replaced layers' list warnings no longer matter
    const base = { measure: p.id, name: p.name, heading: null, share_pct: null, basis: 'item value', citation: v.reference, notes };
    if (o.ad_valorem === null) {
      r.lines.push({ ...base, rate: 'not known', rate_pct: null, status: 'not computable', pricing: unknownPricing });
      r.missing.push(`the postal duty for goods of ${q.origin} on this date (${v.unconfirmed ?? 'not in the schedules'})`);
    } else {
      const pct = o.ad_valorem.replace('%', '');
      r.lines.push({ ...base, rate: `${o.ad_valorem}${o.per_item ? ` or $${o.per_item} per item` : ''}`, rate_pct: pctOf(pct).text, status: v.unconfirmed ? 'unconfirmed' : 'in force', pricing: pctPricing(pct) });
    }
    return;
  }
}

/**
 * The product's lines in the importer's nomenclature. A code from a later nomenclature that this one lacks
 * (China renumbers lines every year) is answered by its 6-digit subheading, with a warning, when allowed.
 */
export function findProduct(ds: Dataset, q: Query): Found {
  let byImporter = foundMemo.get(ds);
  if (!byImporter) foundMemo.set(ds, (byImporter = new Map()));
  let byCode = byImporter.get(q.importer);
  if (!byCode) byImporter.set(q.importer, (byCode = new Map()));
  let found = byCode.get(q.hts);
  if (!found) byCode.set(q.hts, (found = findUncached(ds, q, ds.tariffs[q.importer]!))); // codes that are not found throw: nothing kept
  return found;
}

type Found = { product: ResolvedProduct; warnings: string[]; /** the product's most detailed lines */ leaves: Leaf[] };
/** importer → normalized code → the product (bounded by the nomenclatures' size) */
const foundMemo = new WeakMap<Dataset, Map<string, Map<string, Found>>>();

function findUncached(ds: Dataset, q: Query, t: HtsDescriptor): Found {
  const digits = digitsOf(q.hts);
  let product: ResolvedProduct;
  const warnings: string[] = [];
  try {
    product = resolveProduct(ds, digits, q.importer);
  } catch (e) {
    if (!(e instanceof QueryError) || t.renumbered !== 'answer-by-subheading' || digits.length <= 6) throw e;
    const sub = digits.slice(0, 6);
    try {
      product = resolveProduct(ds, sub, q.importer);
    } catch {
      throw e;
    }
    const codes = product.leaves.map((l) => l.code).join(', ');
    warnings.push(`${q.hts} is not a line of ${t.name} (${t.revision}), which the data uses; it is answered by its subheading ${dotted(sub)} (${codes}), whose lines carry the same duties on this date.`);
  }
  return { product, warnings, leaves: product.leaves.map((l) => leafOf(ds, q.importer, product.chapter, l)) };
}

/** The value-independent part of a quote, for a normalized query (its value is ignored). */
export function assess(ds: Dataset, q: Query, asOf: string): Assessment {
  const im = importerMeta(ds, q.importer)!;
  const t = ds.tariffs[q.importer]!;
  const found = findProduct(ds, q);
  const { product } = found;

  const results = found.leaves.map((leaf, i) => ({ leaf: product.leaves[i], r: computeLeaf(ds, q, leaf, asOf) }));
  if (results.length > 1 && new Set(results.map((x) => signature(x.r))).size > 1) {
    throw new QueryError(
      found.warnings.length
        ? `${q.hts} is not a line of ${t.name} (${t.revision}), which the data uses, and its subheading ${dotted(digitsOf(q.hts).slice(0, 6))} covers lines with different duties on this entry date; give one of them:`
        : `${q.hts} covers lines with different duties on this entry date; give the 8- or 10-digit line:`,
      results.map(({ leaf, r }) => `${leaf.code}  ${leaf.description}  [${r.lines.map((l) => l.rate + (l.heading ? ` ${l.heading}` : '')).join(', ')}]`),
    );
  }
  const { r } = results[0];
  if (q.postal) postalInLieu(ds, q, r);

  const warnings = found.warnings.length || r.warnings.length > 1 ? [...found.warnings, ...new Set(r.warnings)] : r.warnings;
  if (q.date > im.verified_through) {
    warnings.unshift(pastVerified(im));
  }
  const notices = [...new Set(r.notices)];
  if (!t.mfn_dates && q.date < `${t.effective.slice(0, 4)}-01-01`) {
    notices.push(mfnFromRevision(t));
  }
  for (const c of q.claims) if (!r.usedClaims.includes(c)) warnings.push(`--claim ${c} matched no measure in force for ${q.hts} from ${q.origin} on this entry date; it was not applied.`);

  const fees: Assessment['fees'] = [];
  /** said only when a value is given (fees need one): the notices of fees that an option would add */
  const feeNotes: string[] = [];
  const feeWarnings: string[] = [];
  for (const f of ds.fees) {
    if (f.importer !== q.importer) continue;
    if (f.modes !== 'all' && (q.mode === null || !f.modes.includes(q.mode))) {
      if (q.mode === null) feeNotes.push(feeModeNote(f));
      continue;
    }
    let start: string | undefined;
    for (const k of Object.keys(f.values)) if (k <= q.date && (!start || k > start)) start = k;
    if (!start) {
      feeWarnings.push(`${f.name}: the schedules have no rate for entries on this date; it is not included.`);
      continue;
    }
    const v = f.values[start];
    // past the last fiscal year the schedules give: the latest figures are shown, and said to be so
    const pastLastYear = f.per_fiscal_year && q.date >= `${Number(start.slice(0, 4)) + 1}${start.slice(4)}`;
    const notes = [
      ...(v.unconfirmed ? [`${f.name} from ${start}: unconfirmed: ${v.unconfirmed}`] : []),
      ...(pastLastYear ? [`${f.name}: the fiscal year of ${q.date} is not in the schedules; the figures of the year from ${start} are shown.`] : []),
    ];
    fees.push({
      fee: f.id, name: f.name, entry: f.entry ?? null, rate: v.rate ?? null, flat: v.amount ?? null, min: v.min ?? null, max: v.max ?? null, unknown: v.unknown ?? null,
      note: notes.length ? notes.join(' ') : null,
      status: v.unknown ? 'not known' : v.unconfirmed || pastLastYear ? 'unconfirmed' : 'in force', citation: v.reference,
    });
  }

  return {
    fees,
    feeNotes,
    feeWarnings,
    query: { ...q, value: null },
    product: productBlock(q, product, r.rateLine),
    lines: r.lines,
    warnings,
    notices,
    missing: [...new Set(r.missing)],
    verified_through: im.verified_through,
    summary: summarize(r.lines),
    measureMissing: r.missing.slice(0, r.measureMissing ?? r.missing.length),
  };
}

function productBlock(q: Query, product: ResolvedProduct, rateLine: HtsLine | undefined): Quote['product'] {
  return {
    hts: q.hts,
    description: product.line?.description ?? product.leaves.map((l) => l.description).join(' / '),
    rate_line: rateLine?.code ?? null,
    units: product.line?.units.length ? product.line.units : (product.leaves[0]?.units ?? []),
  };
}

/**
 * The assessment of a plain query (no claims, quantity, content, loading date or postal shipment)
 * for a product of the same measure class (plainClass without the rate line) as `a`'s, on a date of
 * the same interval: `a`'s measure lines with the product's own MFN line, as `assess` gives it (the
 * MFN line comes last, adds its missing inputs after the measures', and no warning). Undefined
 * where the MFN line reaches further: a rate inclusive of MFN, a dated MFN line (China's), a product
 * of several lines or answered by its subheading.
 */
export function withOwnMfn(ds: Dataset, a: Assessment, q: Query): Assessment | undefined {
  if (!isPlain(q) || !isPlain(a.query) || a.query.importer !== q.importer || a.lines.some((l) => l.inclusive)) return undefined;
  const found = findProduct(ds, q);
  if (found.leaves.length !== 1 || found.warnings.length) return undefined;
  const leaf = found.leaves[0];
  if (leaf.rateLine?.mfn) return undefined;
  const at = a.lines.findIndex((l) => isMfn(l.measure));
  if (at !== a.lines.length - 1) return undefined;
  const own: LeafResult = { lines: [], warnings: [], notices: [], missing: [], usedClaims: [] };
  mfnLine(ds, q, leaf, own);
  if (own.warnings.length || own.lines.length !== 1) return undefined;
  const lines = [...a.lines.slice(0, at), own.lines[0]];
  return {
    ...a,
    query: { ...q, value: null },
    product: productBlock(q, found.product, own.rateLine),
    lines,
    missing: [...new Set([...a.measureMissing, ...own.missing])],
    summary: summarize(lines),
  };
}

/** Percent × 10^4 as an integer, when the percent has at most 4 decimals (for the integer fast path). */
function pctE4(p: Dec | null): number | null {
  if (!p) return 0;
  const s = p.toString(12);
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(s);
  return m ? Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0')) : null;
}

/** round(n / d) half away from zero, exact for non-negative integers below 2^53. */
function divRound(n: number, d: number): number {
  let q = Math.floor(n / d);
  let r = n - q * d;
  while (r < 0) (q--, (r += d));
  while (r >= d) (q++, (r -= d));
  return 2 * r >= d ? q + 1 : q;
}

const centsText = (c: number) => {
  const s = String(c).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
};

/**
 * How an assessment without specific duties is priced at any customs value: what `totals` gives,
 * split into the part that does not depend on the value and the rates to apply to it. Batch
 * prices many rows of one assessment this way (in integer cents where it can: BigInt decimals
 * would dominate its cost).
 */
export interface AdValoremPlan {
  rate_pct: string | null;
  ad_valorem_pct: string;
  complete: boolean;
  missing: string[];
  /** rates of the lines that are charged; null when one of them is not known (no amount can be given) */
  pcts: Dec[] | null;
  /** the same × 10^4 as integers, when each has at most four decimals */
  e4: number[] | null;
}

/** The plan of an assessment, or undefined when a line has a specific duty (use `totals`). */
export function adValoremPlan(a: Assessment): AdValoremPlan | undefined {
  const s = a.summary;
  if (s.specific.length) return undefined;
  let pcts: Dec[] | null = [];
  let e4: number[] | null = [];
  for (const d of a.lines) {
    const p = d.pricing;
    if (p.specific) return undefined;
    if (d.status === 'exempt' || d.status === 'suspended' || pcts === null) continue;
    if (!p.computable) {
      pcts = e4 = null;
      continue;
    }
    const pct = p.pct ?? Dec.ZERO;
    pcts.push(pct);
    const f = (p.fast ??= pctE4(pct));
    if (f === null) e4 = null;
    else e4?.push(f);
  }
  const rate = s.rateKnown && !a.missing.length ? s.adv : null;
  return { rate_pct: rate, ad_valorem_pct: s.adv, complete: a.missing.length === 0 && s.rateKnown, missing: a.missing, pcts, e4 };
}

/**
 * The duty at a value in whole cents, in whole cents, exactly as `totals` rounds it (each line to the
 * cent, then summed): -1 when a rate is not known (no amount), -2 when integers cannot hold it (use
 * `planAmount`).
 */
export function planCents(p: AdValoremPlan, cents: number): number {
  if (p.pcts === null) return -1;
  const e4 = p.e4;
  if (e4 === null) return -2;
  let sum = 0;
  for (let i = 0; i < e4.length; i++) {
    const x = cents * e4[i];
    if (x >= Number.MAX_SAFE_INTEGER) return -2;
    sum += divRound(x, 1_000_000);
  }
  return sum;
}

/** The duty at a value in whole cents, as text ("12.34"), exactly as `totals` gives it. */
export function planAmountCents(p: AdValoremPlan, cents: number): string | null {
  const c = planCents(p, cents);
  if (c === -1) return null;
  if (c >= 0) return centsText(c);
  return planAmount(p, Dec.of(String(cents)).div(Dec.HUNDRED));
}

/** The duty at any customs value, in decimals. */
export function planAmount(p: AdValoremPlan, v: Dec): string | null {
  if (p.pcts === null) return null;
  let sum = Dec.ZERO;
  for (const pct of p.pcts) sum = sum.add(v.pctRounded(pct, 2));
  return sum.toFixed(2);
}

/** Amounts for each line and the totals, at a customs value (null when not given). */
export function totals(a: Assessment, v: Dec | null): { amounts: (Dec | null)[]; total: Quote['total'] } {
  let amount: Dec | null = v === null ? null : Dec.ZERO;
  const amounts: (Dec | null)[] = new Array(a.lines.length);
  for (let i = 0; i < a.lines.length; i++) {
    const d = a.lines[i];
    const p = d.pricing;
    let la: Dec | null = null;
    if (p.computable && (v !== null || (p.pct === null && p.specific !== null))) {
      la = p.pct && v ? v.pctRounded(p.pct, 2) : Dec.ZERO;
      if (p.specific) la = la.add(p.specific).round(2);
    }
    amounts[i] = la;
    if (d.status !== 'exempt' && d.status !== 'suspended' && amount !== null) amount = la === null ? null : amount.add(la);
  }
  const s = a.summary;
  // a missing input or layer leaves the rate unknown
  let ratePct = s.rateKnown && !a.missing.length ? s.adv : null;
  let missing = a.missing;
  if (s.rateKnown && s.specific.length) {
    if (amount !== null && v !== null && !v.isZero()) ratePct = amount.div(v).mul(Dec.HUNDRED).toString(4);
    else {
      ratePct = null;
      if (v === null) missing = [...missing, 'customs value (--value) to express the specific duty as a percentage'];
      // a specific duty on a zero value: the amount is known, a percentage of nothing is not
      else if (v.isZero() && amount !== null) missing = [...missing, `a customs value above 0 to express the specific duty (${amount.toFixed(2)}) as a percentage`];
    }
  }
  return {
    amounts,
    total: {
      rate_pct: ratePct,
      ad_valorem_pct: s.adv,
      specific: s.specific,
      amount: amount?.toFixed(2) ?? null,
      complete: missing.length === 0 && ratePct !== null,
      missing,
      fees_amount: null,
      duties_and_fees: null,
    },
  };
}

/** Amounts and totals for an assessment at a customs value (a normalized decimal string, or null). */
export function price(a: Assessment, value: string | null, query: Query = a.query): Quote {
  const { amounts, total } = totals(a, value === null ? null : Dec.of(value));
  const lines: Line[] = a.lines.map((d, i) => ({
    measure: d.measure,
    name: d.name,
    heading: d.heading,
    rate: d.rate,
    rate_pct: d.rate_pct,
    share_pct: d.share_pct,
    basis: d.basis,
    amount: amounts[i]?.toFixed(2) ?? null,
    status: d.status,
    citation: d.citation,
    notes: d.notes,
  }));
  const v = value === null ? null : Dec.of(value);
  const entry = entryType({ value: v, date: query.date, explicit: query.entry, mail: query.postal || query.mode === 'mail', hasCh99: a.lines.some((l) => l.heading?.startsWith('9903.')) });
  const charged = feesFor(a.fees, entry);
  let feeSum: Dec | null = v === null ? null : Dec.ZERO;
  const fees: FeeLine[] = charged.map((f) => {
    const amount = v === null ? null : feeAmount(f, v);
    feeSum = amount === null ? null : feeSum?.add(amount) ?? null;
    return { fee: f.fee, name: f.name, entry: f.entry, rate: f.flat !== null ? `$${f.flat} per entry` : (f.rate ?? 'not known'), min: f.min, max: f.max, amount: amount?.toFixed(2) ?? null, status: f.status, citation: f.citation };
  });
  const feesAmount = charged.length ? (feeSum as Dec | null) : null;
  total.fees_amount = feesAmount?.toFixed(2) ?? null;
  total.duties_and_fees = total.amount !== null && feesAmount !== null ? Dec.of(total.amount).add(feesAmount).toFixed(2) : charged.length && v !== null ? null : total.amount;
  const feeWarnings = v === null ? [] : [...a.feeWarnings, ...charged.flatMap((f) => (f.note ? [f.note] : [])), ...(entry.reason && entry.unconfirmed ? [`Fees: ${entry.reason}.`] : []), ...charged.filter((f) => f.unknown).map((f) => `${f.name}: ${f.unknown}; the fees are not totalled.`)];
  const feeNotes = v === null ? [] : [...a.feeNotes, ...(entry.reason && !entry.unconfirmed ? [`Fees: ${entry.reason}.`] : [])];
  const warnings = feeWarnings.length ? [...a.warnings, ...feeWarnings] : a.warnings;
  const notices = feeNotes.length ? [...a.notices, ...feeNotes] : a.notices;
  return { query: { ...query, value }, product: a.product, lines, fees, total, warnings, notices, verified_through: a.verified_through };
}

/**
 * The value-independent part of the totals. The ad valorem sum is taken in integers (percent × 10^4)
 * when every rate has at most four decimals, as schedule rates do; otherwise in decimals.
 */
function summarize(lines: Draft[]): Assessment['summary'] {
  let e4 = 0;
  let exact = true;
  let rateKnown = true;
  let specific: string[] | undefined;
  for (const l of lines) {
    if (l.status === 'exempt' || l.status === 'suspended') continue;
    const p = l.pricing;
    if (p.pct && exact) {
      const f = (p.fast ??= pctE4(p.pct));
      if (f === null) exact = false;
      else e4 += f;
    }
    if (l.status === 'not computable' || (!p.computable && !isMfn(l.measure))) rateKnown = false;
    if (isMfn(l.measure) && l.status === 'in force') {
      const parsed = parseRate(l.rate);
      if (parsed.shape !== 'not_computable') for (const c of parsed.components) if (c.kind === 'specific') (specific ??= []).push(c.text);
    }
  }
  let adv: string;
  if (exact && Number.isSafeInteger(e4)) {
    const frac = e4 % 10_000;
    adv = frac === 0 ? String((e4 - frac) / 10_000) : `${(e4 - frac) / 10_000}.${String(frac).padStart(4, '0').replace(/0+$/, '')}`;
  } else {
    let sum = Dec.ZERO;
    for (const l of lines) if (l.status !== 'exempt' && l.status !== 'suspended' && l.pricing.pct) sum = sum.add(l.pricing.pct);
    adv = sum.toString(12); // every place the lines carry (Dec keeps 12): the total is their exact sum
  }
  return { adv, rateKnown, specific: specific ?? [] };
}

export function quote(ds: Dataset, input: QueryInput): Quote {
  const q = normalizeQuery(ds, input);
  const asOf = input.asOf ?? q.date;
  const out = price(assess(ds, q, asOf), q.value);
  exclusionHint(ds, q, asOf, out);
  return out;
}

/** China's claim that lifts its Section 301 countermeasures for goods holding an exclusion (schedules/cn/section301). */
const CN_EXCLUSION = 'cn-exclusion';

/**
 * When a countermeasure that an exclusion lifts applies and the query does not claim one, the first such line says what
 * the total would be with `--claim cn-exclusion` (a hint, not an answer: only goods that hold an exclusion may claim it).
 */
function exclusionHint(ds: Dataset, q: Query, asOf: string, out: Quote) {
  if (q.importer !== 'CN' || q.claims.includes(CN_EXCLUSION)) return;
  const alt = price(assess(ds, { ...q, claims: [...q.claims, CN_EXCLUSION] }, asOf), q.value);
  const lifted = out.lines.filter((l, i) => l.status !== 'exempt' && alt.lines[i]?.measure === l.measure && alt.lines[i]?.status === 'exempt');
  if (!lifted.length) return;
  const total = alt.total.rate_pct === null ? 'not complete' : `${alt.total.rate_pct}% in total`;
  lifted[0].notes = [...lifted[0].notes, `With an exclusion (--claim ${CN_EXCLUSION}, for goods that hold one): ${lifted.map((l) => l.name).join('; ')} would not apply, ${total}.`];
}

/**
 * Normalising and checking a query (dates, amounts, units, modes, content, claims, entry type): what the user asked,
 * in one shape. It decides nothing about duties.
 */
import { Dec } from './decimal.js';
import type { Dataset } from './dataset.js';
import { QueryError } from './errors.js';
import { digitsOf, dotted, normalizeCode } from './product.js';
import { normalizeUnit, UNIT_LIST, type Unit } from './rate.js';
import type { ImporterMeta } from './schema.js';
import { everyOrigin, isCountry } from './countries.js';
import { ENTRY_TYPES, type EntryType } from './fees.js';
import { METALS } from './metals.js';

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
  /** a column 1 Special program claimed (Special Program Indicator: S, P, AU ...) */
  spi?: string;
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
  /** the Special Program Indicator claimed, upper case */
  spi: string | null;
}

export const MODES = ['ocean', 'air', 'truck', 'rail', 'mail'] as const;

export type Mode = (typeof MODES)[number];

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
  const origin = checkOrigin(im, (input.origin || Object.keys(im.origins)[0]).trim().toUpperCase(), input.origin, importer);
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
    spi: normalizeSpi(input.spi, importer),
  };
}

/** An origin the importer answers: one it models in detail, or with every_origin any ISO 3166 code; else refused with the valid codes. */
export function checkOrigin(im: ImporterMeta, origin: string, given: string | undefined = origin, importer?: string): string {
  if (origin in im.origins) return origin;
  if (im.every_origin && origin === importer) throw new QueryError(`origin "${given}" is the importing country: its own goods returned are entered under chapter 98, which the schedules do not model as an origin`);
  if (im.every_origin) {
    if (isCountry(origin)) return origin;
    const group = Object.keys(im.groups).includes(origin) ? ` (${origin} is a group: give one of its members, ${im.groups[origin].members.join(', ')})` : '';
    throw new QueryError(`origin "${given}" is not an ISO 3166 country code${group}; the valid codes are ${everyOrigin().join(' ')}`);
  }
  const list = Object.entries(im.origins).map(([k, v]) => `${k} (${v})`).join(', ');
  throw new QueryError(`origin "${given}" is not modelled for imports into ${im.name}: the schedules cover ${list}`);
}

function normalizeSpi(spi: string | undefined, importer: string): string | null {
  if (spi === undefined || spi.trim() === '') return null;
  const t = spi.trim().toUpperCase();
  if (importer !== 'US') throw new QueryError('--spi applies to imports into the US only');
  if (!/^[A-Z]{1,2}[+*]?$/.test(t)) throw new QueryError(`--spi "${spi}" is not a Special Program Indicator such as S, P, AU or A+`);
  return t;
}

/** The importer's entry in meta.yaml, when modelled and with a nomenclature. */
export function importerMeta(ds: Dataset, importer: string) {
  const im = (ds.meta.importers as Partial<Record<string, ImporterMeta>>)[importer];
  return im && ds.tariffs[importer] ? im : undefined;
}

/**
 * Parser for HTS rate-of-duty text ("Free", "6.5%", "3.3¢/kg", "2.4¢/kg + 5%", ...).
 * Every text either parses into components or is classified as not computable
 * with the reason: a rate is never read as zero by accident.
 */
import { Dec } from './decimal.js';

export type Unit =
  | 'kg'
  | 'liter'
  | 'pf.liter'
  | 'bbl'
  | 'doz'
  | 'each'
  | 'pr'
  | 'gross'
  | 'head'
  | 't'
  | 'm2'
  | 'm3'
  | 'jewel'
  | 'pins';

export interface AdValorem {
  kind: 'ad_valorem';
  /** percent of customs value, decimal string ("17.6") */
  pct: string;
}

export interface Specific {
  kind: 'specific';
  /** US dollars per `per` units of `unit`, decimal string ("0.033") */
  usd: string;
  unit: Unit;
  /** the quantity the amount is for (1, or 1000 for "89.6¢/1000") */
  per: string;
  /** basis qualifier from the law ("on drained weight", "of total sugars") */
  qualifier?: string;
  /** the text of this component as written */
  text: string;
}

export type Component = AdValorem | Specific;

export type RateShape = 'free' | 'ad_valorem' | 'specific' | 'compound' | 'not_computable';

export type ParsedRate =
  | { shape: 'free'; text: string; components: [] }
  | { shape: 'ad_valorem' | 'specific' | 'compound'; text: string; components: Component[] }
  | { shape: 'not_computable'; text: string; reason: string };

const UNIT_WORDS: Record<string, { unit: Unit; per?: string; qualifier?: string }> = {
  kg: { unit: 'kg' },
  'clean kg': { unit: 'kg', qualifier: 'clean weight' },
  liter: { unit: 'liter' },
  'pf.liter': { unit: 'pf.liter' },
  'pf. liter': { unit: 'pf.liter' },
  bbl: { unit: 'bbl' },
  'doz.': { unit: 'doz' },
  'pr.': { unit: 'pr' },
  gross: { unit: 'gross' },
  head: { unit: 'head' },
  t: { unit: 't' },
  m2: { unit: 'm2' },
  m3: { unit: 'm3' },
  '1000': { unit: 'each', per: '1000' },
  thousand: { unit: 'each', per: '1000' },
  article: { unit: 'each' },
  jewel: { unit: 'jewel' },
  '1,000 pins': { unit: 'pins', per: '1000' },
};

/** Qualifiers that keep a specific rate computable: the quantity is simply measured on that basis. */
const SPECIFIC_QUALIFIERS = /^(on drained weight|of total sugars|on contents and container|on entire contents of container|on (lead|copper|molybdenum|tungsten|magnesium) content|on ethyl alcohol content)$/;

function parseComponent(raw: string): Component | string {
  const t = raw.trim();
  let m = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (m) return { kind: 'ad_valorem', pct: Dec.of(m[1]).toString(8) };
  // "1¢ each", "$2.16 each"
  m = /^(?:(\d+(?:\.\d+)?)¢|\$(\d+(?:\.\d+)?)) each$/.exec(t);
  if (m) return specific(m[1], m[2], 'each', '1', undefined, t);
  // "3.3¢/kg", "$1.13/m3", "5.7¢/kg on drained weight", "89.6¢/1000"
  m = /^(?:(\d+(?:\.\d+)?)¢|\$(\d+(?:\.\d+)?)) ?\/ ?(clean kg|pf\. ?liter|1,000 pins|[a-z0-9.]+)(?: (.+))?$/.exec(t);
  if (m) {
    const u = UNIT_WORDS[m[3]];
    if (!u) return `unknown unit "${m[3]}" in "${t}"`;
    const qual = m[4]?.trim();
    if (qual && !SPECIFIC_QUALIFIERS.test(qual)) return `specific rate on a basis that needs more than a quantity: "${t}"`;
    if (u.unit === 'jewel') return `rate per jewel needs the jewel count of the movement: "${t}"`;
    return specific(m[1], m[2], u.unit, u.per ?? '1', qual ?? u.qualifier, t);
  }
  if (/%/.test(t)) return `ad valorem rate on part of the article's value: "${t}"`;
  return `not a rate formula: "${t}"`;
}

function specific(cents: string | undefined, dollars: string | undefined, unit: Unit, per: string, qualifier: string | undefined, text: string): Specific {
  const usd = cents !== undefined ? Dec.of(cents).div(Dec.HUNDRED) : Dec.of(dollars!);
  const s: Specific = { kind: 'specific', usd: usd.toString(10), unit, per, text };
  if (qualifier) s.qualifier = qualifier;
  return s;
}

const memo = new Map<string, ParsedRate>();

/** Parses a rate text; results are memoised (the HTS has a few thousand distinct texts). */
export function parseRate(input: string): ParsedRate {
  let p = memo.get(input);
  if (!p) {
    p = parseRateText(input);
    if (memo.size < 20_000) memo.set(input, p);
  }
  return p;
}

function parseRateText(input: string): ParsedRate {
  const text = input.replace(/\s+/g, ' ').trim();
  if (text === '') return { shape: 'not_computable', text, reason: 'no rate given' };
  if (/^free$/i.test(text)) return { shape: 'free', text, components: [] };
  const parts = text.split(/\s*\+\s*/);
  const components: Component[] = [];
  for (const part of parts) {
    const c = parseComponent(part);
    if (typeof c === 'string') return { shape: 'not_computable', text, reason: c };
    components.push(c);
  }
  const units = components.filter((c): c is Specific => c.kind === 'specific').map((c) => c.unit);
  if (new Set(units).size !== units.length) {
    return { shape: 'not_computable', text, reason: `two specific rates on the same unit need separate quantities: "${text}"` };
  }
  const hasAv = components.some((c) => c.kind === 'ad_valorem');
  const hasSp = units.length > 0;
  const shape = hasAv && hasSp ? 'compound' : hasSp ? 'specific' : components.length > 1 ? 'compound' : 'ad_valorem';
  return { shape, text, components };
}

/**
 * Accepted spellings of --unit, mapped to the parser's units: our names and the HTS/ACE unit-of-quantity codes as CBP
 * writes them (NO, KG, DOZ, PRS, L, PF.L, M2, M3, T, GROSS, BBL). Codes that are a multiple of a rate's unit carry
 * the factor: DPR (dozen pairs) is 12 pairs, G (grams) is 0.001 kg.
 */
const UNIT_ALIASES: Record<string, { unit: Unit; factor?: string }> = {};
for (const [unit, names] of Object.entries({
  kg: ['kg', 'kgs', 'kilogram', 'kilograms'],
  liter: ['l', 'liter', 'liters', 'litre', 'litres'],
  'pf.liter': ['pf.liter', 'pf.liters', 'pf.l', 'pfl', 'proof-liter'],
  bbl: ['bbl', 'barrel', 'barrels'],
  doz: ['doz', 'doz.', 'dozen'],
  each: ['each', 'no', 'no.', 'pcs', 'pc', 'item', 'items', 'unit', 'units', 'article'],
  pr: ['pr', 'pr.', 'prs', 'prs.', 'pair', 'pairs'],
  gross: ['gross', 'gr'],
  head: ['head', 'hd'],
  t: ['t', 'tonne', 'tonnes', 'ton'],
  m2: ['m2', 'm²'],
  m3: ['m3', 'm³'],
  pins: ['pins'],
} as Record<Unit, string[]>)) for (const n of names) UNIT_ALIASES[n] = { unit: unit as Unit };
UNIT_ALIASES.dpr = { unit: 'pr', factor: '12' };
UNIT_ALIASES.g = { unit: 'kg', factor: '0.001' };

/** The units --unit takes, for messages. */
export const UNIT_LIST = 'kg (KG), g (G), liter (L), pf.liter (PF.L), bbl (BBL), doz (DOZ), each (NO, PCS), pr (PRS), dpr (DPR, dozen pairs), gross (GROSS), head, t (T), m2 (M2), m3 (M3)';

export function normalizeUnit(text: string): { unit: Unit; factor?: string } | undefined {
  const t = text.trim().toLowerCase();
  return Object.hasOwn(UNIT_ALIASES, t) ? UNIT_ALIASES[t] : undefined;
}

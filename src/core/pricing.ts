/**
 * Amounts and totals at a customs value, and the ad valorem plans batch prices rows with in integer cents. The fees
 * are priced through fees.ts.
 */
import { Dec } from './decimal.js';
import { chargeFees, entryType } from './fees.js';
import type { Line, Quote, Assessment } from './answer.js';
import type { Query } from './query.js';
import { editionReference, isMfn } from './lines.js';
import { editionOn } from './nomenclature.js';

/** Percent × 10^4 as an integer, when the percent has at most 4 decimals (for the integer fast path). */
export function pctE4(p: Dec | null): number | null {
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
  const fee = chargeFees(a.fees, entry, v, { warnings: a.feeWarnings, notices: a.feeNotes });
  const fees = fee.lines;
  total.fees_amount = fee.sum?.toFixed(2) ?? null;
  // with a value and fees charged, duties and fees are known only when both are; without fees they are the duties
  total.duties_and_fees = !fee.charged || v === null ? total.amount : total.amount !== null && fee.sum !== null ? Dec.of(total.amount).add(fee.sum).toFixed(2) : null;
  const warnings = fee.warnings.length ? [...a.warnings, ...fee.warnings] : a.warnings;
  const notices = fee.notices.length ? [...a.notices, ...fee.notices] : a.notices;
  return { query: { ...query, value }, product: editionOf(a, query.date, lines), lines, fees, total, warnings, notices, verified_through: a.verified_through };
}

/**
 * The product block on the priced date: an assessment shared between the dates of one interval (batch) rests on
 * the edition of its own date; a dated nomenclature names each date's edition, in the product and the MFN citation.
 */
function editionOf(a: Assessment, date: string, lines: Line[]): Quote['product'] {
  const t = a.nomenclature;
  if (!t.editions || date === a.query.date) return a.product;
  const revision = editionOn(t, date).name;
  if (revision === a.product.revision) return a.product;
  for (const l of lines) if (isMfn(l.measure)) l.citation = editionReference(t, revision);
  return { ...a.product, revision };
}

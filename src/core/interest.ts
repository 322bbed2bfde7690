/**
 * Interest on a refund of overpaid duties (19 U.S.C. 1505(c); 19 CFR 24.36(a)(1)): from the day the duty was
 * deposited to the liquidation or reliquidation that refunds it, at the quarter's annual overpayment rate
 * (corporate or not), compounded daily (26 U.S.C. 6622): principal × (Π over the days of (1 + r/365) − 1).
 * Each day from the deposit day to the day before the end date counts once, at the rate of its quarter; CBP has
 * not published its CAPE day count or rounding (the schedule says so). A day whose quarter has no known rate
 * makes the interest unknown, never zero. The rates are `schedules/us/refunds/interest.yaml`.
 */
import type { Dataset } from './dataset.js';
import { Dec } from './decimal.js';
import { addDays } from './dates.js';
import type { InterestRates, Reference } from './schema.js';

export interface Interest {
  /** to the cent; null when a day falls in a quarter whose rate is not known */
  amount: string | null;
  from: string;
  /** the end date (not itself counted) */
  to: string;
  days: number;
  /** the quarters the days fall in: days and annual rate (null: not known) */
  periods: { quarter: string; days: number; rate_pct: string | null }[];
  /** why the amount is not known */
  missing: string[];
  citations: Reference[];
}

/** 30 decimal places: the daily factors of two years multiply without a visible rounding error */
const PLACES = 30n;
const ONE = 10n ** PLACES;

const mul = (a: bigint, b: bigint) => (a * b + ONE / 2n) / ONE;

function pow(base: bigint, n: number): bigint {
  let result = ONE;
  let b = base;
  for (let k = n; k > 0; k >>= 1) {
    if (k & 1) result = mul(result, b);
    b = mul(b, b);
  }
  return result;
}

/** 1 + pct/100/365, scaled by ONE */
function dailyFactor(pct: string): bigint {
  const [int, frac = ''] = pct.replace('%', '').split('.');
  const scale = 10n ** BigInt(frac.length);
  const num = BigInt(int! + frac);
  return ONE + (ONE * num + (scale * 36500n) / 2n) / (scale * 36500n);
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000);

/** The importer's interest rates (the first schedule of its kind). */
export function ratesOf(ds: Dataset, importer: string): InterestRates | undefined {
  return ds.interest.find((r) => r.importer === importer);
}

/** The days from `from` to `to` by quarter, with the factor they compound to (undefined when a rate is not known). */
function compound(rates: InterestRates, from: string, to: string, corporate: boolean) {
  const periods: Interest['periods'] = [];
  const missing: string[] = [];
  const citations: Reference[] = [];
  let factor: bigint | undefined = ONE;
  let day = from;
  while (day < to) {
    const q = rates.quarters.find((x) => x.from <= day && day <= x.to);
    if (!q) {
      missing.push(`no interest rate in the data for ${day}: the schedules give ${rates.quarters[0]!.from} to ${rates.quarters.at(-1)!.to}`);
      factor = undefined;
      break;
    }
    const end = addDays(q.to, 1) < to ? addDays(q.to, 1) : to;
    const days = daysBetween(day, end);
    const rate = corporate ? q.corporate : q.noncorporate;
    periods.push({ quarter: q.quarter, days, rate_pct: rate ? rate.replace('%', '') : null });
    citations.push(q.reference);
    if (!rate) {
      missing.push(`the interest rate for ${q.quarter} (${q.unknown ?? 'not known'})`);
      factor = undefined;
    } else if (factor !== undefined) factor = mul(factor, pow(dailyFactor(rate), days));
    day = end;
  }
  return { periods, missing, citations, factor, days: daysBetween(from, to) };
}

/** per rate table: the compounding of each (from, to, corporate) asked, as the lines of an entry share their dates */
const compounded = new WeakMap<InterestRates, Map<string, ReturnType<typeof compound>>>();
const MEMO_LIMIT = 50_000;

function compoundMemo(rates: InterestRates, from: string, to: string, corporate: boolean) {
  let memo = compounded.get(rates);
  if (!memo) compounded.set(rates, (memo = new Map()));
  const key = `${from}|${to}|${corporate ? 'c' : 'n'}`;
  let c = memo.get(key);
  if (!c) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, (c = compound(rates, from, to, corporate)));
  }
  return c;
}

/** Interest on `principal` (dollars and cents) from the deposit day to the end date. */
export function interestOn(rates: InterestRates, principal: Dec, from: string, to: string, corporate: boolean): Interest {
  // no days, or nothing to pay interest on: none, whatever the rates
  if (to <= from || principal.isZero()) return { amount: '0.00', from, to, days: Math.max(0, daysBetween(from, to)), periods: [], missing: [], citations: [] };
  const c = compoundMemo(rates, from, to, corporate);
  const days = c.days;
  if (c.factor === undefined) return { amount: null, from, to, days, periods: c.periods, missing: c.missing, citations: c.citations };
  // principal in units of 10^-12 (Dec) times (factor - 1) in units of 10^-30, rounded half up to the cent
  const cents = Dec.of(principal.toFixed(2)).mul(Dec.HUNDRED).toFixed(0);
  const scaled = BigInt(cents) * (c.factor - ONE);
  const rounded = (scaled + ONE / 2n) / ONE;
  const amount = `${rounded / 100n}.${String(rounded % 100n).padStart(2, '0')}`;
  return { amount, from, to, days, periods: c.periods, missing: [], citations: c.citations };
}

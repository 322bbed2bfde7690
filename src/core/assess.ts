/**
 * Composing one assessment: the product found, each leaf computed by the rules and the MFN line, inclusive totals
 * resolved, postal duty, warnings and notices, fees as candidates. It does not price a value (pricing.ts).
 */
import { Dec } from './decimal.js';
import type { Dataset, HtsLine } from './dataset.js';
import { QueryError } from './errors.js';
import { digitsOf, dotted, type ResolvedProduct } from './product.js';
import { parseRate } from './rate.js';
import type { Quote, Draft, Assessment, LeafResult } from './answer.js';
import { type Leaf, isPlain, findProduct } from './coverage.js';
import { isMfn, pastVerified, pastEditions, mfnFromRevision, feeModeNote, unknownPricing } from './lines.js';
import { mfnLine } from './mfn.js';
import { editionOn } from './nomenclature.js';
import { postalInLieu } from './postal.js';
import { pctE4 } from './pricing.js';
import { type Query, importerMeta } from './query.js';
import { measureLines } from './rules.js';

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
    if (pct.cmp(Dec.ZERO) === 0 && l.floorHeading) {
      // column 1 at or above the floor: no duty, reported under the floor's companion heading
      const note = `The ${mfn!.name} rate of ${mfnPct.toString()}% is at or above the ${l.inclusive.toString()}% floor: no ${l.name}; the entry reports ${l.floorHeading}`;
      return { ...l, heading: l.floorHeading, rate_pct: '0', notes: [...l.notes, note], pricing: { pct, specific: null, computable: true } };
    }
    const note = `${l.inclusive.toString()}% in total with the MFN rate of ${mfnPct.toString()}%: this duty is ${pct.toString()}%`;
    return { ...l, rate_pct: pct.toString(), notes: [...l.notes, note], pricing: { pct, specific: null, computable: true } };
  });
}

const signature = (r: LeafResult) => JSON.stringify([r.lines.map((l) => [l.measure, l.heading, l.rate, l.status]), r.missing]);

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
  if (t.next_edition && q.date >= t.next_edition.published) warnings.push(pastEditions(t));
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
    product: productBlock(ds, q, product, r.rateLine),
    lines: r.lines,
    warnings,
    notices,
    missing: [...new Set(r.missing)],
    verified_through: im.verified_through,
    summary: summarize(r.lines),
    measureMissing: r.missing.slice(0, r.measureMissing ?? r.missing.length),
    nomenclature: t,
  };
}

function productBlock(ds: Dataset, q: Query, product: ResolvedProduct, rateLine: HtsLine | undefined): Quote['product'] {
  return {
    hts: q.hts,
    description: product.line?.description ?? product.leaves.map((l) => l.description).join(' / '),
    rate_line: rateLine?.code ?? null,
    units: product.line?.units.length ? product.line.units : (product.leaves[0]?.units ?? []),
    revision: editionOn(ds.tariffs[q.importer]!, q.date).name,
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
    product: productBlock(ds, q, found.product, own.rateLine),
    lines,
    missing: [...new Set([...a.measureMissing, ...own.missing])],
    summary: summarize(lines),
  };
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

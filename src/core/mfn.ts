/**
 * The MFN line: column 1 General (US) or the dated applied rate and reported rates (China), and the specific parts
 * of a rate. No additional duty here.
 */
import { Dec } from './decimal.js';
import type { Dataset, HtsLine } from './dataset.js';
import { QueryError } from './errors.js';
import { digitsOf } from './product.js';
import { parseRate, type Specific } from './rate.js';
import type { Reference, MfnReport } from './schema.js';
import type { LineStatus, LeafResult } from './answer.js';
import type { Leaf } from './coverage.js';
import { editionReference, pctOf, pctPricing, unknownPricing } from './lines.js';
import { editionOn } from './nomenclature.js';
import { column2, lapseWarning, programOf, programRefusal } from './origins.js';
import { specialRate } from './special.js';
import type { Query } from './query.js';

/** The MFN line; without a quantity it depends only on the rate line, and is memoised on the leaf. */
const mfnByRate = new WeakMap<Dataset, Map<string, NonNullable<Leaf['mfn']>>>();

export function mfnLine(ds: Dataset, q: Query, leaf: Leaf, out: LeafResult) {
  const rl = leaf.rateLine;
  out.rateLine = rl;
  if (rl?.mfn) return datedMfnLine(ds, q, rl, rl.mfn, out);
  const col = q.importer === 'US' ? columnOf(ds, q, rl, out) : undefined;
  if (rl && q.qty === null) {
    // the edition cited (a dated nomenclature cites the edition of the entry date)
    const edition = editionOn(ds.tariffs[q.importer]!, q.date).name;
    let memo = col ? undefined : leaf.mfn;
    if (!memo || memo.edition !== edition) {
      // without a quantity the line depends on the General rate text and the edition alone: one per pair
      let byRate = mfnByRate.get(ds);
      if (!byRate) mfnByRate.set(ds, (byRate = new Map()));
      const key = col ? `${edition}|${col.key}` : `${edition}|${rl.general}`;
      memo = byRate.get(key);
      if (!memo) {
        const tmp: LeafResult = { lines: [], warnings: [], notices: [], missing: [], usedClaims: [] };
        mfnLineUncached(ds, q, rl, tmp, col);
        byRate.set(key, (memo = { line: tmp.lines[0], missing: tmp.missing, edition }));
      }
      // the leaf keeps the General line only (a column 2 or Special line is looked up by its key each time)
      if (!col) leaf.mfn = memo;
    }
    out.lines.push(memo!.line);
    out.missing.push(...memo!.missing);
    return;
  }
  mfnLineUncached(ds, q, rl, out, col);
}

/** The column 1 rate of a line other than General: column 2 for its countries, or the Special rate a claim (--spi) gets. */
interface Column {
  name: string;
  rate: string;
  citation: Reference;
  notes: string[];
  /** memo key: the column and the rate text */
  key: string;
}

/**
 * Which rate of a line applies to goods of the origin: column 2 (general note 3(b)) for its countries from their
 * dates; the Special rate of a claimed program the goods of the origin may claim on the date; else General (undefined).
 * A claim the origin, the date or the line does not allow is refused with the reason.
 */
function columnOf(ds: Dataset, q: Query, rl: HtsLine | undefined, out: LeafResult): Column | undefined {
  const c2 = column2(ds, q.importer, q.origin, q.date);
  if (c2) {
    if (q.spi) throw new QueryError(`--spi ${q.spi}: goods of ${q.origin} pay column 2 rates (general note 3(b)) and may claim no Special program`);
    const note = `Goods of ${q.origin}: column 2 rates apply (general note 3(b))${c2.from ? ` from ${c2.from}` : ''}.${c2.note ? ' ' + c2.note : ''}`;
    return rl && { name: 'Column 2', rate: rl.other ?? '', citation: c2.reference, notes: [note], key: `2|${q.origin}|${rl.other ?? ''}` };
  }
  if (!q.spi) return undefined;
  const p = programOf(ds, q.importer, q.spi);
  if (!p) throw new QueryError(`--spi ${q.spi} is not a Special Program Indicator of the HTS: ${ds.programs.flatMap((x) => x.programs.flatMap((y) => y.codes)).join(', ')}`);
  const refusal = programRefusal(p, q.spi, q.origin, q.date);
  if (refusal) throw new QueryError(`--spi ${q.spi} refused: ${refusal}`);
  if (p.unconfirmed) out.warnings.push(`${p.name} (${q.spi}): unconfirmed: ${p.unconfirmed}`);
  const lapse = lapseWarning(p, q.spi, q.date);
  if (lapse) out.warnings.push(lapse);
  if (!rl) return undefined; // no rate line: the MFN line says so
  const printed = specialRate(rl.special ?? '', q.spi);
  const name = `Column 1 Special (${p.name}, ${q.spi})`;
  if (printed === undefined) {
    if (parseRate(rl.general).shape !== 'free') throw new QueryError(`--spi ${q.spi} refused: ${rl.code} has no Special rate under ${q.spi} (its Special column: ${rl.special ? `"${rl.special}"` : 'empty'})`);
    const note = `The General rate is Free: the claim of ${q.spi} changes no rate here, only the measures that exempt goods qualifying under ${p.name}.`;
    return { name, rate: rl.general, citation: p.reference, notes: [note], key: `S|${q.spi}|${rl.general}|free` };
  }
  return { name, rate: printed, citation: p.reference, notes: [`Special rate under ${q.spi} as printed: "${rl.special}".`], key: `S|${q.spi}|${rl.special}` };
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

function mfnLineUncached(ds: Dataset, q: Query, rl: HtsLine | undefined, out: LeafResult, col?: Column) {
  // the importer's own MFN line and nomenclature (China's value-threshold lines come here too)
  const t = ds.tariffs[q.importer]!;
  const citation = col?.citation ?? editionReference(t, editionOn(t, q.date).name);
  const base = { measure: `${q.importer.toLowerCase()}.mfn`, name: col?.name ?? (q.importer === 'US' ? 'MFN (column 1 General)' : 'MFN (applied rate)'), heading: null, citation };
  const rate = col?.rate ?? rl?.general;
  if (!rl || (col && !rate)) {
    out.lines.push({ ...base, rate: 'none found', rate_pct: null, share_pct: null, basis: '-', status: 'not computable', notes: [col ? `No ${col.name} rate printed for this line` : 'No General rate found for this line or its parents'], pricing: unknownPricing });
    out.missing.push('the General rate of this line (none in the HTS data)');
    return;
  }
  const parsed = parseRate(rate!);
  if (parsed.shape === 'not_computable') {
    out.lines.push({ ...base, rate: rate!, rate_pct: null, share_pct: null, basis: '-', status: 'not computable', notes: [parsed.reason], pricing: unknownPricing });
    out.missing.push(`the ${col ? col.name : 'General'} rate "${rate}" cannot be computed automatically`);
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
    rate: rate!,
    rate_pct: hasSpecific ? null : (pct ?? Dec.ZERO).toString(),
    share_pct: null,
    basis: [...new Set(bases)].join(' + ') || 'customs value',
    status: 'in force',
    citation,
    notes: col?.notes ?? [],
    pricing: { pct: parsed.shape === 'free' ? Dec.ZERO : pct, specific, computable },
  });
}

function specificBasis(c: Specific): string {
  return `per ${c.per === '1' ? '' : c.per + ' '}${c.unit}${c.qualifier ? ' ' + c.qualifier : ''}`;
}

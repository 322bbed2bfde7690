/**
 * IEEPA refunds (Learning Resources, Inc. v. Trump, 2026-02-20; CBP's CAPE): for each entry line, the IEEPA duty the
 * law put on it on its entry date (the engine's refundable lines) against what was deposited, the duties that are
 * not refunded, interest (interest.ts), and per entry the refund, the CAPE phase the entry is in on the as-of date
 * and what to do next. Facts: ../shared/reference/ieepa-refunds.md (cited per rule below).
 */
import type { Dataset } from './dataset.js';
import { Dec } from './decimal.js';
import { addDays } from './dates.js';
import { QueryError } from './errors.js';
import { BatchAnswerer } from './batch.js';
import { inputRow } from './batch-rows.js';
import { interestOn, ratesOf, type Interest } from './interest.js';
import type { InterestRates } from './schema.js';

/** An entry line as read: canonical column names (refund-input.ts maps the ACE and other names to them). */
export interface RefundRow {
  entry: string;
  line?: string;
  date: string;
  hts: string;
  origin: string;
  value?: string;
  /** the IEEPA duty deposited on the line: its own column, or the duty of its 9903.01/9903.02 rows */
  ieepa_deposited?: string;
  /** on a Chapter 99 row of the ACE layout: the duty of that heading */
  duty?: string;
  deposited_on?: string;
  liquidation_date?: string;
  liquidation_status?: string;
  reliquidation_date?: string;
  importer_type?: string;
  importer_of_record?: string;
  entry_type?: string;
  reconciliation?: string;
}

export interface RefundLine {
  entry: string;
  line: string;
  date: string;
  hts: string;
  origin: string;
  value: string | null;
  /** the IEEPA headings the law put on the line on its date, "9903.01.24 +20%" */
  ieepa_headings: string[];
  /** their duty at the line's value (null without a value, or when a line cannot be computed) */
  ieepa_computed: string | null;
  ieepa_deposited: string | null;
  /** deposited minus computed, when both are known and differ */
  difference: string | null;
  /** what is refunded: the deposited IEEPA duty, else the computed one */
  principal: string | null;
  principal_basis: 'deposited' | 'computed' | null;
  /** the other duties on the line (Section 301, 232, 122, MFN): not refunded */
  not_refunded: string | null;
  interest: Interest | null;
  notes: string[];
  error: string | null;
}

export interface RefundEntry {
  entry: string;
  importer_of_record: string | null;
  date: string;
  lines: RefundLine[];
  /** the refund principal; null when a line's is not known */
  principal: string | null;
  /** the principal of the lines whose principal is known, and whether that is all of them */
  principal_known: string;
  principal_complete: boolean;
  /** interest on the known principal; null when a rate or a line's principal is not known */
  interest: string | null;
  interest_complete: boolean;
  phase: Phase;
  /** the assumptions the interest rests on (dates or importer type not given) */
  notes: string[];
}

export interface Phase {
  /** "phase 1", "phase 2", "protest", "final", "reliquidated", "excluded", "nothing" */
  kind: string;
  why: string;
  next: string;
  /** the last day for the next step, when one decides it */
  deadline: string | null;
}

/** The ruling, CAPE's phases and windows ([EXP-0413], CSMS 69035485, 19 U.S.C. 1501, 1514). */
const RULING = '2026-02-20';
const CAPE_PHASE_1 = '2026-04-20';
const CAPE_PHASE_2 = '2026-06-29';
const CAPE_DAYS_PAST_LIQUIDATION = 80;
const PROTEST_DAYS = 180;
const EXCLUDED_TYPES: Record<string, string> = { '08': 'USMCA duty deferral', '09': 'reconciliation', '47': 'drawback' };

/**
 * An entry number as CBP forms it: a 3-character filer code (letters allowed), a 7-digit number and a check digit,
 * 11 characters; hyphens and spaces are dropped. The check-digit algorithm is not in the sources: not checked.
 */
export function entryNumber(text: string): string {
  const t = text.trim().toUpperCase().replace(/[\s-]/g, '');
  if (/^[A-Z0-9]{3}\d{8}$/.test(t)) return t;
  if (/^\d{8,10}$/.test(t)) throw new QueryError(`entry number "${text}" has ${t.length} digits, not 11: a spreadsheet may have dropped its leading zeros`);
  throw new QueryError(`entry number "${text}" is not 11 characters of a filer code (3 letters or digits), 7 digits and a check digit`);
}

/** The refund context: the engine's answers (shared as batch shares them), the interest rates and the as-of day. */
export class Refunds {
  private answerer: BatchAnswerer;
  private rates: InterestRates;
  constructor(
    ds: Dataset,
    readonly asOf: string,
    /** corporate rate unless a row says otherwise; undefined: not given (the corporate rate, said) */
    private corporate?: boolean,
  ) {
    if (asOf < RULING) throw new QueryError(`--as-of ${asOf} is before ${RULING}: IEEPA duties became refundable with Learning Resources, Inc. v. Trump on that day`);
    const rates = ratesOf(ds, 'US');
    if (!rates) throw new QueryError('the schedules have no interest rates for refunds (schedules/us/refunds/interest.yaml)');
    this.rates = rates;
    this.answerer = new BatchAnswerer(ds, asOf);
  }

  /** One product line of an entry: its IEEPA duty by law, what was deposited, what is refunded, and interest. */
  line(r: RefundRow, no: string): RefundLine {
    const out: RefundLine = {
      entry: r.entry, line: no, date: r.date, hts: r.hts, origin: r.origin, value: r.value ?? null, ieepa_headings: [], ieepa_computed: null,
      ieepa_deposited: r.ieepa_deposited ?? null, difference: null, principal: null, principal_basis: null, not_refunded: null, interest: null, notes: [], error: null,
    };
    const res = this.answerer.answer(inputRow((c) => (c === 'hts' ? r.hts : c === 'origin' ? r.origin : c === 'date' ? r.date : c === 'value' ? r.value : undefined)));
    if (res.error) out.error = res.error;
    else lawOnLine(this.answerer.quote(res), out);
    decidePrincipal(out);
    return out;
  }

  /** An entry: its lines, the refund, interest per line to the cent, and its CAPE phase on the as-of day. */
  entry(rows: RefundRow[]): RefundEntry {
    const head = rows[0]!;
    const lines = rows.map((r, i) => this.line(r, r.line ?? String(i + 1)));
    const corporate = corporateOf(head, this.corporate);
    const from = head.deposited_on || head.date;
    const end = head.reliquidation_date || head.liquidation_date;
    const to = end && end > from ? end : this.asOf;
    const assumed = [
      ...(head.deposited_on ? [] : [`deposit date not given: interest from the entry date ${head.date} (duties are deposited up to 12 working days after entry, 19 U.S.C. 1505(a))`]),
      ...(end ? [] : [`no liquidation or reliquidation date: interest estimated to ${this.asOf} (it runs to the liquidation or reliquidation that refunds the duty, 19 U.S.C. 1505(c))`]),
      ...(corporate.given ? [] : ['importer type not given: the corporate rate is used (non-corporate importers get 1 point more)']),
    ];
    let known = Dec.ZERO;
    let complete = true;
    let interest: Dec | null = Dec.ZERO;
    for (const l of lines) {
      if (l.principal === null) {
        complete = false;
        interest = null;
        continue;
      }
      l.interest = interestOn(this.rates, Dec.of(l.principal), from, to, corporate.yes);
      known = known.add(Dec.of(l.principal));
      interest = interest && l.interest.amount !== null ? interest.add(Dec.of(l.interest.amount)) : null;
    }
    return {
      entry: head.entry, importer_of_record: head.importer_of_record ?? null, date: head.date, lines,
      principal: complete ? known.toFixed(2) : null, principal_known: known.toFixed(2), principal_complete: complete,
      interest: interest?.toFixed(2) ?? null, interest_complete: interest !== null,
      phase: phaseOf(head, complete ? known : null, this.asOf),
      notes: known.isZero() ? [] : assumed,
    };
  }
}

/** What the law put on the line: its refundable (IEEPA) lines and the others, at the line's value. */
function lawOnLine(q: ReturnType<BatchAnswerer['quote']>, out: RefundLine) {
  let ieepa: Dec | null = Dec.ZERO;
  let other: Dec | null = Dec.ZERO;
  for (const l of q.lines) {
    if (l.status === 'exempt' || l.status === 'suspended') continue;
    const amount = l.amount === null ? null : Dec.of(l.amount);
    if (l.status === 'refundable') {
      out.ieepa_headings.push(`${l.heading} ${l.rate}`);
      ieepa = ieepa && amount ? ieepa.add(amount) : null;
    } else other = other && amount ? other.add(amount) : null;
  }
  out.ieepa_computed = ieepa?.toFixed(2) ?? null;
  out.not_refunded = other?.toFixed(2) ?? null;
  if (out.value === null) out.notes.push('no value: the IEEPA duty by law cannot be computed');
  else if (ieepa === null) out.notes.push(`the IEEPA duty cannot be computed: ${q.total.missing.join('; ')}`);
}

/** The deposited IEEPA duty is what CAPE refunds; the law's figure checks it, and stands in when none is given. */
function decidePrincipal(out: RefundLine) {
  const dep = out.ieepa_deposited;
  if (dep !== null) {
    if (!Dec.isDecimal(dep) || dep.trim().startsWith('-')) {
      out.error = `IEEPA duty deposited "${dep}" is not an amount of zero or more`;
      return;
    }
    out.principal = Dec.of(dep).toFixed(2);
    out.principal_basis = 'deposited';
    if (out.ieepa_computed !== null && Dec.of(dep).sub(Dec.of(out.ieepa_computed)).round(2).cmp(Dec.ZERO) !== 0) {
      out.difference = Dec.of(dep).sub(Dec.of(out.ieepa_computed)).toFixed(2);
      out.notes.push(`deposited $${out.principal} differs from the $${out.ieepa_computed} the law gives on ${out.date} (${out.ieepa_headings.join(', ') || 'no IEEPA duty'}): the deposited amount is refunded; check the entry summary`);
    }
    return;
  }
  if (out.error) return;
  out.principal = out.ieepa_computed;
  out.principal_basis = out.ieepa_computed === null ? null : 'computed';
}

function corporateOf(r: RefundRow, flag: boolean | undefined): { yes: boolean; given: boolean } {
  const t = (r.importer_type ?? '').trim().toLowerCase().replace(/[\s_-]/g, '');
  if (t === 'corporate' || t === 'corporation' || t === 'c') return { yes: true, given: true };
  if (t === 'noncorporate' || t === 'individual' || t === 'n') return { yes: false, given: true };
  return { yes: flag ?? true, given: flag !== undefined };
}

const yes = (s: string | undefined) => /^(y|yes|true|1|x)$/i.test((s ?? '').trim());

/** Where the entry stands on the as-of day, and what to do next (reference §4c, §5b). */
export function phaseOf(r: RefundRow, principal: Dec | null, asOf: string): Phase {
  const type = (r.entry_type ?? '').trim().padStart(2, '0');
  if (EXCLUDED_TYPES[type]) return { kind: 'excluded', why: `entry type ${type} (${EXCLUDED_TYPES[type]}) is not taken by CAPE`, next: 'no CAPE declaration', deadline: null };
  if (principal !== null && principal.isZero()) return { kind: 'nothing', why: 'no IEEPA duty on the entry', next: 'nothing to refund', deadline: null };
  if (r.reliquidation_date) return { kind: 'reliquidated', why: `reliquidated on ${r.reliquidation_date}`, next: 'refund due within 30 days of reliquidation (19 U.S.C. 1505(b)); check the ES-701 notice', deadline: addDays(r.reliquidation_date, 30) };
  const open = CAPE_PHASE_1 > asOf ? ` (CAPE opens ${CAPE_PHASE_1})` : '';
  if (yes(r.reconciliation)) {
    const opens = CAPE_PHASE_2 > asOf ? ` (opens ${CAPE_PHASE_2})` : '';
    return { kind: 'phase 2', why: 'flagged for reconciliation, no type 09 filed', next: `file in CAPE phase 2${opens} (CSMS 69035485)`, deadline: null };
  }
  const liq = r.liquidation_date;
  const unliquidated = !liq || liq > asOf || /^(open|unliquidated)$/i.test((r.liquidation_status ?? '').trim());
  if (unliquidated) return { kind: 'phase 1', why: 'unliquidated', next: `file in CAPE${open}`, deadline: null };
  const cape = addDays(liq, CAPE_DAYS_PAST_LIQUIDATION);
  if (asOf <= cape) return { kind: 'phase 1', why: `liquidated on ${liq}, within ${CAPE_DAYS_PAST_LIQUIDATION} days`, next: `file in CAPE${open} by ${cape}`, deadline: cape };
  const protest = addDays(liq, PROTEST_DAYS);
  if (asOf <= protest) return { kind: 'protest', why: `liquidated on ${liq}, more than ${CAPE_DAYS_PAST_LIQUIDATION} days ago (past CAPE's window)`, next: `protest (CBP Form 19, 19 U.S.C. 1514) by ${protest}`, deadline: protest };
  return { kind: 'final', why: `liquidated on ${liq}, more than ${PROTEST_DAYS} days ago: finally liquidated`, next: 'not in CAPE phases 1-2; a phase for finally liquidated entries is not confirmed (seek advice on the CIT route)', deadline: null };
}

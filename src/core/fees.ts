/**
 * Fees on an entry (merchandise processing fee, harbor maintenance fee): which apply by entry type and mode, and what
 * they come to. It decides formal against informal entry; it never touches the duty lines or the duty rate.
 *
 * Entry type (facts: shared/reference/us-232-2018-and-fees.md sec. 2):
 * - 19 CFR 143.21(a): a shipment of $2,500 or less may be entered informally; informal entries pay a flat MPF.
 * - The same paragraph's Chapter 99 parenthetical: articles over $250 classified in subchapters III or IV of chapter 99
 *   (Section 232, 301, IEEPA, 201 lines) need formal entry; CBP suspended that rule from 2025-04-30 (CSMS 64861116).
 * - Mail (19 CFR 145.12): up to $2,500 a CBP-prepared mail entry, on which no MPF is charged (unconfirmed); above it,
 *   formal entry.
 * `--entry formal|informal` overrides the rule (a port may require formal entry, 19 CFR 143.22).
 */
import { Dec } from './decimal.js';
import type { Reference } from './schema.js';

export const ENTRY_TYPES = ['formal', 'informal'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** A fee as the assessment carries it: value-independent; `price` picks by entry type and computes the amount. */
export interface FeeCandidate {
  fee: string;
  name: string;
  /** the entry type it is charged on, or null for any */
  entry: EntryType | null;
  /** ad valorem rate ("0.3464%"), or null for a flat amount */
  rate: string | null;
  /** flat amount per entry (informal MPF), or null */
  flat: string | null;
  min: string | null;
  max: string | null;
  /** the amount for this fiscal year is not in the schedules (why), so the fee is not known */
  unknown: string | null;
  status: 'in force' | 'unconfirmed' | 'not known';
  citation: Reference;
  /** the warning an unconfirmed value carries, said when the fee is charged */
  note: string | null;
}

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

const INFORMAL_LIMIT = Dec.of('2500');
const CH99_LIMIT = Dec.of('250');
/** first entry date on which ACE took informal entries up to $2,500 for goods with Chapter 99 lines (CSMS 64861116) */
const CH99_RULE_SUSPENDED = '2025-04-30';

export interface EntryDecision {
  entry: EntryType;
  /** a mail shipment entered by CBP: no MPF */
  mail: boolean;
  /** why, for the notes; null where nothing needs saying (an explicit --entry, a value over $2,500, no value) */
  reason: string | null;
  /** the rule rests on a fact not confirmed (said as a warning, not a notice) */
  unconfirmed?: boolean;
}

/**
 * Formal or informal entry for a shipment of `value` (null: not known, taken as formal as the fee schedules always were).
 * `hasCh99` says whether some line of the answer reports a Chapter 99 subchapter III/IV heading (9903.xx).
 */
export function entryType(opts: { value: Dec | null; date: string; explicit: EntryType | null; mail: boolean; hasCh99: boolean }): EntryDecision {
  const { value, date, explicit, mail, hasCh99 } = opts;
  if (explicit) return { entry: explicit, mail: mail && explicit === 'informal', reason: null };
  if (value === null) return { entry: 'formal', mail: false, reason: null };
  if (value.cmp(INFORMAL_LIMIT) > 0) return { entry: 'formal', mail: false, reason: null };
  if (mail) return { entry: 'informal', mail: true, unconfirmed: true, reason: 'mail of $2,500 or less: a mail entry prepared by CBP (19 CFR 145.12), on which no MPF is charged (unconfirmed: no source read says the MPF is charged or not on mail entries)' };
  if (hasCh99 && value.cmp(CH99_LIMIT) > 0 && date < CH99_RULE_SUSPENDED)
    return { entry: 'formal', mail: false, unconfirmed: true, reason: 'over $250 with a Chapter 99 line before 2025-04-30: formal entry (19 CFR 143.21(a); unconfirmed how strictly ACE enforced it before CBP suspended the rule)' };
  return { entry: 'informal', mail: false, reason: 'value of $2,500 or less: informal entry (19 CFR 143.21(a)); give --entry formal if it is entered formally' };
}

/** The fees charged on this entry: those of its entry type (none of the MPF on a CBP-prepared mail entry). */
export function feesFor(candidates: FeeCandidate[], d: EntryDecision): FeeCandidate[] {
  return candidates.filter((f) => (f.entry === null || f.entry === d.entry) && !(d.mail && f.entry !== null));
}

/** The amount of one fee on a value: a percentage between its minimum and maximum, or its flat amount. */
export function feeAmount(f: FeeCandidate, v: Dec): Dec | null {
  if (f.unknown !== null) return null;
  if (f.flat !== null) return Dec.of(f.flat);
  let amount = v.pctRounded(Dec.of(f.rate!.replace('%', '')), 2);
  if (f.min !== null) amount = amount.max(Dec.of(f.min));
  if (f.max !== null) amount = amount.min(Dec.of(f.max));
  return amount;
}

/** The fees charged on an entry at a value, their sum, and what they add to the warnings and the notices. */
export function chargeFees(candidates: FeeCandidate[], d: EntryDecision, v: Dec | null, notes: { warnings: string[]; notices: string[] }) {
  const charged = feesFor(candidates, d);
  // null when there is no value, or when a fee's amount is not known: the fees are then not totalled
  let sum: Dec | null = v === null ? null : Dec.ZERO;
  const lines: FeeLine[] = charged.map((f) => {
    const amount = v === null ? null : feeAmount(f, v);
    sum = amount === null ? null : (sum?.add(amount) ?? null);
    return { fee: f.fee, name: f.name, entry: f.entry, rate: f.flat !== null ? `$${f.flat} per entry` : (f.rate ?? 'not known'), min: f.min, max: f.max, amount: amount?.toFixed(2) ?? null, status: f.status, citation: f.citation };
  });
  // fees are said only when a value is given (they need one)
  const said = v === null ? null : `Fees: ${d.reason}.`;
  const warnings = v === null ? [] : [...notes.warnings, ...charged.flatMap((f) => (f.note ? [f.note] : [])), ...(d.reason && d.unconfirmed ? [said!] : []), ...charged.filter((f) => f.unknown).map((f) => `${f.name}: ${f.unknown}; the fees are not totalled.`)];
  const notices = v === null ? [] : [...notes.notices, ...(d.reason && !d.unconfirmed ? [said!] : [])];
  return { lines, sum: charged.length ? (sum as Dec | null) : null, charged: charged.length > 0, warnings, notices };
}

/**
 * Line texts and pricing helpers shared by the rules: rate texts, the memoised pricing of a percentage, the messages
 * said once per schedule object. No rule lives here.
 */
import { Dec } from './decimal.js';
import type { Measure, Exception, Fee, HtsDescriptor, ImporterMeta, Reference } from './schema.js';
import type { Pricing } from './answer.js';
import type { Candidate } from './coverage.js';

/** What the user passes to --claim for an exception: its Chapter 99 heading, or its claim name. */
export const claimOf = (e: Exception): string | undefined => (e.when === 'claim' ? (e.heading ?? e.claim) : e.when === 'in_transit' ? e.heading : undefined);

/** "Section 301 List 1 (9903.88.01)", or the name alone where the importer has no headings */
export const named = (name: string, heading: string | undefined) => (heading ? `${name} (${heading})` : name);

/** the MFN line of any importer ("us.mfn", "cn.mfn") */
export const isMfn = (measure: string) => measure.endsWith('.mfn');

export const basisOf = (c: Candidate) => c.entry.basis ?? c.m.basis;

/** The warning for a measure value the sources do not confirm. */
export const unconfirmedValue = (c: Candidate) => `${named(c.m.name, c.entry.heading)} from ${c.start}: unconfirmed: ${c.entry.unconfirmed}`;

/** A text that depends only on one schedule object, made once per object (batch makes many assessments). */
function memoText<T extends object>(make: (x: T) => string): (x: T) => string {
  const memo = new WeakMap<T, string>();
  return (x) => {
    let s = memo.get(x);
    if (s === undefined) memo.set(x, (s = make(x)));
    return s;
  };
}

export const approximateScope = memoText((m: Measure) => `${m.name}: product scope is approximate (${m.products === 'all' ? '' : m.products.approximate})`);

export const pastVerified = memoText((im: ImporterMeta) => `The schedules for imports into ${im.name} are verified through ${im.verified_through}; measures that took effect after that date may be missing from this quote.`);

export const mfnFromRevision = memoText((t: HtsDescriptor) =>
  t.editions?.length
    ? `The HTS before the ${t.editions[0]!.name} (${t.editions[0]!.published}) is not in the data: the product line and MFN rate are those of that edition; the General rate in force before ${t.editions[0]!.published} may differ if it changed since.`
    : `The MFN rate and product line are from the HTS ${t.revision}; the General rate in force before ${t.effective.slice(0, 4)} may differ if it changed since.`,
);

/** A date from the first edition after the latest in the data: lines renumbered since are not known. */
export const pastEditions = memoText(
  (t: HtsDescriptor) =>
    `The HTS lines are those of the ${t.revision}, the latest edition in the data; the ${t.next_edition!.name} (${t.next_edition!.published}) and later editions are not in it, so a line they changed or renumbered is answered as it was.`,
);

/** The MFN line's citation on a date: the edition of the HTS it rests on (memoised per edition). */
const editionRefs = new WeakMap<HtsDescriptor, Map<string, Reference>>();
export function editionReference(t: HtsDescriptor, edition: string): Reference {
  if (!t.editions?.length) return t.reference;
  let byName = editionRefs.get(t);
  if (!byName) editionRefs.set(t, (byName = new Map()));
  let r = byName.get(edition);
  if (!r) byName.set(edition, (r = { ...t.reference, title: `${t.reference.title} (${edition}), as in force on the entry date per the USITC change records` }));
  return r;
}

export const feeModeNote = memoText((f: Fee) => `${f.name} applies only to ${f.modes === 'all' ? 'all' : f.modes.join('/')} shipments and is not included: give --mode ${f.modes[0]} if it applies.`);

export const pctText = (rate: string) => '+' + rate;

/** The rate of a value as written: "+25%", or "100% in total with MFN" for an inclusive rate. */
export const rateText = (e: { rate: string; rate_kind?: string }) => (e.rate_kind === 'inclusive_total' ? `${e.rate} in total with MFN` : pctText(e.rate));

const pctCache = new Map<string, { pricing: Pricing; text: string }>();

/** Pricing and canonical text of a percentage such as "7.5" (memoised: schedules have few distinct rates). */
export function pctOf(pct: string): { pricing: Pricing; text: string } {
  let p = pctCache.get(pct);
  if (!p) {
    const d = Dec.of(pct);
    pctCache.set(pct, (p = { pricing: { pct: d, specific: null, computable: true }, text: d.toString() }));
  }
  return p;
}

export const pctPricing = (pct: string): Pricing => pctOf(pct).pricing;

export const unknownPricing: Pricing = { pct: null, specific: null, computable: false };

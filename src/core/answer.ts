/**
 * The shapes of an answer: a quote (lines, fees, totals, warnings and notices), the value-independent assessment
 * behind it, and the draft lines the rules build. Types only.
 */
import type { Dec } from './decimal.js';
import type { HtsLine } from './dataset.js';
import type { HtsDescriptor, Reference } from './schema.js';
import type { FeeCandidate, FeeLine } from './fees.js';
import type { Query } from './query.js';

/** A fee on the entry (fees.ts), shown below the duties and never part of the duty rate. */
export type { FeeLine };

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
  /** revision: the edition of the nomenclature the product's lines rest on (for a dated HTS, the latest published on or before the entry date) */
  product: { hts: string; description: string; rate_line: string | null; units: string[]; revision: string };
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

/** How a line turns into an amount once the customs value is known. */
export interface Pricing {
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
export type Draft = Omit<Line, 'amount'> & { pricing: Pricing; inclusive?: Dec; /** an inclusive rate's heading when column 1 is at or above it */ floorHeading?: string; /** the measure's reporting order (lines of measures) */ order?: number };

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
  /** the importer's nomenclature: a dated one names the edition of each priced date (price) */
  nomenclature: HtsDescriptor;
}

export interface LeafResult {
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

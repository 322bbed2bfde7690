/** What a Chapter 99 heading or a measure rests on: its instruments, dated values, exceptions and the HTS heading text. */
import type { Dataset } from './dataset.js';
import { QueryError } from './errors.js';
import { digitsOf, dotted } from './product.js';
import type { Exception, Measure, Reference } from './schema.js';

export interface SourceEntry {
  measure: string;
  name: string;
  authority: string;
  origins: string[];
  products: string;
  values: { from: string; effective_time: string | null; rate: string | null; heading: string | null; basis: string; status: string; citation: Reference }[];
  /** `claim`: what to pass to --claim (a heading, or a claim name such as cn-exclusion) */
  exceptions: { name: string; heading: string | null; claim: string | null; when: Exception['when']; citation: Reference }[];
  invalidated: { on: string; note: string; citation: Reference } | null;
  note: string | null;
  verified_through: string;
}

export interface Sources {
  query: string;
  /** the HTS text of the heading, when the query is a heading */
  heading_text: string | null;
  /** the HTS revision the text comes from */
  revision: string;
  measures: SourceEntry[];
}

function entry(m: Measure): SourceEntry {
  return {
    measure: m.id,
    name: m.name,
    authority: m.authority,
    origins: m.origins,
    products: m.products === 'all' ? 'all products' : `${m.products.source}${m.products.approximate ? ` (approximate: ${m.products.approximate})` : ''}`,
    values: Object.entries(m.values)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([from, v]) => ({
        from,
        effective_time: v.effective_time ?? null,
        rate: v.rate,
        heading: v.heading ?? null,
        basis: v.basis ?? m.basis,
        status: v.undetermined ? `undetermined: ${v.undetermined}` : v.unconfirmed ? `unconfirmed: ${v.unconfirmed}` : v.suspended ? 'confirmed, suspended' : 'confirmed',
        citation: v.reference,
      })),
    exceptions: m.exceptions.map((e) => ({ name: e.name, heading: e.heading ?? null, claim: e.when === 'claim' ? (e.heading ?? e.claim ?? null) : null, when: e.when, citation: e.reference })),
    invalidated: m.invalidated ? { on: m.invalidated.on, note: m.invalidated.note, citation: m.invalidated.reference } : null,
    note: m.note ?? null,
    verified_through: m.last_value_still_valid_on,
  };
}

export function sources(ds: Dataset, query: string): Sources {
  const q = query.trim();
  const isHeading = /^99\d{2}\.?\d{2}\.?\d{2}$/.test(q);
  let measures: Measure[];
  let headingText: string | null = null;
  if (isHeading) {
    const h = dotted(digitsOf(q));
    measures = ds.measures.filter((m) => Object.values(m.values).some((v) => v.heading === h) || m.exceptions.some((e) => e.heading === h));
    headingText = ds.chapter('99', 'US')?.lines.find((l) => l.code === h)?.description ?? null;
    if (!measures.length && !headingText) throw new QueryError(`heading ${h} is neither in the schedules nor in the HTS (${ds.tariffs.US!.revision})`);
  } else {
    const needle = q.toLowerCase();
    measures = ds.measures.filter((m) => m.id === needle || m.id.endsWith('.' + needle));
    if (!measures.length) measures = ds.measures.filter((m) => m.id.includes(needle) || m.name.toLowerCase().includes(needle));
    if (!measures.length) throw new QueryError(`no measure matches "${query}": give a Chapter 99 heading (9903.88.03) or a measure id (${ds.measures.slice(0, 3).map((m) => m.id).join(', ')}, ...)`);
  }
  return { query: q, heading_text: headingText, revision: ds.tariffs.US!.revision, measures: measures.map(entry) };
}

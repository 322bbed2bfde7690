/** What a Chapter 99 heading or a measure rests on: its instruments, dated values, exceptions and the HTS heading text. */
import type { Dataset } from './dataset.js';
import { QueryError } from './errors.js';
import { digitsOf, dotted } from './product.js';
import type { Exception, Fee, Measure, Postal, Reference } from './schema.js';

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

/** A fee (MPF, HMF) as a source entry: its fiscal-year values. */
function feeEntry(f: Fee): SourceEntry {
  return {
    measure: f.id, name: f.name, authority: f.authority, origins: ['all'], products: `all products${f.entry ? `, ${f.entry} entries` : ''}${f.modes === 'all' ? '' : `, ${f.modes.join('/')} shipments`}`,
    values: Object.entries(f.values).sort(([a], [b]) => a.localeCompare(b)).map(([from, v]) => ({
      from, effective_time: null, heading: null, basis: 'customs_value', citation: v.reference,
      rate: v.rate ? `${v.rate}${v.min ? ` (min $${v.min}, max $${v.max})` : ''}` : v.amount ? `$${v.amount} per entry` : null,
      status: v.unknown ? `not known: ${v.unknown}` : v.unconfirmed ? `unconfirmed: ${v.unconfirmed}` : 'confirmed',
    })),
    exceptions: [], invalidated: null, note: f.note ?? null, verified_through: f.last_value_still_valid_on,
  };
}

/** The postal duty in lieu of other duties, by origin. */
function postalEntry(p: Postal): SourceEntry {
  return {
    measure: p.id, name: p.name, authority: p.authority, origins: [...new Set(Object.values(p.values).flatMap((v) => Object.keys(v.origins)))], products: 'postal shipments (--postal)',
    values: Object.entries(p.values).sort(([a], [b]) => a.localeCompare(b)).map(([from, v]) => ({
      from, effective_time: null, heading: null, basis: 'customs_value', citation: v.reference,
      rate: Object.entries(v.origins).map(([o, r]) => `${o} ${r.ad_valorem ?? 'not known'}${r.per_item ? ` or $${r.per_item} per item` : ''}`).join('; '),
      status: v.unconfirmed ? `unconfirmed: ${v.unconfirmed}` : 'confirmed',
    })),
    exceptions: [], invalidated: null, note: p.note ?? null, verified_through: p.last_value_still_valid_on,
  };
}

/** The MFN line of an importer's nomenclature (us.mfn, cn.mfn). */
function mfnEntry(ds: Dataset, importer: string): SourceEntry | undefined {
  const t = ds.tariffs[importer];
  if (!t) return undefined;
  return {
    measure: `${importer.toLowerCase()}.mfn`, name: importer === 'US' ? 'MFN (column 1 General)' : 'MFN (applied rate)', authority: t.name, origins: ['all'], products: `every line of ${t.name} (${t.revision})`,
    values: [{ from: t.effective, effective_time: null, rate: 'the rate of each line', heading: null, basis: 'customs_value', status: 'confirmed', citation: t.reference }],
    exceptions: [], invalidated: null, note: null, verified_through: ds.meta.importers[importer as 'US']?.verified_through ?? t.effective,
  };
}

/** Everything a quote can cite, with its id and name. */
function allEntries(ds: Dataset): { id: string; name: string; make: () => SourceEntry }[] {
  return [
    ...ds.measures.map((m) => ({ id: m.id, name: m.name, make: () => entry(m) })),
    ...ds.fees.map((f) => ({ id: f.id, name: f.name, make: () => feeEntry(f) })),
    ...ds.postal.map((p) => ({ id: p.id, name: p.name, make: () => postalEntry(p) })),
    ...Object.keys(ds.tariffs).map((i) => ({ id: `${i.toLowerCase()}.mfn`, name: i === 'US' ? 'MFN (column 1 General)' : 'MFN (applied rate)', make: () => mfnEntry(ds, i)! })),
  ];
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length]!;
}

/**
 * A measure, fee or duty by id: exactly, by its last parts (fentanyl, section301.list3) or as a prefix of ids
 * (us.section232.metals), or every word of a name (reciprocal duty); never a substring of unrelated text.
 */
function matching(ds: Dataset, q: string): SourceEntry[] {
  const needle = q.toLowerCase();
  const all = allEntries(ds);
  const by = (f: (e: (typeof all)[number]) => boolean) => all.filter(f).map((e) => e.make());
  let found = by((e) => e.id === needle || e.id.endsWith('.' + needle));
  if (!found.length) found = by((e) => e.id.startsWith(needle + '.') || e.id.startsWith(needle + '-') || (needle.includes('.') && e.id.startsWith(needle)));
  if (!found.length) {
    const words = needle.split(/\s+/).filter(Boolean);
    found = by((e) => words.every((w) => e.name.toLowerCase().split(/[^a-z0-9.]+/).includes(w)));
  }
  if (found.length) return found;
  const limit = Math.max(1, Math.floor(needle.length / 3));
  const near = all.map((e) => ({ id: e.id, d: Math.min(distance(needle, e.id), ...e.id.split('.').map((part) => distance(needle, part))) })).filter((n) => n.d <= limit).sort((a, b) => a.d - b.d).slice(0, 3);
  throw new QueryError(`no measure, fee or duty matches "${q}"${near.length ? `: did you mean ${near.map((n) => n.id).join(', ')}?` : ''} (give a Chapter 99 heading such as 9903.88.03, or an id such as us.ieepa.fentanyl or us.fees.mpf)`);
}

export function sources(ds: Dataset, query: string): Sources {
  const q = query.trim();
  const isHeading = /^99\d{2}\.?\d{2}\.?\d{2}$/.test(q);
  let measures: SourceEntry[];
  let headingText: string | null = null;
  if (isHeading) {
    const h = dotted(digitsOf(q));
    measures = ds.measures.filter((m) => Object.values(m.values).some((v) => v.heading === h) || m.exceptions.some((e) => e.heading === h)).map(entry);
    headingText = ds.chapter('99', 'US')?.lines.find((l) => l.code === h)?.description ?? null;
    if (!measures.length && !headingText) throw new QueryError(`heading ${h} is neither in the schedules nor in the HTS (${ds.tariffs.US!.revision})`);
  } else measures = matching(ds, q);
  return { query: q, heading_text: headingText, revision: ds.tariffs.US!.revision, measures };
}

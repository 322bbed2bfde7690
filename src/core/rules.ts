/**
 * The legal rules of one assessment: which measure applies to a leaf on a date, with its exceptions (product lists,
 * claims, in transit, subject_to), exclusive groups, value basis and content, and the change-day notes. It must not
 * price amounts (pricing.ts) and keeps no cache of its own.
 */
import { Dec } from './decimal.js';
import type { Dataset } from './dataset.js';
import { dotted } from './product.js';
import type { Measure, Exception } from './schema.js';
import type { Draft, LineStatus, LeafResult } from './answer.js';
import { dates, type Candidate, type Leaf } from './coverage.js';
import { openTo, reaches, valueFor } from './origins.js';
import { claimOf, named, basisOf, unconfirmedValue, approximateScope, pctText, rateText, pctOf, pctPricing, unknownPricing } from './lines.js';
import { type Query, importerMeta } from './query.js';

const exceptionWindow = (e: Exception, q: Query) => !(e.from && q.date < e.from) && !(e.until && q.date > e.until);

/** Does an exception lift its measure for this query? `listed`: the product's match on the exception's list. */
function exceptionApplies(e: Exception, q: Query, listed: number): boolean {
  if (!exceptionWindow(e, q) || !openTo(e, q.origin)) return false;
  switch (e.when) {
    case 'origin':
      return true;
    case 'spi':
      return q.spi !== null && e.programs.includes(q.spi);
    case 'product':
      return listed > 0;
    case 'claim':
      return q.claims.includes(claimOf(e)!) && (!e.products || e.products_scope === 'hints' || listed > 0);
    case 'subject_to':
      return false; // handled with the other measures in force
    case 'in_transit':
      return q.loaded !== null && q.loaded < e.loaded_before && (!e.entered_before || q.date < e.entered_before);
  }
}

/**
 * Every additional-duty line of one leaf, as a pipeline of the legal rules, in CBP reporting order:
 * the measures in force for the origin on the date; exclusive groups; measures that need an earlier value; then per
 * measure its exceptions and the line they leave (exempt, a choice to claim, undetermined, suspended, or the duty on its
 * value basis).
 */
export function measureLines(ds: Dataset, q: Query, leaf: Leaf, asOf: string, out: LeafResult) {
  const { candidates, beforeFirst } = inForce(ds, q, leaf, out);
  const { dropped, ambiguous } = exclusiveGroups(candidates, q, out);
  // Measures the product is subject to on this date (in scope and in force), for subject_to relations.
  const subject = (id: string) => candidates.find((c) => c.m.id === id);
  earlierValueNeeded(beforeFirst, subject, out);
  for (const c of candidates) {
    if (dropped.has(c)) continue;
    const notes: string[] = c.entry.note ? [c.entry.note] : [];
    if (c.m.products !== 'all' && c.m.products.approximate) out.warnings.push(approximateScope(c.m));
    const x = exceptionsFor(c, q, subject, out);
    // a suspended value that an exception lifts says nothing: no line
    if ((x.exempt || x.partial) && c.entry.suspended) continue;
    if (x.exempt) {
      exemptLine(c, x.exempt, subject, out);
      continue;
    }
    const group = ambiguous.get(c);
    if (group && choiceLine(c, group, leaf.digits, notes, out)) continue;
    dutyLine(c, q, asOf, x, group, notes, out);
  }
  out.lines.sort((a, b) => a.order! - b.order!);
}

/** The measures with a value in force for the origin on the date (a requires_claim measure only when claimed). */
function inForce(ds: Dataset, q: Query, leaf: Leaf, out: LeafResult): { candidates: Candidate[]; beforeFirst: Measure[] } {
  const candidates: Candidate[] = [];
  const beforeFirst: Measure[] = [];
  for (const { m, match, exc } of leaf.covering) {
    if (!reaches(m, q.origin)) continue;
    const v = valueFor(m, q.date, q.origin);
    if (!v && m.before_first_value) beforeFirst.push(m);
    if (v && v.start === q.date && v.entry.effective_time) changeDay(ds, q, m, v, out);
    if (!v || v.entry.rate === null) continue;
    if (m.requires_claim) {
      if (!q.claims.includes(v.entry.heading ?? '')) continue;
      out.usedClaims.push(v.entry.heading!);
    }
    candidates.push({ m, start: v.start, entry: v.entry as Candidate['entry'], match, exc });
  }
  return { candidates, beforeFirst };
}

/**
 * Measures of one exclusive group never stack: the most specific product match wins, then a claim; members left at
 * the same level are `ambiguous` (the first stands for the group). (The group map is made only when a candidate
 * belongs to a group: most products have none.)
 */
function exclusiveGroups(candidates: Candidate[], q: Query, out: LeafResult): { dropped: Set<Candidate>; ambiguous: Map<Candidate, Candidate[]> } {
  let groups: Map<string, Candidate[]> | undefined;
  for (const c of candidates) {
    const g = c.m.exclusive_group;
    if (!g) continue;
    groups ??= new Map();
    const members = groups.get(g);
    if (members) members.push(c);
    else groups.set(g, [c]);
  }
  const dropped = new Set<Candidate>();
  const ambiguous = new Map<Candidate, Candidate[]>();
  if (groups) for (const group of groups.values()) {
    if (group.length < 2) continue;
    const best = Math.max(...group.map((c) => c.match));
    let keep = group.filter((c) => c.match === best);
    const claimed = keep.filter((c) => q.claims.includes(c.entry.heading!));
    if (claimed.length === 1) {
      keep = claimed;
      out.usedClaims.push(claimed[0].entry.heading!);
    }
    for (const c of group) if (!keep.includes(c)) dropped.add(c);
    if (keep.length > 1) {
      for (const c of keep.slice(1)) dropped.add(c);
      ambiguous.set(keep[0], keep);
    }
  }
  return { dropped, ambiguous };
}

/** A measure whose earlier duty the data lacks (before_first_value) leaves the answer incomplete unless another applies. */
function earlierValueNeeded(beforeFirst: Measure[], subject: (id: string) => Candidate | undefined, out: LeafResult) {
  for (const m of beforeFirst) if (!m.before_first_value!.unless.some(subject)) out.missing.push(`${m.name}: ${m.before_first_value!.missing}`);
}

interface Lifted {
  /** a full exemption (the first named that applies) */
  exempt?: Exception;
  /** subject_to ... part: remainder, to content-based measures: the duty applies to the rest of the value */
  partial?: { exc: Exception; targets: Candidate[] };
  /** goods in transit that keep an earlier, lower rate (an in_transit exception with a rate) */
  reduced?: Extract<Exception, { when: 'in_transit' }>;
}

/** A measure's exceptions: a full exemption wins over a partial one, and either over an in-transit rate. */
function exceptionsFor(c: Candidate, q: Query, subject: (id: string) => Candidate | undefined, out: LeafResult): Lifted {
  const { m } = c;
  let exempt: Exception | undefined;
  let partial: Lifted['partial'];
  let reduced: Lifted['reduced'];
  for (let i = 0; i < m.exceptions.length; i++) {
    const e = m.exceptions[i];
    if (e.when === 'in_transit' && e.rate !== undefined) {
      if (exceptionApplies(e, q, c.exc[i])) reduced ??= e;
      continue;
    }
    if (e.when === 'subject_to') {
      if ((e.from && q.date < e.from) || (e.until && q.date > e.until) || !openTo(e, q.origin)) continue;
      const targets = e.measures
        .map(subject)
        .filter((t): t is Candidate => t !== undefined)
        .filter((t) => e.if === 'subject' || !t.m.exceptions.some((x, j) => exceptionApplies(x, q, t.exc[j])));
      if (!targets.length) continue;
      const contentOnly = targets.every((t) => basisOf(t) !== 'customs_value');
      if (e.part === 'remainder' && contentOnly) partial ??= { exc: e, targets };
      else exempt ??= e;
      continue;
    }
    if (!exempt && e.when === 'claim' && e.products && !q.claims.includes(claimOf(e)!) && c.exc[i] > 0 && exceptionWindow(e, q) && openTo(e, q.origin)) {
      out.notices.push(e.products_scope === 'hints' ? `${m.name}: this product may qualify as ${e.name}; if it does, claim it with --claim ${claimOf(e)}` : `${m.name}: this product is listed under ${claimOf(e)} (${e.name}); if the goods qualify, claim it with --claim ${claimOf(e)}`);
    }
    if (!exempt && exceptionApplies(e, q, c.exc[i])) exempt = e;
  }
  if (exempt || partial) reduced = undefined;
  const applied = exempt ?? partial?.exc ?? reduced;
  if (applied?.unconfirmed) out.warnings.push(`${m.name}, exception "${applied.name}": unconfirmed: ${applied.unconfirmed}`);
  return { exempt, partial, reduced };
}

/** The line of a measure an exception lifts: 0% under the exception's heading, saying what does not apply and why. */
function exemptLine(c: Candidate, exc: Exception, subject: (id: string) => Candidate | undefined, out: LeafResult) {
  const { m, entry } = c;
  const claim = claimOf(exc);
  if (claim) out.usedClaims.push(claim);
  if (exc.when === 'product' && exc.products.approximate) out.warnings.push(`${exc.name}: list is approximate (${exc.products.approximate})`);
  const why = exc.when === 'subject_to' ? ` (subject to ${exc.measures.map(subject).filter((t) => t !== undefined).map((t) => t.m.name).join(', ')})` : '';
  out.lines.push({
    order: m.reporting_order,
    measure: m.id,
    name: m.name,
    heading: exc.heading ?? null,
    rate: '0%',
    rate_pct: '0',
    share_pct: null,
    basis: 'customs value',
    status: 'exempt',
    citation: exc.reference,
    notes: [`${exc.name}${why}: ${m.name} (${[pctText(entry.rate), entry.heading].filter(Boolean).join(', ')}) does not apply`, ...(exc.note ? [exc.note] : [])],
    pricing: pctPricing('0'),
  });
}

/**
 * Members of an exclusive group left at the same level: at different rates the line asks which applies (claim) and the
 * answer is incomplete (returns true); at one rate the duty stands and the entry should still name its heading.
 */
function choiceLine(c: Candidate, group: Candidate[], digits: string, notes: string[], out: LeafResult): boolean {
  const { m } = c;
  const rates = new Set(group.map((g) => rateText(g.entry)));
  const headings = group.map((g) => g.entry.heading!);
  const names = group.map((g) => `${g.m.name} (${g.entry.heading}, ${rateText(g.entry)})`).join('; ');
  const claimHint = headings.map((h) => `--claim ${h}`).join(' or ');
  if (rates.size > 1) {
    for (const g of group) if (g.entry.unconfirmed) out.warnings.push(unconfirmedValue(g));
    out.lines.push({
      order: m.reporting_order,
      measure: group.map((g) => g.m.id).join('|'),
      name: group.map((g) => g.m.name).join(' or '),
      heading: headings.join(' or '),
      rate: [...rates].join(' or '),
      rate_pct: null,
      share_pct: null,
      basis: 'customs value',
      status: 'needs claim',
      citation: c.entry.reference,
      notes: [
        m.exclusive_choice
          ? `${m.exclusive_choice}: ${names}. They never stack; name the one that applies with ${claimHint}.`
          : `The 8-digit code is on more than one list: ${names}. The lists never stack; name the one that covers the product with ${claimHint}.`,
      ],
      pricing: unknownPricing,
    });
    out.missing.push(m.exclusive_choice ? `which applies (${m.exclusive_choice}): ${claimHint}` : `which list covers the product: ${claimHint}`);
    return true;
  }
  out.notices.push(`${dotted(digits)} appears on ${names}; the rate is the same, but name the list for entry with ${claimHint}`);
  notes.push(`Also on: ${group.slice(1).map((g) => `${g.m.name} (${g.entry.heading})`).join(', ')}`);
  return false;
}

/**
 * The duty line of a measure that applies: its status (unconfirmed, in transit at an earlier rate, scheduled,
 * refundable), or an undetermined or suspended line, else the rate on its value basis.
 */
function dutyLine(c: Candidate, q: Query, asOf: string, x: Lifted, group: Candidate[] | undefined, notes: string[], out: LeafResult) {
  const { m } = c;
  let { entry } = c;
  let status: LineStatus = 'in force';
  if (entry.unconfirmed) {
    status = 'unconfirmed';
    out.warnings.push(unconfirmedValue(c));
  }
  const reduced = x.reduced;
  if (reduced) {
    // in transit: the earlier rate under the exception's heading instead of this value's
    if (reduced.heading) out.usedClaims.push(reduced.heading);
    notes.push(`${reduced.name}: ${rateText(reduced as { rate: string })} instead of ${rateText(entry)}${entry.heading ? ` (${entry.heading})` : ''}.`, ...(reduced.note ? [reduced.note] : []));
    entry = { ...entry, rate: reduced.rate!, heading: reduced.heading ?? entry.heading, reference: reduced.reference };
    if (reduced.unconfirmed) status = 'unconfirmed';
  }
  if (entry.undetermined) return undeterminedLine(c, entry, notes, out);
  if (entry.suspended) return suspendedLine(c, entry, notes, out);
  if (c.start > asOf) {
    status = 'scheduled';
    out.warnings.push(`${named(m.name, entry.heading)} at ${pctText(entry.rate)} is scheduled to take effect on ${c.start}, after today (${asOf}); a later instrument may still change it.`);
  }
  if (m.invalidated && asOf >= m.invalidated.on) {
    status = 'refundable';
    notes.push(`${m.invalidated.reference.title}. ${m.invalidated.note}`);
  }
  const { share, basisText, known } = valueBasis(c, q, x.partial, notes, out);
  const base = pctOf(entry.rate.replace('%', ''));
  const inclusive = entry.rate_kind === 'inclusive_total';
  out.lines.push({
    inclusive: inclusive ? base.pricing.pct! : undefined,
    floorHeading: inclusive ? entry.floor_heading : undefined,
    order: m.reporting_order,
    measure: m.id,
    name: m.name,
    heading: group ? group.map((g) => g.entry.heading!).join(' or ') : (entry.heading ?? null),
    rate: rateText(entry),
    rate_pct: base.text,
    share_pct: share === null ? null : share.toString(12),
    basis: basisText,
    status,
    citation: entry.reference,
    notes,
    pricing: !known ? unknownPricing : share === null ? base.pricing : { pct: base.pricing.pct!.mul(share).div(Dec.HUNDRED), specific: null, computable: true },
  });
}

/** A value's line on the whole customs value under its own heading, with what differs between its kinds. */
function valueLine(c: Candidate, entry: Candidate['entry'], x: Pick<Draft, 'rate' | 'rate_pct' | 'status' | 'notes' | 'pricing'>): Draft {
  const { m } = c;
  return {
    order: m.reporting_order,
    measure: m.id,
    name: m.name,
    heading: entry.heading ?? null,
    rate: x.rate,
    rate_pct: x.rate_pct,
    share_pct: null,
    basis: 'customs value',
    status: x.status,
    citation: entry.reference,
    notes: x.notes,
    pricing: x.pricing,
  };
}

/** Whether the value applies at all is not known (a suspension ran out and the sources stop): shown, not counted. */
function undeterminedLine(c: Candidate, entry: Candidate['entry'], notes: string[], out: LeafResult) {
  const why = `Not known whether ${rateText(entry)} applies from ${c.start}: ${entry.undetermined}`;
  out.lines.push(valueLine(c, entry, { rate: `${rateText(entry)} or none`, rate_pct: null, status: 'unconfirmed', notes: [...notes, why], pricing: unknownPricing }));
  out.missing.push(`whether ${c.m.name} (${rateText(entry)}) applies on this date: ${entry.undetermined}`);
}

/** An enacted but suspended value: shown with its rate in law, not owed (priced at 0). */
function suspendedLine(c: Candidate, entry: Candidate['entry'], notes: string[], out: LeafResult) {
  // the rate in law, as on every line; a suspended line is not owed, so it prices at 0 and adds nothing
  const rate_pct = pctOf(entry.rate!.replace('%', '')).text;
  const notOwed = `Suspended: ${rateText(entry)} is not owed while the suspension lasts.`;
  out.lines.push(valueLine(c, entry, { rate: rateText(entry), rate_pct, status: 'suspended', notes: [...notes, notOwed], pricing: pctPricing('0') }));
}

/** The share of the customs value a rate is charged on: a metal's content (--content), or what content-based measures leave. */
function valueBasis(c: Candidate, q: Query, partial: Lifted['partial'], notes: string[], out: LeafResult): { share: Dec | null; basisText: string; known: boolean } {
  const { m } = c;
  let share: Dec | null = null;
  let basisText = 'customs value';
  let known = true;
  const own = basisOf(c);
  if (own !== 'customs_value') {
    const metal = own.slice('content:'.length);
    basisText = `${metal} content`;
    const s = q.content[metal];
    if (s === undefined) {
      known = false;
      out.missing.push(`the ${metal} content as a percentage of customs value for ${m.name}: --content ${metal}=PCT`);
    } else {
      share = Dec.of(s);
      basisText = `${metal} content (${share.toString(12)}% of value)`;
    }
  } else if (partial) {
    const metals = [...new Set(partial.targets.map((t) => basisOf(t).slice('content:'.length)))];
    const lacking = metals.filter((x) => q.content[x] === undefined);
    basisText = `customs value less ${metals.join(' and ')} content`;
    notes.push(`${partial.exc.name}: ${m.name} applies only to the part of the value not covered by ${partial.targets.map((t) => t.m.name).join(', ')}`);
    if (lacking.length) {
      known = false;
      for (const x of lacking) out.missing.push(`the ${x} content as a percentage of customs value (for ${m.name} on the rest): --content ${x}=PCT`);
    } else {
      share = metals.reduce((acc, x) => acc.sub(Dec.of(q.content[x])), Dec.HUNDRED).max(Dec.ZERO);
      basisText = `${basisText} (${share.toString(12)}% of value)`;
    }
  }
  return { share, basisText, known };
}

/**
 * A value that took effect at a local time (12:01 Beijing time) on the query date: the date-only answer is the
 * rate in force at the end of that day, and the quote says what applied earlier that day.
 */
function changeDay(ds: Dataset, q: Query, m: Measure, v: { start: string; entry: Measure['values'][string] }, out: LeafResult) {
  const keys = dates(m);
  const prevKey = keys[keys.indexOf(v.start) - 1];
  const prev = prevKey ? m.values[prevKey] : undefined;
  if (prev && prev.rate === v.entry.rate && prev.suspended === v.entry.suspended && !v.entry.undetermined) return; // renewed, not changed
  const before = prev && prev.rate !== null && !prev.suspended ? rateText(prev as { rate: string; rate_kind?: string }) : 'no duty under it';
  const now = v.entry.rate === null ? 'it ended' : v.entry.suspended ? `${rateText(v.entry as { rate: string })} suspended` : rateText(v.entry as { rate: string; rate_kind?: string });
  const zone = importerMeta(ds, q.importer)?.time_zone ?? 'local time';
  out.warnings.push(
    `${m.name} changed on ${q.date} at ${v.entry.effective_time} ${zone}: this quote gives the rate in force at the end of the day (${now}); goods declared earlier that day: ${before}.`,
  );
}

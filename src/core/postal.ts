/**
 * The postal duty in lieu of every other duty, once de minimis ended for an origin (with --postal).
 */
import { Dec } from './decimal.js';
import type { Dataset } from './dataset.js';
import type { LeafResult } from './answer.js';
import { pctOf, pctPricing, unknownPricing } from './lines.js';
import type { Query } from './query.js';

/**
 * Postal shipments after duty-free de minimis ended: one postal duty in lieu of every other duty
 * (EO 14256 sec. 2(b)(i); EO 14324 sec. 2(b)). Before the rule reaches the origin, de minimis applied.
 */
export function postalInLieu(ds: Dataset, q: Query, r: LeafResult) {
  for (const p of ds.postal) {
    if (p.importer !== q.importer) continue;
    let start: string | undefined;
    for (const k of Object.keys(p.values)) if (k <= q.date && p.values[k].origins[q.origin] && (!start || k > start)) start = k;
    if (!start) {
      r.warnings.push(`${p.name}: no postal duty applied to goods of ${q.origin} on this date; duty-free de minimis entry (shipments valued at $800 or less) was still available, so the regular duties are shown.`);
      return;
    }
    const v = p.values[start];
    const o = v.origins[q.origin];
    const replaced = r.lines.filter((l) => l.status !== 'exempt').length;
    const notes = [`In lieu of every other duty: the ${replaced} layer(s) a non-postal entry would pay (MFN, Section 301, IEEPA, ...) do not apply.`];
    if (v.note) notes.push(v.note);
    if (o.per_item) {
      const n = q.qty !== null && q.unit === 'each' ? Dec.of(q.qty) : null;
      notes.push(`The carrier may elect the per-item method instead: $${o.per_item} per postal item${n ? ` (${n.toString()} items: $${n.mul(Dec.of(o.per_item)).toFixed(2)})` : ' (give --qty N --unit each for the amount)'}.`);
    }
    if (v.unconfirmed) r.warnings.push(`${p.name} from ${start}: unconfirmed: ${v.unconfirmed}`);
    r.lines = [];
    r.missing = [];
    r.warnings = r.warnings.filter((w) => w.includes("unconfirmed")); // the replaced layers' list warnings no longer matter
    const base = { measure: p.id, name: p.name, heading: null, share_pct: null, basis: 'item value', citation: v.reference, notes };
    if (o.ad_valorem === null) {
      r.lines.push({ ...base, rate: 'not known', rate_pct: null, status: 'not computable', pricing: unknownPricing });
      r.missing.push(`the postal duty for goods of ${q.origin} on this date (${v.unconfirmed ?? 'not in the schedules'})`);
    } else {
      const pct = o.ad_valorem.replace('%', '');
      r.lines.push({ ...base, rate: `${o.ad_valorem}${o.per_item ? ` or $${o.per_item} per item` : ''}`, rate_pct: pctOf(pct).text, status: v.unconfirmed ? 'unconfirmed' : 'in force', pricing: pctPricing(pct) });
    }
    return;
  }
}

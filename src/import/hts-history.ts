/**
 * The HTS as in force on each date: the editions of the USITC export folded, oldest first, into
 * versions per line (description, units, General, Special and Column 2 rates, and the dates they
 * are valid). Every date comes from the change record of the edition that made the change (its legal
 * effective date, often back-dated), not from the edition's publication; only a change no record
 * names is dated by publication, and counted. Chapter 99 is kept as the latest edition has it.
 */
import type { HtsRow } from './hts.js';
import { DEFECTS, corrected, type EditionFile, type RecordKind, type RecordRow } from './hts-editions.js';

export interface Version extends HtsRow {
  /** first day valid; undefined: in force before the first edition of the data */
  from?: string;
  /** first day no longer valid; undefined: in force in the latest edition */
  ends?: string;
  /** "reused": the number was given to other goods on `from` (discontinued and established that day) */
  note?: string;
  /** the edition (label) whose change record dates `from`, and the one that dates `ends` */
  fromRecord?: string;
  endsRecord?: string;
}

export interface Transfer {
  date: string;
  old: string;
  new: string;
  /** the change record that gives it ("2026_rev_2") */
  record: string;
}

export interface History {
  /** dotted code → its versions, oldest first; chapters 01-98 */
  versions: Map<string, Version[]>;
  /** chapter 99 as the latest edition has it (heading texts; not dated) */
  chapter99: HtsRow[];
  transfers: Transfer[];
  editions: (Omit<EditionFile, 'file'> & { sha256: string })[];
  /** the first edition after the latest in the data, when its date is known */
  next?: { name: string; published: string };
}

export interface EditionReport {
  label: string;
  added: number;
  removed: number;
  modified: number;
  reused: number;
  /** changes no change-record row names, dated by the edition's publication */
  byPublication: string[];
  /** changes whose record date falls before the version they end began: the earlier version is replaced */
  clamped: string[];
  /** transfers naming a code that is a line of no edition (a misprint; the record's own row for the other code gives the pair) */
  unknownTransfers: string[];
}

export const emptyHistory = (): History => ({ versions: new Map(), chapter99: [], transfers: [], editions: [] });

const digitsOf = (code: string) => code.replaceAll('.', '');
const current = (vs: Version[] | undefined) => (vs && vs.at(-1)!.ends === undefined ? vs.at(-1) : undefined);
const FIELDS = ['indent', 'description', 'general', 'special', 'other'] as const;
const sameContent = (a: HtsRow, b: HtsRow) => FIELDS.every((f) => a[f] === b[f]) && a.units.join('|') === b.units.join('|');
const contentOf = (r: HtsRow): HtsRow => ({ code: r.code, indent: r.indent, units: r.units, general: r.general, special: r.special, other: r.other, description: r.description });

/** The change-record rows of one edition, by line digits. */
function byDigits(records: RecordRow[]): Map<string, RecordRow[]> {
  const m = new Map<string, RecordRow[]>();
  for (const r of records) {
    const l = m.get(r.digits);
    if (l) l.push(r);
    else m.set(r.digits, [r]);
  }
  return m;
}

/**
 * The legal date of a change to a line: the latest effective date the record gives for the line itself with
 * that kind of change, else for its 8-digit line (a new 8-digit line brings its statistical lines).
 */
function recordDate(recs: Map<string, RecordRow[]>, code: string, kind: RecordKind): string | undefined {
  const d = digitsOf(code);
  for (const k of d.length === 10 ? [d, d.slice(0, 8)] : [d]) {
    const dates = (recs.get(k) ?? []).filter((r) => r.kind === kind && r.effective).map((r) => r.effective!);
    if (dates.length) return dates.sort().at(-1);
  }
  return undefined;
}

/**
 * A Basic Edition's record repeats the changes of the year's revisions with their dates: those dated before the
 * edition it follows was published were folded in already, and would date this edition's changes wrongly.
 */
function ownRows(records: RecordRow[], ed: EditionFile, before: string | undefined): RecordRow[] {
  if (!before || !ed.label.endsWith('_basic')) return records;
  return records.filter((r) => !r.effective || r.effective >= before);
}

/** Folds one edition into the history (the first edition starts it). */
export function applyEdition(h: History, ed: EditionFile & { sha256: string }, rowsIn: HtsRow[], records: RecordRow[]): EditionReport {
  const first = h.editions.length === 0;
  const defects = DEFECTS[ed.label];
  const rows = corrected(rowsIn, defects, (code) => current(h.versions.get(code)));
  const recs = byDigits(ownRows(records, ed, h.editions.at(-1)?.published));
  const report: EditionReport = { label: ed.label, added: 0, removed: 0, modified: 0, reused: 0, byPublication: [], clamped: [], unknownTransfers: [] };
  const dated = (code: string, kind: RecordKind) => {
    const d = recordDate(recs, code, kind);
    if (d) return d;
    report.byPublication.push(`${kind} ${code}`);
    return ed.published;
  };
  const lacks = new Set(Object.values(DEFECTS).flatMap((x) => x.lacks ?? []));
  const seen = new Set<string>();
  h.chapter99 = [];
  for (const r of rows) {
    if (r.code.startsWith('99')) {
      h.chapter99.push(contentOf(r));
      continue;
    }
    seen.add(r.code);
    const vs = h.versions.get(r.code);
    const cur = current(vs);
    if (first) {
      const from = recordDate(recs, r.code, 'added');
      h.versions.set(r.code, [{ ...contentOf(r), from, ...(from ? { fromRecord: ed.label } : {}) }]);
    } else if (!cur) {
      report.added++;
      const from = lacks.has(r.code) && !vs ? undefined : dated(r.code, 'added');
      h.versions.set(r.code, [...(vs ?? []), { ...contentOf(r), from, ...(from ? { fromRecord: ed.label } : {}) }]);
    } else if (!sameContent(cur, r) || reestablished(recs, cur, r)) {
      const reused = reestablished(recs, cur, r);
      if (reused) report.reused++;
      else report.modified++;
      change(vs!, r, dated(r.code, reused ? 'removed' : 'modified'), reused, ed.label, report);
    }
  }
  for (const [code, vs] of h.versions) {
    const cur = current(vs);
    if (!cur || seen.has(code)) continue;
    report.removed++;
    cur.ends = dated(code, 'removed');
    cur.endsRecord = ed.label;
  }
  if (first) addEndedBefore(h, records, ed.label);
  report.unknownTransfers = addTransfers(h, records);
  if (h.next && h.next.published <= ed.published) delete h.next;
  h.editions.push({ label: ed.label, name: ed.name, published: ed.published, sha256: ed.sha256, ...(ed.note ? { note: ed.note } : {}) });
  return report;
}

/**
 * A number given to other goods: the record discontinues it, yet the file still has it, and the record
 * establishes it again or the file gives it other text.
 */
function reestablished(recs: Map<string, RecordRow[]>, cur: HtsRow, r: HtsRow): boolean {
  const own = recs.get(digitsOf(r.code)) ?? [];
  return own.some((x) => x.kind === 'removed') && (own.some((x) => x.kind === 'added') || cur.description !== r.description);
}

/** A line whose content changed on `date`: the version in force ends, a new one starts. */
function change(vs: Version[], r: HtsRow, date: string, reused: boolean, label: string, report: EditionReport) {
  const cur = vs.at(-1)!;
  const next: Version = { ...contentOf(r), from: date, ...(reused ? { note: 'reused' } : {}), fromRecord: label };
  if (cur.from !== undefined && date <= cur.from) {
    // back-dated to before the version it replaces began: that version never applied as printed
    report.clamped.push(`${r.code} ${date} <= ${cur.from}`);
    vs[vs.length - 1] = { ...next, from: cur.from, fromRecord: cur.fromRecord };
    if (!cur.fromRecord) delete vs[vs.length - 1]!.fromRecord;
    return;
  }
  cur.ends = date;
  cur.endsRecord = label;
  vs.push(next);
}

/**
 * Lines the first edition's change record discontinues or deletes that its file no longer has: they
 * were valid until that date. Their text is not in the data; they are kept so that a quote can say
 * when they ended (and for an earlier date, that the data does not reach it).
 */
function addEndedBefore(h: History, records: RecordRow[], label: string) {
  for (const r of records) {
    if (r.kind !== 'removed' || !r.effective) continue;
    const code = dottedOf(r.digits);
    if (h.versions.has(code)) continue;
    h.versions.set(code, [{ code, indent: -1, units: [], general: '', special: '', other: '', description: '', ends: r.effective, note: 'record-only', endsRecord: label }]);
  }
}

const dottedOf = (d: string) => [d.slice(0, 4), ...(d.slice(4).match(/\d\d/g) ?? [])].join('.');

/**
 * The official old → new transfers a record gives (only 2026 Rev 2's do), once each. A pair naming a code that is
 * a line of no edition is left out and returned: the record prints 0709.80.9725 for 0710.80.9725 and 2008.19.1090
 * for 2008.99.1090, whose own rows ("transferred from …") give the right pair.
 */
function addTransfers(h: History, records: RecordRow[]): string[] {
  const have = new Set(h.transfers.map((t) => `${t.old}>${t.new}`));
  const unknown: string[] = [];
  const add = (old: string, nu: string, r: RecordRow) => {
    const key = `${dottedOf(old)}>${dottedOf(nu)}`;
    if (have.has(key) || !r.effective) return;
    if (!h.versions.has(dottedOf(old)) || !h.versions.has(dottedOf(nu))) return void unknown.push(key);
    have.add(key);
    h.transfers.push({ date: r.effective, old: dottedOf(old), new: dottedOf(nu), record: r.record });
  };
  for (const r of records) {
    for (const to of r.transferredTo) add(r.digits, to, r);
    for (const from of r.transferredFrom) add(from, r.digits, r);
  }
  return unknown;
}

/**
 * The inputs of the HTS history: an edition's lines (a USITC JSON or CSV export, gzipped or not),
 * the USITC change records as rows (`usitc_change_records_2025_2026.csv`), and the known defects
 * of individual files (from the data folder's README), each corrected by name.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { csvRecords } from '../core/csv.js';
import { ImportError, rowsFromCsv, rowsFromJson, type HtsRow } from './hts.js';

/** An official file's rows and the SHA-256 of its (unzipped) bytes. */
export function readExport(file: string): { rows: HtsRow[]; bytes: Buffer } {
  let bytes = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const text = bytes.toString('utf8');
  return { rows: /^\s*\[/.test(text) ? rowsFromJson(text) : rowsFromCsv(text), bytes };
}

/** What a change-record row says of one HTS line. */
export type RecordKind = 'added' | 'removed' | 'modified';

export interface RecordRow {
  /** the change record's label, "2026_rev_2" */
  record: string;
  /** the line's digits, 8 or 10 */
  digits: string;
  kind: RecordKind;
  /** the legal effective date (ISO), when the record gives one */
  effective?: string;
  /** the nature of the change, verbatim ("Discontinued (transferred to 8507.60.0030 and 8507.60.0090)") */
  nature: string;
  transferredTo: string[];
  transferredFrom: string[];
}

const KIND: Record<string, RecordKind> = {
  added: 'added', established: 'added', restored: 'added',
  deleted: 'removed', discontinued: 'removed',
  modified: 'modified', annotated: 'modified', 'technical correction': 'modified',
};

/**
 * The change-record rows of HTS lines, by record label. USITC printed "June 30, 3025" for
 * 2025-06-30 on 17 rows (2025 Rev 16, repeated in the 2026 Basic Edition): read as 2025.
 */
export function readChangeRecords(file: string): Map<string, RecordRow[]> {
  const out = new Map<string, RecordRow[]>();
  const recs = csvRecords(readFileSync(file, 'utf8'));
  if (recs.length && !('change_record' in recs[0] && 'effective_date' in recs[0])) {
    throw new ImportError(`${file}: expected the columns change_record, hts_digits, kind, transferred_from, transferred_to, effective_date`);
  }
  for (const r of recs) {
    const digits = r['hts_digits'] ?? '';
    const kind = KIND[r['kind'] ?? ''];
    if (!/^\d{8}$|^\d{10}$/.test(digits) || !kind) continue;
    let effective = r['effective_date'] || undefined;
    if (effective?.startsWith('3025-')) effective = '2025' + effective.slice(4);
    const nature = r['nature'] ?? '';
    const row: RecordRow = {
      record: r['change_record']!, digits, kind, effective, nature,
      transferredTo: transfers(r['transferred_to'], nature, 'to'),
      transferredFrom: transfers(r['transferred_from'], nature, 'from'),
    };
    const list = out.get(row.record);
    if (list) list.push(row);
    else out.set(row.record, [row]);
  }
  return out;
}

/**
 * The codes of a "(transferred to|from …)" remark: the parsed column, or where the PDF's line was cut before
 * the parser's pattern (two rows of 2026 Rev 2), the codes the remark itself prints.
 */
function transfers(column: string | undefined, nature: string, dir: 'to' | 'from'): string[] {
  const parsed = (column ?? '').split(';').filter(Boolean);
  if (parsed.length) return parsed;
  const m = new RegExp(`transferred ${dir} ([^)]*)`, 'i').exec(nature);
  return m ? (m[1]!.match(/\d{4}\.\d{2}\.\d{4}/g) ?? []).map((c) => c.replaceAll('.', '')) : [];
}

/**
 * Faults of individual files, as the data folder's README documents them. Each is corrected by name,
 * never by guessing: a line a file lacks by mistake is kept from the state before; a mis-numbered line
 * is renamed; lines missing from the first file count from before the data when they appear.
 */
export interface Defects {
  /** lines this edition's file lacks by mistake: their state before is kept */
  keep?: string[];
  /** mis-numbered lines: the number printed → the number the change record establishes */
  rename?: Record<string, string>;
  /** lines the first file lacks (they were in the law): when they appear later they count from before the data */
  lacks?: string[];
  why: string;
}

export const DEFECTS: Record<string, Defects> = {
  '2025_basic': {
    lacks: ['4420.19.00.00', '9401.69.60.31'],
    why: 'the 2025 Basic Edition export lacks 4420.19.00.00 and 9401.69.60.31; both are in Revision 1 with no change-record entry',
  },
  '2025_rev_16': {
    rename: { '9401.99.30.30': '9401.99.90.30' },
    why: 'Revision 16 numbers the sofa-bed seat deck line 9401.99.30.30; its change record establishes 9401.99.90.30 (Revision 17 corrected it)',
  },
  '2026_rev_2': {
    keep: ['7602.00.00.35'],
    why: 'Revision 2 drops 7602.00.00.35 with no change-record entry; Revision 3 restored it effective 2026-02-01',
  },
  '2026_rev_9': {
    keep: ['0101'],
    why: 'the Revision 9 file is the REST export, which lacks the heading row 0101',
  },
};

/** An edition's rows with its defects corrected; `before` is the state of the lines just before it. */
export function corrected(rows: HtsRow[], d: Defects | undefined, before: (code: string) => HtsRow | undefined): HtsRow[] {
  if (!d) return rows;
  const out = d.rename ? rows.map((r) => (d.rename![r.code] ? { ...r, code: d.rename![r.code]! } : r)) : [...rows];
  for (const code of d.keep ?? []) {
    if (out.some((r) => r.code === code)) continue;
    const prev = before(code);
    if (prev) out.push(prev);
  }
  return out;
}

/** An edition of the history folder: from `manifest.csv` and `revision_calendar_2025_2026.csv`. */
export interface EditionFile {
  label: string;
  name: string;
  /** the publication date printed on its change record (2026 Rev 10: the release date) */
  published: string;
  file: string;
  note?: string;
}

const editionName = (year: string, rev: string) => `${year} ${rev === 'basic' ? 'Basic Edition' : `Revision ${rev}`}`;

/**
 * The editions with a file, oldest first, and the first later edition the calendar dates (its file is not in
 * the data: from its date the data's lines may be out of date).
 */
export function editionsOf(dir: string): { editions: EditionFile[]; next?: { name: string; published: string } } {
  const rows = csvRecords(readFileSync(`${dir}/revision_calendar_2025_2026.csv`, 'utf8'));
  const calendar = new Map(rows.map((r) => [r['label']!, r]));
  const editions = csvRecords(readFileSync(`${dir}/manifest.csv`, 'utf8')).map((m) => {
    const c = calendar.get(m['label']!);
    const published = c?.['published_change_record'] || c?.['other_dates']?.match(/\d{4}-\d{2}-\d{2}/)?.[0];
    if (!published) throw new ImportError(`${m['label']}: no publication date in revision_calendar_2025_2026.csv`);
    return { label: m['label']!, name: editionName(m['edition']!, m['revision']!), published, file: `${dir}/${m['file']}`, note: m['matches_official'] === 'yes' ? undefined : m['notes'] };
  });
  const last = editions.at(-1)?.label;
  const after = rows.slice(rows.findIndex((r) => r['label'] === last) + 1).find((r) => /^\d{4}-\d{2}-\d{2}$/.test(r['other_dates'] || r['published_change_record'] || ''));
  const next = after && { name: editionName(after['edition']!, after['revision']!), published: after['other_dates'] || after['published_change_record']! };
  return { editions, next };
}

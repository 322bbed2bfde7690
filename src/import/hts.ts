/**
 * Rows of the official USITC HTS export (CSV or JSON). The history of editions built from them is
 * in hts-history.ts; the committed files are written by hts-files.ts.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { csvRecords } from '../core/csv.js';
import { parseRate, type RateShape } from '../core/rate.js';

export interface HtsRow {
  /** dotted HTS number as published ("4202.92.91.00") */
  code: string;
  indent: number;
  description: string;
  units: string[];
  general: string;
  /** column 1 Special: programs and their rates, as printed */
  special: string;
  /** column 2 */
  other: string;
}

export class ImportError extends Error {}

const clean = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

function parseUnits(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((u) => clean(String(u))).filter(Boolean);
  const s = String(raw ?? '').trim();
  if (!s) return [];
  try {
    const v = JSON.parse(s);
    if (Array.isArray(v)) return v.map((u) => clean(String(u))).filter(Boolean);
  } catch {
    /* plain text unit */
  }
  return [clean(s)];
}

/** Rows from the USITC CSV (`HTS Number, Indent, Description, Unit of Quantity, General Rate of Duty, …`). */
export function rowsFromCsv(text: string): HtsRow[] {
  const recs = csvRecords(text);
  if (recs.length && !('HTS Number' in recs[0] && 'General Rate of Duty' in recs[0])) {
    throw new ImportError('CSV header must include "HTS Number" and "General Rate of Duty" (the USITC export layout)');
  }
  return toRows(
    recs.map((r) => ({
      code: r['HTS Number'], indent: r['Indent'], description: r['Description'], units: r['Unit of Quantity'],
      general: r['General Rate of Duty'], special: r['Special Rate of Duty'], other: r['Column 2 Rate of Duty'],
    })),
  );
}

/** Rows from the USITC JSON export (array of `{htsno, indent, description, units, general, …}`). */
export function rowsFromJson(text: string): HtsRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(data)) throw new ImportError('USITC JSON export must be an array of HTS rows');
  return toRows(
    data.map((r: Record<string, unknown>) => ({ code: r.htsno, indent: r.indent, description: r.description, units: r.units, general: r.general, special: r.special, other: r.other })),
  );
}

type RawRow = Record<'code' | 'indent' | 'description' | 'units' | 'general' | 'special' | 'other', unknown>;

function toRows(raw: RawRow[]): HtsRow[] {
  const rows: HtsRow[] = [];
  for (const r of raw) {
    const code = String(r.code ?? '').trim();
    if (!code) continue; // text-only header rows carry no number
    if (!/^\d{4}(\.\d{2}){0,3}$/.test(code)) throw new ImportError(`unexpected HTS number "${code}"`);
    rows.push({
      code,
      indent: Number(r.indent ?? 0) || 0,
      description: clean(String(r.description ?? '')),
      units: parseUnits(r.units),
      general: clean(String(r.general ?? '')),
      special: clean(String(r.special ?? '')),
      other: clean(String(r.other ?? '')),
    });
  }
  if (rows.length === 0) throw new ImportError('no HTS rows found');
  return rows;
}

export function shapeCounts(rows: HtsRow[], chapters: (ch: number) => boolean = (ch) => ch <= 97) {
  const counts: Record<RateShape, number> = { free: 0, ad_valorem: 0, specific: 0, compound: 0, not_computable: 0 };
  const notComputable: { code: string; text: string; reason: string }[] = [];
  for (const r of rows) {
    if (!r.general || !chapters(Number(r.code.slice(0, 2)))) continue;
    const p = parseRate(r.general);
    counts[p.shape]++;
    if (p.shape === 'not_computable') notComputable.push({ code: r.code, text: r.general, reason: p.reason });
  }
  return { counts, notComputable };
}

export function writeAtomic(path: string, content: string) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

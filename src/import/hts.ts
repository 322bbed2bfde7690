/**
 * Import of the official USITC HTS export (CSV or JSON) into the committed
 * schedule data `schedules/us/hts/lines.tsv` plus its descriptor `hts.yaml`.
 * The same import runs on a newer official file: `tariff hts import <file>`.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';
import { csvRecords } from '../core/csv.js';
import { parseRate, type RateShape } from '../core/rate.js';

export interface HtsRow {
  /** dotted HTS number as published ("4202.92.91.00") */
  code: string;
  indent: number;
  description: string;
  units: string[];
  general: string;
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
    recs.map((r) => ({ code: r['HTS Number'], indent: r['Indent'], description: r['Description'], units: r['Unit of Quantity'], general: r['General Rate of Duty'] })),
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
    data.map((r: Record<string, unknown>) => ({ code: r.htsno, indent: r.indent, description: r.description, units: r.units, general: r.general })),
  );
}

function toRows(raw: { code: unknown; indent: unknown; description: unknown; units: unknown; general: unknown }[]): HtsRow[] {
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
    });
  }
  if (rows.length === 0) throw new ImportError('no HTS rows found');
  return rows;
}

export function toTsv(rows: HtsRow[]): string {
  const esc = (s: string) => s.replace(/[\t\n\r]/g, ' ');
  const lines = ['code\tindent\tunits\tgeneral\tdescription'];
  for (const r of rows) lines.push([r.code, String(r.indent), r.units.join('|'), esc(r.general), esc(r.description)].map(esc).join('\t'));
  return lines.join('\n') + '\n';
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

export interface ImportOptions {
  file: string;
  outDir: string;
  revision: string;
  effective: string;
  href?: string;
}

export function importHtsFile(opts: ImportOptions) {
  const buf = readFileSync(opts.file);
  const text = buf.toString('utf8');
  const rows = /^\s*\[/.test(text) ? rowsFromJson(text) : rowsFromCsv(text);
  const { counts, notComputable } = shapeCounts(rows);
  mkdirSync(opts.outDir, { recursive: true });
  const descriptor = {
    id: 'us.hts',
    kind: 'nomenclature',
    name: 'Harmonized Tariff Schedule of the United States: column 1 General (MFN) rates',
    importer: 'US',
    revision: opts.revision,
    effective: opts.effective,
    lines_file: 'lines.tsv',
    source: {
      file: basename(opts.file),
      sha256: createHash('sha256').update(buf).digest('hex'),
      lines: rows.length,
    },
    reference: {
      title: `USITC, Harmonized Tariff Schedule of the United States (${opts.revision})`,
      href: opts.href ?? 'https://hts.usitc.gov/',
    },
    rate_shapes_chapters_1_97: counts,
  };
  writeAtomic(join(opts.outDir, 'lines.tsv'), toTsv(rows));
  writeAtomic(join(opts.outDir, 'hts.yaml'), '# Generated by `tariff hts import`; do not edit by hand.\n' + stringify(descriptor));
  return { rows: rows.length, counts, notComputable };
}

export function writeAtomic(path: string, content: string) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

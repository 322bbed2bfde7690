/**
 * Reading a nomenclature's lines file (and a dated nomenclature's transfers) at build time. Columns go
 * by the header: China's tariff has `code indent units general description mfn`; the dated HTS has
 * `code indent units general special other description from ends note`, a row per version of a line.
 */
import { readFileSync } from 'node:fs';
import type { HtsLine } from '../core/dataset.js';
import type { SourceError } from './load.js';

export type Transfer = [date: string, old: string, nu: string, record: string];

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^\d{4}(\.\d{2}){0,3}$/;

export function readLines(file: string, rel: string, errors: SourceError[]): HtsLine[] {
  const rows = readFileSync(file, 'utf8').split('\n');
  const head = (rows[0] ?? '').split('\t');
  const col = (name: string) => head.indexOf(name);
  const [cCode, cIndent, cUnits, cGeneral, cDesc, cMfn, cFrom, cEnds, cNote, cFromRec, cEndsRec, cSpecial, cOther] = ['code', 'indent', 'units', 'general', 'description', 'mfn', 'from', 'ends', 'note', 'from_record', 'ends_record', 'special', 'other'].map(col);
  if ([cCode, cIndent, cUnits, cGeneral, cDesc].some((c) => c! < 0)) {
    errors.push({ file: rel, line: 1, col: 1, path: '', message: 'the header must name the columns code, indent, units, general and description (tab-separated)' });
    return [];
  }
  const lines: HtsLine[] = [];
  const fail = (i: number, message: string) => errors.push({ file: rel, line: i + 1, col: 1, path: '', message });
  rows.forEach((row, i) => {
    if (i === 0 || !row) return;
    const f = row.split('\t');
    const code = f[cCode!] ?? '';
    if (!CODE.test(code) || f[cDesc!] === undefined) return fail(i, `expected ${head.join(', ')} separated by tabs`);
    const line: HtsLine = { code, indent: Number(f[cIndent!]), units: f[cUnits!] ? f[cUnits!]!.split('|') : [], general: f[cGeneral!] ?? '', description: f[cDesc!]! };
    const mfn = cMfn! >= 0 ? f[cMfn!] : undefined;
    if (mfn !== undefined) {
      // "2018-01-01=15|2019-01-01=7.5": ad valorem percent from each date, empty when not known
      const pairs = mfn.split('|').map((p) => p.split('=') as [string, string]);
      const bad = pairs.find(([d, r], k) => !ISO.test(d ?? '') || !/^(\d+(\.\d+)?)?$/.test(r ?? 'x') || (k > 0 && d <= pairs[k - 1][0]));
      if (bad) return fail(i, `dated MFN rates must be ascending DATE=PCT pairs separated by |, got "${mfn}"`);
      line.mfn = pairs;
    }
    const from = cFrom! >= 0 ? f[cFrom!] : '';
    const ends = cEnds! >= 0 ? f[cEnds!] : '';
    const note = cNote! >= 0 ? f[cNote!] : '';
    if ((from && !ISO.test(from)) || (ends && !ISO.test(ends)) || (from && ends && ends <= from)) return fail(i, `the dates a line is valid must be YYYY-MM-DD with "ends" after "from", got "${from}" and "${ends}"`);
    if (cSpecial! >= 0 && f[cSpecial!]) line.special = f[cSpecial!];
    if (cOther! >= 0 && f[cOther!]) line.other = f[cOther!];
    if (from) line.from = from;
    if (ends) line.ends = ends;
    if (note) line.note = note;
    if (cFromRec! >= 0 && f[cFromRec!]) line.from_record = f[cFromRec!];
    if (cEndsRec! >= 0 && f[cEndsRec!]) line.ends_record = f[cEndsRec!];
    if (!mergeInto(lines, line)) lines.push(line);
  });
  return lines;
}

/**
 * A version that continues the one before it with what the engine reads unchanged (only its change records
 * differ) extends it, so that the engine sees one line and one fewer change date.
 */
function mergeInto(lines: HtsLine[], v: HtsLine): boolean {
  const prev = lines.at(-1);
  if (!prev || prev.code !== v.code || prev.ends === undefined || prev.ends !== v.from || v.note) return false;
  if (prev.indent !== v.indent || prev.general !== v.general || prev.special !== v.special || prev.other !== v.other || prev.description !== v.description || prev.units.join('|') !== v.units.join('|')) return false;
  if (v.ends) [prev.ends, prev.ends_record] = [v.ends, v.ends_record];
  else {
    delete prev.ends;
    delete prev.ends_record;
  }
  return true;
}

export function readTransfers(file: string, rel: string, errors: SourceError[]): Transfer[] {
  const out: Transfer[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((row, i) => {
      if (i === 0 || !row) return;
      const [date, old, nu, record] = row.split('\t');
      if (!ISO.test(date ?? '') || !CODE.test(old ?? '') || !CODE.test(nu ?? '') || !record) {
        errors.push({ file: rel, line: i + 1, col: 1, path: '', message: 'expected date, old, new and record separated by tabs' });
        return;
      }
      out.push([date!, old!, nu!, record]);
    });
  return out;
}

/** Every date on which a line of a dated nomenclature begins or ends, ascending. */
export function lineDates(lines: HtsLine[]): string[] {
  const s = new Set<string>();
  for (const l of lines) {
    if (l.from) s.add(l.from);
    if (l.ends) s.add(l.ends);
  }
  return [...s].sort();
}

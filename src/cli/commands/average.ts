/** tariff average: the trade-weighted average tariff over a product mix on dates, with each measure's part. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDataset } from '../dataset.js';
import { changePoints, checkDate } from '../../core/engine.js';
import { QueryError } from '../../core/errors.js';
import { parseCsv } from '../../core/csv.js';
import { Averager, type By, type WeightRow } from '../../core/average.js';
import { ROOT } from '../../paths.js';
import { todayEastern } from '../today.js';
import type { Outcome } from '../main.js';

export interface AverageFlags {
  weights?: string;
  origin?: string;
  dates?: string;
  from?: string;
  to?: string;
  by?: string;
  contentShares?: string;
  contentShare?: string;
  json?: boolean;
  csv?: boolean;
}

const DEFAULT_WEIGHTS = 'weights/us-imports-2024-cn-hk.csv';
const DEFAULT_SHARES = 'weights/metal-content-shares.csv';

function readCsv(file: string, what: string): Record<string, string>[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new QueryError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  // files without quotes (the shipped ones) are split directly; others go through the CSV reader
  const parsed = text.includes('"') ? parseCsv(text) : text.split(/\r?\n/).map((l) => l.split(','));
  const [head, ...rows] = parsed.filter((r) => r.some((f) => f.trim()));
  if (!head) throw new QueryError(`${what} ${file} is empty`);
  const cols = head.map((h) => h.trim().toLowerCase());
  return rows.map((r) => Object.fromEntries(cols.map((c, i) => [c, (r[i] ?? '').trim()])));
}

/** The weights: `hts, origin, value` (optional `importer, qty, unit`); a value that is not a number is refused by row. */
export function weightsOf(file: string, origin: string | undefined): WeightRow[] {
  const recs = readCsv(file, 'weights');
  if (recs.length && !['hts', 'origin', 'value'].every((c) => c in recs[0]!)) throw new QueryError(`weights ${file} need the columns hts, origin and value`);
  const want = origin?.trim().toUpperCase();
  return recs
    .filter((r) => !want || r['origin']!.toUpperCase() === want)
    .map((r, i) => {
      const value = Number(r['value']!.replace(/,/g, ''));
      if (!/^\d+(\.\d+)?$/.test(r['value']!.replace(/,/g, '')) || !Number.isFinite(value)) throw new QueryError(`weights ${file} row ${i + 2}: value "${r['value']}" is not an amount of zero or more`);
      return { hts: r['hts']!, origin: r['origin']!, value, importer: r['importer'] || undefined, qty: r['qty'] || undefined, unit: r['unit'] || undefined };
    });
}

function sharesOf(file: string): Map<string, Record<string, string>> {
  const recs = readCsv(file, 'content shares');
  if (recs.length && !('hts' in recs[0]!)) throw new QueryError(`content shares ${file} need a column hts and a column per metal (steel, aluminum, copper)`);
  return new Map(recs.map((r) => [r['hts']!.replace(/\D/g, ''), { steel: r['steel'] ?? '0', aluminum: r['aluminum'] ?? '0', copper: r['copper'] ?? '0' }]));
}

function datesOf(o: AverageFlags, points: () => string[]): string[] {
  if (o.dates && (o.from || o.to)) throw new QueryError('give --dates or --from/--to, not both');
  if (o.dates) {
    const dates = [...new Set(o.dates.split(',').map((d) => d.trim()).filter(Boolean).map((d) => checkDate(d, '--dates')))];
    if (!dates.length) throw new QueryError('--dates is empty: give D1,D2,…');
    return dates;
  }
  if (!o.from) throw new QueryError('give --dates D1,D2,… or --from D (and --to D) for a series at every change point');
  const from = checkDate(o.from, '--from');
  const to = o.to ? checkDate(o.to, '--to') : todayEastern();
  if (to < from) throw new QueryError('--to is before --from');
  return [from, ...points().filter((d) => d > from && d <= to)];
}

export async function runAverage(o: AverageFlags, g: { color?: boolean; schedules?: string }): Promise<Outcome> {
  const by = o.by?.toLowerCase();
  if (by !== undefined && !['chapter', 'section', 'measure'].includes(by)) throw new QueryError(`--by must be chapter, section or measure, got "${o.by}"`);
  if (o.contentShare !== undefined && !/^\d+(\.\d+)?$/.test(o.contentShare) || Number(o.contentShare) > 100) throw new QueryError(`--content-share must be a percentage of value from 0 to 100, got "${o.contentShare}"`);
  if (o.contentShare !== undefined && o.contentShares !== undefined) throw new QueryError('give --content-shares FILE or --content-share PCT, not both');
  const ds = await openDataset(g.schedules);
  const weights = weightsOf(o.weights ?? join(ROOT, DEFAULT_WEIGHTS), o.origin);
  if (!weights.length) throw new QueryError(`no weights${o.origin ? ` for origin ${o.origin}` : ''} in ${o.weights ?? DEFAULT_WEIGHTS}`);
  const dates = datesOf(o, () => changePoints(ds, weights[0]!.importer ?? 'US'));
  const shares = o.contentShare === undefined ? sharesOf(o.contentShares ?? join(ROOT, DEFAULT_SHARES)) : undefined;
  const averager = new Averager(ds, { asOf: todayEastern(), shares, flatShare: o.contentShare, by: by === 'chapter' || by === 'section' ? (by as By) : undefined });
  const result = averager.run(weights, dates);
  const exit = result.some((d) => d.average_pct === null) ? 1 : 0;
  const source = o.weights ?? `${DEFAULT_WEIGHTS} (US imports for consumption from China and Hong Kong, 2024, Census)`;
  if (o.json) return { stdout: JSON.stringify({ weights: source, origin: o.origin ?? null, dates: result }, null, 2), exit };
  const render = await import('../render-average.js');
  if (o.csv) return { stdout: render.averageCsv(result), exit };
  const { makeChalk } = await import('../color.js');
  const { outputWidth } = await import('../width.js');
  return { stdout: render.renderAverage(result, { weights: source, origin: o.origin, series: !o.dates, by }, makeChalk(g.color), outputWidth()), exit };
}

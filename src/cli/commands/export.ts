/** tariff export: the schedules as dated rate tables (lines, totals, sources) in CSV or Parquet, for SQL engines. */
import { mkdirSync } from 'node:fs';
import { BufferedFile } from '../buffered.js';
import { join } from 'node:path';
import { openDataset } from '../dataset.js';
import { checkDate, checkOrigin } from '../../core/engine.js';
import { QueryError } from '../../core/errors.js';
import { csvField } from '../../core/csv.js';
import { Exporter, LINE_COLUMNS, TOTAL_COLUMNS, type ExportSink } from '../../core/export.js';
import { todayEastern } from '../today.js';
import type { Outcome } from '../main.js';

export interface ExportFlags {
  importer: string;
  origins?: string;
  from?: string;
  to?: string;
  format: string;
  out: string;
}

type Cell = string | number | boolean | null;

/** A table written as CSV. */
class CsvTable {
  private file: BufferedFile;
  rows = 0;
  constructor(path: string, private columns: readonly string[]) {
    this.file = new BufferedFile(path);
    this.file.write(columns.join(',') + '\n');
  }
  add(r: Record<string, Cell>) {
    this.file.write(this.columns.map((c) => (r[c] === null || r[c] === undefined ? '' : csvField(String(r[c])))).join(',') + '\n');
    this.rows++;
  }
  close() {
    this.file.close();
  }
}

/** Parquet column types of the tables (strings, doubles, booleans; nulls where a value is not known). */
const TYPES: Record<string, 'STRING' | 'DOUBLE' | 'BOOLEAN'> = { rate_num: 'DOUBLE', claim_needed: 'BOOLEAN', complete: 'BOOLEAN' };
const ROW_GROUP = 100_000;

/** A table written as Parquet (hyparquet-writer), a row group at a time: memory holds one row group. */
async function parquetTable(file: string, columns: readonly string[]) {
  const { ParquetWriter, fileWriter, schemaFromColumnData } = await import('hyparquet-writer');
  let writer: InstanceType<typeof ParquetWriter> | undefined;
  let cols: Cell[][] = columns.map(() => []);
  let rows = 0;
  const columnData = () => columns.map((name, i) => ({ name, data: cols[i]!, type: TYPES[name] ?? 'STRING', nullable: true }));
  const flush = () => {
    if (!cols[0]!.length) return;
    const data = columnData();
    writer ??= new ParquetWriter({ writer: fileWriter(file), schema: schemaFromColumnData({ columnData: data }) });
    writer.write({ columnData: data, rowGroupSize: ROW_GROUP });
    cols = columns.map(() => []);
  };
  return {
    get rows() {
      return rows;
    },
    add(r: Record<string, Cell>) {
      columns.forEach((c, i) => cols[i]!.push(r[c] ?? null));
      rows++;
      if (cols[0]!.length >= ROW_GROUP) flush();
    },
    close() {
      flush();
      if (writer) writer.finish();
    },
  };
}

export async function runExport(o: ExportFlags, g: { schedules?: string }): Promise<Outcome> {
  const format = o.format.toLowerCase();
  if (format !== 'csv' && format !== 'parquet') throw new QueryError(`--format must be csv or parquet, got "${o.format}"`);
  const ds = await openDataset(g.schedules);
  const importer = o.importer.trim().toUpperCase();
  const im = ds.meta.importers[importer as 'US'];
  if (!im) throw new QueryError(`importer ${o.importer} is not modelled: ${Object.keys(ds.meta.importers).join(', ')}`);
  const modelled = Object.keys(im.origins);
  const origins = o.origins ? o.origins.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean) : modelled;
  for (const x of origins) checkOrigin(im, x, x, importer);
  const from = checkDate(o.from ?? ds.meta.modelled_from, '--from');
  const to = checkDate(o.to ?? todayEastern(), '--to');
  if (to < from) throw new QueryError('--to is before --from');
  try {
    mkdirSync(o.out, { recursive: true });
  } catch (e) {
    throw new QueryError(`cannot write --out ${o.out}: ${(e as Error).message.split('\n')[0]}`);
  }
  const open = (name: string, columns: readonly string[]) => (format === 'csv' ? Promise.resolve(new CsvTable(join(o.out, `${name}.csv`), columns)) : parquetTable(join(o.out, `${name}.parquet`), columns));
  const [lines, totals, sources] = await Promise.all([open('lines', LINE_COLUMNS), open('totals', TOTAL_COLUMNS), open('sources', ['citation_id', 'title', 'href'])]);
  const exporter = new Exporter(ds, { importer, origins, from, to, asOf: todayEastern() });
  const sink: ExportSink = { line: (r) => lines.add(r), total: (r) => totals.add(r) };
  exporter.run(sink);
  for (const { id, ref } of exporter.sources.values()) sources.add({ citation_id: id, title: ref.title, href: ref.href });
  for (const t of [lines, totals, sources]) t.close();
  return { exit: 0, stderr: [`wrote ${totals.rows} intervals (${lines.rows} lines, ${sources.rows} sources) for ${origins.join(', ')} from ${from} to ${to} to ${o.out} as ${format}`] };
}

/** tariff refund: a file of entry lines in, the IEEPA refund per line and entry, the CAPE files and a summary out. */
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { openDataset } from '../dataset.js';
import { checkDate } from '../../core/engine.js';
import { QueryError } from '../../core/errors.js';
import { csvField, splitCsvLine } from '../../core/csv.js';
import { BufferedFile } from '../buffered.js';
import { RefundRun, LINE_COLUMNS, ENTRY_COLUMNS, lineRows, entryRow, refundSummary } from '../../core/refund-run.js';
import type { RefundEntry } from '../../core/refund.js';
import { todayEastern } from '../today.js';
import { isTerminal } from '../terminal.js';
import type { Outcome } from '../main.js';

export interface RefundFlags {
  asOf?: string;
  out?: string;
  importerType?: string;
  json?: boolean;
}

/** Output files: written as entries complete (lines and entries), the rest at the end. */
class Files {
  private lines?: BufferedFile;
  private entriesFile?: BufferedFile;
  constructor(private dir: string | undefined) {
    if (!dir) return;
    try {
      mkdirSync(dir, { recursive: true });
      this.lines = new BufferedFile(join(dir, 'lines.csv'));
      this.entriesFile = new BufferedFile(join(dir, 'entries.csv'));
    } catch (e) {
      throw new QueryError(`cannot write --out ${dir}: ${(e as Error).message.split('\n')[0]}`);
    }
    this.lines.write(LINE_COLUMNS.join(',') + '\n');
    this.entriesFile.write(ENTRY_COLUMNS.join(',') + '\n');
  }
  entries(es: RefundEntry[]) {
    if (!this.lines) return;
    for (const e of es) {
      const rows = lineRows(e);
      if (rows.length) this.lines.write(rows.join('\n') + '\n');
      this.entriesFile!.write(entryRow(e) + '\n');
    }
  }
  close(run: RefundRun): string[] {
    if (!this.dir) return [];
    this.lines!.close();
    this.entriesFile!.close();
    const names = ['lines.csv', 'entries.csv'];
    for (const [name, rows] of run.capeFiles()) {
      writeFileSync(join(this.dir, name), rows.join('\n') + '\n');
      names.push(name);
    }
    writeFileSync(join(this.dir, 'exceptions.csv'), ['entry,reason', ...run.exceptions.map((x) => [x.entry, x.reason].map(csvField).join(','))].join('\n') + '\n');
    return [...names, 'exceptions.csv'];
  }
}

function corporateFlag(t: string | undefined): boolean | undefined {
  if (t === undefined) return undefined;
  if (t === 'corporate') return true;
  if (t === 'noncorporate') return false;
  throw new QueryError(`--importer-type must be corporate or noncorporate, got "${t}"`);
}

function inputOf(file: string | undefined): Readable {
  if (!file || file === '-') {
    if (!file && isTerminal(0)) throw new QueryError('refund reads a CSV or JSON Lines file of entry lines: give one (tariff refund entries.csv), or pipe it in (... | tariff refund -)');
    return process.stdin;
  }
  try {
    if (statSync(file).isDirectory()) throw new QueryError(`input ${file} is a directory: give a CSV or JSON Lines file`);
  } catch (e) {
    if (e instanceof QueryError) throw e;
    throw new QueryError(`cannot read input file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return createReadStream(file);
}

/** Reads the rows (CSV with a header, or JSON Lines objects) into the run, writing entries as they complete. */
async function readRows(input: Readable, run: RefundRun, files: Files): Promise<string[]> {
  const notes: string[] = [];
  let header: string[] | undefined;
  let rowNo = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    const line = rowNo === 0 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!line.trim()) continue;
    let fields: (string | undefined)[];
    if (line.trimStart().startsWith('{')) {
      let obj: Record<string, unknown>;
      try {
        obj = JSON.parse(line);
      } catch (e) {
        throw new QueryError(`line ${rowNo + 1}: not a JSON object (${(e as Error).message})`);
      }
      const keys = Object.keys(obj);
      if (!header || keys.join() !== header.join()) {
        header = keys;
        const unknown = run.header(keys);
        if (unknown.length && !notes.length) notes.push(`passed over the fields ${unknown.join(', ')}`);
      }
      fields = keys.map((k) => (obj[k] === null || obj[k] === undefined ? undefined : String(obj[k])));
    } else if (!header) {
      header = splitCsvLine(line);
      const unknown = run.header(header);
      if (unknown.length) notes.push(`passed over the columns ${unknown.join(', ')}`);
      rowNo++;
      continue;
    } else fields = splitCsvLine(line);
    rowNo++;
    files.entries(run.row(fields, rowNo));
  }
  files.entries(run.end());
  return notes;
}

export async function runRefund(file: string | undefined, o: RefundFlags, g: { color?: boolean; schedules?: string }): Promise<Outcome> {
  const asOf = o.asOf ? checkDate(o.asOf, '--as-of') : todayEastern();
  const corporate = corporateFlag(o.importerType);
  const input = inputOf(file);
  const ds = await openDataset(g.schedules);
  const run = new RefundRun(ds, asOf, corporate);
  const files = new Files(o.out);
  const notes = await readRows(input, run, files);
  const written = files.close(run);
  const incomplete = [...run.byPhase.values()].reduce((n, t) => n + t.incomplete, 0);
  const stderr = [
    ...notes,
    ...(run.passedOver ? [`${run.passedOver} Chapter 99 rows other than 9903.01/.02 (Section 301, 232, 122 …) passed over: not refunded`] : []),
    ...(run.errors ? [`tariff: ${run.errors} line(s) or entries could not be answered (see ${o.out ? 'lines.csv and exceptions.csv' : '--out DIR'})`] : []),
    ...(incomplete ? [`tariff: ${incomplete} entries have a refund or interest that is not fully known (a line not answered, or a quarter's interest rate not in the data)`] : []),
    ...(o.out ? [`wrote ${written.join(', ')} to ${o.out}`] : ['give --out DIR for the files: lines.csv, entries.csv, the CAPE declarations and exceptions.csv']),
  ];
  const exit = run.errors || incomplete ? 1 : 0;
  const { renderRefund } = await import('../render-refund.js');
  const summary = refundSummary(run, asOf);
  if (o.json) return { stdout: JSON.stringify(summary, null, 2), stderr, exit };
  const { makeChalk } = await import('../color.js');
  const { outputWidth } = await import('../width.js');
  return { stdout: renderRefund(summary, makeChalk(g.color), outputWidth()), stderr, exit };
}

/**
 * `tariff batch [file|-]`: streams CSV or JSON Lines in, one output row per input row,
 * in order, out as CSV or JSON Lines (stdout, or --out FILE written atomically).
 */
import { isTerminal } from '../terminal.js';
import { closeSync, createReadStream, openSync, statSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { openDataset } from '../dataset.js';
import { BatchAnswerer, INPUT_COLUMNS, REQUIRED_COLUMNS, currencyOf, inputRow, type CsvTail, type InputRow, type RowResult } from '../../core/batch.js';
import { OutBytes, PlainCsvRows } from '../../core/batch-csv.js';
import { QueryError } from '../../core/errors.js';
import { csvField, splitCsvLine } from '../../core/csv.js';
import { Dec } from '../../core/decimal.js';
import { todayEastern } from '../today.js';
import type { Outcome } from '../main.js';

export interface BatchFlags {
  format: string;
  inputFormat?: string;
  out?: string;
  failAbove?: string;
  strict?: boolean;
}

/** A CSV field as given, trimmed only when it has surrounding white space; empty is undefined. */
function cell(f: string | undefined): string | undefined {
  if (!f) return undefined;
  const a = f.charCodeAt(0);
  const b = f.charCodeAt(f.length - 1);
  return a <= 32 || b <= 32 ? f.trim() || undefined : f;
}


/** A row reader for one header: fixed field positions, one object shape. */
function rowMaker(index: Record<string, number>): (f: string[]) => InputRow {
  const [hts, origin, date, importer, value, qty, unit, content, claim, loaded, mode, spi] = INPUT_COLUMNS.map((c) => index[c]);
  const at = (f: string[], i: number) => (i < 0 ? undefined : cell(f[i]));
  return (f) => ({
    hts: at(f, hts),
    origin: at(f, origin),
    date: at(f, date),
    importer: at(f, importer),
    value: at(f, value),
    qty: at(f, qty),
    unit: at(f, unit),
    content: at(f, content),
    claim: at(f, claim),
    loaded: at(f, loaded),
    mode: at(f, mode),
    spi: at(f, spi),
  });
}

export interface Checks {
  failAbove: Dec | null;
  strict: boolean;
  over: number[];
  strictRows: number[];
  errors: number[];
  /** notes for stderr (input columns passed over) */
  notes: string[];
}

export function threshold(text: string | undefined): Dec | null {
  if (text === undefined) return null;
  const t = text.trim().replace(/%$/, '');
  if (!Dec.isDecimal(t) || t.startsWith('-')) throw new QueryError(`--fail-above takes a percentage such as 50 or 12.5, got "${text}"`);
  return Dec.of(t);
}

export async function runBatch(file: string | undefined, o: BatchFlags, g: { schedules?: string }): Promise<Outcome> {
  const format = o.format.toLowerCase();
  if (format !== 'csv' && format !== 'jsonl') throw new QueryError(`--format must be csv or jsonl, got "${o.format}"`);
  const checks: Checks = { failAbove: threshold(o.failAbove), strict: Boolean(o.strict), over: [], strictRows: [], errors: [], notes: [] };
  const fromStdin = !file || file === '-';
  // no file and nothing piped in: say how to use it rather than wait for typing
  if (!file && isTerminal(0)) throw new QueryError('batch reads a CSV or JSON Lines file: give one (tariff batch entries.csv), or pipe rows in (... | tariff batch -)');
  let size = 0;
  if (!fromStdin) {
    let st;
    try {
      st = statSync(file);
    } catch (e) {
      throw new QueryError(`cannot read input file ${file}: ${reason(e)}`);
    }
    if (st.isDirectory()) throw new QueryError(`input ${file} is a directory: give a CSV or JSON Lines file, or - for standard input`);
    size = st.size;
  }
  if (o.out) checkOut(o.out);
  const inputFormat = (o.inputFormat ?? (!fromStdin && /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'auto')).toLowerCase();
  if (!['csv', 'jsonl', 'auto'].includes(inputFormat)) throw new QueryError(`--input-format must be csv or jsonl, got "${o.inputFormat}"`);

  const ds = await openDataset(g.schedules);
  const answerer = new BatchAnswerer(ds, todayEastern(), format === 'csv' ? { escape: csvField, encode: (s) => Buffer.from(s) } : undefined);
  const input: Readable = fromStdin ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  const tmp = o.out ? `${o.out}.${process.pid}.tmp` : undefined;
  // --out: a temporary file (opened first, so that cleanup after an early error always finds it),
  // written synchronously (measured faster than a write stream waiting on the thread pool) and
  // renamed at the end; otherwise standard output, a stream
  let fd: number | undefined;
  try {
    fd = tmp ? openSync(tmp, 'w') : undefined;
  } catch (e) {
    throw new QueryError(`cannot write --out ${o.out}: ${reason(e)}`);
  }
  const sink: Sink = fd !== undefined ? fileSink(fd) : streamSink(process.stdout);

  const progress = process.stderr.isTTY ? new Progress(size) : undefined;
  let rows = 0;
  try {
    rows = await transform(input, sink, inputFormat as 'csv' | 'jsonl' | 'auto', format, answerer, checks, progress);
    if (fd !== undefined) {
      closeSync(fd);
      renameSync(tmp!, o.out!);
    }
  } catch (e) {
    // the reader of standard output went away (| head): stop, quietly
    if (e instanceof OutputClosed) return { exit: 0 };
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      rmSync(tmp!, { force: true });
    }
    throw e;
  } finally {
    progress?.done(rows);
  }

  const stderr: string[] = [...checks.notes];
  const list = (rs: number[]) => rs.slice(0, 10).join(', ') + (rs.length > 10 ? `, … (${rs.length} in all)` : '');
  if (checks.errors.length) stderr.push(`tariff: ${checks.errors.length} of ${rows} rows could not be answered (see the error column): rows ${list(checks.errors)}`);
  if (checks.over.length) stderr.push(`tariff: ${checks.over.length} rows exceed --fail-above ${o.failAbove}%: rows ${list(checks.over)}`);
  if (checks.strictRows.length) stderr.push(`tariff: --strict: ${checks.strictRows.length} rows are incomplete or carry warnings: rows ${list(checks.strictRows)}`);
  if (o.out) stderr.push(`wrote ${rows} rows to ${o.out}`);
  const failed = checks.errors.length || checks.over.length || checks.strictRows.length;
  return { exit: failed ? 1 : 0, stderr };
}

/** Where the output bytes go: a write that returns a promise must be awaited before the next. */
export type Sink = (b: Buffer) => void | Promise<void>;

function fileSink(fd: number): Sink {
  return (b) => {
    for (let at = 0; at < b.length; ) at += writeSync(fd, b, at);
  };
}

/** Standard output was closed by its reader (EPIPE): the batch stops without a message. */
class OutputClosed extends Error {}

/** A short reason for a file error a user can cause ("no such file or directory"), without the stack. */
function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const known: Record<string, string> = { ENOENT: 'no such file or directory', EISDIR: 'is a directory', EACCES: 'permission denied', ENOTDIR: 'a part of the path is not a directory', EROFS: 'read-only file system', ENOSPC: 'no space left on the device' };
  return (code && known[code]) ?? (e as Error).message;
}

/** --out must name a file in a directory that exists. */
function checkOut(out: string) {
  let st;
  try {
    st = statSync(out);
  } catch {
    return; // a new file: its directory is checked when the temporary file is opened
  }
  if (st.isDirectory()) throw new QueryError(`--out ${out} is a directory: give a file name`);
}

function streamSink(output: Writable): Sink {
  let failure: Error | undefined;
  output.on('error', (e) => (failure = (e as NodeJS.ErrnoException).code === 'EPIPE' ? new OutputClosed() : e));
  const settle = () => {
    if (failure) throw failure;
  };
  return (b) => {
    settle();
    if (output.write(b)) return;
    return new Promise<void>((res, rej) => {
      const done = () => {
        output.off('drain', done);
        output.off('error', done);
        if (failure) rej(failure);
        else res();
      };
      output.once('drain', done);
      output.once('error', done);
    });
  };
}

/**
 * Answers every line of the input, writing each output row to the sink in order; returns the number
 * of rows. `bytePath`: answer plain CSV rows from their bytes when the cache knows them (off only to
 * test that it writes what the general path writes).
 */
export async function transform(input: Readable, sink: Sink, inputFormat: 'csv' | 'jsonl' | 'auto', format: string, answerer: BatchAnswerer, checks: Checks, progress?: Progress, bytePath = true): Promise<number> {
  let header: string[] | undefined;
  let makeRow: (fields: string[]) => InputRow = () => ({});
  let mode = inputFormat;
  let rowNo = 0;
  let lineNo = 0;
  const out = new OutBytes();
  let fast: PlainCsvRows | undefined;
  let plainText = false;
  const outHeader = ['row', 'hts', 'origin', 'importer', 'date', 'value', 'total_rate_pct', 'total_amount', 'currency', 'complete', ...answerer.measureColumns, 'mfn', 'missing', 'warnings', 'error'];
  if (format === 'csv') out.text(outHeader.join(',') + '\n');

  const handle = (raw: string) => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '' || (line.charCodeAt(0) <= 32 && line.trim() === '')) return;
    if (mode === 'auto') mode = line.trimStart().startsWith('{') ? 'jsonl' : 'csv';
    let row: InputRow;
    let parseError: string | undefined;
    // fields of a CSV line without quotes or carriage returns need no quoting when echoed
    plainText = false;
    if (mode === 'csv') {
      plainText = !line.includes('"') && !line.includes('\r');
      const fields = splitCsvLine(line);
      if (!header) {
        ({ header, makeRow, fast } = csvHeader(fields, line, format, bytePath, answerer, checks));
        return;
      }
      if (fields.length !== header.length) parseError = `line ${lineNo}: expected ${header.length} fields, got ${fields.length}`;
      row = makeRow(fields);
    } else ({ row, parseError } = jsonInput(line, lineNo));
    rowNo++;
    const result: RowResult = parseError ? { error: parseError, value: null, rate_pct: null, amount: null, complete: false, missing: [] } : answerer.answer(row);
    check(result, rowNo, checks);
    if (format === 'csv') csvRow(out, answerer, rowNo, row, result, plainText);
    else out.text(jsonlRow(answerer, rowNo, row, result));
  };

  const flush = async () => {
    for (const b of out.take()) await sink(b);
  };

  // Lines are cut at newline bytes; a plain CSV row known to the cache is answered from its bytes
  // (batch-csv.ts), any other line is decoded and handled as above.
  const line = (buf: Buffer, s: number, e: number) => {
    if (fast) {
      // at most twice learning what the row needs: its code and origin, then its answer
      let tail = fast.row(buf, s, e, rowNo + 1, out);
      for (let i = 0; i < 2 && tail === undefined && fast.learn(buf); i++) tail = fast.row(buf, s, e, rowNo + 1, out);
      if (tail) {
        lineNo++;
        rowNo++;
        checkTail(tail, rowNo, checks);
        return;
      }
    }
    handle(buf.toString('utf8', s, e));
  };
  await eachLine(input, line, async (bytes) => {
    progress?.tick(rowNo, bytes);
    await flush();
  });
  if (mode === 'auto' || (mode === 'csv' && !header)) throw new QueryError(`the input is empty: expected a CSV header row (${REQUIRED_COLUMNS.join(', ')}, ...) or JSON Lines`);
  await flush();
  return rowNo;
}

/** The CSV header: the columns batch reads (the user's own passed over with a note), how a row is made, the byte path. */
function csvHeader(fields: string[], line: string, format: string, bytePath: boolean, answerer: BatchAnswerer, checks: Checks) {
  const header = fields.map((f) => f.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    const sep = header.length === 1 ? [';', '\t', '|'].find((d) => line.includes(d)) : undefined;
    if (sep) throw new QueryError(`the header has no commas but ${sep === '\t' ? 'tabs' : `"${sep}"`}: batch reads comma-separated CSV (columns ${REQUIRED_COLUMNS.join(', ')}, ...); convert the file, or give JSON Lines`);
    throw new QueryError(`input needs the column(s) ${missing.join(', ')}`);
  }
  // columns of the user's own (an entry number, a PO) are passed over, with a note, rather than refusing the file
  const unknown = header.filter((h) => !(INPUT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) checks.notes.push(`note: input column(s) ${unknown.join(', ')} are not used (the columns batch reads: ${INPUT_COLUMNS.join(', ')})`);
  const index = Object.fromEntries(INPUT_COLUMNS.map((c) => [c, header.indexOf(c)]));
  return { header, makeRow: rowMaker(index), fast: format === 'csv' && bytePath ? PlainCsvRows.for(answerer, header) : undefined };
}

/** A JSON Lines line as an input row, or why it is not one (the row is then empty). */
function jsonInput(line: string, lineNo: number): { row: InputRow; parseError?: string } {
  let parseError: string | undefined;
  try {
    const obj = JSON.parse(line);
    const given: Record<string, string> = {};
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new Error('not an object');
    for (const [k, v] of Object.entries(obj)) {
      if (!(INPUT_COLUMNS as readonly string[]).includes(k)) {
        parseError = `line ${lineNo}: unknown field "${k}"`;
        continue;
      }
      if (v === null || v === undefined || v === '') continue;
      // content as the output writes it ({ "steel": "60" }) or as a list (["steel=60"])
      if (k === 'content' && typeof v === 'object' && !Array.isArray(v)) given[k] = Object.entries(v).map(([m, pct]) => `${m}=${pct}`).join(';');
      else given[k] = Array.isArray(v) ? v.join(';') : String(v);
    }
    return { row: inputRow((c) => given[c]), parseError };
  } catch (e) {
    return { row: {}, parseError: `line ${lineNo}: not a JSON object (${(e as Error).message})` };
  }
}

/** The input cut at newline bytes into line(buf, start, end); after each chunk, chunkDone(its length) (progress, flushing). */
async function eachLine(input: Readable, line: (buf: Buffer, s: number, e: number) => void, chunkDone: (bytes: number) => Promise<void>) {
  let rest: Buffer | undefined;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const buf = rest ? Buffer.concat([rest, bytes]) : bytes;
    let s = 0;
    for (let nl = buf.indexOf(10, s); nl !== -1; s = nl + 1, nl = buf.indexOf(10, s)) line(buf, s, nl);
    rest = s < buf.length ? buf.subarray(s) : undefined;
    await chunkDone(bytes.length);
  }
  if (rest) line(rest, 0, rest.length);
}

/** --fail-above and --strict for an answered row: its total rate, and whether it is complete and without warnings. */
function checkTotals(ratePct: string | null, clean: boolean, rowNo: number, c: Checks) {
  if (c.failAbove && ratePct !== null && Dec.of(ratePct).cmp(c.failAbove) > 0) c.over.push(rowNo);
  if (c.strict && !clean) c.strictRows.push(rowNo);
}

/** The checks for a row answered on the byte path (its totals are the entry's). */
const checkTail = (t: CsvTail, rowNo: number, c: Checks) => checkTotals(t.rate_pct, t.clean, rowNo, c);

function check(r: RowResult, rowNo: number, c: Checks) {
  if (r.error !== undefined) c.errors.push(rowNo);
  else checkTotals(r.rate_pct, r.complete && !r.entry!.hasWarnings, rowNo, c);
}

const EMPTY_CELLS = new Map<number, string>();

const asIs = (s: string) => s;

function csvRow(out: OutBytes, a: BatchAnswerer, rowNo: number, row: InputRow, r: RowResult, plainText: boolean) {
  const e = r.entry;
  const f = plainText ? asIs : csvField;
  // an answered row's importer and value are the tool's own text (a country code, a number)
  const echo = e
    ? `${rowNo},${f(row.hts!)},${f(row.origin!)},${e.importer},${f(row.date!)},${r.value ?? f(row.value ?? '')},`
    : `${rowNo},${csvField(row.hts ?? '')},${csvField(row.origin ?? '')},${csvField(row.importer ?? '')},${csvField(row.date ?? '')},${csvField(r.value ?? row.value ?? '')},`;
  // the common case: everything after the amount is the entry's
  if (e?.plan) {
    out.text(`${echo}${r.rate_pct ?? ''},${r.amount ?? ''}`);
    out.bytes(e.bytes!.valued.after);
    return;
  }
  let cells = e?.cells;
  if (cells === undefined) {
    cells = EMPTY_CELLS.get(a.measureColumns.length);
    if (cells === undefined) EMPTY_CELLS.set(a.measureColumns.length, (cells = ','.repeat(a.measureColumns.length)));
  }
  out.text(`${echo}${r.rate_pct ?? ''},${r.amount ?? ''},${e ? currencyOf(e.importer) : ''},${e ? r.complete : ''},${cells},${r.missing.length ? csvField(r.missing.join('; ')) : ''},${e?.warnings ?? ''},${r.error ? csvField(r.error) : ''}\n`);
}

function jsonlRow(a: BatchAnswerer, rowNo: number, row: InputRow, r: RowResult): string {
  return JSON.stringify(r.entry ? { row: rowNo, ...a.quote(r), error: null } : { row: rowNo, input: row, error: r.error }) + '\n';
}

/** Rows, rows per second and ETA on stderr, when it is a terminal. */
class Progress {
  private start = Date.now();
  private last = 0;
  private bytes = 0;
  constructor(private size: number) {}
  tick(rows: number, bytes: number) {
    this.bytes += bytes;
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    const secs = (now - this.start) / 1000 || 0.001;
    const rate = Math.round(rows / secs);
    const eta = this.size && this.bytes ? ` ETA ${Math.max(0, Math.round((secs * (this.size - this.bytes)) / this.bytes))}s` : '';
    process.stderr.write(`\r${rows.toLocaleString('en-US')} rows  ${rate.toLocaleString('en-US')} rows/s${eta}   `);
  }
  done(rows: number) {
    if (this.last) process.stderr.write(`\r${rows.toLocaleString('en-US')} rows in ${((Date.now() - this.start) / 1000).toFixed(1)}s${' '.repeat(20)}\n`);
  }
}

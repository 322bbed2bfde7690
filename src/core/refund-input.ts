/**
 * Entry lines as importers have them: our column names, or the names of the ACE ES-003 report ("Entry Number",
 * "Entry Summary Line Number", "HTS Number", "Country of Origin", "Line Entered Value", "Liquidation Date" …; the exact
 * ES-003 headers are not confirmed, so names are matched loosely: case, spaces and punctuation aside). In the ACE
 * layout a line's Chapter 99 numbers are rows of their own with the duty of that heading: the duty of its
 * 9903.01 and 9903.02 rows is the IEEPA duty deposited on the line, and its other Chapter 99 rows are passed over.
 */
import { Dec } from './decimal.js';
import { QueryError } from './errors.js';
import { entryNumber, type RefundRow } from './refund.js';

const ALIASES: Record<keyof RefundRow, string[]> = {
  entry: ['entry', 'entry number', 'entry no', 'entry summary number', 'entry num'],
  line: ['line', 'line number', 'line no', 'entry summary line number', 'entry line number', 'line num'],
  date: ['date', 'entry date', 'entry summary date'],
  hts: ['hts', 'hts number', 'hts code', 'htsus number', 'tariff number', 'hts num'],
  origin: ['origin', 'country of origin', 'country of origin code', 'coo', 'origin country'],
  value: ['value', 'entered value', 'line entered value', 'line value', 'line goods value amount'],
  ieepa_deposited: ['ieepa deposited', 'ieepa duty', 'ieepa duty deposited', 'ieepa duty paid'],
  duty: ['duty', 'duty amount', 'line duty amount', 'duty paid', 'line tariff duty amount'],
  deposited_on: ['deposited on', 'deposit date', 'payment date', 'statement date', 'paid date'],
  liquidation_date: ['liquidation date', 'liquidated on'],
  liquidation_status: ['liquidation status'],
  reliquidation_date: ['reliquidation date', 'reliquidated on'],
  importer_type: ['importer type'],
  importer_of_record: ['importer of record', 'importer of record number', 'importer number', 'ior', 'ior number'],
  entry_type: ['entry type', 'entry type code'],
  reconciliation: ['reconciliation', 'reconciliation flag', 'recon flag', 'recon'],
};

const key = (name: string) => name.trim().toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
const BY_NAME = new Map(Object.entries(ALIASES).flatMap(([col, names]) => names.map((n) => [n, col as keyof RefundRow])));

/** The columns of a header: per field its canonical name, or undefined (passed over); the required ones must be there. */
export function refundColumns(header: string[]): { columns: (keyof RefundRow | undefined)[]; unknown: string[] } {
  const columns = header.map((h) => BY_NAME.get(key(h)));
  for (const need of ['entry', 'date', 'hts', 'origin'] as const) {
    if (!columns.includes(need)) throw new QueryError(`the entry lines need a column "${need}" (or ${ALIASES[need].filter((n) => n !== need).map((n) => `"${n}"`).join(', ')}); the header has: ${header.join(', ')}`);
  }
  return { columns, unknown: header.filter((_, i) => columns[i] === undefined) };
}

/** A row of fields as a refund row (entry number checked; empty cells absent). */
export function refundRow(fields: (string | undefined)[], columns: (keyof RefundRow | undefined)[]): RefundRow {
  const r: Partial<RefundRow> = {};
  columns.forEach((c, i) => {
    const v = fields[i]?.trim();
    if (c && v) r[c] = v;
  });
  for (const need of ['entry', 'date', 'hts', 'origin'] as const) if (!r[need]) throw new QueryError(`${need} is empty`);
  r.entry = entryNumber(r.entry!);
  return r as RefundRow;
}

const IEEPA_HEADING = /^9903\.?0[12]\./;

/**
 * The product lines of one entry: Chapter 99 rows are folded into the product line of the same line number (their
 * 9903.01/.02 duty into its deposited IEEPA duty); an entry without line numbers keeps its rows in order.
 */
export function entryLines(rows: RefundRow[]): { lines: RefundRow[]; passedOver: number } {
  const lines: RefundRow[] = [];
  const byLine = new Map<string, RefundRow>();
  const ch99: RefundRow[] = [];
  for (const r of rows) {
    if (/^99/.test(r.hts.replace(/\D/g, ''))) ch99.push(r);
    else {
      lines.push(r);
      if (r.line) byLine.set(r.line, r);
    }
  }
  let passedOver = 0;
  for (const r of ch99) {
    const own = r.line !== undefined ? byLine.get(r.line) : lines.length === 1 ? lines[0] : undefined;
    if (!own) throw new QueryError(`entry ${r.entry}: the Chapter 99 row ${r.hts}${r.line ? ` of line ${r.line}` : ''} has no product line${r.line ? ' with that line number' : ' (give line numbers)'}`);
    if (!IEEPA_HEADING.test(r.hts)) {
      passedOver++;
      continue;
    }
    if (r.duty === undefined) throw new QueryError(`entry ${r.entry}: the row ${r.hts} has no duty amount`);
    own.ieepa_deposited = sum(own.ieepa_deposited, r.duty, r);
  }
  return { lines, passedOver };
}

function sum(a: string | undefined, b: string, r: RefundRow): string {
  const t = b.replace(/[$,]/g, '');
  if (!/^\d+(\.\d+)?$/.test(t)) throw new QueryError(`entry ${r.entry}: the duty "${b}" of ${r.hts} is not an amount`);
  return a === undefined ? t : Dec.of(a).add(Dec.of(t)).toFixed(2);
}

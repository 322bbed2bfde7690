/**
 * CSV batch output as bytes, and its byte path: a plain row (code, origin, date and value only, each
 * written the usual way: no quotes, no white space) is read from the input bytes and written as
 * output bytes from its answer's bytes. Only the first row of a code and origin, or of its answer's
 * date interval, makes strings (learn(): the answerer looks the product up, or makes the answer).
 * Anything else (an error, an amount too large for integer cents, an unusual field) is left to the
 * general path. The bytes written are those the general path would write (a test compares the two
 * on generated input).
 */
import { dayNumber, intervalOf, type BatchAnswerer, type CsvTail, type Entry, type Slots } from './batch.js';
import { planCents } from './engine.js';

/**
 * Output as UTF-8 bytes: text is encoded straight into a large buffer and the tail a row shares
 * with the other rows of its entry is copied in as bytes (encoded once per entry).
 */
export class OutBytes {
  private static readonly SIZE = 1 << 20;
  buf = Buffer.allocUnsafe(OutBytes.SIZE);
  pos = 0;
  private full: Buffer[] = [];
  text(s: string) {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos);
  }
  bytes(b: Uint8Array) {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  /** the bytes so far, in order; the buffer starts again */
  take(): Buffer[] {
    if (this.pos) this.spill(0);
    const full = this.full;
    this.full = [];
    return full;
  }
  /** makes room for n more bytes at `pos` */
  room(n: number) {
    if (this.pos + n > this.buf.length) this.spill(n);
  }
  private spill(n: number) {
    if (this.pos) this.full.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(Math.max(OutBytes.SIZE, n));
    this.pos = 0;
  }
}


/** the most bytes a row adds besides the input line and the entry's own bytes (row number, value, amount, commas) */
const ROW_SLACK = 64;

/** Digits of a non-negative integer below 2^53, at `p`; returns the position after them. */
function writeUint(b: Uint8Array, p: number, n: number): number {
  let len = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) len++;
  for (let i = p + len - 1; i >= p; i--) {
    const q = Math.floor(n / 10);
    b[i] = 48 + (n - q * 10);
    n = q;
  }
  return p + len;
}

function copy(b: Uint8Array, p: number, from: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) b[p++] = from[i];
  return p;
}

/** The byte path for one CSV header of only the columns hts, origin, date and value (in any order). */
export class PlainCsvRows {
  /** a code's first four digits × 3 + its pairs of digits after them less one → (those pairs × 1024 + the origin's index) → the answerer's slots */
  private heads: (Map<number, Slots> | undefined)[] = new Array(30_000);
  /** origin (two capital letters, A-Z as 0-25: first × 26 + second) → its index in the order seen, or -1 */
  private origins = new Int16Array(676).fill(-1);
  private originCount = 0;
  private generation: number;
  private readonly columns: number;
  /** column positions of hts, origin, date and value (-1: no value column) */
  private readonly ih: number;
  private readonly io: number;
  private readonly id: number;
  private readonly iv: number;
  /** per column, where its field starts and ends in the current line */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /**
   * set by row() when the line's code and origin are new to this index (pending), or known without
   * an answer for its date yet (pendingSlots): where they stand in the line
   */
  private pending = false;
  private pendingSlots: Slots | undefined = undefined;
  private pendingDay = 0;
  private pendingAt = 0;
  private pendingKey = 0;
  private pendingCode = 0;
  private pendingCodeEnd = 0;
  private pendingOrigin = 0;
  private pendingDate = 0;

  /** The byte path for this header, or undefined when it has another column. */
  static for(answerer: BatchAnswerer, header: string[]): PlainCsvRows | undefined {
    const plain = ['hts', 'origin', 'date', 'value'];
    if (!header.every((h) => plain.includes(h)) || new Set(header).size !== header.length) return undefined;
    return new PlainCsvRows(answerer, header.length, [header.indexOf('hts'), header.indexOf('origin'), header.indexOf('date'), header.indexOf('value')]);
  }

  private constructor(
    private answerer: BatchAnswerer,
    columns: number,
    at: [number, number, number, number],
  ) {
    this.generation = answerer.generation;
    this.columns = columns;
    [this.ih, this.io, this.id, this.iv] = at;
    this.starts = new Int32Array(columns);
    this.ends = new Int32Array(columns);
  }

  /**
   * After row() returned undefined for a line whose code and origin were new to this index, or had
   * no answer for its date yet: looks them up in the answerer (making their slots), or has it answer
   * the row into them, and returns true, so that row() can be tried again; false when row() did not
   * stop for either.
   */
  learn(src: Buffer): boolean {
    const text = (a: number, b: number) => src.toString('latin1', a, b);
    if (this.pending) {
      this.pending = false;
      const slots = this.answerer.plainSlots(text(this.pendingCode, this.pendingCodeEnd), text(this.pendingOrigin, this.pendingOrigin + 2), text(this.pendingDate, this.pendingDate + 10));
      this.heads[this.pendingAt]!.set(this.pendingKey, slots);
      return true;
    }
    const slots = this.pendingSlots;
    if (slots === undefined) return false;
    this.pendingSlots = undefined;
    this.answerer.fillPlain(slots, text(this.pendingCode, this.pendingCodeEnd), text(this.pendingOrigin, this.pendingOrigin + 2), text(this.pendingDate, this.pendingDate + 10), this.pendingDay);
    return true;
  }

  /**
   * Writes the output row for the input line src[s, e) as row `rowNo` and returns the entry's tail it
   * used, when the line is a plain row whose answer is known and can be written as bytes; otherwise
   * writes nothing and returns undefined (and learn() says whether it stopped at a new code and origin,
   * or a date without an answer yet).
   */
  row(src: Buffer, s: number, e: number, rowNo: number, out: OutBytes): CsvTail | undefined {
    if (this.answerer.generation !== this.generation) {
      // the answerer's cache started again: so does this index of it
      this.heads = new Array(30_000);
      this.generation = this.answerer.generation;
    }
    if (e > s && src[e - 1] === 13) e--;
    if (!this.fields(src, s, e)) return undefined;
    const { starts, ends, ih, io, id, iv } = this;
    const hs = starts[ih];
    const he = ends[ih];
    const code = readCode(src, hs, he);
    if (code < 0) return undefined;
    const os = starts[io];
    const origin = ends[io] - os === 2 ? this.originOf(src, os) : -1;
    if (origin < 0) return undefined;
    const ds = starts[id];
    const date = ends[id] - ds === 10 ? readDate(src, ds) : 0;
    if (date === 0) return undefined;
    const cents = iv >= 0 && ends[iv] > starts[iv] ? readCents(src, starts[iv], ends[iv]) : -1;
    if (cents === -2) return undefined;

    // the answer for this code, origin and date interval, once made
    // (rest < 10^6 and origin < 676: the key is a small integer)
    const at = code % CODE_AT;
    const key = ((code - at) / CODE_AT) * 1024 + origin;
    let byKey = this.heads[at];
    if (!byKey) this.heads[at] = byKey = new Map();
    const slots = byKey.get(key);
    const found = slots === undefined ? undefined : slots.entries[intervalOf(slots.points, date)];
    if (found === undefined) {
      // a code and origin new to this index, or no answer yet for this date: learn() sees to it, out
      // of this hot function
      if (slots === undefined) {
        this.pending = true;
        this.pendingAt = at;
        this.pendingKey = key;
      } else {
        this.pendingSlots = slots;
        this.pendingDay = date;
      }
      this.pendingCode = hs;
      this.pendingCodeEnd = he;
      this.pendingOrigin = os;
      this.pendingDate = ds;
      return undefined;
    }
    // an error (a QueryError) has no bytes, nor an entry without them: the general path writes those
    const bytes = (found as Partial<Entry>).bytes;
    if (bytes === undefined) return undefined;
    const entry = found as Entry;
    const tail = cents >= 0 ? bytes.valued : bytes.none;
    let amount = -1;
    if (cents >= 0 && entry.plan) {
      amount = planCents(entry.plan, cents);
      if (amount === -2) return undefined;
    }
    writeRow(out, src, s, e, rowNo, hs, he, os, ds, cents, amount, bytes.importer, tail);
    return tail;
  }

  /** Cuts src[s, e) at commas into this.starts/ends: false when the line has quotes, a CR or not the header's columns. */
  private fields(src: Buffer, s: number, e: number): boolean {
    const { starts, ends, columns } = this;
    let f = 0;
    starts[0] = s;
    for (let i = s; i < e; i++) {
      const c = src[i];
      if (c === 44) {
        if (++f === columns) return false;
        ends[f - 1] = i;
        starts[f] = i + 1;
      } else if (c === 34 || c === 13) return false;
    }
    if (f !== columns - 1) return false;
    ends[f] = e;
    return true;
  }

  /** the origin: two capital letters, as an index of this answerer's origins (-1 when not) */
  private originOf(src: Buffer, os: number): number {
    const o1 = src[os] - 65;
    const o2 = src[os + 1] - 65;
    if (o1 < 0 || o1 > 25 || o2 < 0 || o2 > 25) return -1;
    let origin = this.origins[o1 * 26 + o2];
    if (origin < 0) this.origins[o1 * 26 + o2] = origin = this.originCount++;
    return origin;
  }
}

/** heading × 3 + pairs − 1 is below this: readCode packs the rest of the code above it */
const CODE_AT = 30_000;

/**
 * The code: four digits, then one to three pairs, each after an optional dot (as normalizeCode reads it), packed as
 * (pairs of digits) × CODE_AT + (heading × 3 + pairs − 1); -1 when it is not such a code.
 */
function readCode(src: Buffer, hs: number, he: number): number {
  if (he - hs < 6) return -1;
  let heading = 0;
  for (let i = hs; i < hs + 4; i++) {
    const c = src[i] - 48;
    if (c < 0 || c > 9) return -1;
    heading = heading * 10 + c;
  }
  let rest = 0;
  let pairs = 0;
  for (let i = hs + 4; i < he; i += 2) {
    if (src[i] === 46) i++;
    if (i + 2 > he || ++pairs > 3) return -1;
    const a = src[i] - 48;
    const b = src[i + 1] - 48;
    if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
    rest = rest * 100 + a * 10 + b;
  }
  return rest * CODE_AT + heading * 3 + pairs - 1;
}

/** the date at ds: YYYY-MM-DD, a calendar date, as a day number (0 when not) */
function readDate(src: Buffer, ds: number): number {
  if (src[ds + 4] !== 45 || src[ds + 7] !== 45) return 0;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = src[ds + i] - 48;
    if (c < 0 || c > 9) return 0;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  return dayNumber(y, m, d);
}

/** the value in src[i, ve): dollars (1 to 12 digits) and at most two decimals (as parseCents reads it), in cents; -2 when not */
function readCents(src: Buffer, i: number, ve: number): number {
  let dollars = 0;
  const first = i;
  for (; i < ve && src[i] !== 46; i++) {
    const c = src[i] - 48;
    if (c < 0 || c > 9 || i - first >= 12) return -2;
    dollars = dollars * 10 + c;
  }
  if (i === first) return -2;
  let cents = dollars * 100;
  if (i < ve) {
    const decimals = ve - i - 1;
    if (decimals < 1 || decimals > 2) return -2;
    for (let k = 1; k <= decimals; k++) {
      const c = src[i + k] - 48;
      if (c < 0 || c > 9) return -2;
      cents += c * (k === 1 ? 10 : 1);
    }
  }
  return cents;
}

/** row,hts,origin,importer,date,value,total_rate_pct,total_amount and the entry's bytes, from the input's bytes */
function writeRow(out: OutBytes, src: Buffer, s: number, e: number, rowNo: number, hs: number, he: number, os: number, ds: number, cents: number, amount: number, importer: Uint8Array, tail: CsvTail) {
  const need = e - s + ROW_SLACK + importer.length + tail.rate.length + tail.after.length;
  out.room(need);
  const b = out.buf;
  let p = writeUint(b, out.pos, rowNo);
  b[p++] = 44;
  p = copy(b, p, src, hs, he);
  b[p++] = 44;
  b[p++] = src[os];
  b[p++] = src[os + 1];
  p = copy(b, p, importer, 0, importer.length);
  p = copy(b, p, src, ds, ds + 10);
  b[p++] = 44;
  if (cents >= 0) {
    // the value as the general path normalises it: 12, 12.5, 12.05
    const r = cents % 100;
    p = writeUint(b, p, (cents - r) / 100);
    if (r !== 0) {
      b[p++] = 46;
      b[p++] = 48 + Math.floor(r / 10);
      if (r % 10 !== 0) b[p++] = 48 + (r % 10);
    }
  }
  b[p++] = 44;
  p = copy(b, p, tail.rate, 0, tail.rate.length);
  if (amount >= 0) {
    const r = amount % 100;
    p = writeUint(b, p, (amount - r) / 100);
    b[p++] = 46;
    b[p++] = 48 + Math.floor(r / 10);
    b[p++] = 48 + (r % 10);
  }
  b.set(tail.after, p);
  out.pos = p + tail.after.length;
}

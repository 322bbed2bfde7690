/** tariff batch, diff, timeline, completion and the thresholds, through the built binary. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assess, normalizeQuery, plainClass, plainClassPoints, quote, withOwnMfn, type Assessment, type Query } from '../src/core/engine.js';
import { dataset, ROOT, AS_OF } from './helpers.js';
import { BatchAnswerer, inputRow, type RowResult } from '../src/core/batch.js';
import { csvField } from '../src/core/csv.js';
import { Dec } from '../src/core/decimal.js';
import { transform, type Checks } from '../src/cli/commands/batch.js';
import { Readable } from 'node:stream';
// @ts-expect-error plain JavaScript module
import { generate } from '../scripts/gen-batch.mjs';

function tariff(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [ROOT + 'bin/tariff', ...args], { input, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

const dir = mkdtempSync(join(tmpdir(), 'tariff-batch-'));

describe('tariff batch', () => {
  test('200,000 generated rows with bad rows mixed in: 200,000 output rows, in order, errors carried, totals as tariff quote', () => {
    const input = generate(200_000, 'random');
    writeFileSync(join(dir, 'in.csv'), input);
    const r = tariff(['batch', join(dir, 'in.csv'), '--out', join(dir, 'out.csv')]);
    expect(r.code).toBe(1); // some rows could not be answered
    expect(r.stderr).toContain('200 of 200000 rows could not be answered');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const inRows = input.trim().split('\n').slice(1).map((l: string) => l.split(','));
    const outLines = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    const header = outLines[0].split(',');
    expect(outLines.length - 1).toBe(200_000);
    const col = (name: string) => header.indexOf(name);
    const parsed = outLines.slice(1).map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')));
    for (let i = 0; i < parsed.length; i++) {
      expect(parsed[i][0]).toBe(String(i + 1));
      expect(parsed[i][col('hts')]).toBe(inRows[i][0]);
      expect(parsed[i][col('date')]).toBe(inRows[i][2]);
      const bad = (i + 1) % 1000 === 0;
      expect(parsed[i][col('error')] !== '', `row ${i + 1}`).toBe(bad);
    }
    // a sample of rows gives the same totals as a quote
    for (let i = 7; i < parsed.length; i += 9973) {
      if ((i + 1) % 1000 === 0) continue;
      const [hts, origin, date, value] = inRows[i];
      const q = quote(dataset(), { hts, origin, date, value, asOf: AS_OF });
      expect([parsed[i][col('total_rate_pct')], parsed[i][col('total_amount')]], `row ${i + 1}`).toEqual([q.total.rate_pct ?? '', q.total.amount ?? '']);
    }
    const cli = JSON.parse(tariff(['quote', inRows[7][0], '--origin', inRows[7][1], '--date', inRows[7][2], '--value', inRows[7][3], '--json']).stdout);
    expect(parsed[7][col('total_amount')]).toBe(cli.total.amount ?? '');
  }, 120_000);

  test('JSON Lines in and out, from standard input', () => {
    const input = ['{"hts":"9503.00.00","origin":"CN","date":"2025-04-10","value":100}', '{"hts":"9503.00.00","origin":"CN"}', 'not json', '{"hts":"8471.30.01.00","origin":"CN","date":"2025-04-20","claim":["9903.01.21"]}'].join('\n');
    const r = tariff(['batch', '-', '--format', 'jsonl'], input);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.row)).toEqual([1, 2, 3, 4]);
    expect(rows[0].total).toMatchObject({ rate_pct: '145', amount: '145.00' });
    expect(rows[1].error).toBe('date is required');
    expect(rows[2].error).toContain('not a JSON object');
    expect(rows[3].total.rate_pct).toBe('0');
    expect(r.code).toBe(1);
  });

  test('rows either side of a fee change (the MPF fiscal year, no duty change) each get the fee of their date', () => {
    const rows = ['2025-09-30', '2025-10-01'].map((date) => JSON.stringify({ hts: '9503.00.00', origin: 'CN', date, value: 5000 }));
    const r = tariff(['batch', '-', '--format', 'jsonl'], rows.join('\n'));
    expect(r.code).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((x) => x.fees[0].min)).toEqual(['32.71', '33.58']);
    for (const x of out) expect(x.fees).toEqual(quote(dataset(), { hts: '9503.00.00', origin: 'CN', date: x.query.date, value: '5000', asOf: AS_OF }).fees);
  });

  test('batch rows take the entry type from their own value: informal MPF at $100, formal at $5,000', () => {
    const rows = ['100', '5000'].map((value) => JSON.stringify({ hts: '9503.00.00', origin: 'CN', date: '2026-03-01', value }));
    const out = tariff(['batch', '-', '--format', 'jsonl'], rows.join('\n')).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((x) => [x.fees[0].fee, x.fees[0].amount])).toEqual([['us.fees.mpf-informal', '2.69'], ['us.fees.mpf', '33.58']]);
  });

  test('per-layer columns are stable and a claim choice shows as ?', () => {
    const r = tariff(['batch', '-'], 'hts,origin,date\n8708.10.30.50,CN,2020-02-08\n4202.92.91.00,HK,2025-06-01\n');
    const [header, a, b] = r.stdout.trim().split('\n').map((l) => l.split(','));
    expect(header.slice(0, 10)).toEqual(['row', 'hts', 'origin', 'importer', 'date', 'value', 'total_rate_pct', 'total_amount', 'currency', 'complete']);
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    // a vehicle stamping is on the steel and the aluminum list of Proclamation 9980: which metal is a claim
    expect([cell(a, 'us.section232.stampings-steel-9980'), cell(a, 'us.section232.stampings-aluminum-9980'), cell(a, 'us.section301.list3'), cell(a, 'complete')]).toEqual(['?', '?', '25', 'false']);
    expect([cell(b, 'us.section301.list3'), cell(b, 'us.ieepa.fentanyl'), cell(b, 'us.ieepa.reciprocal'), cell(b, 'mfn'), cell(b, 'total_rate_pct')]).toEqual(['', '20', '10', '17.6%', '47.6']);
  });

  test('--fail-above exits 1 and names the rows; --strict catches incomplete rows', () => {
    const input = 'hts,origin,date\n9503.00.00,CN,2025-11-10\n9503.00.00,CN,2025-04-20\n';
    expect(tariff(['batch', '-', '--fail-above', '150'], input).code).toBe(0);
    const r = tariff(['batch', '-', '--fail-above', '50'], input);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1 rows exceed --fail-above 50%: rows 2');
    const s = tariff(['batch', '-', '--strict'], 'hts,origin,date\n0402.10.05.00,CN,2026-03-01\n');
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('--strict: 1 rows are incomplete');
  });

  test('an input column of the importer\'s own (an entry number) is passed over with a note, and the rows are answered', () => {
    const r = tariff(['batch', '-'], 'entry_no,hts,origin,date\nE1,9503.00.00,CN,2025-01-01\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: input column(s) entry_no are not used');
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });

  test('a file that cannot run (a semicolon-separated one) writes nothing: exit 2, a hint at the delimiter', () => {
    const r = tariff(['batch', '-', '--out', join(dir, 'never.csv')], 'hts;origin;date\n9503.00.00;CN;2025-01-01\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the header has no commas but ";": batch reads comma-separated CSV');
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('never'))).toEqual([]);
  });
});

describe('tariff quote thresholds', () => {
  test('--fail-above', () => {
    const over = tariff(['quote', '4202.92.91.00', '--date', '2025-04-20', '--fail-above', '100', '--json']);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('total 187.6% exceeds --fail-above 100%');
    expect(JSON.parse(over.stdout).total.rate_pct).toBe('187.6');
    expect(tariff(['quote', '4202.92.91.00', '--date', '2025-04-20', '--fail-above', '200', '--json']).code).toBe(0);
    expect(tariff(['quote', '4202.92.91.00', '--fail-above', 'lots']).code).toBe(2);
  });
  test('--strict turns warnings into exit 1', () => {
    expect(tariff(['quote', '9503.00.00', '--date', '2026-03-01', '--strict', '--json']).code).toBe(0);
    // notices (the MFN of the 2025 Basic Edition, --mode ocean) are not problems; data warnings (past the verified
    // date, past the latest HTS edition in the data) are
    expect(tariff(['quote', '9503.00.00', '--date', '2025-03-01', '--value', '100', '--strict', '--json']).code).toBe(0);
    const r = tariff(['quote', '9503.00.00', '--date', '2026-12-01', '--strict', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--strict: the answer carries 2 data warning(s)');
  });
});

describe('tariff diff', () => {
  test('2025-11-09 to 2025-11-10 for China: the fentanyl cut (EO 14357) and nothing else', () => {
    const j = JSON.parse(tariff(['diff', '--from', '2025-11-09', '--to', '2025-11-10', '--origin', 'CN', '--json']).stdout);
    expect(j.changes).toHaveLength(1);
    expect(j.changes[0]).toMatchObject({ measure: 'us.ieepa.fentanyl', kind: 'rate', from: '+20%', to: '+10%', heading_to: '9903.01.24' });
    expect(j.changes[0].events[0].citation.title).toContain('EO 14357');
    const text = tariff(['diff', '--from', '2025-11-09', '--to', '2025-11-10', '--origin', 'CN']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('+20% -> +10%');
    expect(text.stdout).not.toContain('reciprocal');
  });
  test('--hts narrows to one product and gives its totals', () => {
    const j = JSON.parse(tariff(['diff', '--from', '2026-02-23', '--to', '2026-02-24', '--hts', '8471.30.01.00', '--origin', 'CN', '--json']).stdout);
    expect(j.changes.map((c: { measure: string; kind: string }) => `${c.measure} ${c.kind}`)).toEqual(['us.ieepa.fentanyl rate', 'us.ieepa.reciprocal-china-suspended rate', 'us.ieepa.reciprocal rate', 'us.section122.surcharge rate']);
    expect(j.quotes.map((q: { total: { rate_pct: string } }) => q.total.rate_pct)).toEqual(['10', '0']);
  });
  test('in-transit windows show as scope changes', () => {
    const j = JSON.parse(tariff(['diff', '--from', '2025-03-06', '--to', '2025-03-07', '--origin', 'CN', '--json']).stdout);
    expect(j.changes.map((c: { kind: string; heading_to: string }) => `${c.kind} ${c.heading_to}`)).toEqual(['scope 9903.01.23']);
    // over every origin the day also brings the USMCA exemption of goods of Canada and Mexico and the potash duties
    const all = JSON.parse(tariff(['diff', '--from', '2025-03-06', '--to', '2025-03-07', '--json']).stdout);
    expect(all.changes.map((c: { kind: string; heading_to: string }) => `${c.kind} ${c.heading_to}`)).toEqual(expect.arrayContaining(['scope 9903.01.23', 'scope 9903.01.14', 'scope 9903.01.04', 'rate 9903.01.15', 'rate 9903.01.05']));
  });
});

describe('tariff timeline', () => {
  test('every step for the travel bag, with its totals and events', () => {
    const r = tariff(['timeline', '4202.92.91.00', '--from', '2018-06-01', '--to', '2026-08-01', '--json']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t.steps.map((s: { from: string; rate_pct: string }) => `${s.from} ${s.rate_pct}`)).toEqual([
      '2018-06-01 17.6', '2018-09-24 27.6', '2019-05-10 42.6', '2025-02-04 52.6', '2025-03-04 62.6', '2025-04-05 72.6',
      '2025-04-09 146.6', '2025-04-10 187.6', '2025-05-14 72.6', '2025-11-10 62.6', '2026-02-24 52.6', '2026-07-24 55.1',
    ]);
    expect(t.steps[7].events[0].citation.title).toContain('EO 14266');
    const chart = tariff(['timeline', '4202.92.91.00', '--from', '2025-04-01', '--to', '2025-06-01']);
    expect(chart.stdout).toMatch(/2025-04-10 \.\. 2025-05-13  █{40}  187\.6%/);
  });
});

describe('tariff completion', () => {
  test.each(['bash', 'zsh'])('%s script names every command', (shell) => {
    const r = tariff(['completion', shell]);
    expect(r.code).toBe(0);
    for (const c of ['quote', 'compare', 'batch', 'diff', 'timeline', 'schedules', 'hts', '--fail-above']) expect(r.stdout).toContain(c);
  });
  test('other shells are refused', () => expect(tariff(['completion', 'fish']).code).toBe(2));
});

describe('tariff sources', () => {
  test('a heading: the HTS heading text and every measure value and exception that names it, with citations', () => {
    const r = tariff(['sources', '9903.01.24']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('9903.01.24 (HTS 2026 Revision 10): Except for products described in headings 9903.01.21');
    expect(r.stdout).toContain('2025-11-10  +10% 9903.01.24  [confirmed]');
    expect(r.stdout).toContain('EO 14357');
    expect(r.stdout).toContain('Learning Resources');
  });
  test('a measure by id, as JSON, with unconfirmed values labelled', () => {
    const j = JSON.parse(tariff(['sources', 'steel-derivatives-ch73', '--json']).stdout);
    expect(j.measures.map((m: { measure: string }) => m.measure)).toEqual(['us.section232.steel-derivatives-ch73']);
    expect(j.measures[0].values.map((v: { from: string; basis: string }) => `${v.from} ${v.basis}`)).toEqual(['2025-03-12 customs_value', '2025-06-04 content:steel', '2026-04-06 customs_value']);
    expect(j.measures[0].values[1].status).toContain('unconfirmed');
  });
  test('an unknown heading or measure: exit 2', () => {
    expect(tariff(['sources', '9999.99.99']).code).toBe(2);
    expect(tariff(['sources', 'nothing-like-this']).stderr).toContain('no measure, fee or duty matches');
  });
});

describe('tariff batch input edge cases', () => {
  test('an empty input cannot run (exit 2); a header alone gives no rows (exit 0)', () => {
    const empty = tariff(['batch', '-'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('the input is empty');
    const header = tariff(['batch', '-'], 'hts,origin,date\n');
    expect(header.code).toBe(0);
    expect(header.stdout.trim().split('\n')).toHaveLength(1);
  });
  test('each row says the currency of its amounts: USD into the US, CNY into China', () => {
    const r = tariff(['batch', '-'], 'hts,origin,date,value,importer\n9503.00.00,CN,2025-06-01,100,\n1201.90.19,US,2026-06-01,100,CN\n');
    expect(r.stdout.trim().split('\n').slice(1).map((l) => l.split(',').slice(7, 9).join(' '))).toEqual(['30.00 USD', '40.50 CNY']);
  });

  test('a byte-order mark and CRLF line endings are read as usual', () => {
    const r = tariff(['batch', '-'], '\ufeffhts,origin,date,value\r\n9503.00.00,CN,2025-06-01,100\r\n');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1]).toMatch(/^1,9503\.00\.00,CN,US,2025-06-01,100,30,30\.00,USD,true,/);
  });
});

test('an incomplete timeline exits 1 and says what is missing', () => {
  const r = tariff(['timeline', '7326.90.86.88', '--from', '2025-06-01', '--to', '2025-07-01']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('--content steel=PCT');
  expect(tariff(['timeline', '7326.90.86.88', '--from', '2025-06-01', '--to', '2025-07-01', '--content', 'steel=60']).code).toBe(0);
});

describe('batch sharing between products of one plainClass', () => {
  test('CSV answers are the same with and without sharing (plainClass, measure class, change points), on random, entry-line and mixed-origin rows, with far fewer assessments', () => {
    const csv = { escape: csvField, encode: (s: string) => Buffer.from(s) };
    for (const profile of ['random', 'entries', 'mixed']) {
      const rows = generate(40_000, profile, 7).trim().split('\n').slice(1).map((l: string) => l.split(','));
      const shared = new BatchAnswerer(dataset(), AS_OF, csv);
      const own = new BatchAnswerer(dataset(), AS_OF, csv, false);
      const text = (r: RowResult) => [r.error, r.rate_pct, r.amount, r.complete, r.missing.join(';'), r.entry?.cells, r.entry?.warnings, r.entry?.bytes && Buffer.from(r.entry.bytes.valued.after).toString()].join('\t');
      for (const [hts, origin, date, value] of rows) {
        const row = inputRow((c) => ({ hts, origin, date, value })[c as 'hts']);
        const a = shared.answer(row);
        const b = own.answer(row);
        if (text(a) !== text(b)) expect(text(a), `${hts} ${origin} ${date}`).toBe(text(b));
      }
      // the sharing is real: the entry lines (2,000 products) need a fraction of the assessments,
      // and many answers are a measure class's base with the product's own MFN line
      expect(shared.assessed, profile).toBeLessThan(own.assessed * (profile === 'random' ? 0.5 : 0.2));
      expect(shared.composed, profile).toBeGreaterThan(shared.assessed);
    }
  }, 240_000);
});

describe('the byte path of CSV batch', () => {
  /** runs transform over the input (in 4,099-byte chunks, so lines cross chunk edges) and returns the output and the checks */
  async function run(input: string, bytePath: boolean) {
    const chunks: Buffer[] = [];
    const all = Buffer.from(input);
    for (let i = 0; i < all.length; i += 4099) chunks.push(all.subarray(i, i + 4099));
    const out: Buffer[] = [];
    const checks: Checks = { failAbove: Dec.of('50'), strict: true, over: [], strictRows: [], errors: [], notes: [] };
    const answerer = new BatchAnswerer(dataset(), AS_OF, { escape: csvField, encode: (s: string) => Buffer.from(s) });
    const rows = await transform(Readable.from(chunks), (b) => void out.push(Buffer.from(b)), 'auto', 'csv', answerer, checks, undefined, bytePath);
    return { rows, text: Buffer.concat(out).toString(), checks };
  }

  // plain rows as generated, and the same rows written in ways the byte path leaves to the general path
  const rows = [...generate(12_000, 'random', 11).trim().split('\n').slice(1), ...generate(12_000, 'entries', 12).trim().split('\n').slice(1)];
  const variants = rows.map((l: string, i: number) => {
    const [hts, origin, date, value] = l.split(',');
    switch (i % 11) {
      case 1: return `${hts},${origin},${date},`; // no value
      case 2: return `${hts.replace(/\./g, '')},${origin},${date},${value}`; // undotted code
      case 3: return `${hts.slice(0, 10)},${origin},${date},${value}`; // 8 digits (may cover several lines)
      case 4: return `${hts},${origin.toLowerCase()},${date},${value}`;
      case 5: return `${hts},${origin},${date},${['007.50', '12.50', '0', '.5', '1.234', '1e3', '-4', '1,000', '123456789012.34', '1234567890123'][i % 10]}`;
      case 6: return ` ${hts},${origin} ,${date},${value}`;
      case 7: return `"${hts}",${origin},${date},${value}\r`;
      case 8: return `${hts},${origin},${date.replace(/-/g, '/')},${value}`;
      case 9: return `${hts},${origin},${date},${value},extra`;
      case 10: return `9903.01.24,${origin},${date},${value}`;
      default: return l;
    }
  });

  test('writes what the general path writes, row for row, with the same checks, on plain and unusual rows', async () => {
    const input = ['hts,origin,date,value', ...rows, ...variants, '', '6201.40.40.11,CN,2025-06-01,5', '  '].join('\n') + '\n';
    const [fast, general] = [await run(input, true), await run(input, false)];
    expect(fast.rows).toBe(rows.length * 2 + 1);
    const a = fast.text.split('\n');
    const b = general.text.split('\n');
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) expect(a[i], `output line ${i}`).toBe(b[i]);
    expect(fast.checks).toEqual(general.checks);
    // the checks found something to compare
    expect([fast.checks.over.length > 100, fast.checks.strictRows.length > 100, fast.checks.errors.length > 100]).toEqual([true, true, true]);
  }, 120_000);

  test('columns in another order, and a header with other columns (no byte path), give the same rows', async () => {
    const reordered = ['value,date,hts,origin', ...rows.slice(0, 3000).map((l: string) => l.split(',').reverse().join(',').replace(/^([^,]*),([^,]*),([^,]*),([^,]*)$/, '$1,$2,$4,$3'))].join('\n');
    const [fast, general] = [await run(reordered, true), await run(reordered, false)];
    expect(fast.text).toBe(general.text);
    const withImporter = ['hts,origin,date,value,importer', ...rows.slice(0, 3000).map((l: string) => `${l},`)].join('\n');
    const plain = await run(['hts,origin,date,value', ...rows.slice(0, 3000)].join('\n'), true);
    expect((await run(withImporter, true)).text).toBe(plain.text);
  }, 60_000);
});

describe('withOwnMfn', () => {
  test('gives what assess gives for another product of the same measure class, and refuses a query with options', () => {
    const ds = dataset();
    const date = '2025-11-12';
    // chapter 42's 10-digit lines from China, grouped by measure class
    const codes = ds.chapter('42', 'US')!.lines.filter((l) => !l.from && !l.ends).map((l) => l.code).filter((c) => c.length === 13);
    const byMeasures = new Map<string, { q: Query; key: string }[]>();
    for (const hts of codes) {
      const q = normalizeQuery(ds, { hts, origin: 'CN', date });
      const cls = plainClass(ds, q);
      if (cls) byMeasures.set(cls.measures, [...(byMeasures.get(cls.measures) ?? []), { q, key: cls.key }]);
    }
    // pairs whose MFN rates differ
    const pairs = [...byMeasures.values()].flatMap((g) => g.slice(1).filter((x) => x.key !== g[0].key).map((x) => [g[0].q, x.q] as const));
    expect(pairs.length).toBeGreaterThan(10);
    const seen = (a: Assessment) => ({ lines: a.lines, warnings: a.warnings, missing: a.missing, summary: a.summary, product: a.product, query: a.query, fees: a.fees });
    for (const [base, other] of pairs) {
      const composed = withOwnMfn(ds, assess(ds, base, AS_OF), other);
      expect(composed && seen(composed), other.hts).toEqual(seen(assess(ds, other, AS_OF)));
    }
    const [base, other] = pairs[0];
    expect(withOwnMfn(ds, assess(ds, base, AS_OF), { ...other, claims: ['9903.01.21'] })).toBeUndefined();
    expect(withOwnMfn(ds, assess(ds, base, AS_OF), { ...other, mode: 'ocean' })).toBeUndefined();
    expect(plainClass(ds, { ...other, loaded: '2025-11-01' })).toBeUndefined();
  });
});

test('JSON Lines input takes content in the object form the output writes', () => {
  const row = JSON.stringify({ hts: '7326.90.86.88', origin: 'CN', date: '2026-03-15', content: { steel: '60' } });
  const out = JSON.parse(tariff(['batch', '-', '--format', 'jsonl'], row).stdout);
  expect(out.error).toBeNull();
  expect(out.query.content).toEqual({ steel: '60' });
  expect(out.total.rate_pct).toBe('61.9');
});

test('a suspended measure: rate_pct is the rate in law in JSON, and its batch CSV cell is what is charged (0)', () => {
  const q = JSON.parse(tariff(['quote', '9503.00.00', '--date', '2025-06-01', '--json']).stdout);
  expect(q.lines.find((l: { status: string }) => l.status === 'suspended')).toMatchObject({ rate: '+24%', rate_pct: '24', amount: null });
  const r = tariff(['batch', '-'], 'hts,origin,date\n9503.00.00,CN,2025-06-01\n').stdout.trim().split('\n').map((l) => l.split(','));
  expect(r[1]![r[0]!.indexOf('us.ieepa.reciprocal-china-suspended')]).toBe('0');
});

test('a product exception list\'s dates split only the products on it (change points of a plain class)', () => {
  const points = (hts: string) => plainClassPoints(dataset(), normalizeQuery(dataset(), { hts, origin: 'CN', date: '2025-06-01' }));
  // green tea is on the 2025-11-13 Annex II additions; toys are on no Annex II list
  expect(points('0902.10.10')).toContain('2025-11-13');
  expect(points('9503.00.00')).not.toContain('2025-11-13');
  expect(points('9503.00.00')).toContain('2025-11-10');
});

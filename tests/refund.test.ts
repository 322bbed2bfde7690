/** IEEPA refunds: the law per line, deposited against computed, interest day by day, CAPE phases and files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { Refunds, entryNumber, type RefundRow } from '../src/core/refund.js';
import { RefundRun, refundSummary } from '../src/core/refund-run.js';
import { dataset, ROOT, SCHEDULES } from './helpers.js';

const AS_OF = '2026-12-02';
const refunds = () => new Refunds(dataset(), AS_OF);
const row = (r: Partial<RefundRow>): RefundRow => ({ entry: 'ABC12345678', date: '2025-06-01', hts: '6109.10.00.12', origin: 'CN', value: '10000', ...r });

describe('the refund of an entry line', () => {
  test('the worked example: $10,000 of 6109.10.00.12 from China entered 2025-06-01, deposited 2025-06-11, liquidated 2026-03-20, corporate', () => {
    const e = refunds().entry([row({ deposited_on: '2025-06-11', liquidation_date: '2026-03-20', importer_type: 'corporate' })]);
    const l = e.lines[0]!;
    // IEEPA fentanyl 20% (9903.01.24) and reciprocal 10% (9903.01.25) of $10,000
    expect(l.ieepa_headings).toEqual(['9903.01.24 +20%', '9903.01.25 +10%']);
    expect([l.ieepa_computed, l.principal, l.principal_basis]).toEqual(['3000.00', '3000.00', 'computed']);
    // Section 301 List 4A 7.5% and MFN 16.5% are not refunded
    expect(l.not_refunded).toBe('2400.00');
    // interest = 3000 × (Π over each day from 2025-06-11 to 2026-03-19 of (1 + r/365) − 1), r the corporate rate of the
    // day's quarter (interest.yaml: 6% in 2025Q2 to 2026Q1), i.e. 3000 × ((1 + 0.06/365)^282 − 1) = 142.3302…
    const quarters = parse(readFileSync(SCHEDULES + '/us/refunds/interest.yaml', 'utf8')).quarters as { from: string; to: string; corporate?: string }[];
    let factor = 1;
    let days = 0;
    for (let d = Date.parse('2025-06-11'); d < Date.parse('2026-03-20'); d += 86_400_000, days++) {
      const iso = new Date(d).toISOString().slice(0, 10);
      const r = Number(quarters.find((q) => q.from <= iso && iso <= q.to)!.corporate!.replace('%', ''));
      factor *= 1 + r / 100 / 365;
    }
    expect(days).toBe(282);
    expect((3000 * (factor - 1)).toFixed(2)).toBe('142.33');
    expect(l.interest).toMatchObject({ amount: '142.33', from: '2025-06-11', to: '2026-03-20', days: 282 });
    expect(l.interest!.periods).toEqual([
      { quarter: '2025Q2', days: 20, rate_pct: '6' },
      { quarter: '2025Q3', days: 92, rate_pct: '6' },
      { quarter: '2025Q4', days: 92, rate_pct: '6' },
      { quarter: '2026Q1', days: 78, rate_pct: '6' },
    ]);
    expect([e.principal, e.interest, e.interest_complete]).toEqual(['3000.00', '142.33', true]);
    expect(e.notes).toEqual([]);
    // non-corporate: 7%
    expect(refunds().entry([row({ deposited_on: '2025-06-11', liquidation_date: '2026-03-20', importer_type: 'noncorporate' })]).interest).toBe((3000 * ((1 + 0.07 / 365) ** 282 - 1)).toFixed(2));
  });

  test('a line with no IEEPA duty: nothing to refund, and the other duties shown apart', () => {
    const e = refunds().entry([row({ date: '2026-02-24', deposited_on: '2026-03-05' })]);
    expect(e.lines[0]).toMatchObject({ ieepa_headings: [], ieepa_computed: '0.00', principal: '0.00' });
    expect(e.lines[0]!.not_refunded).not.toBe('0.00'); // Section 122, 301 and MFN still apply
    expect(e).toMatchObject({ principal: '0.00', interest: '0.00', interest_complete: true, phase: { kind: 'nothing' } });
  });

  test('entries of 2026-02-23 are refundable and of 2026-02-24 are not (CSMS 67834313)', () => {
    expect(refunds().line(row({ date: '2026-02-23' }), '1').principal).toBe('2000.00'); // fentanyl 10% + reciprocal 10%
    expect(refunds().line(row({ date: '2026-02-24' }), '1').principal).toBe('0.00');
  });

  test('a deposited amount that differs from the law\'s is what is refunded, and the difference is said', () => {
    const l = refunds().line(row({ ieepa_deposited: '2950.00' }), '1');
    expect([l.principal, l.principal_basis, l.difference]).toEqual(['2950.00', 'deposited', '-50.00']);
    expect(l.notes.join()).toContain('deposited $2950.00 differs from the $3000.00 the law gives on 2025-06-01 (9903.01.24 +20%, 9903.01.25 +10%)');
    expect(refunds().line(row({ ieepa_deposited: '3000' }), '1').difference).toBeNull();
    expect(refunds().line(row({ ieepa_deposited: '-5' }), '1').error).toContain('not an amount of zero or more');
  });

  test('a quarter with no known rate makes the interest not known, never zero', () => {
    const e = refunds().entry([row({ deposited_on: '2025-06-11', liquidation_date: '2026-05-15', importer_type: 'corporate' })]);
    expect(e.lines[0]!.interest).toMatchObject({ amount: null, missing: ['the interest rate for 2026Q2 (the rate for this quarter is not in the stored sources)'] });
    expect([e.principal, e.interest, e.interest_complete]).toEqual(['3000.00', null, false]);
  });

  test('what the interest rests on when dates are not given is said', () => {
    const e = refunds().entry([row({})]);
    expect(e.notes).toEqual([
      'deposit date not given: interest from the entry date 2025-06-01 (duties are deposited up to 12 working days after entry, 19 U.S.C. 1505(a))',
      `no liquidation or reliquidation date: interest estimated to ${AS_OF} (it runs to the liquidation or reliquidation that refunds the duty, 19 U.S.C. 1505(c))`,
      'importer type not given: the corporate rate is used (non-corporate importers get 1 point more)',
    ]);
  });

  test('an as-of day before the ruling is refused', () => {
    expect(() => new Refunds(dataset(), '2026-02-19')).toThrow('before 2026-02-20');
  });
});

describe('entry numbers and CAPE phases', () => {
  test('entry numbers as CBP forms them: filer codes with letters, hyphens dropped; the check digit is not checked', () => {
    expect(entryNumber('MYK-2800086-4')).toBe('MYK28000864');
    expect(entryNumber(' 123 4567890 1 ')).toBe('12345678901');
    expect(() => entryNumber('1234567890')).toThrow('a spreadsheet may have dropped its leading zeros');
    expect(() => entryNumber('AB-12')).toThrow('not 11 characters');
  });

  test('the phase on the as-of day: unliquidated, within 80 days, protest window, final, reliquidated, reconciliation, excluded types', () => {
    const phase = (r: Partial<RefundRow>, asOf = AS_OF) => new Refunds(dataset(), asOf).entry([row(r)]).phase;
    expect(phase({})).toMatchObject({ kind: 'phase 1', why: 'unliquidated', next: 'file in CAPE' });
    expect(phase({ liquidation_date: '2026-10-01' })).toMatchObject({ kind: 'phase 1', deadline: '2026-12-20' });
    expect(phase({ liquidation_date: '2026-09-01' })).toMatchObject({ kind: 'protest', deadline: '2027-02-28' });
    expect(phase({ liquidation_date: '2026-03-20' })).toMatchObject({ kind: 'final' });
    expect(phase({ liquidation_date: '2026-03-20' }, '2026-04-01')).toMatchObject({ kind: 'phase 1', next: 'file in CAPE (CAPE opens 2026-04-20) by 2026-06-08' });
    expect(phase({ reliquidation_date: '2026-11-20' })).toMatchObject({ kind: 'reliquidated', deadline: '2026-12-20' });
    expect(phase({ reconciliation: 'Y' })).toMatchObject({ kind: 'phase 2' });
    expect(phase({ entry_type: '9' })).toMatchObject({ kind: 'excluded', why: 'entry type 09 (reconciliation) is not taken by CAPE' });
  });
});

/** A run over CSV text: the entries it answers and its summary. */
function runOf(csv: string, asOf = AS_OF) {
  const run = new RefundRun(dataset(), asOf);
  const [head, ...lines] = csv.trim().split('\n');
  run.header(head!.split(','));
  const entries = lines.flatMap((l, i) => run.row(l.split(','), i + 1));
  entries.push(...run.end());
  return { run, entries, summary: refundSummary(run, asOf) };
}

describe('a file of entry lines', () => {
  test('the ACE layout: Chapter 99 rows give the deposited IEEPA duty of their line; others are passed over', () => {
    const { entries, run } = runOf([
      'Entry Number,Entry Summary Line Number,Entry Date,HTS Number,Country of Origin,Line Entered Value,Line Duty Amount',
      'ABC-1234567-8,1,2025-06-01,6109.10.00.12,CN,10000,1650.00',
      'ABC-1234567-8,1,2025-06-01,9903.01.24,CN,,2000.00',
      'ABC-1234567-8,1,2025-06-01,9903.01.25,CN,,1000.00',
      'ABC-1234567-8,1,2025-06-01,9903.88.15,CN,,750.00',
    ].join('\n'));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.lines).toHaveLength(1);
    expect(entries[0]!.lines[0]).toMatchObject({ ieepa_deposited: '3000.00', principal: '3000.00', principal_basis: 'deposited', difference: null });
    expect(run.passedOver).toBe(1);
  });

  test('an entry whose lines are not together is refused, with the row', () => {
    expect(() => runOf(['entry,date,hts,origin,value', 'ABC12345678,2025-06-01,6109.10.00.12,CN,100', 'ABC12345686,2025-06-01,6109.10.00.12,CN,100', 'ABC12345678,2025-06-01,6109.10.00.12,CN,100'].join('\n'))).toThrow('row 3: entry ABC12345678 appears again after other entries');
  });

  test('a row that cannot be read is an exception with its reason; the others are answered', () => {
    const { entries, run } = runOf(['entry,date,hts,origin,value', 'ABC12345678,2025-06-01,6109.10.00.12,CN,100', 'bad,2025-06-01,6109.10.00.12,CN,100', 'ABC12345686,2025-06-01,6109.10.00.12,ZZ,100'].join('\n'));
    expect(entries.map((e) => e.entry)).toEqual(['ABC12345678', 'ABC12345686']);
    expect(run.exceptions[0]).toMatchObject({ entry: 'bad', reason: expect.stringContaining('row 2: entry number "bad"') });
    expect(entries[1]!.lines[0]!.error).toContain('ZZ');
    expect(entries[1]).toMatchObject({ principal: null, principal_complete: false });
  });

  test('25,000 entries give three CAPE declaration files of at most 9,999, without duplicates', () => {
    const rows = ['entry,date,hts,origin,value,deposited_on,importer_type'];
    for (let i = 0; i < 25_000; i++) rows.push(`ABC${String(1_000_000 + i)}${i % 10},2025-11-12,9503.00.00.90,CN,100,2025-11-24,corporate`);
    const { run, summary } = runOf(rows.join('\n'), '2026-03-01');
    const files = run.capeFiles();
    expect([...files.keys()]).toEqual(['cape-001.csv', 'cape-002.csv', 'cape-003.csv']);
    expect([...files.values()].map((f) => f.length - 1)).toEqual([9_999, 9_999, 5_002]);
    const all = [...files.values()].flatMap((f) => f.slice(1));
    expect(new Set(all).size).toBe(25_000);
    expect([...files.values()].every((f) => f[0] === 'Entry Number')).toBe(true);
    // 20% of $100 on each entry
    expect(summary).toMatchObject({ entries: 25_000, principal: '500000.00', interest_complete: true });
  }, 60_000);
});

test('tariff refund through the built binary: the summary, the files, and exit 1 when something is not known', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refund-'));
  writeFileSync(join(dir, 'entries.csv'), ['entry,line,date,hts,origin,value,deposited_on,liquidation_date,importer_type', 'ABC-1234567-8,1,2025-06-01,6109.10.00.12,CN,10000,2025-06-11,2026-03-20,corporate', 'ABC-1234568-6,1,2025-11-12,9503.00.00.90,CN,2000,2025-11-24,2026-01-20,corporate'].join('\n') + '\n');
  const run = (...args: string[]) => spawnSync(process.execPath, [ROOT + 'bin/tariff', 'refund', join(dir, 'entries.csv'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COLUMNS: '80' } });
  const r = run('--as-of', '2026-03-30', '--out', join(dir, 'out'));
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('IEEPA refunds as of 2026-03-30: 2 entries, 2 lines');
  expect(r.stdout.split('\n').every((l) => l.length <= 80)).toBe(true);
  expect(readdirSync(join(dir, 'out')).sort()).toEqual(['cape-001.csv', 'entries.csv', 'exceptions.csv', 'lines.csv']);
  expect(readFileSync(join(dir, 'out/cape-001.csv'), 'utf8')).toBe('Entry Number\nABC12345678\nABC12345686\n');
  expect(readFileSync(join(dir, 'out/entries.csv'), 'utf8')).toContain('ABC12345678,,2025-06-01,1,3000.00,142.33,true,3142.33,phase 1,');
  const json = JSON.parse(run('--as-of', '2026-03-30', '--json').stdout);
  expect(json).toMatchObject({ entries: 2, principal: '3400.00', interest_complete: true });
  // on 2026-12-02 the unliquidated... liquidated entries are past CAPE's 80 days; a later liquidation needs 2026Q2+ rates
  writeFileSync(join(dir, 'later.csv'), 'entry,date,hts,origin,value\nABC12345678,2025-06-01,6109.10.00.12,CN,10000\n');
  const later = spawnSync(process.execPath, [ROOT + 'bin/tariff', 'refund', join(dir, 'later.csv'), '--as-of', '2026-12-02'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(later.status).toBe(1);
  expect(later.stderr).toContain('1 entries have a refund or interest that is not fully known');
  expect(spawnSync(process.execPath, [ROOT + 'bin/tariff', 'refund', join(dir, 'nope.csv')], { encoding: 'utf8' }).stderr).toContain('cannot read input file');
  // JSON Lines, with the ACE names, from standard input
  const jsonl = [
    { 'Entry Number': 'ABC-1234567-8', 'Entry Date': '2025-06-01', 'HTS Number': '6109.10.00.12', 'Country of Origin': 'CN', 'Line Entered Value': '10000', 'Deposit Date': '2025-06-11', 'Liquidation Date': '2026-03-20', 'Importer Type': 'corporate' },
  ].map((o) => JSON.stringify(o)).join('\n');
  const j = spawnSync(process.execPath, [ROOT + 'bin/tariff', 'refund', '-', '--as-of', '2026-03-30', '--json'], { input: jsonl, encoding: 'utf8' });
  expect(j.status).toBe(0);
  expect(JSON.parse(j.stdout)).toMatchObject({ entries: 1, principal: '3000.00', interest: '142.33', interest_complete: true });
});

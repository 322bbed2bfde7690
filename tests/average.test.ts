/** Average tariffs: hand-computed mixes, contributions that add up, assumptions, and codes not valid on the date. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Averager, sectionOf, type WeightRow } from '../src/core/average.js';
import { quote } from '../src/core/engine.js';
import { dataset, ROOT, AS_OF } from './helpers.js';

const avg = (rows: WeightRow[], dates: string[], o: { flatShare?: string; by?: 'chapter' | 'section' } = {}) => new Averager(dataset(), { asOf: AS_OF, ...o }).run(rows, dates);
const cn = (hts: string, value: number): WeightRow => ({ hts, origin: 'CN', value });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the average of a product mix', () => {
  test('three lines, by hand: toys 20%, travel bags 62.6%, T-shirts 44% on 2025-11-10', () => {
    // toys 9503.00.00.90: fentanyl 10 + reciprocal 10 (MFN Free); bags 4202.92.91.00: List 3 25 + 10 + 10 + MFN 17.6;
    // T-shirts 6109.10.00.12: List 4A 7.5 + 10 + 10 + MFN 16.5
    for (const [hts, rate] of [['9503.00.00.90', '20'], ['4202.92.91.00', '62.6'], ['6109.10.00.12', '44']]) expect(quote(dataset(), { hts: hts!, origin: 'CN', date: '2025-11-10', asOf: AS_OF }).total.rate_pct).toBe(rate);
    const [d] = avg([cn('9503.00.00.90', 1000), cn('4202.92.91.00', 3000), cn('6109.10.00.12', 6000)], ['2025-11-10']);
    // (1000 × 20 + 3000 × 62.6 + 6000 × 44) / 10000 = 47.18; simple (20 + 62.6 + 44) / 3 = 42.2
    expect(d!.average_pct).toBeCloseTo(47.18, 10);
    expect(d!.simple_pct).toBeCloseTo(42.2, 10);
    expect([d!.lines_answered, d!.value_answered, d!.value_left_out]).toEqual([3, 10000, 0]);
    // fentanyl and reciprocal add 10 points each; List 3 25 × 0.3 = 7.5; List 4A 7.5 × 0.6 = 4.5; MFN 17.6 × 0.3 + 16.5 × 0.6 = 15.18
    const part = (m: string) => d!.contributions.find((c) => c.measure === m)!.pts;
    expect([part('us.ieepa.fentanyl'), part('us.ieepa.reciprocal'), part('us.section301.list3'), part('us.section301.list4a'), part('us.mfn')].map((x) => x.toFixed(6))).toEqual(['10.000000', '10.000000', '7.500000', '4.500000', '15.180000']);
  });

  test('an assumption moves the figure as computed by hand: a steel derivative at 40% and 60% steel', () => {
    // 7326.90.86.88 on 2025-11-10: List 3 25 + fentanyl 10 + reciprocal 10 on the non-steel part + Section 232 50 on the
    // steel part + MFN 2.9: at s% steel, 37.9 + 10 × (1 − s/100) + 50 × s/100
    const at = (s: string) => avg([cn('7326.90.86.88', 1000)], ['2025-11-10'], { flatShare: s })[0]!;
    expect(at('40').average_pct).toBeCloseTo(37.9 + 6 + 20, 10);
    expect(at('60').average_pct).toBeCloseTo(37.9 + 4 + 30, 10);
    expect(at('40').assumptions).toEqual([{ what: 'metal content 40% of value', lines: 1, value: 1000, moved_pts: null }]);
    // beside a line that needs nothing: the assumption's effect on the average is said
    const [d] = avg([cn('7326.90.86.88', 1000), cn('9503.00.00.90', 1000)], ['2025-11-10'], { flatShare: '40' });
    expect(d!.average_pct).toBeCloseTo((63.9 + 20) / 2, 10);
    expect(d!.assumptions[0]!.moved_pts).toBeCloseTo((63.9 + 20) / 2 - 20, 10);
    // without an assumption the line is left out, with its reason: never priced at zero
    const none = new Averager(dataset(), { asOf: AS_OF }).run([cn('7326.90.86.88', 1000)], ['2025-11-10'])[0]!;
    expect(none).toMatchObject({ average_pct: null, value_left_out: 1000 });
    expect(none.left_out[0]!.reason).toBe('a metal content the content shares do not give for the line');
  });

  test('a code not valid on the date is answered by its 8-digit line and counted, or reported; never dropped', () => {
    const [d] = avg([cn('8507.60.00.20', 1000), cn('0101.99.99.99', 500), cn('9999.95.00.00', 200)], ['2026-03-01']);
    expect(d!.mapped).toEqual({ lines: 1, value: 1000 });
    expect(d!.value_answered).toBe(1000);
    expect(d!.left_out).toEqual([
      { reason: 'not in the HTS', lines: 1, value: 500 },
      { reason: 'chapter 99 (not a product line)', lines: 1, value: 200 },
    ]);
  });

  test('on the shipped weights, the contributions add up to each average, and 2025-11-10 cuts exactly 10.0 points', () => {
    const rows = readFileSync(ROOT + 'weights/us-imports-2024-cn-hk.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).filter((f) => f[1] === 'CN').map(([hts, origin, v]) => ({ hts: hts!, origin: origin!, value: Number(v) }));
    expect(rows.length).toBe(14_422);
    const res = avg(rows, ['2025-11-09', '2025-11-10'], { by: 'section' });
    for (const d of res) {
      expect(sum(d.contributions.map((c) => c.pts))).toBeCloseTo(d.average_pct!, 9);
      expect(d.value_answered + d.value_left_out).toBeCloseTo(sum(rows.map((r) => r.value)), 0);
      expect(sum(d.groups!.map((g) => g.value))).toBeCloseTo(d.value_answered, 0);
    }
    expect(res[1]!.change_pts).toBeCloseTo(-10, 9);
    const fentanyl = res.map((d) => d.contributions.find((c) => c.measure === 'us.ieepa.fentanyl')!.pts);
    expect(fentanyl.map((x) => x.toFixed(9))).toEqual(['20.000000000', '10.000000000']);
  }, 60_000);

  test('a specific rate is priced at the quantity of the weights, and left out without one', () => {
    // 0402.10.05.00 on 2025-11-10: List 4A 7.5% + fentanyl 10% + reciprocal 10% + MFN 3.3¢/kg; 100 kg worth $1,000:
    // (75 + 100 + 100 + 3.30) / 1000 = 27.83%
    const [d] = avg([{ hts: '0402.10.05.00', origin: 'CN', value: 1000, qty: '100', unit: 'kg' }], ['2025-11-10']);
    expect(d!.average_pct).toBeCloseTo(27.83, 10);
    expect(d!.contributions.find((c) => c.measure === 'us.mfn')!.pts).toBeCloseTo(0.33, 10);
    const [none] = avg([cn('0402.10.05.00', 1000)], ['2025-11-10']);
    expect(none!.left_out).toEqual([{ reason: 'a specific rate, and no quantity (a qty and unit column in the weights prices it)', lines: 1, value: 1000 }]);
  });

  test('sections of the HTS by chapter', () => {
    expect([sectionOf(1).key, sectionOf(42).key, sectionOf(72).key, sectionOf(85).key, sectionOf(98).key]).toEqual(['I', 'VIII', 'XV', 'XVI', 'XXII']);
  });
});

test('tariff average through the built binary: CSV, a weights file of one\'s own, and bad flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'average-'));
  writeFileSync(join(dir, 'w.csv'), 'hts,origin,value\n9503.00.00.90,CN,1000\n4202.92.91.00,CN,3000\n6109.10.00.12,CN,6000\n');
  const run = (...args: string[]) => spawnSync(process.execPath, [ROOT + 'bin/tariff', 'average', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COLUMNS: '80' } });
  const csv = run('--weights', join(dir, 'w.csv'), '--dates', '2025-11-09,2025-11-10', '--csv');
  expect(csv.status).toBe(0);
  const [head, a, b] = csv.stdout.trim().split('\n');
  expect(head).toMatch(/^date,average_pct,simple_pct,low_pct,high_pct,change_pts,lines_answered,value_answered,value_left_out,pts:/);
  expect(a!.split(',').slice(0, 2)).toEqual(['2025-11-09', '57.18']);
  expect(b!.split(',').slice(0, 2)).toEqual(['2025-11-10', '47.18']);
  const table = run('--weights', join(dir, 'w.csv'), '--dates', '2025-11-09,2025-11-10');
  expect(table.stdout).toContain('Average tariff, weighted by');
  expect(table.stdout.split('\n').every((l) => l.length <= 80)).toBe(true);
  expect(run('--dates', '2025-11-10', '--by', 'country').stderr).toContain('--by must be chapter, section or measure');
  expect(run('--weights', join(dir, 'nope.csv'), '--dates', '2025-11-10').stderr).toContain('cannot read weights');
  expect(run('--dates', '2025-11-10', '--from', '2025-01-01').stderr).toContain('give --dates or --from/--to, not both');
  expect(run().status).toBe(2);
});

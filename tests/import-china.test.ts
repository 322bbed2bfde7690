/** `npm run import:china` on excerpts of the shared China data (tests/fixtures/china). */
import { china2026Reports } from '../src/import/china-2026.js';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { importChina } from '../src/import/china.js';
import { loadSchedules, formatError } from '../src/build/load.js';
import { htsDescriptor } from '../src/core/schema.js';
import { ROOT } from './helpers.js';

const FIXTURE = ROOT + 'tests/fixtures/china';

test('writes the nomenclature with dated MFN rates and the product lists', () => {
  const out = mkdtempSync(join(tmpdir(), 'tariff-cn-'));
  const counts = importChina(FIXTURE, out);
  const tsv = readFileSync(join(out, 'cn/tariff/lines.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const byCode = new Map(tsv.slice(1).map((r) => [r[0], r]));
  // one line per 8-digit code when its 10-digit lines agree; the 10-digit lines when they differ (cotton quota lines)
  expect(byCode.get('1201.90.10')?.slice(3)).toEqual(['3%', 'Soya beans, whether or not broken: Other: Yellow soya beans, whether or not broken, other than for seed', '2018-01-01=3']);
  expect(byCode.get('8703.23.42')?.[5]).toBe('2018-01-01=25|2018-07-01=15');
  expect(byCode.get('5201.00.00')?.[3]).toBe('');
  expect(byCode.get('5201.00.00.90')?.slice(3, 4)).toEqual(['40%']);
  expect(byCode.get('1005.90.00')?.[4]).toMatch(/\(out-of-quota\)$/);
  // value-threshold lines (A/B) carry no single ad valorem rate
  expect(byCode.get('8521.10.11')?.[5]).toBe('2018-01-01=');
  expect(byCode.get('8521.10.11')?.[4]).toContain('[MFN depends on unit value: 7.5% (2019) below the threshold');
  const descriptor = htsDescriptor.parse(parse(readFileSync(join(out, 'cn/tariff/tariff.yaml'), 'utf8')));
  expect(descriptor).toMatchObject({ id: 'cn.tariff', importer: 'CN', mfn_known_through: '2019-06-12', mfn_dates: ['2018-01-01', '2018-07-01'] });
  expect(descriptor.source.lines).toBe(10);
  // product lists: the 2018 lists from the layer table; the 2019 round by HS6, irregular increments left out
  expect(counts).toMatchObject({ 'cn/section301/products/list1.txt': 6, 'cn/retaliation-232/products/rate-25.txt': 1, 'cn/section301/products/auto-suspension-list1.txt': 1 });
  const r3 = readFileSync(join(out, 'cn/section301/products/round3-5pct-hs6.txt'), 'utf8');
  expect(r3).toContain('APPROXIMATE');
  expect(r3.split('\n').filter((l) => /^\d/.test(l))).toEqual(['120190', '270900']);
  expect(readFileSync(join(out, 'cn/section301/products/round3-10pct-hs6.txt'), 'utf8')).toMatch(/\n020312\n$/);
});

test('refuses a product list code that is not in the nomenclature', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tariff-cn-bad-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const f = join(dir, 'cn_232_retaliation_2018_hs8.csv');
  writeFileSync(f, readFileSync(f, 'utf8') + '99999999,232_retaliation_2018,,129,15,2018-04-02,x,y\n');
  expect(() => importChina(dir, mkdtempSync(join(tmpdir(), 'tariff-cn-out-')))).toThrow('rate-15.txt: 1 codes not in the nomenclature (99999999)');
});

test('the committed China schedules validate and every China measure cites an instrument', () => {
  const s = loadSchedules(ROOT + 'schedules');
  expect(s.errors.map(formatError)).toEqual([]);
  const cn = s.measures.filter((m) => m.importer === 'CN');
  expect(cn.length).toBe(16);
  for (const m of cn) for (const v of Object.values(m.values)) expect(v.reference.title).toMatch(/税委会公告|MOF|Announcement of/);
});

describe('the 2026 tariff book import (src/import/china-2026.ts)', () => {
  const csv = [
    'hs8,hs_display,description_zh_as_parsed,rate_text_as_parsed,mfn_2026_pct,provisional_2026_pct,parse_flag,schedule_2026_page,product_group_en',
    '12019011,1201.9011,x,3,3,,ok,1,soybeans',
    '12019019,1201.9019,x,3,3,,ok,1,soybeans',
    '27111200,2711.1200,x,5∆1,5,1,ok_with_provisional,2,propane',
    '10019900,1001.9900,x,65③,65,,trq_footnote_marker,3,wheat',
    '02071411,0207.1411,x,①,,,footnote_marker_only,4,chicken cuts',
    '88061000,8806.1000,x,2,2,,ok,5,drones',
  ].join('\n');
  const codes = ['12019010', '12019090', '27111200', '10019900', '02071400'];
  const { reports, skipped, unplaced } = china2026Reports(csv, codes);
  test('a 2026 line goes under its own 8 digits, or under its 6-digit subheading when the old nomenclature lacks it and the rates agree', () => {
    expect(reports.map((r) => [r.products.join(' '), r.rate])).toEqual([['27111200', '1%'], ['120190', '3%'], ['10019900', '65%']]);
  });
  test('the provisional rate wins; a tariff-quota line says it carries the out-of-quota rate', () => {
    expect(reports[0]!.note).toContain('provisional');
    expect(reports[2]!.note).toContain('out-of-quota');
  });
  test('lines without a usable rate, or with no line to carry them, are left out and named, never zeroed', () => {
    expect(skipped).toEqual(['02071411']);
    expect(unplaced).toEqual(['88061000']);
  });
});

/**
 * Every origin: the worked examples of issue 15 (derived from the instruments), the day before and the day of each
 * date the country measures add, every country of the data answerable, Special program claims, column 2 and the
 * sourcing comparison.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importOrigins } from '../src/import/origins.js';
import { describe, expect, test } from 'vitest';
import { quote, type QueryInput } from '../src/core/engine.js';
import { compare } from '../src/core/compare.js';
import { addDays } from '../src/core/dates.js';
import { everyOrigin } from '../src/core/countries.js';
import { reaches } from '../src/core/origins.js';
import { dataset, ROOT, SCHEDULES, AS_OF } from './helpers.js';

const q = (hts: string, origin: string, date: string, more: Partial<QueryInput> = {}) => quote(dataset(), { hts, origin, date, asOf: AS_OF, ...more });
/** the total, and each line as "heading rate status" (MFN last) */
const stack = (hts: string, origin: string, date: string, more: Partial<QueryInput> = {}) => {
  const r = q(hts, origin, date, more);
  return { total: r.total.rate_pct, lines: r.lines.map((l) => `${l.heading ?? '-'} ${l.rate_pct ?? l.rate} ${l.status}`) };
};
const TOYS = '9503.00.00';
const BAGS = '4202.92.91.00';

describe('the worked examples', () => {
  test.each([
    ['VN', '2025-06-01', '10', '9903.01.25'],
    ['VN', '2025-08-07', '20', '9903.02.69'],
    ['VN', '2026-03-01', '10', '9903.03.01'],
    ['VN', '2026-08-01', '12.5', '9903.05.84'],
    ['DE', '2025-08-07', '15', '9903.02.20'],
    ['MX', '2025-06-01', '25', '9903.01.01'],
  ])('toys (MFN Free) of %s on %s: %s percent under %s', (origin, date, total, heading) => {
    const r = stack(TOYS, origin, date);
    expect(r.total).toBe(total);
    expect(r.lines.some((l) => l.startsWith(`${heading} `) && !l.endsWith(' exempt'))).toBe(true);
  });

  test('travel bags (MFN 17.6%) of Germany on 2025-08-07: MFN above the 15% floor, no reciprocal duty, 9903.02.19 reported', () => {
    const r = q(BAGS, 'DE', '2025-08-07');
    expect(r.total.rate_pct).toBe('17.6');
    const rec = r.lines.find((l) => l.measure === 'us.ieepa.reciprocal')!;
    expect(rec).toMatchObject({ heading: '9903.02.19', rate_pct: '0' });
    expect(rec.notes.join(' ')).toMatch(/at or above the 15% floor/);
  });

  test('toys of Mexico on 2025-06-01 with --spi S (USMCA): 0%, the fentanyl duty lifted under 9903.01.04', () => {
    const r = stack(TOYS, 'MX', '2025-06-01', { spi: 'S' });
    expect(r.total).toBe('0');
    expect(r.lines).toContain('9903.01.04 0 exempt');
  });
});

describe('the day before and the day of each date', () => {
  // [origin, product, date, total the day before, total on the day]
  test.each([
    ['VN', TOYS, '2025-04-05', '0', '10'], // baseline (EO 14257)
    ['VN', TOYS, '2025-04-09', '10', '46'], // Annex I, one day
    ['VN', TOYS, '2025-04-10', '46', '10'], // suspended (EO 14266)
    ['VN', TOYS, '2025-08-07', '10', '20'], // EO 14326
    ['VN', TOYS, '2026-02-24', '20', '10'], // IEEPA ends, Section 122 starts
    ['VN', TOYS, '2026-07-24', '10', '12.5'], // Section 122 ends, note 52
    ['DE', TOYS, '2025-08-07', '10', '15'], // EU floor
    ['CH', TOYS, '2025-11-14', '39', '15'], // Swiss floor
    ['KR', TOYS, '2025-11-14', '15', '15'], // Korea: 15% additive, then the floor (the same on a Free line)
    ['MX', TOYS, '2025-03-04', '0', '25'], // southern border order
    ['CA', TOYS, '2025-08-01', '25', '35'], // northern border raised
    ['BR', TOYS, '2025-08-06', '10', '50'], // EO 14323
    ['IN', TOYS, '2025-08-27', '25', '50'], // EO 14329 on top of India's 25% (EO 14326)
    ['IN', TOYS, '2026-02-07', '50', '25'], // EO 14329 ended
  ])('%s %s on %s: %s -> %s percent', (origin, hts, date, before, on) => {
    expect([q(hts, origin, addDays(date, -1)).total.rate_pct, q(hts, origin, date).total.rate_pct]).toEqual([before, on]);
  });

  test('the EU list of unavailable natural resources (9903.02.74) from 2025-09-01: an 8% line pays the floor the day before, nothing on the day', () => {
    expect(q('0711.90.30', 'DE', '2025-08-31').total.rate_pct).toBe('15');
    expect(stack('0711.90.30', 'DE', '2025-09-01')).toEqual({ total: '8', lines: ['9903.02.74 0 exempt', '- 8 in force'] });
  });

  test('goods loaded before 2025-08-07 keep 10% until 2025-10-04, and pay the EO 14326 rate when entered from 2025-10-05', () => {
    expect(q(TOYS, 'VN', '2025-10-04', { loaded: '2025-08-01' }).total.rate_pct).toBe('10');
    expect(q(TOYS, 'VN', '2025-10-05', { loaded: '2025-08-01' }).total.rate_pct).toBe('20');
    expect(q(TOYS, 'VN', '2025-10-04', { loaded: '2025-08-07' }).total.rate_pct).toBe('20');
  });

  test('Nicaragua (Section 301, 9903.89.01): +0% in 2026, +10% from 2027-01-01 (scheduled, unconfirmed), none on CAFTA-DR goods (--spi P)', () => {
    expect(q(TOYS, 'NI', '2026-12-31').lines.find((l) => l.measure === 'us.section301.nicaragua')!.rate_pct).toBe('0');
    const on = q(TOYS, 'NI', '2027-01-01');
    expect(on.lines.find((l) => l.measure === 'us.section301.nicaragua')).toMatchObject({ rate_pct: '10', status: 'scheduled' });
    expect(on.warnings.join(' ')).toMatch(/the 2027 step is written in the USTR action/);
    expect(q(TOYS, 'NI', '2027-01-01', { spi: 'P' }).lines.find((l) => l.measure === 'us.section301.nicaragua')!.status).toBe('exempt');
  });

  test('the USMCA claim lifts the fentanyl duty from 2025-03-07, not before', () => {
    expect(q(TOYS, 'MX', '2025-03-06', { spi: 'S' }).total.rate_pct).toBe('25');
    expect(q(TOYS, 'MX', '2025-03-07', { spi: 'S' }).total.rate_pct).toBe('0');
  });

  test('a Swiss travel bag (17.6%) pays 39% on 2025-11-13 and nothing reciprocal from 2025-11-14 (9903.02.82)', () => {
    expect(q(BAGS, 'CH', '2025-11-13').total.rate_pct).toBe('56.6');
    const on = q(BAGS, 'CH', '2025-11-14');
    expect(on.total.rate_pct).toBe('17.6');
    expect(on.lines.find((l) => l.measure === 'us.ieepa.reciprocal')!.heading).toBe('9903.02.82');
  });
});

describe('origins', () => {
  const ds = dataset();
  test('every ISO 3166 country is answerable on a date of each regime, and nothing is answered as another origin', () => {
    for (const origin of everyOrigin().filter((c) => c !== 'US')) {
      for (const date of ['2025-06-01', '2026-03-01', '2026-08-01']) {
        const r = q(TOYS, origin, date);
        expect(r.query.origin).toBe(origin);
        expect(r.lines.at(-1)!.measure).toBe('us.mfn');
      }
    }
  });

  test('the countries of the data files reach their measures (note 52 economies, column 2)', () => {
    const note52 = ds.measures.find((m) => m.id === 'us.section301.forced-labor-world')!;
    expect(note52.origins).toHaveLength(58 + 26); // 57 economies and the EU's 27 members
    for (const c of ['DE', 'FR', 'VN', 'MX', 'RU']) expect(reaches(note52, c)).toBe(true);
    for (const c of ['MO', 'BY', 'CU', 'KP', 'CN']) expect(reaches(note52, c)).toBe(false);
  });

  test('column 2 for Russia from 2022-04-09: the Column 2 rate of the line and no reciprocal duty (9903.01.29)', () => {
    expect(q(TOYS, 'RU', '2022-04-08').lines.at(-1)!.rate).toBe('Free');
    const r = q(TOYS, 'RU', '2025-06-01');
    expect(r.lines.at(-1)).toMatchObject({ name: 'Column 2', rate: '70%' });
    expect(r.lines.find((l) => l.measure === 'us.ieepa.reciprocal')).toMatchObject({ heading: '9903.01.29', status: 'exempt' });
  });

  test('unknown codes and groups are refused with the valid codes', () => {
    expect(() => q(TOYS, 'ZZ', '2025-06-01')).toThrow(/origin "ZZ" is not an ISO 3166 country code; the valid codes are AD AE AF/);
    expect(() => q(TOYS, 'EU', '2025-06-01')).toThrow(/EU is a group: give one of its members, AT, BE/);
    expect(() => q(TOYS, 'US', '2025-06-01')).toThrow(/the importing country/);
  });
});

describe('Special program claims (--spi)', () => {
  test('a program the origin may not claim is refused with the reason', () => {
    expect(() => q(TOYS, 'VN', '2025-06-01', { spi: 'S' })).toThrow(/USMCA.*is for goods of CA, MX; goods of VN may not claim it/);
    expect(() => q(BAGS, 'BD', '2025-06-01', { spi: 'A' })).toThrow(/GSP.*ended on 2020-12-31/);
    expect(() => q(BAGS, 'MX', '2025-06-01', { spi: 'ZQ' })).toThrow(/not a Special Program Indicator of the HTS/);
  });

  test('the Special rate the line prints replaces General: Australian travel bags are Free under AU, and note 52 still applies', () => {
    const r = q(BAGS, 'AU', '2026-08-01', { spi: 'AU' });
    expect(r.lines.at(-1)).toMatchObject({ rate: 'Free' });
    expect(r.total.rate_pct).toBe('12.5');
    expect(q(BAGS, 'AU', '2026-08-01').total.rate_pct).toBe('30.1');
  });

  test('a line with no Special rate under the program is refused; on a Free line the claim only qualifies the goods', () => {
    expect(() => q('8703.23.01.90', 'MA', '2025-06-01', { spi: 'AU' })).toThrow(/AU.*is for goods of AU/);
    expect(() => q('0101.21.00', 'CA', '2025-06-01', { spi: 'S' })).not.toThrow();
  });
});

describe('Section 232 autos: the EU, Japan and Korea floors; the terms not yet modelled are not determined, never the general rate', () => {
  test.each([
    ['DE', '2025-08-01', '9903.94.51'],
    ['JP', '2025-09-16', '9903.94.41'],
    ['KR', '2025-11-01', '9903.94.61'],
  ])('a car of %s (MFN 2.5%%): 27.5 percent the day before %s, 15 percent in total from it under %s', (origin, date, heading) => {
    expect(q('8703.23.01.90', origin, addDays(date, -1)).total.rate_pct).toBe('27.5');
    const r = q('8703.23.01.90', origin, date);
    expect(r.total.rate_pct).toBe('15');
    expect(r.lines.find((l) => l.measure === 'us.section232.autos')!.heading).toBe(heading);
  });

  test('the KORUS rate counts as column 1 for Korea (--spi KR): Free, so 15% all of it 232', () => {
    const r = q('8703.23.01.90', 'KR', '2025-11-01', { spi: 'KR' });
    expect(r.lines.find((l) => l.measure === 'us.section232.autos')!.rate_pct).toBe('15');
  });

  test('a UK car from 2025-06-30 (quota rate not modelled): incomplete, the 25% not counted', () => {
    expect(q('8703.23.01.90', 'GB', '2025-06-29').total.complete).toBe(true);
    const r = q('8703.23.01.90', 'GB', '2025-06-30');
    expect(r.total.complete).toBe(false);
    expect(r.lines.find((l) => l.measure === 'us.section232.autos')!.notes.join(' ')).toMatch(/UK vehicles inside the quota pay 7.5%/);
  });
});

describe('the note 37 country rates on upholstered furniture and cabinets (Proclamation 10976 cl. 7)', () => {
  // an upholstered wooden seat, MFN Free, 25% for other origins
  test.each([
    ['DE', '15', '9903.76.22'],
    ['JP', '15', '9903.76.21'],
    ['GB', '10', '9903.76.20'],
    ['KR', '15', '9903.76.23'],
    ['VN', '25', '9903.76.02'],
  ])('%s on 2025-11-20: %s percent under %s', (origin, total, heading) => {
    const r = q('9401.61.40.11', origin, '2025-11-20');
    expect(r.total.rate_pct).toBe(total);
    expect(r.lines.find((l) => l.measure === 'us.section232.upholstered-furniture')!.heading).toBe(heading);
  });

  test('Korea from 2025-11-14 (the day before: the general 25%); a table for one country leaves the others as they were', () => {
    expect(q('9401.61.40.11', 'KR', '2025-11-13').total.rate_pct).toBe('25');
    expect(q('9401.61.40.11', 'KR', '2025-11-14').total.rate_pct).toBe('15');
    expect(q('9401.61.40.11', 'DE', '2025-11-14').total.rate_pct).toBe('15');
  });

  test('a UK car stays not determined after later countries\' dates (the country tables carry every country forward)', () => {
    for (const d of ['2025-06-30', '2025-08-01', '2025-11-20', '2026-05-01']) expect(q('8703.23.01.90', 'GB', d).total.complete, d).toBe(false);
  });
});

describe('compare --origins', () => {
  test('one column per origin, the legal reason for each, the same contract', () => {
    const cmp = compare(dataset(), { hts: TOYS, asOf: AS_OF }, ['2026-08-01'], ['CN', 'VN', 'BD', 'IN', 'MX']);
    expect(cmp.origins).toEqual(['CN', 'VN', 'BD', 'IN', 'MX']);
    expect(cmp.dates).toEqual(Array(5).fill('2026-08-01'));
    expect(cmp.totals.map((t) => t !== null)).toEqual([true, true, true, true, true]);
    expect(cmp.totals.slice(1)).toEqual(['12.5', '10', '10', '10']);
    const row = cmp.rows.find((r) => r.measure === 'us.section301.forced-labor-world')!;
    expect(row.cells).toEqual([null, '+12.5% 9903.05.84', '+10% 9903.05.26', '+10% 9903.05.44', '+10% 9903.05.55']);
    expect(row.citations[1]).toMatch(/91 FR 47318/);
  });

  test('origins and dates together make a grid', () => {
    const cmp = compare(dataset(), { hts: TOYS, asOf: AS_OF }, ['2025-06-01', '2026-08-01'], ['VN', 'MX']);
    expect(cmp.origins).toEqual(['VN', 'VN', 'MX', 'MX']);
    expect(cmp.totals).toEqual(['10', '12.5', '25', '10']);
  });

  test('the binary prints the table the README shows', () => {
    const r = spawnSync(process.execPath, [ROOT + 'bin/tariff', 'compare', TOYS, '--origins', 'CN,VN,BD,IN,MX', '--date', '2026-08-01'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COLUMNS: '80' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Measure +│ CN +│ VN +│ BD +│ IN +│ MX/);
    expect(r.stdout).toMatch(/Why the columns differ/);
  });
});

const SHARED = join(ROOT, '..', 'shared', 'data');
test.runIf(existsSync(join(SHARED, 'every-origin')))('npm run import:origins reproduces the committed files from ../shared/data/every-origin', () => {
  const out = mkdtempSync(join(tmpdir(), 'tariff-origins-'));
  for (const d of ['us/hts', 'us/ieepa/products', 'us/section301']) mkdirSync(join(out, d), { recursive: true });
  importOrigins(SHARED, out);
  const files = ['us/hts/programs.yaml', 'us/ieepa/reciprocal-countries.yaml', 'us/section301/forced-labor-world-countries.yaml', ...readdirSync(join(out, 'us/ieepa/products')).map((f) => `us/ieepa/products/${f}`)];
  expect(files.length).toBeGreaterThan(15);
  for (const f of files) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(SCHEDULES, f), 'utf8'));
});

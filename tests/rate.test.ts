import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseRate, normalizeUnit } from '../src/core/rate.js';
import { Dec } from '../src/core/decimal.js';
import { shapeCounts, type HtsRow } from '../src/import/hts.js';
import { SCHEDULES } from './helpers.js';

describe('parseRate', () => {
  test.each([
    ['Free', 'free', []],
    ['6.5%', 'ad_valorem', [{ kind: 'ad_valorem', pct: '6.5' }]],
    ['3.3¢/kg', 'specific', [{ kind: 'specific', usd: '0.033', unit: 'kg', per: '1', text: '3.3¢/kg' }]],
    ['$1.13/m3', 'specific', [{ kind: 'specific', usd: '1.13', unit: 'm3', per: '1', text: '$1.13/m3' }]],
    ['89.6¢/1000', 'specific', [{ kind: 'specific', usd: '0.896', unit: 'each', per: '1000', text: '89.6¢/1000' }]],
    ['2.4¢/kg + 5%', 'compound', [{ kind: 'specific', usd: '0.024', unit: 'kg', per: '1', text: '2.4¢/kg' }, { kind: 'ad_valorem', pct: '5' }]],
    ['40¢/kg +10.4%', 'compound', [{ kind: 'specific', usd: '0.4', unit: 'kg', per: '1', text: '40¢/kg' }, { kind: 'ad_valorem', pct: '10.4' }]],
    ['1¢ each + 2.8%', 'compound', [{ kind: 'specific', usd: '0.01', unit: 'each', per: '1', text: '1¢ each' }, { kind: 'ad_valorem', pct: '2.8' }]],
    ['5.7¢/kg on drained weight', 'specific', [{ kind: 'specific', usd: '0.057', unit: 'kg', per: '1', qualifier: 'on drained weight', text: '5.7¢/kg on drained weight' }]],
  ])('%s is %s', (text, shape, components) => {
    const p = parseRate(text);
    expect(p.shape).toBe(shape);
    expect(p.shape === 'not_computable' ? null : p.components).toEqual(components);
  });

  test.each([
    'The rate applicable to each garment in the ensemble if separately entered',
    '44¢ each + 6% on the case + 14% on the strap, band or bracelet + 5.3% on the battery',
    '3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg',
    '0.7¢/kg on copper content + 0.7¢/kg on lead content',
    '',
  ])('"%s" is reported as not computable, never zero', (text) => {
    const p = parseRate(text);
    expect(p.shape).toBe('not_computable');
    expect(p.shape === 'not_computable' && p.reason.length).toBeGreaterThan(5);
  });
});

describe('every General rate of the committed HTS data', () => {
  // the lines of the latest edition: the versions that have not ended (columns as the header names them)
  const [head, ...lines] = readFileSync(SCHEDULES + '/us/hts/lines.tsv', 'utf8').trim().split('\n');
  const col = (name: string) => head!.split('\t').indexOf(name);
  const rows: HtsRow[] = lines.map((l) => l.split('\t')).filter((f) => !f[col('ends')]).map((f) => {
    const [code, indent, units, general, description] = ['code', 'indent', 'units', 'general', 'description'].map((c) => f[col(c)]!);
    return { code, indent: Number(indent), units: units ? units.split('|') : [], general, description, special: f[col('special')]!, other: f[col('other')]! };
  });
  const { counts, notComputable } = shapeCounts(rows);
  const total = rows.filter((r) => r.general && Number(r.code.slice(0, 2)) <= 97).length;

  test('parses or is reported by name, counted by shape', () => {
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(total);
    // The USITC data README counts 5,863 ad valorem and 4,315 Free rates in chapters 1-97 of Revision 4; no General rate changed through Revision 10.
    expect(counts.ad_valorem).toBe(5863);
    expect(counts.free).toBe(4315);
    expect(counts).toEqual(parse(readFileSync(SCHEDULES + '/us/hts/hts.yaml', 'utf8')).rate_shapes_chapters_1_97);
    // each not-computable rate is named by its line, its text, and the part of the text that cannot be computed
    for (const n of notComputable) {
      expect(n.code).toMatch(/^\d{4}\./);
      const quoted = /"(.*)"/.exec(n.reason)?.[1];
      expect(quoted && n.text.includes(quoted), n.reason).toBe(true);
    }
  });

  test('no ad valorem component of a parsed rate is read from a non-numeric text', () => {
    for (const r of rows) {
      const p = parseRate(r.general);
      if (p.shape === 'ad_valorem') for (const c of p.components) expect(r.general).toContain(c.kind === 'ad_valorem' ? c.pct : '');
    }
  });
});

describe('Dec', () => {
  test('exact decimal arithmetic and rounding', () => {
    expect(Dec.of('0.1').add(Dec.of('0.2')).toString()).toBe('0.3');
    expect(Dec.of('1000').pctRounded(Dec.of('17.6'), 2).toFixed(2)).toBe('176.00');
    expect(Dec.of('0.005').toFixed(2)).toBe('0.01');
    expect(Dec.of('-0.005').toFixed(2)).toBe('-0.01');
    expect(Dec.of('100').mul(Dec.of('0.033')).toFixed(2)).toBe('3.30');
    expect(Dec.of('2').div(Dec.of('3')).toString(4)).toBe('0.6667');
    expect(() => Dec.of('1e5')).toThrow();
  });
});

import { parseCents } from '../src/core/batch.js';

test.each([
  ['0', 0], ['7', 700], ['80257.68', 8025768], ['12.5', 1250], ['000012.05', 1205], ['999999999999.99', 99999999999999],
  ['1.', undefined], ['.5', undefined], ['1.234', undefined], ['-1', undefined], ['1e3', undefined], ['1000000000000', undefined], ['', undefined],
])('parseCents(%j) is %j', (text, cents) => {
  expect(parseCents(text)).toBe(cents);
});

describe('units as CBP writes them (HTS/ACE unit-of-quantity codes)', () => {
  test.each([
    ['NO', 'each'], ['KG', 'kg'], ['DOZ', 'doz'], ['PRS', 'pr'], ['L', 'liter'], ['PF.L', 'pf.liter'], ['M2', 'm2'], ['M3', 'm3'], ['T', 't'], ['GROSS', 'gross'], ['BBL', 'bbl'],
  ])('%s is %s', (code, unit) => expect(normalizeUnit(code)).toEqual({ unit }));
  test('multiples carry their factor: DPR is 12 pairs, G is 0.001 kg', () => {
    expect(normalizeUnit('DPR')).toEqual({ unit: 'pr', factor: '12' });
    expect(normalizeUnit('g')).toEqual({ unit: 'kg', factor: '0.001' });
  });
  test('object keys are not units', () => {
    for (const k of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(normalizeUnit(k)).toBeUndefined();
  });
});

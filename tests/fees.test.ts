import { describe, expect, test } from 'vitest';
import { quote } from '../src/core/engine.js';
import { dataset, AS_OF } from './helpers.js';

const q = (date: string, value: string, mode?: string) => quote(dataset(), { hts: '9503.00.00', origin: 'CN', date, value, mode, asOf: AS_OF });

describe('fees for a landed cost', () => {
  test('MPF 0.3464% between the fiscal-year minimum and maximum, below the duties and not in the rate', () => {
    const r = q('2026-03-01', '10000');
    expect(r.fees.map((f) => [f.fee, f.amount])).toEqual([['us.fees.mpf', '34.64']]);
    expect(r.total).toMatchObject({ rate_pct: '10', amount: '1000.00', fees_amount: '34.64', duties_and_fees: '1034.64' });
  });
  test.each([
    ['2025-09-30', '5000', '32.71'], // FY2025 minimum (over $2,500: formal entry)
    ['2025-10-01', '5000', '33.58'], // FY2026 minimum
    ['2025-10-01', '500000', '651.50'], // FY2026 maximum
    ['2026-09-30', '500000', '651.50'],
    ['2026-10-01', '500000', '670.86'], // FY2027 maximum (unconfirmed)
  ])('MPF on %s for $%s is $%s', (date, value, mpf) => {
    expect(q(date, value).fees.find((f) => f.fee === 'us.fees.mpf')?.amount).toBe(mpf);
  });
  test('FY2027 figures are carried as unconfirmed, with a warning', () => {
    const r = q('2026-10-01', '5000');
    expect(r.fees[0].status).toBe('unconfirmed');
    expect(r.warnings.join()).toContain('FY2027 figures');
  });
  test('HMF 0.125% only with --mode ocean', () => {
    expect(q('2026-03-01', '10000', 'air').fees.map((f) => f.fee)).toEqual(['us.fees.mpf']);
    const ocean = q('2026-03-01', '10000', 'ocean');
    expect(ocean.fees.map((f) => [f.fee, f.amount])).toEqual([['us.fees.hmf', '12.50'], ['us.fees.mpf', '34.64']]);
    expect(ocean.total.duties_and_fees).toBe('1047.14');
    expect(q('2026-03-01', '10000').notices.join()).toContain('--mode ocean');
    expect(q('2026-03-01', '10000').warnings.join()).not.toContain('--mode ocean');
  });
  test('before the fee schedules begin, fees are left out with a warning, never zero', () => {
    const r = q('2018-06-01', '10000');
    expect(r.fees).toEqual([]);
    expect(r.total.fees_amount).toBeNull();
    expect(r.warnings.join()).toContain('no rate for entries on this date');
  });
  test('an unknown mode is refused', () => {
    expect(() => q('2026-03-01', '1', 'camel')).toThrow('mode "camel"');
  });
});

describe('fees by entry type (src/core/fees.ts; 19 CFR 143.21(a), 145.12)', () => {
  const fee = (date: string, value: string, extra: { entry?: string; postal?: boolean; hts?: string } = {}) =>
    quote(dataset(), { hts: extra.hts ?? '9503.00.00', origin: 'CN', date, value, entry: extra.entry, postal: extra.postal, asOf: AS_OF });
  test('a $100 shipment is an informal entry: the flat MPF of the fiscal year, not the formal minimum', () => {
    const r = fee('2026-03-01', '100');
    expect(r.fees.map((f) => [f.fee, f.rate, f.amount])).toEqual([['us.fees.mpf-informal', '$2.69 per entry', '2.69']]);
    expect(r.total.duties_and_fees).toBe('12.69');
    expect(r.notices.join()).toContain('informal entry (19 CFR 143.21(a))');
  });
  test.each([
    ['2500', 'us.fees.mpf-informal', '2.69'],
    ['2500.01', 'us.fees.mpf', '33.58'],
  ])('the $2,500 threshold: $%s is %s', (value, id, amount) => {
    expect(fee('2026-03-01', value).fees.map((f) => [f.fee, f.amount])).toEqual([[id, amount]]);
  });
  test.each([
    ['2024-09-30', '2.53'],
    ['2024-10-01', '2.62'],
    ['2025-09-30', '2.62'],
    ['2025-10-01', '2.69'],
  ])('informal MPF on %s is $%s', (date, amount) => {
    expect(fee(date, '100', { entry: 'informal' }).fees[0].amount).toBe(amount);
  });
  test('over $250 with a Chapter 99 line needs formal entry until 2025-04-29; informal from 2025-04-30', () => {
    expect(fee('2025-04-29', '300').fees[0].fee).toBe('us.fees.mpf');
    expect(fee('2025-04-29', '300').warnings.join()).toContain('Chapter 99 line before 2025-04-30');
    expect(fee('2025-04-30', '300').fees[0].fee).toBe('us.fees.mpf-informal');
    expect(fee('2025-04-29', '200').fees[0].fee).toBe('us.fees.mpf-informal');
  });
  test('no MPF on a postal shipment of $2,500 or less (unconfirmed, said so)', () => {
    const r = fee('2026-03-01', '100', { postal: true });
    expect(r.fees).toEqual([]);
    expect(r.warnings.join()).toContain('no MPF is charged (unconfirmed');
  });
  test('--entry formal overrides the value rule; an unknown entry type is refused', () => {
    expect(fee('2026-03-01', '100', { entry: 'formal' }).fees.map((f) => [f.fee, f.amount])).toEqual([['us.fees.mpf', '33.58']]);
    expect(() => fee('2026-03-01', '100', { entry: 'express' })).toThrow('entry type "express" is not one of formal, informal');
  });
  test('a fiscal year whose informal MPF is not known: not known, never zero, and the fees are not totalled', () => {
    for (const date of ['2023-01-05', '2026-10-05']) {
      const r = fee(date, '100');
      expect(r.fees.map((f) => [f.fee, f.status, f.amount])).toEqual([['us.fees.mpf-informal', 'not known', null]]);
      expect(r.total.fees_amount).toBeNull();
      expect(r.total.duties_and_fees).toBeNull();
      expect(r.warnings.join()).toContain('the fees are not totalled');
    }
  });
  test('formal MPF of the earlier fiscal years', () => {
    expect(fee('2019-06-01', '5000').fees[0]).toMatchObject({ fee: 'us.fees.mpf', min: '26.22', amount: '26.22' });
    expect(fee('2019-06-01', '1000').fees[0]).toMatchObject({ fee: 'us.fees.mpf-informal', amount: '2.10' });
    expect(fee('2024-06-01', '100000').fees[0]).toMatchObject({ amount: '346.40' });
  });
});

test('past the last fiscal year in the schedules the fee says so and is unconfirmed (FY2028 from 2027-10-01)', () => {
  const before = quote(dataset(), { hts: '9503.00.00', origin: 'CN', date: '2027-09-30', value: '5000', asOf: AS_OF });
  expect(before.warnings.join()).not.toContain('fiscal year');
  const r = quote(dataset(), { hts: '9503.00.00', origin: 'CN', date: '2027-10-01', value: '5000', asOf: AS_OF });
  expect(r.fees.map((f) => [f.fee, f.amount, f.status])).toEqual([['us.fees.mpf', '34.58', 'unconfirmed']]);
  expect(r.warnings.filter((w) => w.includes('fiscal year'))).toEqual(['Merchandise processing fee (formal entry) from 2026-10-01: unconfirmed: FY2027 figures per FR Doc 2026-15530 as cited by an earlier project note and a third-party test; the notice itself was not read Merchandise processing fee (formal entry): the fiscal year of 2027-10-01 is not in the schedules; the figures of the year from 2026-10-01 are shown.']);
});

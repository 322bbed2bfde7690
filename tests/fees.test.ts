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
    ['2025-09-30', '1000', '32.71'], // FY2025 minimum
    ['2025-10-01', '1000', '33.58'], // FY2026 minimum
    ['2025-10-01', '500000', '651.50'], // FY2026 maximum
    ['2026-09-30', '500000', '651.50'],
    ['2026-10-01', '500000', '670.86'], // FY2027 maximum (unconfirmed)
  ])('MPF on %s for $%s is $%s', (date, value, mpf) => {
    expect(q(date, value).fees.find((f) => f.fee === 'us.fees.mpf')?.amount).toBe(mpf);
  });
  test('FY2027 figures are carried as unconfirmed, with a warning', () => {
    const r = q('2026-10-01', '1000');
    expect(r.fees[0].status).toBe('unconfirmed');
    expect(r.warnings.join()).toContain('FY2027 figures');
  });
  test('HMF 0.125% only with --mode ocean', () => {
    expect(q('2026-03-01', '10000', 'air').fees.map((f) => f.fee)).toEqual(['us.fees.mpf']);
    const ocean = q('2026-03-01', '10000', 'ocean');
    expect(ocean.fees.map((f) => [f.fee, f.amount])).toEqual([['us.fees.hmf', '12.50'], ['us.fees.mpf', '34.64']]);
    expect(ocean.total.duties_and_fees).toBe('1047.14');
    expect(q('2026-03-01', '10000').warnings.join()).toContain('--mode ocean');
  });
  test('before the fee schedules begin, fees are left out with a warning, never zero', () => {
    const r = q('2019-06-01', '1000');
    expect(r.fees).toEqual([]);
    expect(r.total.fees_amount).toBeNull();
    expect(r.warnings.join()).toContain('no rate for entries on this date');
  });
  test('an unknown mode is refused', () => {
    expect(() => q('2026-03-01', '1', 'camel')).toThrow('mode "camel"');
  });
});

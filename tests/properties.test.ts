/** Property tests (fast-check, seeded): invariants of the engine, batch and schedule loading over random inputs. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { quote } from '../src/core/engine.js';
import { QueryError } from '../src/core/errors.js';
import { Dec } from '../src/core/decimal.js';
import { loadSchedules, formatError } from '../src/build/load.js';
import { dataset, ROOT, SCHEDULES, AS_OF, stableLeaves } from './helpers.js';

const SEED = 20261202;
// lines valid on every date of the data (a line of one date only is refused on others: tested on its own)
const leaves = stableLeaves();
const cnLeaves = readFileSync(SCHEDULES + '/cn/tariff/lines.tsv', 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0] ?? '').filter((c) => c.length >= 10);

const day = fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2027, 11, 31) }).map((t) => new Date(t - (t % 86400000)).toISOString().slice(0, 10));
const usQuery = fc.record({
  hts: fc.constantFrom(...leaves),
  origin: fc.constantFrom('CN', 'HK', 'MO'),
  date: day,
  value: fc.option(fc.integer({ min: 0, max: 10_000_000_00 }).map((c) => (c / 100).toFixed(2)), { nil: undefined }),
});
const anyQuery = fc.record({
  hts: fc.oneof(fc.constantFrom(...leaves), fc.constantFrom(...cnLeaves), fc.string(), fc.stringMatching(/^\d{4}[.\- ]?\d{2}([.\- ]?\d{2}){0,2}$/)),
  origin: fc.option(fc.constantFrom('CN', 'HK', 'MO', 'US', 'VN', '', 'cn', '__proto__'), { nil: undefined }),
  importer: fc.option(fc.constantFrom('US', 'CN', 'us', '', 'XX'), { nil: undefined }),
  date: fc.oneof(day, fc.string(), fc.constantFrom('2025-02-30', '2017-12-31', '2025-6-1')),
  value: fc.option(fc.oneof(fc.string(), fc.constantFrom('-0', '0', '1e5', '100.00', '12,345.67', '1.0000000000001')), { nil: undefined }),
  qty: fc.option(fc.constantFrom('1', '0', '-1', 'x', '2.5'), { nil: undefined }),
  unit: fc.option(fc.constantFrom('kg', 'KG', 'DPR', 'constructor', 'X', 'doz', 'furlong'), { nil: undefined }),
  claims: fc.option(fc.array(fc.constantFrom('9903.01.21', '9903.88.69', 'cn-exclusion', 'nonsense', '9903.82.03')), { nil: undefined }),
  loaded: fc.option(fc.oneof(day, fc.constant('soon')), { nil: undefined }),
  content: fc.option(fc.array(fc.constantFrom('steel=60', 'steel=20', 'aluminum=5', 'gold=1', 'copper=101')), { nil: undefined }),
  mode: fc.option(fc.constantFrom('ocean', 'air', '', 'camel'), { nil: undefined }),
  postal: fc.option(fc.boolean(), { nil: undefined }),
  entry: fc.option(fc.constantFrom('formal', 'informal', 'express'), { nil: undefined }),
});

/** plausible queries with random options: most are answered, some refused */
const optionQuery = fc.record({
  hts: fc.constantFrom(...leaves),
  origin: fc.constantFrom('CN', 'HK', 'MO'),
  date: day,
  value: fc.option(fc.constantFrom('0', '100', '2500', '2500.01', '123456.789'), { nil: undefined }),
  claims: fc.option(fc.array(fc.constantFrom('9903.01.21', '9903.88.69', '9903.82.03', '9903.01.31'), { maxLength: 2 }), { nil: undefined }),
  content: fc.option(fc.constantFrom(['steel=60'], ['aluminum=40'], ['copper=10', 'steel=10']), { nil: undefined }),
  mode: fc.option(fc.constantFrom('ocean', 'air', 'mail'), { nil: undefined }),
  postal: fc.option(fc.boolean(), { nil: undefined }),
  entry: fc.option(fc.constantFrom('formal', 'informal'), { nil: undefined }),
  loaded: fc.option(fc.constant('2018-01-01'), { nil: undefined }),
});

describe('the engine on random queries', () => {
  test('never throws anything but a QueryError (a one-line message), whatever the input', () => {
    let answered = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.oneof(anyQuery, optionQuery), (input) => {
        try {
          quote(dataset(), { ...input, asOf: AS_OF });
          answered++;
        } catch (e) {
          if (!(e instanceof QueryError)) throw e;
          expect(e.message).not.toContain('\n');
          refused++;
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
    // both sides were exercised
    expect(Math.min(answered, refused)).toBeGreaterThan(100);
  });

  test('a complete ad valorem answer: the total is the sum of its lines, each line value x rate to the cent, the amount the sum of the lines', () => {
    let checked = 0;
    fc.assert(
      fc.property(usQuery, (input) => {
        const q = quote(dataset(), { ...input, asOf: AS_OF });
        if (!q.total.complete || q.total.specific.length || q.total.rate_pct === null) return;
        checked++;
        const owed = q.lines.filter((l) => l.status !== 'exempt' && l.status !== 'suspended');
        const sum = owed.reduce((s, l) => s.add(Dec.of(l.rate_pct ?? '0').mul(Dec.of(l.share_pct ?? '100')).div(Dec.HUNDRED)), Dec.ZERO);
        expect(Dec.of(q.total.rate_pct).toString(4), JSON.stringify(input)).toBe(sum.toString(4));
        if (input.value === undefined) return;
        for (const l of owed) {
          const share = Dec.of(l.rate_pct ?? '0').mul(Dec.of(l.share_pct ?? '100')).div(Dec.HUNDRED);
          expect(l.amount, `${l.measure} ${JSON.stringify(input)}`).toBe(Dec.of(input.value).mul(share).div(Dec.HUNDRED).toFixed(2));
        }
        expect(q.total.amount).toBe(owed.reduce((s, l) => s.add(Dec.of(l.amount!)), Dec.ZERO).toFixed(2));
      }),
      { seed: SEED, numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(500);
  });

  test('the same query twice gives the same answer', () => {
    fc.assert(
      fc.property(usQuery, (input) => {
        expect(JSON.stringify(quote(dataset(), { ...input, asOf: AS_OF }))).toBe(JSON.stringify(quote(dataset(), { ...input, asOf: AS_OF })));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

test('batch keeps one row per input row, in order, and agrees with quote', () => {
  const rows = fc.sample(usQuery, { seed: SEED, numRuns: 400 });
  const bad = new Set([17, 111, 250]);
  const csv = ['hts,origin,date,value', ...rows.map((r, i) => (bad.has(i) ? `${r.hts},ZZ,${r.date},1` : `${r.hts},${r.origin},${r.date},${r.value ?? ''}`))].join('\n');
  const r = spawnSync(process.execPath, [ROOT + 'bin/tariff', 'batch', '-'], { input: csv, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const out = r.stdout.trim().split('\n').slice(1).map((l) => l.split(','));
  expect(out).toHaveLength(rows.length);
  out.forEach((cells, i) => {
    expect(cells[0]).toBe(String(i + 1));
    expect(cells[1]).toBe(rows[i]!.hts);
    if (bad.has(i)) return expect(cells.at(-1)).not.toBe('');
    const q = quote(dataset(), { ...rows[i]!, asOf: AS_OF });
    expect([cells[6], cells[7]], JSON.stringify(rows[i])).toEqual([q.total.rate_pct ?? '', q.total.amount ?? '']);
  });
});

test('randomly broken schedule files give located one-line errors, never an exception', () => {
  const files = ['us/ieepa/fentanyl.yaml', 'us/section301/list3.yaml', 'us/fees/mpf.yaml', 'us/section232/metals-annex-1a.yaml'];
  const edit = fc.record({
    file: fc.constantFrom(...files),
    at: fc.nat(),
    kind: fc.constantFrom('delete', 'insert', 'replace'),
    text: fc.constantFrom(':', '"', '[', '{', '- ', '\n', '  ', '&a ', '*a', '0.1', 'null', '__proto__: 1\n', 'ZZ', '2025-02-30'),
  });
  let broken = 0;
  fc.assert(
    fc.property(edit, ({ file, at, kind, text }) => {
      const dir = mkdtempSync(join(tmpdir(), 'tariff-prop-'));
      cpSync(SCHEDULES + '/meta.yaml', join(dir, 'meta.yaml'));
      const src = readFileSync(join(SCHEDULES, file), 'utf8');
      const i = at % src.length;
      const mangled = kind === 'delete' ? src.slice(0, i) + src.slice(i + 1 + (at % 7)) : kind === 'insert' ? src.slice(0, i) + text + src.slice(i) : src.slice(0, i) + text + src.slice(i + text.length);
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), mangled);
      const errors = loadSchedules(dir).errors.map(formatError);
      if (errors.length) broken++;
      for (const e of errors) expect(e).toMatch(/^[^\n]+:\d+:\d+( [^\n:]*)?: [^\n]+$/);
    }),
    { seed: SEED, numRuns: 200 },
  );
  expect(broken).toBeGreaterThan(50);
});

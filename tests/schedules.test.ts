import { readFileSync, readdirSync, existsSync, mkdtempSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSchedules, formatError } from '../src/build/load.js';
import { loadCompiled } from '../src/data/compiled.js';
import { valueAt } from '../src/core/engine.js';
import { shapeMeasure } from '../src/core/dataset.js';
import { valueFor } from '../src/core/origins.js';
import { addDays } from '../src/core/dates.js';
import { exception, measure, valueEntry } from '../src/core/schema.js';
import { dataset, ROOT, SCHEDULES } from './helpers.js';

describe('the committed schedules', () => {
  const s = loadSchedules(SCHEDULES);

  test('validate without a problem', () => {
    expect(s.errors.map(formatError)).toEqual([]);
    expect(s.measures.length).toBeGreaterThanOrEqual(8);
  });

  test('the engine\'s one-shape copy of a measure keeps every field the schema defines, and every value', () => {
    const shaped = s.measures.map(shapeMeasure);
    expect(shaped).toEqual(s.measures);
    const has = (o: object, keys: string[]) => expect(Object.keys(o)).toEqual(expect.arrayContaining(keys));
    has(shaped[0], Object.keys(measure.shape));
    has(Object.values(shaped[0].values)[0], Object.keys(valueEntry.shape));
    const anException = shaped.flatMap((m) => m.exceptions)[0];
    for (const option of exception.options) has(anException, Object.keys(option.shape));
  });

  test('every dated value cites its instrument, and unconfirmed facts say why', () => {
    for (const m of s.measures) {
      for (const [date, v] of Object.entries(m.values)) {
        expect(v.reference.title.length, `${m.id} ${date}`).toBeGreaterThan(5);
        expect(v.reference.href, `${m.id} ${date}`).toMatch(/^https:\/\//);
      }
      for (const e of m.exceptions) expect(e.reference.href).toMatch(/^https:\/\//);
    }
  });

  test('every product list is non-empty', () => {
    for (const [key, list] of Object.entries(s.scopes)) expect(list.length, key).toBeGreaterThan(0);
  });

  test('IEEPA measures end for entries from 2026-02-24 and are refundable', () => {
    for (const id of ['us.ieepa.fentanyl', 'us.ieepa.reciprocal']) {
      const m = s.measures.find((x) => x.id === id)!;
      expect(valueAt(m, '2026-02-23')!.entry.rate).not.toBeNull();
      expect(valueAt(m, '2026-02-24')!.entry.rate).toBeNull();
      expect(m.invalidated?.status).toBe('refundable');
    }
  });
});

describe('a broken schedule directory', () => {
  const s = loadSchedules(ROOT + 'tests/fixtures/broken');
  const errors = s.errors.map(formatError);

  test('reports every problem as file:line:col path: message', () => {
    for (const e of errors) expect(e).toMatch(/^[^:]+:\d+:\d+( [^:]+)?: .+/);
    expect(errors).toContain('tests/fixtures/broken/us/x/bad-rate.yaml:10:11 values.2025-02-04.rate: Invalid input: expected string, received number');
    expect(errors.some((e) => e.startsWith('tests/fixtures/broken/us/x/bad-rate.yaml:14:5 values.2025-02-30'))).toBe(true);
    expect(errors.some((e) => e.startsWith('tests/fixtures/broken/us/x/bad-yaml.yaml:'))).toBe(true);
    expect(errors).toContain('tests/fixtures/broken/us/x/missing-list.yaml:13:5 values.2025-02-04.heading: a rate needs its Chapter 99 heading');
    expect(errors).toContain('tests/fixtures/broken/cn/reported-mfn.yaml:8:14 reports.0.through: from is after through');
    expect(errors).toContain('tests/fixtures/broken/us/hts/lines.tsv:3:1: expected code, indent, units, general, description separated by tabs');
  });
});

describe('the compiled index', () => {
  const dir = ROOT + 'dist/index/';
  test.runIf(existsSync(dir + 'index.json'))('holds the same data as the YAML schedules', () => {
    const compiled = loadCompiled(dir);
    const source = dataset();
    expect(compiled.meta).toEqual(source.meta);
    // the country tables live in per-origin files: the same value for every origin on every date of a table
    const strip = (m: (typeof source.measures)[number]) => ({ ...m, by_origin: undefined });
    expect(compiled.measures.map(strip)).toEqual(source.measures.map(strip));
    source.measures.forEach((m, i) => {
      for (const [date, t] of Object.entries(m.by_origin ?? {})) {
        for (const origin of Object.keys(t.countries)) {
          for (const d of [date, addDays(date, -1)]) expect(valueFor(compiled.measures[i]!, d, origin), `${m.id} ${origin} ${d}`).toEqual(valueFor(m, d, origin));
        }
      }
    });
    expect(compiled.tariffs).toEqual(source.tariffs);
    const files = readdirSync(dir).filter((f) => /^[a-z]{2}-ch\d\d\.json$/.test(f));
    expect(files.filter((f) => f.startsWith('us-')).length).toBe(98);
    for (const f of files) {
      const [importer, ch] = [f.slice(0, 2).toUpperCase(), f.slice(5, 7)];
      expect(compiled.chapter(ch, importer), f).toEqual(source.chapter(ch, importer));
    }
  });
});

test('the product lists are read from the files they name', () => {
  const list3 = readFileSync(SCHEDULES + '/us/section301/products/list3.txt', 'utf8');
  expect(list3).toContain('\n42029291\n');
});

describe('hostile schedule files give one located error each, never a stack (tariff --schedules DIR, schedules validate)', () => {
  const measure = (extra: string, origins = '[CN]') => [
    'id: us.test.x', 'name: Test measure', 'authority: test', 'importer: US', `origins: ${origins}`, 'reporting_order: 10', 'products: all',
    'values:', '  "2025-02-04":', '    rate: "10%"', '    reference: { title: "EO 14195", href: "https://example.gov/x" }', extra, 'last_value_still_valid_on: "2026-01-01"',
  ].join('\n');
  const dirWith = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'tariff-hostile-'));
    cpSync(SCHEDULES + '/meta.yaml', join(dir, 'meta.yaml'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return loadSchedules(dir).errors.map(formatError);
  };
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill('*' + 'abcdefghij'[i]).join(',')}]`)].join('\n');
  test.each([
    ['a YAML alias bomb', { 'us/x/bomb.yaml': bomb }, /bomb\.yaml:1:1: too many YAML aliases/],
    ['deep nesting', { 'us/x/deep.yaml': '['.repeat(200000) + ']'.repeat(200000) }, /deep\.yaml:1:\d+: YAML nested too deeply/],
    ['a __proto__ key', { 'us/x/proto.yaml': measure('note: x').replace('values:\n', 'values:\n  __proto__: { rate: "1%" }\n') }, /proto\.yaml:9:3: the key "__proto__" is not allowed/],
    ['a constructor key', { 'us/x/ctor.yaml': measure('constructor: x') }, /ctor\.yaml:\d+:1: the key "constructor" is not allowed/],
    ['an unknown country', { 'us/x/country.yaml': measure('note: x', '[CN, ZX]') }, /country\.yaml:5:\d+ origins\.1: "ZX" is not an ISO 3166 country code/],
    ['a fee file copied twice', { 'us/fees/a.yaml': readFileSync(SCHEDULES + '/us/fees/mpf.yaml', 'utf8'), 'us/fees/b.yaml': readFileSync(SCHEDULES + '/us/fees/mpf.yaml', 'utf8') }, /b\.yaml:1:1 id: id "us\.fees\.mpf" already used in .*a\.yaml/],
    ['a 2 MB schedule', { 'us/x/big.yaml': measure(`note: "${'x'.repeat(2 << 20)}"`) }, /big\.yaml:1:1: schedule file of \d+ bytes: the limit is 1048576 bytes/],
  ])('%s', (_what, files, message) => {
    const errors = dirWith(files);
    expect(errors.some((e) => message.test(e)), errors.join('\n')).toBe(true);
    for (const e of errors) expect(e).not.toMatch(/\n|at .*\(.*:\d+:\d+\)/);
  });
});

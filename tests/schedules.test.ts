import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadSchedules, formatError } from '../src/build/load.js';
import { loadCompiled } from '../src/data/compiled.js';
import { valueAt } from '../src/core/engine.js';
import { shapeMeasure } from '../src/core/dataset.js';
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
    expect(errors).toContain('tests/fixtures/broken/us/hts/lines.tsv:3:1: expected code, indent, units, general, description (and optionally dated MFN rates) separated by tabs');
  });
});

describe('the compiled index', () => {
  const dir = ROOT + 'dist/index/';
  test.runIf(existsSync(dir + 'index.json'))('holds the same data as the YAML schedules', () => {
    const compiled = loadCompiled(dir);
    const source = dataset();
    expect(compiled.meta).toEqual(source.meta);
    expect(compiled.measures).toEqual(source.measures);
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

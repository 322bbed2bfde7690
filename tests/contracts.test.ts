/** The committed JSON Schemas are current, and real answers satisfy the output contract. */
import { spawnSync } from 'node:child_process';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { allSchemas, render } from '../src/build/schemas.js';
import { quoteOutput } from '../src/core/output-schema.js';
import { quote } from '../src/core/engine.js';
import { dataset, ROOT, AS_OF } from './helpers.js';

test('schemas/*.json are generated from the zod schemas (run npm run schemas after changing them)', () => {
  for (const [name, schema] of Object.entries(allSchemas())) expect(readFileSync(ROOT + 'schemas/' + name, 'utf8'), name).toBe(render(schema));
});

test.each([
  { hts: '4202.92.91.00', origin: 'CN', date: '2025-04-20', value: '1000' },
  { hts: '8402.90.00', origin: 'CN', date: '2018-10-01' },
  { hts: '0402.10.05.00', origin: 'CN', date: '2025-06-01', qty: '100', unit: 'kg', claims: ['9903.01.21'] },
  { hts: '8471.30.01.00', origin: 'MO', date: '2026-03-01', loaded: '2026-02-20' },
  { hts: '1201.90.19', importer: 'CN', date: '2025-11-10', value: '1000', claims: ['cn-exclusion'] },
  { hts: '8542.31.90', importer: 'CN', date: '2026-11-10' },
  { hts: '4202.92.91.00', origin: 'DE', date: '2025-08-07', value: '1000' },
  { hts: '9503.00.00', origin: 'MX', date: '2026-03-01', spi: 'S' },
  { hts: '9503.00.00', origin: 'RU', date: '2025-06-01' },
])('a quote satisfies the JSON contract: %j', (input) => {
  const q = quote(dataset(), { ...input, asOf: AS_OF });
  expect(quoteOutput.safeParse(JSON.parse(JSON.stringify(q))).error).toBeUndefined();
});

describe('real CLI output against the published JSON Schemas, with a standard validator (ajv)', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validator = (file: string) => ajv.compile(JSON.parse(readFileSync(ROOT + 'schemas/' + file, 'utf8')));
  test.each([
    ['schedule-programs.schema.json', 'schedules/us/hts/programs.yaml'],
    ['schedule-country-tables.schema.json', 'schedules/us/ieepa/reciprocal-countries.yaml'],
    ['schedule-country-tables.schema.json', 'schedules/us/section301/forced-labor-world-countries.yaml'],
    ['schedule-meta.schema.json', 'schedules/meta.yaml'],
  ])('%s: %s satisfies it', (schema, file) => {
    const valid = validator(schema);
    expect(valid(parse(readFileSync(ROOT + file, 'utf8'))), JSON.stringify(valid.errors)).toBe(true);
  });
  const run = (args: string[], input?: string) => spawnSync(process.execPath, [ROOT + 'bin/tariff', ...args], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  test('tariff quote --json satisfies schemas/quote.schema.json', () => {
    const valid = validator('quote.schema.json');
    for (const args of [['4202.92.91.00', '--date', '2025-06-01', '--value', '1000'], ['1201.90.19', '--importer', 'CN', '--date', '2026-06-01'], ['0402.10.05.00', '--date', '2025-06-01']]) {
      const out = JSON.parse(run(['quote', ...args, '--json']).stdout);
      expect(valid(out), JSON.stringify(valid.errors)).toBe(true);
    }
  });
  test('every batch --format jsonl row, answered or not, satisfies schemas/batch-row.schema.json (and not quote.schema.json, which has no row)', () => {
    const valid = validator('batch-row.schema.json');
    const rows = ['hts,origin,date,value', '9503.00.00,CN,2025-06-01,100', '4202.92.91.00,HK,2025-06-01,', '1201.90.19,US,2026-06-01,10' /* origin US is not modelled for imports into the US */, '9999.99.99,CN,2025-06-01,1', '9503.00.00,CN,2025-02-30,1'];
    const out = run(['batch', '-', '--format', 'jsonl'], rows.join('\n')).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out.filter((r) => r.error !== null)).toHaveLength(3);
    for (const r of out) expect(valid(r), JSON.stringify(valid.errors)).toBe(true);
    expect(validator('quote.schema.json')(out[0])).toBe(false);
  });
});

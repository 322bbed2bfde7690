/** The committed JSON Schemas are current, and real answers satisfy the output contract. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
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
])('a quote satisfies the JSON contract: %j', (input) => {
  const q = quote(dataset(), { ...input, asOf: AS_OF });
  expect(quoteOutput.safeParse(JSON.parse(JSON.stringify(q))).error).toBeUndefined();
});

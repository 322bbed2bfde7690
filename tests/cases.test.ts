/** Runs every YAML case file in tests/cases: name, date, input, and the expected output or error. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { quote, type Quote } from '../src/core/engine.js';
import { QueryError } from '../src/core/errors.js';
import { dataset, ROOT, AS_OF } from './helpers.js';

interface Case {
  name: string;
  date: string;
  input: { hts: string; origin?: string; importer?: string; value?: string; qty?: string; unit?: string; claims?: string[]; loaded?: string; content?: string[]; postal?: boolean; mode?: string; entry?: string };
  output?: { rate_pct?: string | null; amount?: string; complete?: boolean; lines?: string[]; layers?: string[]; warnings_include?: string | string[]; warnings_exclude?: string; notes_include?: string; notices_include?: string | string[]; missing_include?: string };
  error?: string;
}

const dir = ROOT + 'tests/cases/';
const lineText = (q: Quote) => q.lines.map((l) => `${l.heading ?? '-'} ${l.rate} ${l.status}`);

for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
  const cases: Case[] = parse(readFileSync(dir + file, 'utf8'));
  describe(file, () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const run = () => quote(dataset(), { ...c.input, date: c.date, asOf: AS_OF });
      if (c.error !== undefined) {
        expect(run).toThrow(QueryError);
        expect(run).toThrow(c.error);
        return;
      }
      const q = run();
      const o = c.output!;
      if ('rate_pct' in o) expect(q.total.rate_pct).toBe(o.rate_pct);
      if (o.amount !== undefined) expect(q.total.amount).toBe(o.amount);
      if (o.complete !== undefined) expect(q.total.complete).toBe(o.complete);
      else expect(q.total.complete).toBe(true);
      if (o.lines) expect(lineText(q)).toEqual(o.lines);
      if (o.layers) expect(q.lines.map((l) => `${l.measure} ${l.rate} ${l.status}`)).toEqual(o.layers);
      for (const w of [o.warnings_include ?? []].flat()) expect(q.warnings.join('\n')).toContain(w);
      if (o.warnings_exclude) expect(q.warnings.join('\n')).not.toContain(o.warnings_exclude);
      for (const n of [o.notices_include ?? []].flat()) expect(q.notices.join('\n')).toContain(n);
      if (o.missing_include) expect(q.total.missing.join('\n')).toContain(o.missing_include);
      if (o.notes_include) expect(q.lines.flatMap((l) => l.notes).join('\n')).toContain(o.notes_include);
    });
  });
}

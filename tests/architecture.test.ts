/** The rooms of the engine keep their doors: imports run one way, and the CLI holds no tariff logic. */
import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ROOT } from './helpers.js';

const importsOf = (file: string) => [...readFileSync(ROOT + file, 'utf8').matchAll(/from '([^']+)'|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2]!);
const filesIn = (dir: string): string[] => readdirSync(ROOT + dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesIn(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []));
/** the engine's inner rooms: reached from outside the core only through engine.ts */
const INNER = ['rules', 'coverage', 'assess', 'mfn', 'postal', 'lines', 'pricing', 'answer', 'query', 'quote'];

test('src/cli reaches the engine through its public modules only (engine.ts and the commands of the core)', () => {
  for (const f of filesIn('src/cli')) for (const i of importsOf(f)) expect(INNER.some((m) => i.endsWith(`/core/${m}.js`)), `${f} imports ${i}`).toBe(false);
});

test('the rules, the MFN and postal lines and the composing of an assessment import neither batch, the CLI nor the build', () => {
  for (const m of ['rules', 'mfn', 'postal', 'assess', 'coverage', 'lines', 'pricing', 'query']) {
    for (const i of importsOf(`src/core/${m}.ts`)) expect(/batch|\/cli\/|\/build\//.test(i), `src/core/${m}.ts imports ${i}`).toBe(false);
  }
});

test('no file of the engine is over 400 lines', () => {
  for (const m of [...INNER, 'engine', 'fees']) expect(readFileSync(ROOT + `src/core/${m}.ts`, 'utf8').split('\n').length, m).toBeLessThanOrEqual(400);
});

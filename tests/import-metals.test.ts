/** Section 232 metals scope from the legal text: U.S. note 16(c) (from 2026-04-06) and note 19 (aluminum derivatives). */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { note16Lists, note19Lists, NOTES_FILE } from '../src/import/metals.js';
import { quote } from '../src/core/engine.js';
import { dataset, ROOT, AS_OF, leavesOn, htsVersions } from './helpers.js';

const notesPath = ROOT + '../shared/data/' + NOTES_FILE;
const committed = (file: string) => readFileSync(ROOT + 'schedules/us/section232/products/' + file, 'utf8').split('\n').filter((l) => /^\d/.test(l));

describe.skipIf(!existsSync(notesPath))('the note 16 and note 19 import (needs ../shared/data)', () => {
  const text = existsSync(notesPath) ? readFileSync(notesPath, 'utf8') : '';
  // (the body runs even when the suite is skipped: parse only when the notes are there)
  const n16 = text ? note16Lists(text) : (undefined as never);

  test('note 16(c): every list has the entries the note prints (lists (i)-(iii) and (vi)-(x) counted on the page; (iv) and (v) together are the 215 codes of their page)', () => {
    expect(Object.fromEntries(Object.entries(n16).map(([k, v]) => [k, v.length]))).toEqual({
      i: 9, ii: 17, iii: 39, iv: 139, v: 76, vi: 105, vii: 301, viii: 4, ix: 13, x: 35,
    });
  });

  test('note 16(c): the interleaved page of lists (iii)-(v) is told apart by what each list is', () => {
    expect(n16.iii.every((c) => /^7[23]/.test(c))).toBe(true);
    expect(n16.v.every((c) => c.startsWith('74'))).toBe(true);
    expect(n16.iv.some((c) => c.startsWith('74'))).toBe(false);
    expect(n16.iii).toContain('7306');
    expect(n16.iv).toEqual(expect.arrayContaining(['73012010', '7216910010', '7326908645', '76141010']));
    expect(n16.v).toEqual(expect.arrayContaining(['74061000', '74071030', '74198016']));
  });

  test('note 19(i)-(k): the derivative aluminum lists, with codes that end a sentence', () => {
    const n19 = note19Lists(text);
    expect(n19.i).toEqual(['76141050', '76149020', '76149040', '76149050', '87081030', '87082921']);
    expect(n19.j).toHaveLength(24);
    expect(n19.j.at(-1)).toBe('7616995190');
    expect(n19.k.at(-1)).toBe('9603908050');
  });

  test('the committed annex files are exactly what the import writes', () => {
    const sorted = (xs: string[]) => [...new Set(xs)].sort();
    expect(committed('metals-annex-1a.txt')).toEqual(sorted([...n16.i, ...n16.ii, ...n16.iii, ...n16.iv, ...n16.v]));
    expect(committed('metals-annex-1b.txt')).toEqual(sorted([...n16.vi, ...n16.vii, ...n16.viii]));
    expect(committed('metals-annex-3.txt')).toEqual(sorted([...n16.ix, ...n16.x]));
    expect(committed('metals-us-metal-1a.txt')).toEqual(sorted([...n16.ii, ...n16.iv]));
  });
});

test('every HTS line of chapters 72, 73, 74 and 76 that note 16(c) names gets its Section 232 metals line on 2026-04-06', () => {
  const lists = ['metals-annex-1a.txt', 'metals-annex-1b.txt', 'metals-annex-3.txt'].flatMap(committed);
  const leaves = leavesOn('2026-04-06');
  const counts: Record<string, [number, number]> = {};
  for (const ch of ['72', '73', '74', '76']) {
    const named = leaves.filter((c) => c.startsWith(ch) && lists.some((p) => c.replace(/\./g, '').startsWith(p)));
    // owed, or displaced by the vehicle Section 232 duties (springs of 7320 that are vehicle parts): the line says which
    const covered = named.filter((hts) => quote(dataset(), { hts, origin: 'CN', date: '2026-04-06', asOf: AS_OF }).lines.some((l) => l.measure.startsWith('us.section232.metals-annex-')));
    counts[ch] = [named.length, covered.length];
  }
  // chapter 72: every line but pig iron, ferro-alloys, scrap and granules (7201-7205) and 7216.61/.69/.91 other than 7216.91.0010
  expect(counts).toEqual({ 72: [505, 505], 73: [559, 559], 74: [113, 113], 76: [107, 107] });
});

/** Section 301 China lists from U.S. note 20: disjoint 8-digit lists, and the split subheadings resolved by 10-digit line. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { note20Lists, describedLines, note20Exclusions } from '../src/import/section301.js';
import { NOTES_FILE } from '../src/import/metals.js';
import { quote } from '../src/core/engine.js';
import { dataset, ROOT, AS_OF, leavesOn, htsVersions } from './helpers.js';

const notesPath = ROOT + '../shared/data/' + NOTES_FILE;
const committed = (file: string) => readFileSync(ROOT + 'schedules/us/section301/products/' + file, 'utf8').split('\n').filter((l) => /^\d/.test(l));
const leaves = leavesOn('2025-06-01');

describe.skipIf(!existsSync(notesPath))('the note 20 import (needs ../shared/data)', () => {
  // (the body runs even when the suite is skipped: parse only when the notes are there)
  const n = existsSync(notesPath) ? note20Lists(readFileSync(notesPath, 'utf8')) : (undefined as never);
  test('the four 8-digit lists, as long as the note prints them, share no code', () => {
    expect([n.list1.length, n.list2.length, n.list3.length, n.list4a.length]).toEqual([856, 283, 5906, 2958]);
    const all = [...n.list1, ...n.list2, ...n.list3, ...n.list4a];
    expect(new Set(all).size).toBe(all.length);
  });
  test('the described products of (g) and (s)(ii): subheading and excepted statistical lines', () => {
    expect(n.list3part2.map((d) => d.subheading)).toEqual(['29319090', '85176200', '94016140', '94016960', '94017100', '94017900', '94018020', '94018040', '94018060', '94037040', '94037080']);
    expect(n.list4aDescribed.map((d) => [d.subheading, d.except.length])).toEqual([['49019900', 1], ['85176200', 2], ['94016960', 2], ['94017100', 6], ['63079098', 5]]);
  });
  test('the committed list files are exactly what the import writes', () => {
    // every 10-digit line of the HTS history, as the import reads them
    const hts10 = [...new Set(htsVersions().map((v) => v.code.replace(/\./g, '')).filter((c) => c.length === 10))];
    const sorted = (xs: string[]) => [...new Set(xs)].sort();
    // the note's codes, plus the few the four-year review moved off the lists (their earlier list), each on a 9903.91 list
    const fourYear = ['01', '02', '03', '05', '06', '11'].flatMap((h) => committed(`four-year-9903-91-${h}.txt`));
    const extra = (file: string, note: string[]) => {
      const got = committed(file);
      expect(got).toEqual(expect.arrayContaining(sorted(note)));
      const more = got.filter((c) => !note.includes(c));
      expect(more.every((c) => fourYear.includes(c))).toBe(true);
      return more.length;
    };
    expect(extra('list1.txt', n.list1) + extra('list2.txt', n.list2) + extra('list3.txt', n.list3)).toBeLessThan(20);
    expect(committed('list3-part2.txt')).toEqual(sorted(n.list3part2.flatMap((d) => describedLines(d, hts10))));
    extra('list4a.txt', [...n.list4a, ...n.list4aDescribed.flatMap((d) => describedLines(d, hts10))]);
  });
});

test('no 10-digit line asks which Section 301 list covers it, nor prints two headings (2025-06-01)', () => {
  const asks: string[] = [];
  for (const hts of leaves.filter((c) => !c.startsWith('99'))) {
    const q = quote(dataset(), { hts, origin: 'CN', date: '2025-06-01', asOf: AS_OF });
    if (q.lines.some((l) => l.measure.startsWith('us.section301.list') && (l.status === 'needs claim' || / or /.test(l.heading ?? '')))) asks.push(hts);
  }
  expect(asks).toEqual([]);
});

test.each([
  ['8517.62.00.10', '9903.88.04 +25%'], // List 3 part 2: 8517.62.00 except 8517.62.0090
  ['8517.62.00.90', '9903.88.15 +7.5%'], // List 4A (s)(ii): 8517.62.00 except .0010 and .0020
  ['6307.90.98.91', '9903.88.15 +7.5%'], // List 4A, not the respirators and face masks
])('a subheading split between lists resolves by its statistical line: %s', (hts, line) => {
  const q = quote(dataset(), { hts, origin: 'CN', date: '2025-06-01', asOf: AS_OF });
  expect(q.lines.filter((l) => l.measure.startsWith('us.section301.list')).map((l) => `${l.heading} ${l.rate}`)).toEqual([line]);
});

test('face masks of 6307.90.98 (excepted from List 4A by the note) pay no List 4A duty', () => {
  const q = quote(dataset(), { hts: '6307.90.98.70', origin: 'CN', date: '2025-06-01', asOf: AS_OF });
  expect(q.lines.some((l) => l.measure === 'us.section301.list4a')).toBe(false);
});

describe.skipIf(!existsSync(notesPath))('the 9903.88.69 exclusions of note 20(vvv)', () => {
  const ex = existsSync(notesPath) ? note20Exclusions(readFileSync(notesPath, 'utf8')) : (undefined as never);
  test('164 exclusions in four parts; those that are only a statistical line are whole-line', () => {
    expect(ex).toHaveLength(164);
    expect(ex.filter((e) => e.wholeLine).map((e) => `${e.part}:${e.lines[0]}`).slice(0, 4)).toEqual(['i:8483509040', 'i:8607211000', 'i:9030904600', 'ii:9025198010']);
    expect(ex.every((e) => e.lines.length > 0)).toBe(true);
    expect(committed('exclusions-9903-88-69-list1-lines.txt')).toEqual(['8483509040', '8607211000', '9030904600']);
  });
});

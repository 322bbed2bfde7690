/** The HTS as in force on the entry date: every edition from the 2025 Basic Edition to 2026 Revision 10, dated by the change records. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { quote } from '../src/core/engine.js';
import { NotInForceError } from '../src/core/errors.js';
import { timeline } from '../src/core/timeline.js';
import { compare } from '../src/core/compare.js';
import { addDays } from '../src/core/dates.js';
import { csvRecords } from '../src/core/csv.js';
import { readChangeRecords } from '../src/import/hts-editions.js';
import { importHistoryFolder } from '../src/import/hts-files.js';
import { dataset, htsVersions, ROOT, SCHEDULES, AS_OF } from './helpers.js';

const us = (hts: string, date: string) => quote(dataset(), { hts, origin: 'CN', date, asOf: AS_OF });
const refusal = (hts: string, date: string) => {
  try {
    us(hts, date);
  } catch (e) {
    expect(e).toBeInstanceOf(NotInForceError);
    return (e as Error).message;
  }
  throw new Error(`${hts} on ${date} was answered`);
};
const transfers = readFileSync(SCHEDULES + '/us/hts/transfers.tsv', 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t') as [string, string, string, string]);

describe('a code is answered on the dates it is a line of the HTS, and refused with what replaced it on others', () => {
  test('8507.60.00.20 (lithium-ion batteries, other): a line in 2025, replaced on 2026-02-01 (2026 Revision 2)', () => {
    const q = us('8507.60.00.20', '2025-06-01');
    expect(q.product).toMatchObject({ description: 'Other', rate_line: '8507.60.00', revision: '2025 Revision 13' });
    expect(q.lines.at(-1)).toMatchObject({ measure: 'us.mfn', rate: '3.4%' });
    expect(q.lines.at(-1)!.citation.title).toContain('(2025 Revision 13)');
    expect(us('8507.60.00.20', '2026-01-31').product.revision).toBe('2026 Revision 1');
    const why = 'it was replaced on 2026-02-01 by 8507.60.00.30 and 8507.60.00.90 (2026 Revision 2 change record): give one of these';
    expect(refusal('8507.60.00.20', '2026-02-01')).toBe(`8507.60.00.20 is not in the HTS on 2026-02-01: ${why}`);
    expect(refusal('8507.60.00.20', '2026-06-01')).toContain(why);
    // and the new lines before they were made
    expect(refusal('8507.60.00.30', '2026-01-31')).toBe('8507.60.00.30 is not in the HTS on 2026-01-31: it was established on 2026-02-01 from 8507.60.00.20 (2026 Revision 2 change record): on 2026-01-31 give that code');
    expect(us('8507.60.00.30', '2026-02-01').product.description).toMatch(/^Battery energy storage systems/);
  });

  test('0603.19.01.95 ended on 2025-01-01 (2025 Basic Edition): refused in 2025, and before 2025 the data does not reach it', () => {
    const m = refusal('0603.19.01.95', '2025-06-01');
    expect(m).toContain('it was discontinued on 2025-01-01 (its text is not in the data), and the change record names no successor');
    expect(m).toContain('lines of 0603.19.01 established that day: 0603.19.01.37 Scabiosa; 0603.19.01.55 Campanula; 0603.19.01.97 Other');
    expect(refusal('0603.19.01.95', '2024-12-31')).toContain('the data starts with the 2025 Basic Edition (2025-01-01)');
    expect(refusal('0603.19.01.97', '2024-12-31')).toContain('it was established on 2025-01-01');
    expect(us('0603.19.01.97', '2025-01-01').product.description).toBe('Other');
  });

  test('2025 Revision 16 (2025-07-01): coffee and germanium lines renumbered, no official transfers', () => {
    expect(us('0901.11.00.45', '2025-06-30').product.description).toBe('Certified organic');
    expect(refusal('0901.11.00.45', '2025-07-01')).toContain('it was discontinued on 2025-07-01, and the change record names no successor; lines of 0901.11.00 established that day: 0901.11.00.35 Certified organic');
    expect(refusal('0901.11.00.35', '2025-06-30')).toContain('it was established on 2025-07-01; lines of 0901.11.00 on 2025-06-30: ');
    expect(us('0901.11.00.35', '2025-07-01').product.revision).toBe('2025 Revision 16');
    // an 8-digit line printed with a 10-digit number before, split into three statistical lines
    expect(us('2825.60.00.00', '2025-06-30').product.rate_line).toBe('2825.60.00.00');
    expect(refusal('2825.60.00.00', '2025-07-01')).toContain('2825.60.00.10 Germanium dioxide; 2825.60.00.20 Zirconium dioxide; 2825.60.00.50 Other');
    expect(us('2825.60.00', '2025-06-30').total.rate_pct).toBe(us('2825.60.00.10', '2025-07-01').total.rate_pct);
  });

  test('a number given to other goods on 2026-02-01 (3004.90.92.04): each date has its own goods, and both are named', () => {
    const before = us('3004.90.92.04', '2026-01-31');
    const after = us('3004.90.92.04', '2026-02-01');
    expect(before.product.description).toBe('Containing fluconazole or its salts');
    expect(after.product.description).toBe('Containing oseltamivir or its salts');
    const warned = 'was given to other goods on 2026-02-01: before then "Containing fluconazole or its salts" (since under 3004.90.92.07), from then "Containing oseltamivir or its salts" (from 3004.90.92.02)';
    expect(before.warnings.join()).toContain(warned + '. This quote is for the goods before then.');
    expect(after.warnings.join()).toContain(warned + '. This quote is for the goods from then.');
    // the goods it named before are under their new number from that day
    expect(us('3004.90.92.07', '2026-02-01').product.description).toBe('Containing fluconazole or its salts');
  });

  test('every official transfer of the change records: the old code answers the day before, and names its new code on the day', () => {
    // the record's 187 pairs less two misprints (to codes that are no line; the record's own rows give the right pairs)
    expect(transfers.length).toBe(185);
    const failures: string[] = [];
    const laterDated: string[] = [];
    for (const [date, old, nu] of transfers) {
      const day = addDays(date, -1);
      try {
        us(old, day);
      } catch (e) {
        failures.push(`${old} on ${day}: ${(e as Error).message}`);
      }
      // on the day: refused naming the new code, or (a number kept for other goods) answered with a warning naming it
      try {
        const q = us(old, date);
        if (!q.warnings.some((w) => w.includes(nu))) failures.push(`${old} on ${date}: answered without naming ${nu}`);
      } catch (e) {
        if (!(e instanceof NotInForceError) || !e.message.includes(nu)) failures.push(`${old} on ${date}: ${(e as Error).message}`);
      }
      // the new code answers from the day, or from the later day its own record row gives (said in the refusal above)
      const own = htsVersions().filter((v) => v.code === nu).map((v) => v.from).sort()[0];
      const start = own && own > date ? own : date;
      if (start !== date) laterDated.push(`${nu} ${start}`);
      try {
        us(nu, start);
      } catch (e) {
        failures.push(`${nu} on ${start}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    // one record row dates a new line later than the transfer that makes it (2404.12.05.00 ended on 2026-02-01)
    expect(laterDated).toEqual(['2404.12.05.90 2026-07-01']);
    expect(refusal('2404.12.05.00', '2026-03-01')).toContain('by 2404.12.05.10 and 2404.12.05.90 (a line only from 2026-07-01, as the record dates it)');
  });

  test('the edition a date rests on, and the dates the data does not reach', () => {
    const hts = parse(readFileSync(SCHEDULES + '/us/hts/hts.yaml', 'utf8'));
    expect(hts.editions.length).toBe(44);
    expect(hts.editions.map((e: { name: string }) => e.name).slice(-2)).toEqual(['2026 Revision 9', '2026 Revision 10']);
    expect(hts.next_edition).toMatchObject({ name: '2026 Revision 11', published: '2026-07-01' });
    const past = 'the 2026 Revision 11 (2026-07-01) and later editions are not in it';
    expect(us('9503.00.00.90', '2026-06-30').warnings.join()).not.toContain(past);
    expect(us('9503.00.00.90', '2026-07-01').warnings.join()).toContain(past);
    expect(us('9503.00.00.90', '2026-07-01').product.revision).toBe('2026 Revision 10');
    expect(us('9503.00.00.90', '2024-12-31').notices.join()).toContain('The HTS before the 2025 Basic Edition (2025-01-01) is not in the data');
    expect(us('9503.00.00.90', '2025-01-01').notices.join()).not.toContain('before the 2025 Basic Edition');
  });
});

describe('timeline and compare across a renumbering say so on the step', () => {
  test('timeline: the step from 2026-02-01 is not in the HTS, with the line event', () => {
    const t = timeline(dataset(), { hts: '8507.60.00.20', origin: 'CN', asOf: AS_OF }, '2026-01-15', '2026-03-01');
    const last = t.steps.at(-1)!;
    expect(last).toMatchObject({ from: '2026-02-01', to: '2026-03-01', rate_pct: null, complete: false, layers: [] });
    expect(last.missing[0]).toContain('replaced on 2026-02-01 by 8507.60.00.30 and 8507.60.00.90');
    expect(last.events.map((e) => `${e.name}: ${e.from} -> ${e.to}`)).toEqual(['HTS line 8507.60.00.20: "Other" -> replaced by 8507.60.00.30 and 8507.60.00.90']);
  });
  test('compare: a date on which the code is not a line has no quote, and says why', () => {
    const c = compare(dataset(), { hts: '8507.60.00.20', origin: 'CN', asOf: AS_OF }, ['2026-01-15', '2026-03-01']);
    expect(c.quotes[0]!.total.rate_pct).toBe('48.4');
    expect(c.quotes[1]).toBeNull();
    expect(c.totals).toEqual(['48.4', null]);
    expect(c.refused[1]).toContain('replaced on 2026-02-01');
    expect(c.events.some((e) => e.measure === 'us.hts' && e.date === '2026-02-01')).toBe(true);
    expect(() => compare(dataset(), { hts: '8507.60.00.20', origin: 'CN', asOf: AS_OF }, ['2026-03-01', '2026-04-01'])).toThrow('replaced on 2026-02-01');
  });
});

test('batch answers each row by the HTS of its own date (the built binary, CSV and JSON Lines)', () => {
  // a code valid on one date and not the next, and codes valid on both, so that sharing between rows is exercised
  const rows = ['hts,origin,date,value', '8507.60.00.20,CN,2026-01-31,100', '8507.60.00.20,CN,2026-02-01,100', '8507.60.00.90,CN,2026-02-01,100', '8507.60.00.90,CN,2026-01-31,100', '4202.92.91.00,CN,2026-01-31,100', '4202.92.91.00,CN,2026-02-01,100'];
  const run = (format: string) => spawnSync(process.execPath, [ROOT + 'bin/tariff', 'batch', '-', '--format', format], { input: rows.join('\n') + '\n', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const csv = run('csv').stdout.trim().split('\n');
  expect(csv.length).toBe(7);
  const errorOf = (line: string) => csvRecords(csv[0] + '\n' + line)[0]!['error'];
  expect(csv.slice(1).map(errorOf)).toEqual(['', refusal('8507.60.00.20', '2026-02-01'), '', refusal('8507.60.00.90', '2026-01-31'), '', '']);
  const jsonl = run('jsonl').stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(jsonl[0].product.revision).toBe('2026 Revision 1');
  expect(jsonl[1].error).toContain('replaced on 2026-02-01 by 8507.60.00.30 and 8507.60.00.90');
  expect(jsonl[2].product.revision).toBe('2026 Revision 2');
});

const history = ROOT + '../shared/data/usitc-history';
describe.skipIf(!existsSync(history))('the import of the history folder (needs ../shared/data)', () => {
  test('writes exactly the committed files, and every record transfer is in them', () => {
    const out = mkdtempSync(join(tmpdir(), 'hts-'));
    const reports = importHistoryFolder(history, out);
    for (const f of ['lines.tsv', 'transfers.tsv', 'hts.yaml']) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(SCHEDULES, 'us/hts', f), 'utf8'));
    // 2026 Revision 2: 32 numbers given to other goods (all under 3004.90.92), as the data folder's README counts
    // 2026 Revision 2: the README's 32 numbers under 3004.90.92 that name other goods, and .06 and .70, which the
    // record discontinues and establishes again under the same text ("Other")
    expect(reports.find((r) => r.label === '2026_rev_2')).toMatchObject({ reused: 34, unknownTransfers: ['0710.80.97.24>0709.80.97.25', '2008.99.10.00>2008.19.10.90'] });
    const pairs = new Set([...readChangeRecords(history + '/usitc_change_records_2025_2026.csv').values()].flat().flatMap((r) => [...r.transferredTo.map((t) => `${r.digits}>${t}`), ...r.transferredFrom.map((f) => `${f}>${r.digits}`)]));
    for (const misprint of ['0710809724>0709809725', '2008991000>2008191090']) expect(pairs.delete(misprint)).toBe(true);
    expect(new Set(transfers.map(([, o, n]) => `${o.replaceAll('.', '')}>${n.replaceAll('.', '')}`))).toEqual(pairs);
  }, 60_000);
});

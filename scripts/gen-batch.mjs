#!/usr/bin/env node
// Writes a CSV batch for the benchmark and tests (deterministic, seeded):
//   random  — every row a random HTS line, origin CN/HK/MO and entry date 2018-01-01..2026-08-21 on which
//             the line is valid (worst case: almost no two rows share a product and date)
//   entries — a month of entry lines (2025-11-01..30) over a catalogue of 2,000 products valid that month
// Every 1,000th row is bad: row 1000 an unknown code, row 2000 a bad origin and date, and so on.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function generate(n, profile = 'random', seed = 42) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  // every version of a 10-digit line with the days it is valid (the HTS history: a code is filed on its own dates)
  const [head, ...rows] = readFileSync(root + 'schedules/us/hts/lines.tsv', 'utf8').split('\n');
  const col = Object.fromEntries(head.split('\t').map((c, i) => [c, i]));
  const day = (iso) => (iso ? Date.parse(iso + 'T00:00:00Z') : undefined);
  let codes = rows
    .map((l) => l.split('\t'))
    .filter((f) => f[0] && f[0].length === 13 && !f[0].startsWith('98') && !f[0].startsWith('99') && f[col.note] !== 'record-only')
    .map((f) => ({ code: f[0], from: day(f[col.from]), ends: day(f[col.ends]) }));
  // mulberry32: a full-period 32-bit generator (a plain LCG's low bits repeat, which made
  // "random" rows far less varied than they claimed: 6,800 distinct codes in 200,000 rows)
  let s = seed >>> 0;
  const rnd = (k) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * k);
  };
  // mixed: a month of entry lines from the largest US suppliers (roughly by 2024 import value), not only China
  const origins = profile === 'mixed' ? ['MX', 'MX', 'MX', 'CN', 'CN', 'CA', 'CA', 'DE', 'JP', 'KR', 'VN', 'VN', 'TW', 'IN', 'IE', 'IT', 'GB', 'TH', 'CH', 'MY', 'FR', 'BR'] : ['CN', 'CN', 'CN', 'HK', 'MO'];
  const month = profile === 'entries' || profile === 'mixed';
  const [from, to] = month ? [Date.UTC(2025, 10, 1), Date.UTC(2025, 10, 30)] : [Date.UTC(2018, 0, 1), Date.UTC(2026, 7, 21)];
  // the versions valid on some day of the range, and each one's first and last day in it
  codes = codes
    .map((v) => ({ code: v.code, first: Math.max(from, v.from ?? from), last: Math.min(to, (v.ends ?? to + 86400000) - 86400000) }))
    .filter((v) => v.first <= v.last);
  if (month) codes = Array.from({ length: 2000 }, () => codes[rnd(codes.length)]);
  const out = ['hts,origin,date,value'];
  for (let i = 1; i <= n; i++) {
    const v = codes[rnd(codes.length)];
    const code = v.code;
    if (i % 1000 === 0) {
      out.push((i / 1000) % 2 ? '0000.00.00,CN,2025-06-01,100' : `${code},ZZ,2025-02-30,abc`);
      continue;
    }
    const date = new Date(v.first + rnd((v.last - v.first) / 86400000 + 1) * 86400000).toISOString().slice(0, 10);
    out.push(`${code},${origins[rnd(origins.length)]},${date},${rnd(100000) + 1}.${String(rnd(100)).padStart(2, '0')}`);
  }
  return out.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [n = '200000', profile = 'random', file = `bench-out/batch-${profile}.csv`] = process.argv.slice(2);
  writeFileSync(file, generate(Number(n), profile));
}

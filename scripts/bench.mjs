#!/usr/bin/env node
// Benchmark (npm run bench, after the build): start-up of `tariff quote` against bare `node -e 0`,
// then batch throughput and memory (see batch below).
// Runs are interleaved (one of each command per round) so machine noise hits all alike;
// the figure is the median wall time.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from './gen-batch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const rounds = Number(process.env.BENCH_RUNS ?? 40);

export function startup() {
  const cmds = {
    'node -e 0': ['-e', '0'],
    'tariff quote --json': ['bin/tariff', 'quote', '4202.92.91.00', '--date', '2025-04-20', '--json'],
    'tariff quote (table)': ['bin/tariff', 'quote', '4202.92.91.00', '--date', '2025-04-20', '--value', '1000'],
    'tariff compare': ['bin/tariff', 'compare', '9503.00.00'],
  };
  const times = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  for (let i = 0; i < rounds + 2; i++) {
    for (const [name, args] of Object.entries(cmds)) {
      const t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
      if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
      if (i >= 2) times[name].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  const median = (v) => v.sort((a, b) => a - b)[v.length >> 1];
  const base = median(times['node -e 0']);
  console.log(`start-up, node ${process.version}, median of ${rounds} interleaved runs`);
  for (const [name, v] of Object.entries(times)) {
    const m = median(v);
    console.log(`  ${name.padEnd(22)} ${m.toFixed(1).padStart(6)} ms  ${(m / base).toFixed(2)} x bare node`);
  }
}

/**
 * Batch throughput (rows/s) and peak memory, on generated files: the median of BENCH_BATCH_RUNS runs
 * (default 3), with the slowest and fastest. Node runs the batch on one thread, but V8 compiles and
 * collects garbage on helper threads: where `taskset` exists, the entry-line files are run again
 * pinned to a single CPU, so that "one core" is measured literally too.
 */
export function batch() {
  mkdirSync(root + 'bench-out', { recursive: true });
  const runs = Number(process.env.BENCH_BATCH_RUNS ?? 3);
  const pin = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  console.log(`batch, CSV in and out (--out), wall time including start-up, median of ${runs} runs (slowest to fastest)`);
  const written = new Set();
  for (const [profile, rows, pinned] of [['entries', 200_000], ['entries', 1_000_000], ['mixed', 200_000], ['mixed', 1_000_000], ['random', 200_000], ['random', 1_000_000], ...(pin ? [['entries', 200_000, true], ['entries', 1_000_000, true]] : [])]) {
    const file = `${root}bench-out/batch-${profile}-${rows}.csv`;
    if (!written.has(file)) {
      writeFileSync(file, generate(rows, profile));
      written.add(file);
    }
    const rss = `${root}bench-out/rss.txt`;
    const results = [];
    for (let i = 0; i < runs; i++) {
      const args = ['--require', root + 'scripts/rss.cjs', 'bin/tariff', 'batch', file, '--out', file + '.out'];
      const t = process.hrtime.bigint();
      const r = pinned ? spawnSync('taskset', ['-c', '0', process.execPath, ...args], { cwd: root, env: { ...process.env, TARIFF_RSS_FILE: rss } }) : spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, TARIFF_RSS_FILE: rss } });
      const secs = Number(process.hrtime.bigint() - t) / 1e9;
      if (r.status !== 1 || !String(r.stderr).includes(`${rows / 1000} of ${rows} rows could not be answered`)) throw new Error(`batch ${profile}: ${r.stderr}`);
      results.push({ secs, mb: Number(readFileSync(rss, 'utf8')) / 1024 });
    }
    results.sort((a, b) => a.secs - b.secs);
    const { secs, mb } = results[results.length >> 1];
    const rate = (s) => Math.round(rows / s).toLocaleString('en-US');
    const range = runs > 1 ? `  (${rate(results[results.length - 1].secs)} to ${rate(results[0].secs)})` : '';
    console.log(`  ${(profile + (pinned ? ', 1 CPU' : '')).padEnd(15)} ${String(rows).padStart(8)} rows  ${secs.toFixed(2).padStart(6)} s  ${rate(secs).padStart(8)} rows/s${range}  peak ${mb.toFixed(0)} MB  (input ${(statSync(file).size / 1e6).toFixed(1)} MB)`);
  }
}

/**
 * tariff average over the shipped weights (US imports from China, 2024: 14,422 lines) on 20 change points of 2025,
 * and tariff refund on 200,000 entry lines (four lines an entry, a month of entries): median of 3 wall times.
 */
export function averageAndRefund() {
  const time = (args) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    if (r.status > 1) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    return Number(process.hrtime.bigint() - t) / 1e9;
  };
  const median = (f) => [f(), f(), f()].sort((a, b) => a - b)[1];
  const dates = '2025-02-01,2025-02-04,2025-03-04,2025-03-07,2025-03-12,2025-03-14,2025-04-03,2025-04-05,2025-04-09,2025-04-10,2025-05-02,2025-05-03,2025-05-13,2025-05-14,2025-06-04,2025-07-01,2025-08-01,2025-08-18,2025-11-10,2025-11-13';
  const avg = median(() => time(['bin/tariff', 'average', '--origin', 'CN', '--dates', dates, '--csv']));
  console.log(`average, 14,422 lines x 20 dates (shipped weights), wall time including start-up, median of 3: ${avg.toFixed(2)} s`);
  mkdirSync(root + 'bench-out', { recursive: true });
  const file = `${root}bench-out/refund-200000.csv`;
  const rows = generate(200_000, 'entries', 5).trim().split('\n').slice(1).filter((_, i) => (i + 1) % 1000 !== 0);
  const out = ['entry,line,date,hts,origin,value,deposited_on,importer_type'];
  rows.forEach((r, i) => {
    const [hts, origin, date, value] = r.split(',');
    const e = Math.floor(i / 4);
    out.push(`ABC${String(1_000_000 + e)}${e % 10},${(i % 4) + 1},${date},${hts},${origin},${value},${date},corporate`);
  });
  writeFileSync(file, out.join('\n') + '\n');
  const ref = median(() => time(['bin/tariff', 'refund', file, '--as-of', '2026-03-30', '--out', `${root}bench-out/refund-out`]));
  console.log(`refund, ${rows.length.toLocaleString('en-US')} entry lines, wall time including start-up, median of 3: ${ref.toFixed(2)} s (${Math.round(rows.length / ref).toLocaleString('en-US')} lines/s)`);
}

startup();
if (process.env.BENCH_BATCH !== '0') batch();
averageAndRefund();

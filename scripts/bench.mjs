#!/usr/bin/env node
// Benchmark: wall time of `tariff quote` against bare `node -e 0`, median of N runs each.
// Run with `npm run bench` (builds first). Prints the figures recorded in the README.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 25);

function median(cmd, args) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i >= 2) times.push(ms); // two warm-up runs
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const node = median(process.execPath, ['-e', '0']);
const cases = [
  ['quote (table)', ['bin/tariff', 'quote', '4202.92.91.00', '--date', '2025-04-20', '--value', '1000']],
  ['quote --json', ['bin/tariff', 'quote', '8471.30.01.00', '--date', '2025-11-10', '--json']],
  ['compare', ['bin/tariff', 'compare', '9503.00.00']],
];
console.log(`node ${process.version}, ${runs} runs each, median wall time`);
console.log(`bare node -e 0: ${node.toFixed(1)} ms`);
for (const [name, args] of cases) {
  const ms = median(process.execPath, args);
  console.log(`${name}: ${ms.toFixed(1)} ms (${(ms / node).toFixed(2)} x bare node)`);
}

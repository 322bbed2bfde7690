/** The rate table for SQL engines: exported as Parquet, joined in DuckDB by the README's SQL, it gives batch's totals row for row. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { csvRecords } from '../src/core/csv.js';
import { htsVersions, ROOT } from './helpers.js';

const tariff = (...args: string[]) => spawnSync(process.execPath, [ROOT + 'bin/tariff', ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });

/** 200,000 entry lines from China in 2025-2026, each a 10-digit line on a date it is valid (seeded). */
function entryLines(n: number): string {
  const [from, to] = [Date.parse('2025-01-01'), Date.parse('2026-12-31')];
  const day = (iso: string) => Date.parse(iso);
  const versions = htsVersions()
    .filter((v) => v.code.length === 13 && !v.code.startsWith('99') && v.note !== 'record-only')
    .map((v) => ({ code: v.code, first: Math.max(from, v.from ? day(v.from) : from), last: Math.min(to, v.ends ? day(v.ends) - 86_400_000 : to) }))
    .filter((v) => v.first <= v.last);
  let s = 20261202;
  const rnd = (k: number) => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((s / 2_147_483_648) * k);
  };
  const rows = ['id,hts,origin,date,value'];
  for (let i = 1; i <= n; i++) {
    const v = versions[rnd(versions.length)]!;
    const date = new Date(v.first + rnd((v.last - v.first) / 86_400_000 + 1) * 86_400_000).toISOString().slice(0, 10);
    rows.push(`${i},${v.code},CN,${date},${rnd(100_000) + 1}.00`);
  }
  return rows.join('\n') + '\n';
}

test('the China-origin tables for 2025-2026, joined in DuckDB with 200,000 entry lines, give batch\'s totals row for row', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-'));
  writeFileSync(join(dir, 'entries.csv'), entryLines(200_000));
  const exp = tariff('export', '--origins', 'CN', '--from', '2025-01-01', '--to', '2026-12-31', '--format', 'parquet', '--out', join(dir, 'tariff-export'));
  expect(exp.status, exp.stderr).toBe(0);
  expect(exp.stderr).toMatch(/^wrote \d+ intervals/);
  const batch = tariff('batch', join(dir, 'entries.csv'), '--out', join(dir, 'batch.csv'));
  expect(batch.status).toBeLessThanOrEqual(1);
  const answered = csvRecords(readFileSync(join(dir, 'batch.csv'), 'utf8'));
  expect(answered.length).toBe(200_000);

  // the README's DuckDB query, as printed there, run from the directory it names its files in
  const readme = readFileSync(ROOT + 'README.md', 'utf8');
  const sql = /```sql\n(-- DuckDB[\s\S]*?)```/.exec(readme)![1]!;
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`SET file_search_path = '${dir}'`);
  const priced = (await c.runAndReadAll(`SELECT id, rate_pct, complete FROM (${sql.trim().replace(/;$/, '')}) ORDER BY CAST(id AS INTEGER)`)).getRows();
  expect(priced.length).toBe(200_000);
  const differ: string[] = [];
  priced.forEach(([id, rate, complete], i) => {
    const b = answered[i]!;
    const want = [b['total_rate_pct'] || null, b['complete'] === 'true'];
    if (String(id) !== b['row'] || rate !== want[0] || complete !== want[1]) differ.push(`row ${b['row']} ${b['hts']} ${b['date']}: batch ${want.join(' ')}, export ${rate} ${complete}`);
  });
  expect(differ.slice(0, 5)).toEqual([]);
  // the tables carry what a line needs, never a zero for it
  const needs = (await c.runAndReadAll(`SELECT count(*) FROM 'tariff-export/lines.parquet' WHERE claim_needed AND rate_num IS NOT NULL`)).getRows();
  expect(needs[0]![0]).toBe(0n);
  const sources = (await c.runAndReadAll(`SELECT count(*) FROM 'tariff-export/lines.parquet' l LEFT JOIN 'tariff-export/sources.parquet' s USING (citation_id) WHERE s.href IS NULL`)).getRows();
  expect(sources[0]![0]).toBe(0n);
}, 180_000);

test('export refuses what it cannot answer, in one line', () => {
  expect(tariff('export', '--origins', 'ZZ').stderr).toMatch(/^tariff: origin "ZZ" is not an ISO 3166 country code/);
  expect(tariff('export', '--format', 'xlsx').stderr).toContain('--format must be csv or parquet');
  expect(tariff('export', '--from', '2026-01-01', '--to', '2025-01-01').stderr).toContain('--to is before --from');
});

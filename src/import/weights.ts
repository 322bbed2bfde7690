/**
 * The default weights of `tariff average`, from ../shared/data/trade-weights:
 * - weights/us-imports-2024-cn-hk.csv: US imports for consumption from China (Census 5700) and Hong Kong (5820) in
 *   2024 by HTS10, customs value in dollars (Census international-trade API, CON_VAL_YR of 2024-12; public domain;
 *   via tradewartracker/trade-war-redux-2025 @ e38e38d8, MIT);
 * - weights/metal-content-shares.csv: the Budget Lab at Yale's estimated steel, aluminum and copper content of each
 *   HTS10 line as a percent of value (BEA input-output based; tariff-rate-tracker @ 8315fff, MIT, weights/YALE_LICENSE):
 *   an assumption for pricing lines whose duty depends on a content nobody gave, never a fact of the law.
 * China's imports from the US (2017, PIIE/ITC Trade Map) are not shipped: their licence is not stated.
 * Run with `npm run import:weights [-- <shared-data-dir>]`; the output is committed.
 */
import { readFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { csvRecords } from '../core/csv.js';
import { writeAtomic } from './hts.js';

const ORIGIN: Record<string, string> = { '5700': 'CN', '5820': 'HK' };

/** A fraction of value as a percent with at most 4 decimals ("0.2416"), from the source's binary float. */
const pct = (fraction: string) => {
  const v = Number(fraction) * 100;
  if (!Number.isFinite(v) || v < 0 || v > 100) throw new Error(`not a share of value: ${fraction}`);
  return String(Math.round(v * 10_000) / 10_000);
};

export function importWeights(sharedData: string, root: string): Record<string, number> {
  const dir = join(root, 'weights');
  mkdirSync(dir, { recursive: true });
  const census = csvRecords(readFileSync(join(sharedData, 'trade-weights/us_imports_cons_2024_china_hk_hts10.csv'), 'utf8'));
  const rows = census.map((r) => {
    const origin = ORIGIN[r['cty_code']!];
    if (!origin || !/^\d{10}$/.test(r['hts10']!) || !/^\d+$/.test(r['customs_value_cons_usd']!)) throw new Error(`unexpected Census row ${JSON.stringify(r)}`);
    return `${r['hts10']},${origin},${r['customs_value_cons_usd']}`;
  });
  writeAtomic(join(dir, 'us-imports-2024-cn-hk.csv'), ['hts,origin,value', ...rows].join('\n') + '\n');
  const yale = csvRecords(readFileSync(join(sharedData, 'trade-weights/yale_metal_content_shares_bea_hs10.csv'), 'utf8'));
  // 1,211 lines of the source have steel, aluminum, copper and other-metal shares adding up to more than their
  // metal_share (some above 1, with metal_share capped at 1): those four are scaled down in proportion to it
  let scaled = 0;
  const shares = yale.map((r) => {
    const parts = ['steel_share', 'aluminum_share', 'copper_share', 'other_metal_share'].map((k) => Number(r[k]));
    const sum = parts.reduce((a, b) => a + b, 0);
    const cap = Number(r['metal_share']);
    const f = sum > cap && sum > 0 ? cap / sum : 1;
    if (f < 1) scaled++;
    return `${r['hs10']},${parts.slice(0, 3).map((x) => pct(String(x * f))).join(',')}`;
  });
  writeAtomic(join(dir, 'metal-content-shares.csv'), ['hts,steel,aluminum,copper', ...shares].join('\n') + '\n');
  writeAtomic(join(dir, 'YALE_LICENSE'), readFileSync(join(sharedData, 'trade-weights/YALE_LICENSE'), 'utf8'));
  return { 'us-imports-2024-cn-hk.csv': rows.length, 'metal-content-shares.csv': shares.length, 'lines scaled to metal_share': scaled };
}

const isMain = process.argv[1] && resolve(process.argv[1]).replace(/\.ts$/, '.js') === resolve(new URL(import.meta.url).pathname).replace(/\.ts$/, '.js');
if (isMain) console.log(importWeights(process.argv[2] ?? resolve('../shared/data'), resolve('.')));

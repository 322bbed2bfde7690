import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDatasetFromSources } from '../src/build/compile.js';
import { formatError } from '../src/build/load.js';
import type { Dataset } from '../src/core/dataset.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCHEDULES = ROOT + 'schedules';

let cached: Dataset | undefined;
/** The dataset read straight from the YAML schedules (the same one the build compiles). */
export function dataset(): Dataset {
  if (!cached) {
    const { dataset, errors } = loadDatasetFromSources(SCHEDULES);
    if (!dataset) throw new Error('schedules invalid:\n' + errors.map(formatError).join('\n'));
    cached = dataset;
  }
  return cached;
}

/** The day answers are given on in tests: after the Supreme Court ruling, so IEEPA lines are refundable. */
export const AS_OF = '2026-11-21';

interface HtsVersion { code: string; from: string; ends: string; note: string }
let versions: HtsVersion[] | undefined;
/** The committed HTS lines, a row per version of a line, with the dates it is valid (empty: open-ended). */
export function htsVersions(): HtsVersion[] {
  if (!versions) {
    const rows = readFileSync(SCHEDULES + '/us/hts/lines.tsv', 'utf8').split('\n');
    const head = rows[0]!.split('\t');
    const at = (name: string) => head.indexOf(name);
    versions = rows.slice(1).filter(Boolean).map((r) => {
      const f = r.split('\t');
      return { code: f[at('code')]!, from: f[at('from')] ?? '', ends: f[at('ends')] ?? '', note: f[at('note')] ?? '' };
    });
  }
  return versions;
}

/** The 10-digit lines (not chapter 99) valid on a date. */
export const leavesOn = (date: string) =>
  [...new Set(htsVersions().filter((v) => v.code.length === 13 && !v.code.startsWith('99') && v.note !== 'record-only' && (!v.from || v.from <= date) && (!v.ends || v.ends > date)).map((v) => v.code))];

/** The 10-digit lines (not chapter 99) valid on every date, with one text: one version and no dates. */
export function stableLeaves(): string[] {
  const n = new Map<string, number>();
  for (const v of htsVersions()) n.set(v.code, (n.get(v.code) ?? 0) + (v.from || v.ends ? 2 : 1));
  return [...n].filter(([c, k]) => k === 1 && c.length === 13 && !c.startsWith('99')).map(([c]) => c);
}

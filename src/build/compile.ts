/**
 * Build step: validate the YAML schedules once and write the compact run-time
 * index (dist/index/index.json plus one file per HTS chapter).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchedules, type SourceError } from './load.js';
import { splitByChapter, datasetFrom, chapterFile, originFile, groupsOf, shapeMeasure, type Dataset, type ChapterData } from '../core/dataset.js';
import type { LoadedSchedules } from './load.js';

export function loadDatasetFromSources(root: string): { dataset?: Dataset; errors: SourceError[] } {
  const s = loadSchedules(root);
  if (s.errors.length || !s.meta) return { errors: s.errors };
  return { dataset: datasetFrom(s.meta, s.tariffs, s.measures, s.fees, s.postal, chaptersOf(s), s.interest, s.programs), errors: [] };
}

/** Chapters by importer: each nomenclature's lines with the product lists of that importer's measures. */
function chaptersOf(s: LoadedSchedules): Map<string, Map<string, ChapterData>> {
  const out = new Map<string, Map<string, ChapterData>>();
  const importerOf = new Map(s.measures.map((m) => [m.id, m.importer as string]));
  for (const importer of Object.keys(s.tariffs)) {
    const scopes = Object.fromEntries(Object.entries(s.scopes).filter(([key]) => importerOf.get(key.split('#')[0]) === importer));
    out.set(importer, splitByChapter(s.lines[importer] ?? [], scopes, s.tariffs[importer]?.dated ? (s.transfers[importer] ?? []) : undefined));
  }
  return out;
}

export function compile(root: string, outDir: string): { errors: SourceError[]; chapters: number } {
  const s = loadSchedules(root);
  if (s.errors.length || !s.meta) return { errors: s.errors, chapters: 0 };
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  let count = 0;
  for (const [importer, chapters] of chaptersOf(s)) {
    for (const [ch, data] of chapters) writeFileSync(join(outDir, chapterFile(importer, ch)), JSON.stringify(data));
    count += chapters.size;
  }
  // country tables: per measure only their dates and the origins named; each origin's values in a file of its own
  const byOrigin = new Map<string, Record<string, Record<string, unknown>>>();
  const measures = s.measures.map((m) => {
    if (!m.by_origin) return m;
    const shaped = shapeMeasure(m, groupsOf(s.meta!, m.importer)).by_origin!;
    const dates = Object.keys(shaped).sort();
    const named = new Set<string>();
    for (const d of dates) {
      for (const [c, v] of Object.entries(shaped[d]!.countries)) {
        named.add(c);
        let file = byOrigin.get(c);
        if (!file) byOrigin.set(c, (file = {}));
        (file[m.id] ??= {})[d] = v;
      }
    }
    const { by_origin: _, ...rest } = m;
    return { ...rest, by_origin_dates: dates, by_origin_named: [...named].sort() };
  });
  for (const [origin, file] of byOrigin) writeFileSync(join(outDir, originFile(origin)), JSON.stringify(file));
  writeFileSync(join(outDir, 'index.json'), JSON.stringify({ meta: s.meta, tariffs: s.tariffs, measures, fees: s.fees, postal: s.postal, interest: s.interest, programs: s.programs }));
  return { errors: [], chapters: count };
}

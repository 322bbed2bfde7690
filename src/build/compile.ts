/**
 * Build step: validate the YAML schedules once and write the compact run-time
 * index (dist/index/index.json plus one file per HTS chapter).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchedules, type SourceError } from './load.js';
import { splitByChapter, datasetFrom, type Dataset } from '../core/dataset.js';

export function loadDatasetFromSources(root: string): { dataset?: Dataset; errors: SourceError[] } {
  const s = loadSchedules(root);
  if (s.errors.length || !s.meta || !s.hts) return { errors: s.errors };
  return { dataset: datasetFrom(s.meta, s.hts, s.measures, s.fees, s.postal, splitByChapter(s.lines, s.scopes)), errors: [] };
}

export function compile(root: string, outDir: string): { errors: SourceError[]; chapters: number } {
  const s = loadSchedules(root);
  if (s.errors.length || !s.meta || !s.hts) return { errors: s.errors, chapters: 0 };
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const chapters = splitByChapter(s.lines, s.scopes);
  for (const [ch, data] of chapters) writeFileSync(join(outDir, `ch${ch}.json`), JSON.stringify(data));
  writeFileSync(join(outDir, 'index.json'), JSON.stringify({ meta: s.meta, hts: s.hts, measures: s.measures, fees: s.fees, postal: s.postal }));
  return { errors: [], chapters: chapters.size };
}

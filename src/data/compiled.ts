/**
 * Run-time access to the compiled index in dist/index (written by `npm run build`):
 * no YAML parsing and no validation on the quote path, and only the chapter a
 * quote needs is read.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChapterData, Dataset } from '../core/dataset.js';

export const DATA_DIR = fileURLToPath(new URL('../index/', import.meta.url));

export class MissingIndexError extends Error {}

export function loadCompiled(dir = DATA_DIR): Dataset {
  const metaFile = dir + 'index.json';
  if (!existsSync(metaFile)) throw new MissingIndexError(`compiled schedules not found in ${dir}: run \`npm run build\``);
  const index = JSON.parse(readFileSync(metaFile, 'utf8'));
  const cache = new Map<string, ChapterData | undefined>();
  return {
    meta: index.meta,
    hts: index.hts,
    measures: index.measures,
    chapter(ch) {
      if (!cache.has(ch)) {
        const f = `${dir}ch${ch}.json`;
        cache.set(ch, existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : undefined);
      }
      return cache.get(ch);
    },
  };
}

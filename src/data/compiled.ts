/**
 * Run-time access to the compiled index in dist/index (written by `npm run build`):
 * no YAML parsing and no validation on the quote path, and only the chapter a
 * quote needs is read.
 */
import { readFileSync, existsSync } from 'node:fs';
import { INDEX_DIR } from '../paths.js';
import { chapterFile, groupsOf, originFile, shapeMeasure, type ChapterData, type Dataset } from '../core/dataset.js';
import { attachCountries } from '../core/origins.js';
import type { Measure } from '../core/schema.js';


/** The schedules could not be loaded (no index, a damaged index, or invalid YAML): exit 2 with the details. */
export class ScheduleDataError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

function readJson(file: string) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ScheduleDataError(`compiled schedules are damaged (${file}: ${(e as Error).message}): run \`npm run build\``);
  }
}

export function loadCompiled(dir = INDEX_DIR): Dataset {
  const metaFile = dir + 'index.json';
  if (!existsSync(metaFile)) throw new ScheduleDataError(`compiled schedules not found in ${dir}: run \`npm run build\``);
  const index = readJson(metaFile);
  const cache = new Map<string, ChapterData | undefined>();
  /** each origin's country values (measure id → table date → value), read when a quote first needs the origin */
  const origins = new Map<string, Record<string, Record<string, Measure['values'][string] | null>> | undefined>();
  const originTables = (origin: string) => {
    if (!origins.has(origin)) {
      const f = dir + originFile(origin);
      origins.set(origin, existsSync(f) ? readJson(f) : undefined);
    }
    return origins.get(origin);
  };
  return {
    meta: index.meta,
    tariffs: index.tariffs,
    measures: index.measures.map((raw: Measure & { by_origin_dates?: string[]; by_origin_named?: string[] }) => {
      const m = shapeMeasure(raw, groupsOf(index.meta, raw.importer));
      if (raw.by_origin_dates) attachCountries(m, { dates: raw.by_origin_dates, named: new Set(raw.by_origin_named), of: (origin) => originTables(origin)?.[m.id] });
      return m;
    }),
    fees: index.fees,
    postal: index.postal,
    interest: index.interest ?? [],
    programs: index.programs ?? [],
    chapter(ch, importer) {
      const name = chapterFile(importer, ch);
      if (!cache.has(name)) {
        const f = dir + name;
        cache.set(name, existsSync(f) ? readJson(f) : undefined);
      }
      return cache.get(name);
    },
  };
}

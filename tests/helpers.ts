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

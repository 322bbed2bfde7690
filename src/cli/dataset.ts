/** The dataset a command reads: the compiled index, or with --schedules DIR the YAML itself (validated, errors exit 2). */
import type { Dataset } from '../core/dataset.js';
import { loadCompiled, ScheduleDataError } from '../data/compiled.js';

export async function openDataset(schedulesDir?: string): Promise<Dataset> {
  if (!schedulesDir) return loadCompiled();
  const { resolve } = await import('node:path');
  const { loadDatasetFromSources } = await import('../build/compile.js');
  const { formatError } = await import('../build/load.js');
  const { dataset, errors } = loadDatasetFromSources(resolve(schedulesDir));
  if (!dataset) throw new ScheduleDataError(`the schedules in ${schedulesDir} have ${errors.length} problem(s):`, errors.map(formatError));
  return dataset;
}

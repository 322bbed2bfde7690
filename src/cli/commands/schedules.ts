import { resolve } from 'node:path';
import { SCHEDULES_DIR } from '../../paths.js';
import type { Outcome } from '../main.js';

export async function runValidate(dir?: string): Promise<Outcome> {
  const { loadSchedules, formatError } = await import('../../build/load.js');
  const root = dir ? resolve(dir) : SCHEDULES_DIR;
  const s = loadSchedules(root);
  if (s.errors.length) return { exit: 1, stderr: [...s.errors.map(formatError), `${s.errors.length} problem(s) in ${root}`] };
  return { exit: 0, stdout: `${root}: ${s.measures.length} measures, ${Object.values(s.lines).reduce((n, l) => n + (l?.length ?? 0), 0)} nomenclature lines, ${Object.keys(s.scopes).length} product lists: no problems` };
}

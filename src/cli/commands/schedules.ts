import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { loadSchedules, formatError } from '../../build/load.js';
import type { Outcome } from '../main.js';

export async function runValidate(dir?: string): Promise<Outcome> {
  const root = dir ? resolve(dir) : fileURLToPath(new URL('../../../schedules', import.meta.url));
  const s = loadSchedules(root);
  if (s.errors.length) return { exit: 1, stderr: [...s.errors.map(formatError), `${s.errors.length} problem(s) in ${root}`] };
  return { exit: 0, stdout: `${root}: ${s.measures.length} measures, ${s.lines.length} HTS lines, ${Object.keys(s.scopes).length} product lists: no problems` };
}

/** `npm run build` step: compile schedules/ into dist/index, or print every schedule error and exit 1. */
import { resolve } from 'node:path';
import { INDEX_DIR, SCHEDULES_DIR } from '../paths.js';
import { compile } from './compile.js';
import { formatError } from './load.js';

const root = resolve(process.argv[2] ?? SCHEDULES_DIR);
const out = INDEX_DIR;
const { errors, chapters } = compile(root, out);
if (errors.length) {
  for (const e of errors) console.error(formatError(e));
  console.error(`${errors.length} schedule error(s); nothing compiled`);
  process.exit(1);
}
console.error(`compiled schedules into ${out} (${chapters} chapters)`);

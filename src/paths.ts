/**
 * Where the package lives, found from this module's own location, so the same code
 * works compiled by tsc (dist/<dir>/x.js, ESM) and bundled (dist/tariff.cjs, CommonJS).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __dirname: string | undefined;

function findRoot(): string {
  let dir = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('tariff: cannot find the package root');
}

export const ROOT = findRoot();
/** the compiled run-time index (npm run build) */
export const INDEX_DIR = join(ROOT, 'dist', 'index') + '/';
/** the YAML schedules shipped with the package */
export const SCHEDULES_DIR = join(ROOT, 'schedules');

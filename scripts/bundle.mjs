// Build step: bundle the command-line hot path into one CommonJS file, dist/tariff.cjs.
// Node 20's ESM loader alone costs ~15% over bare `node -e 0`; a CommonJS bundle starts
// within a few ms of it. The rarely used YAML/zod code (validate, import, --schedules)
// stays in the tsc output (dist/build, dist/import) and is loaded with import() when used.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve, sep } from 'node:path';

const heavy = ['build', 'import'].map((d) => resolve('src', d) + sep);

/** Imports of src/build/* and src/import/* stay external: ./build/x.js next to the bundle. */
const keepHeavyExternal = {
  name: 'keep-heavy-external',
  setup(b) {
    b.onResolve({ filter: /\/(build|import)\/[^/]+\.js$/ }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      const dir = heavy.find((h) => target.startsWith(h));
      if (!dir) return undefined;
      return { path: './' + target.slice(resolve('src').length + 1), external: true };
    });
  },
};

/** commander loads child_process only to run executable subcommands, which tariff has none of. */
const noChildProcess = {
  name: 'no-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (args.importer.includes('commander') ? { path: 'child_process', namespace: 'stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export function spawn() { throw new Error("executable subcommands are not supported"); } export default { spawn };',
      loader: 'js',
    }));
  },
};

/**
 * chalk's bundled supports-color imports node:tty (which loads net and streams) to guess the
 * colour level; tariff always sets the level itself (src/cli/color.ts), so that guess is unused.
 */
const noTtyForChalk = {
  name: 'no-tty-for-chalk',
  setup(b) {
    b.onResolve({ filter: /^(node:)?tty$/ }, (args) => (args.importer.includes('chalk') ? { path: 'tty', namespace: 'tty-stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'tty-stub' }, () => ({ contents: 'export function isatty() { return false; } export default { isatty };', loader: 'js' }));
  },
};

rmSync('dist/tariff.cjs', { force: true });
rmSync('dist/tariff.cjs.cache', { force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: 'dist/tariff.cjs',
  legalComments: 'none',
  logLevel: 'warning',
  // paths.ts reads import.meta.url only when it is not bundled
  logOverride: { 'empty-import-meta': 'silent' },
  plugins: [keepHeavyExternal, noChildProcess, noTtyForChalk],
});

// bin/tariff runs the bundle from V8's code cache (see there). Code run from a vm.Script with cached
// data cannot call import() in Node 20, so the bundle's few dynamic imports (the YAML/zod code and
// node:path, used by --schedules and the imports) go through a hook the loader provides.
const bundle = readFileSync('dist/tariff.cjs', 'utf8');
const imports = bundle.match(/\bimport\(/g)?.length ?? 0;
const hooked = bundle.replace(/\bimport\((?="(\.\/(build|import)\/[a-z-]+\.js|node:[a-z]+)"\))/g, '__tariffImport(');
const left = hooked.match(/\bimport\(/g)?.length ?? 0;
if (imports === 0 || left !== 0) throw new Error(`bundle: ${left} of ${imports} dynamic imports not routed through __tariffImport`);
writeFileSync(
  'dist/tariff.cjs',
  hooked.replace(/^"use strict";\n/, '"use strict";\nvar __tariffImport = globalThis.__tariffImport || ((s) => import(s));\n'),
);

// The code cache: V8's compiled code for the bundle after a representative quote (a table and fees),
// written by the loader at exit. Node rejects a cache from another V8 and then simply compiles.
const trained = spawnSync(process.execPath, ['bin/tariff', 'quote', '4202.92.91.00', '--date', '2025-04-20', '--value', '1000'], {
  env: { ...process.env, TARIFF_CODE_CACHE_OUT: 'dist/tariff.cjs.cache', NO_COLOR: '1' },
  encoding: 'utf8',
});
if (trained.status !== 0) throw new Error(`bundle: the code-cache run failed: ${trained.stderr}`);

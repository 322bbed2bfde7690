import { existsSync } from 'node:fs';
import { checkDate } from '../../core/engine.js';
import { QueryError } from '../../core/errors.js';
import type { Outcome } from '../main.js';

export async function runImport(file: string, o: { revision: string; effective: string; out: string; href?: string }): Promise<Outcome> {
  if (!existsSync(file)) throw new QueryError(`file not found: ${file}`);
  const effective = checkDate(o.effective, '--effective');
  const { importHtsFile, ImportError } = await import('../../import/hts.js');
  try {
    const r = importHtsFile({ file, outDir: o.out, revision: o.revision, effective, href: o.href });
    const shapes = Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join(', ');
    return {
      exit: 0,
      stdout: `imported ${r.rows} HTS lines (${o.revision}) into ${o.out}\nGeneral rates, chapters 1-97: ${shapes}`,
      stderr: [...r.notComputable.map((n) => `not computable: ${n.code} "${n.text}" (${n.reason})`), 'run `npm run build` to compile the new data'],
    };
  } catch (e) {
    if (e instanceof ImportError) throw new QueryError(`${file}: ${e.message}`);
    throw e;
  }
}

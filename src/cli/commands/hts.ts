import { existsSync } from 'node:fs';
import { checkDate } from '../../core/engine.js';
import { QueryError } from '../../core/errors.js';
import type { Outcome } from '../main.js';

export async function runImport(file: string, o: { revision: string; effective: string; out: string; records?: string }): Promise<Outcome> {
  for (const f of [file, o.records]) if (f !== undefined && !existsSync(f)) throw new QueryError(`file not found: ${f}`);
  const published = checkDate(o.effective, '--effective');
  const { importEdition, listReport } = await import('../../import/hts-files.js');
  const { ImportError } = await import('../../import/hts.js');
  try {
    const r = importEdition({ file, outDir: o.out, revision: o.revision, published, records: o.records });
    const undated = r.byPublication.length
      ? [`${r.byPublication.length} change(s) no change record names are dated ${published} (the publication): ${r.byPublication.slice(0, 5).join(', ')}${r.byPublication.length > 5 ? ', …' : ''}`]
      : [];
    // the product lists of the schedules the history belongs to (--out is their us/hts), when it is there
    const { dirname, join } = await import('node:path');
    const root = dirname(dirname(o.out));
    const lists = existsSync(join(root, 'meta.yaml')) ? await listReport(root) : [];
    return {
      exit: 0,
      stdout: `added ${o.revision} to the HTS history in ${o.out}: ${r.added} lines established, ${r.removed} discontinued, ${r.modified} changed, ${r.reused} numbers reused`,
      stderr: [...undated, ...lists.map((l) => `product list ${l}`), 'run `npm run build` to compile the new data'],
    };
  } catch (e) {
    if (e instanceof ImportError) throw new QueryError(`${file}: ${e.message}`);
    throw e;
  }
}

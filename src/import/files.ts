/** Writing the committed files of an import: product lists of HTS prefixes. */
import { writeAtomic } from './hts.js';

/** Writes a product-list file: a commented header, then the sorted, distinct code prefixes. */
export function writeList(path: string, header: string[], codes: Iterable<string>) {
  const sorted = [...new Set(codes)].sort();
  for (const c of sorted) if (!/^\d{4,10}$/.test(c)) throw new Error(`${path}: bad code prefix "${c}"`);
  writeAtomic(path, header.map((h) => `# ${h}`).join('\n') + '\n' + sorted.join('\n') + '\n');
  return sorted.length;
}


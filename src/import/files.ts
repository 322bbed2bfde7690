/** Writing the committed files of an import (product lists of HTS prefixes), and reading the committed HTS codes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from './hts.js';

/**
 * The dotted codes of every line of the committed HTS history (any edition, once each), without the lines known
 * only from a change record that ended them before the data.
 */
export function htsCodes(schedules: string): string[] {
  const [head, ...rows] = readFileSync(join(schedules, 'us/hts/lines.tsv'), 'utf8').split('\n');
  const note = head!.split('\t').indexOf('note');
  return [...new Set(rows.map((r) => r.split('\t')).filter((f) => f[0] && (note < 0 || f[note] !== 'record-only')).map((f) => f[0]!))];
}

/** Writes a product-list file: a commented header, then the sorted, distinct code prefixes. */
export function writeList(path: string, header: string[], codes: Iterable<string>) {
  const sorted = [...new Set(codes)].sort();
  for (const c of sorted) if (!/^\d{4,10}$/.test(c)) throw new Error(`${path}: bad code prefix "${c}"`);
  writeAtomic(path, header.map((h) => `# ${h}`).join('\n') + '\n' + sorted.join('\n') + '\n');
  return sorted.length;
}


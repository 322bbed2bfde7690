/**
 * Section 301 China lists 1, 2, 3, 3 part 2 and 4A from U.S. note 20 itself (HTS 2026 Rev 6 text), not from a
 * third-party list: (b) List 1, (d) List 2, (f) List 3 and (s)(i) List 4A are lists of 8-digit subheadings, which the
 * note keeps disjoint; (g) List 3 part 2 and (s)(ii) List 4A add products described as "provided for in subheading X,
 * except for [those] provided for in statistical reporting number(s) Y", written here as the 10-digit lines of X in
 * the committed HTS less Y, so that a subheading split between lists resolves by its statistical line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTES_FILE, noteText } from './notes.js';

const CODE = /(?<![\d.])(\d{4})\.(\d{2})\.(\d{2}(?:\d{2})?)(?!\d|\.\d)/g;
const digits = (m: RegExpMatchArray) => m[1]! + m[2]! + m[3]!;

/** A described product: the subheading it is provided for in, and the statistical lines the note takes out of it. */
export interface Described { item: number; subheading: string; except: string[]; text: string }

export interface Note20Lists {
  list1: string[];
  list2: string[];
  list3: string[];
  list4a: string[];
  /** (g): the products of List 3 part 2 */
  list3part2: Described[];
  /** (s)(ii): products of List 4A described by subheading and exceptions */
  list4aDescribed: Described[];
}

function section(lines: string[], start: RegExp, end: RegExp): string {
  const a = lines.findIndex((l) => start.test(l));
  const b = lines.findIndex((l, i) => i > a && end.test(l));
  if (a < 0 || b < 0) throw new Error(`note 20: ${start} not found`);
  return lines.slice(a, b).join('\n');
}

const codesIn = (text: string) => [...text.matchAll(CODE)].map(digits).filter((c) => !c.startsWith('99'));

/** "1. Other ..., provided for in [subheading] 2931.90.90, except for ... statistical reporting number 2931.90.9051;" */
function described(text: string): Described[] {
  return [...text.matchAll(/(?:^|\n)\s*(\d+)\.\s+([\s\S]*?)(?=\n\s*\d+\.\s|$)/g)].map((m) => {
    const item = m[2]!.replace(/\s+/g, ' ').trim();
    const [subheading, ...except] = codesIn(item);
    if (!subheading || subheading.length !== 8) throw new Error(`note 20: item ${m[1]} names no 8-digit subheading: ${item}`);
    return { item: Number(m[1]), subheading, except, text: item };
  });
}

export function note20Lists(text: string): Note20Lists {
  const lines = noteText(text, 20);
  const list = (a: RegExp, b: RegExp) => codesIn(section(lines, a, b));
  const g = section(lines, /^\(g\) For the purposes of heading 9903\.88\.04/, /^Notwithstanding U\.S\. note 1 to this subchapter, all products of China that are subject to the additional 25 percent ad\s*$/);
  const sii = section(lines, /^\(ii\) the following products of China:/, /^\(t\) For the purposes of heading 9903\.88\.16/);
  return {
    list1: list(/^\(b\) Heading 9903\.88\.01 applies/, /^\(c\) For the purposes of heading 9903\.88\.02/),
    list2: list(/^\(d\) Heading 9903\.88\.02 applies/, /^\(e\) For the purposes of heading 9903\.88\.03/),
    list3: list(/^\(f\) Heading 9903\.88\.03 applies/, /^\(g\) For the purposes of heading 9903\.88\.04/),
    list4a: list(/^\(i\) all products of China that are classified in the following 8-digit subheadings/, /^\(ii\) the following products of China:/),
    list3part2: described(g.slice(g.search(/\n\s*1\.\s/))),
    list4aDescribed: described(sii.replace(/^\(ii\)[^\n]*/, '')),
  };
}

/** The 10-digit lines of a described product in the committed HTS: the subheading's lines less the excepted ones. */
export function describedLines(d: Described, hts10: string[]): string[] {
  const lines = hts10.filter((c) => c.startsWith(d.subheading));
  return lines.length ? lines.filter((c) => !d.except.includes(c)) : [d.subheading];
}

export function readNote20(sharedData: string): Note20Lists {
  return note20Lists(readFileSync(join(sharedData, NOTES_FILE), 'utf8'));
}

/** One product exclusion of U.S. note 20(vvv): the statistical lines it names and whether it is the whole line. */
export interface Exclusion { part: string; item: number; lines: string[]; wholeLine: boolean; text: string }

/**
 * Note 20(vvv)(i)-(iv): the exclusions of heading 9903.88.69 from List 1 (i), List 2 (ii), Lists 3 and 3 part 2 (iii)
 * and List 4A (iv). An item that is only a statistical reporting number ("(1) 8483.50.9040") excludes that whole line;
 * any other item describes particular products within the lines it names, which only a claim can say.
 */
export function note20Exclusions(text: string): Exclusion[] {
  const all = noteText(text, 20);
  const start = all.findIndex((l) => l.startsWith('(vvv)'));
  const end = all.findIndex((l, i) => i > start && l.startsWith('(www)'));
  if (start < 0 || end < 0) throw new Error('note 20(vvv) not found');
  const body = all.slice(start, end).join('\n');
  const parts = [...body.matchAll(/(?:^|\n)\s*(?:\(vvv\)\s*)?\((i|ii|iii|iv)\) The U\.S\. Trade Representative/g)];
  const out: Exclusion[] = [];
  parts.forEach((p, k) => {
    const chunk = body.slice(p.index!, parts[k + 1]?.index ?? body.length);
    for (const m of chunk.matchAll(/\n\s*\((\d+)\)\s+([\s\S]*?)(?=\n\s*\(\d+\)\s|$)/g)) {
      const t = m[2]!.replace(/\s+/g, ' ').trim();
      const lines = codesIn(t).filter((c) => c.length === 10);
      out.push({ part: p[1]!, item: Number(m[1]), lines, wholeLine: /^\d{4}\.\d{2}\.\d{4}$/.test(t), text: t });
    }
  });
  return out;
}

/**
 * The width to lay text out in: COLUMNS when set, else the terminal's when standard output is one, else none (pipes
 * and files get the wide layout). Standard output's stream is touched only on a terminal (terminal.ts).
 */
import { isTerminal } from './terminal.js';

/** below this a table switches to the layout that fits 80 columns */
export const NARROW_BELOW = 120;

/** The width text is wrapped to: at most 80 in the narrow layout, none (no wrapping) in the wide one. */
export const textWidth = (width: number | undefined): number | undefined => (width !== undefined && width < NARROW_BELOW ? Math.min(width, 80) : undefined);

export function outputWidth(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const n = Number(env.COLUMNS);
  if (Number.isInteger(n) && n > 0) return n;
  return isTerminal(1) ? process.stdout.columns || undefined : undefined;
}

/** Wraps a line to `width`, continuing with `indent`; words longer than the width (URLs) are cut. */
export function wrap(text: string, width: number | undefined, indent = ''): string {
  if (!width || visible(text) <= width) return text;
  const lead = /^\s*/.exec(text)![0];
  const out: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const room = width - visible(line) - (visible(line) > visible(lead) && line !== indent ? 1 : 0);
    if (visible(word) <= room) {
      line += (visible(line) > visible(lead) && line !== indent ? ' ' : '') + word;
      continue;
    }
    if (visible(line.trim())) out.push(line);
    let w = word;
    while (visible(indent) + visible(w) > width) {
      out.push(indent + w.slice(0, width - visible(indent)));
      w = w.slice(width - visible(indent));
    }
    line = indent + w;
  }
  if (line.trim()) out.push(line);
  return out.join('\n');
}

// eslint-disable-next-line no-control-regex
const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;

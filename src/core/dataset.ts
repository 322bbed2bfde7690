/**
 * The data the engine reads: schedule metadata, measures, and HTS lines and
 * product scopes by chapter. Two sources implement it: the compiled index
 * (run time, see data/compiled.ts) and the YAML schedules (build and tests).
 */
import type { Fee, Measure, Meta, HtsDescriptor, Postal } from './schema.js';

export interface HtsLine {
  /** dotted, as published: "4202.92.91.00" */
  code: string;
  indent: number;
  units: string[];
  /** column 1 General rate text; empty on statistical lines that inherit it */
  general: string;
  description: string;
}

export interface ChapterData {
  lines: HtsLine[];
  /** HTS prefixes (digits) by scope key: measure id or `measure#exception` */
  scopes: Record<string, string[]>;
}

export interface Dataset {
  meta: Meta;
  hts: HtsDescriptor;
  measures: Measure[];
  fees: Fee[];
  postal: Postal[];
  /** HTS lines and scopes of one chapter ("42"), or undefined if the chapter does not exist */
  chapter(ch: string): ChapterData | undefined;
}

/** Builds per-chapter data from a flat list of lines and scopes. */
export function splitByChapter(lines: HtsLine[], scopes: Record<string, string[]>): Map<string, ChapterData> {
  const chapters = new Map<string, ChapterData>();
  const get = (ch: string) => {
    let c = chapters.get(ch);
    if (!c) chapters.set(ch, (c = { lines: [], scopes: {} }));
    return c;
  };
  for (const l of lines) get(l.code.slice(0, 2)).lines.push(l);
  for (const [key, prefixes] of Object.entries(scopes)) {
    for (const p of prefixes) (get(p.slice(0, 2)).scopes[key] ??= []).push(p);
  }
  return chapters;
}

export function datasetFrom(meta: Meta, hts: HtsDescriptor, measures: Measure[], fees: Fee[], postal: Postal[], chapters: Map<string, ChapterData>): Dataset {
  return { meta, hts, measures, fees, postal, chapter: (ch) => chapters.get(ch) };
}

/**
 * Reads and validates the YAML schedules. Used at build time (to compile the
 * run-time index) and by `tariff schedules validate`; never on the quote path.
 * Every problem is collected as `file:line:col path: message`.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, visit, type Node } from 'yaml';
import type { ZodType } from 'zod';
import { programs, type Programs } from '../core/schema-programs.js';
import { measure, meta, htsDescriptor, fee, postal, mfnReports, interestRates, countryTables, type InterestRates, type MfnReport, type Fee, type Postal, type Measure, type Meta, type HtsDescriptor, type ProductList } from '../core/schema.js';
import type { HtsLine } from '../core/dataset.js';
import { lineDates, readLines, readTransfers, type Transfer } from './lines.js';
import { expandGroups, mergeTables } from './origins.js';

export interface SourceError {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

export const formatError = (e: SourceError) => `${e.file}:${e.line}:${e.col}${e.path ? ' ' + e.path : ''}: ${e.message}`;

export interface LoadedSchedules {
  meta?: Meta;
  /** each importer's nomenclature descriptor and lines */
  tariffs: Partial<Record<string, HtsDescriptor>>;
  lines: Partial<Record<string, HtsLine[]>>;
  /** each dated nomenclature's official old → new transfers */
  transfers: Partial<Record<string, Transfer[]>>;
  measures: Measure[];
  fees: Fee[];
  postal: Postal[];
  interest: InterestRates[];
  /** column 1 Special programs and column 2 countries */
  programs: Programs[];
  /** product lists by scope key: measure id, or `measure#exception` */
  scopes: Record<string, string[]>;
  errors: SourceError[];
}

export function scopeKey(measureId: string, exceptionId?: string) {
  return exceptionId ? `${measureId}#${exceptionId}` : measureId;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** Position of the deepest YAML node that exists along a zod issue path. */
function positionOf(doc: ReturnType<typeof parseDocument>, lc: LineCounter, path: PropertyKey[]): { line: number; col: number } {
  let node: Node | null | undefined = doc.contents as Node;
  let pos = node?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair: { key: unknown; value: unknown } | undefined = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      const keyNode = pair.key as Node;
      node = (pair.value as Node) ?? keyNode;
      pos = (node?.range?.[0] ?? keyNode?.range?.[0]) ?? pos;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node;
      if (!node) break;
      pos = node.range?.[0] ?? pos;
    } else break;
  }
  const lp = lc.linePos(pos);
  return { line: lp.line, col: lp.col };
}

/** Limits on a schedule file a user may hand us (--schedules DIR): its size, YAML aliases, nesting, object keys. */
const MAX_SCHEDULE_BYTES = 1 << 20;
const MAX_ALIASES = 50;
/** keys that would reach an object's prototype when the YAML becomes JavaScript */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A schedule file's text, or undefined (with the error) when it is over the size limit or unreadable. */
function readSchedule(file: string, rel: string, errors: SourceError[]): string | undefined {
  const size = statSync(file).size;
  if (size > MAX_SCHEDULE_BYTES) {
    errors.push({ file: rel, line: 1, col: 1, path: '', message: `schedule file of ${size} bytes: the limit is ${MAX_SCHEDULE_BYTES} bytes (product lists belong in .txt files)` });
    return undefined;
  }
  return readFileSync(file, 'utf8');
}

/** The parser and toJS recurse and expand aliases: their failures on hostile input are one located error, not a stack. */
function yamlFailure(e: unknown): string {
  const m = (e as Error).message ?? String(e);
  if (e instanceof RangeError || /call stack/i.test(m)) return 'YAML nested too deeply';
  if (/alias/i.test(m)) return `too many YAML aliases (at most ${MAX_ALIASES}; schedules need none)`;
  return m.split('\n')[0]!;
}

function parseYamlFile<T>(text: string, rel: string, schema: ZodType<T>, errors: SourceError[]): T | undefined {
  const lc = new LineCounter();
  const fail = (message: string, pos = 0) => {
    const lp = lc.linePos(pos);
    errors.push({ file: rel, line: lp.line, col: lp.col, path: '', message });
    return undefined;
  };
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    return fail(yamlFailure(e));
  }
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const lp = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
      errors.push({ file: rel, line: lp.line, col: lp.col, path: '', message: /call stack/i.test(e.message) ? 'YAML nested too deeply' : e.message.split('\n')[0]! });
    }
    return undefined;
  }
  let forbidden: { key: string; pos: number } | undefined;
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && FORBIDDEN_KEYS.has(key)) {
        forbidden ??= { key, pos: (pair.key as Node).range?.[0] ?? 0 };
        return visit.BREAK;
      }
    },
  });
  if (forbidden) return fail(`the key "${forbidden.key}" is not allowed in a schedule`, forbidden.pos);
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return fail(yamlFailure(e));
  }
  const result = schema.safeParse(js);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const { line, col } = positionOf(doc, lc, issue.path);
    errors.push({ file: rel, line, col, path: issue.path.join('.'), message: issue.message });
  }
  return undefined;
}

function readProductList(file: string, rel: string, errors: SourceError[]): string[] {
  if (!existsSync(file)) {
    errors.push({ file: rel, line: 1, col: 1, path: '', message: 'product list file not found' });
    return [];
  }
  const out: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const digits = line.replace(/\./g, '');
      if (!/^\d{4,10}$/.test(digits)) errors.push({ file: rel, line: i + 1, col: 1, path: '', message: `not an HTS prefix of 4 to 10 digits: "${line}"` });
      else out.push(digits);
    });
  return out;
}

/** A reported-MFN file as read, before it is attached to its importer's nomenclature. */
interface ReportFile { file: string; importer: string; reports: MfnReport[] }

/** Every schedule file under `root`, validated; problems are collected, never thrown. */
export function loadSchedules(root: string): LoadedSchedules {
  const out: LoadedSchedules = { tariffs: {}, lines: {}, transfers: {}, measures: [], fees: [], postal: [], interest: [], programs: [], scopes: {}, errors: [] };
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    out.errors.push({ file: root, line: 1, col: 1, path: '', message: 'schedules directory not found' });
    return out;
  }
  const rel = (p: string) => relative(process.cwd(), p) || p;
  const ids = new Map<string, string>();
  const files = new Map<string, string>();
  const reports: ReportFile[] = [];
  const programFiles = new Map<Programs, string>();
  for (const file of walk(root)) readFile(root, file, rel, out, ids, files, reports, programFiles);
  attachReports(out, reports);
  if (out.meta) expandGroups(out.meta, out.measures, out.programs, files, programFiles, out.errors);
  checkRelations(out, ids, files);
  checkImporters(root, rel, out);
  return out;
}

/** One file, by its kind: meta.yaml, a nomenclature, reported MFN rates, a postal duty, a fee, or a measure. */
function readFile(root: string, file: string, rel: (p: string) => string, out: LoadedSchedules, ids: Map<string, string>, files: Map<string, string>, reports: ReportFile[], programFiles: Map<Programs, string>) {
  const r = rel(file);
  const text = readSchedule(file, r, out.errors);
  if (text === undefined) return;
  /** ids of measures, fees and postal duties are unique across files (a fee file copied twice would charge it twice) */
  const unique = (id: string) => {
    if (ids.has(id)) {
      out.errors.push({ file: r, line: 1, col: 1, path: 'id', message: `id "${id}" already used in ${ids.get(id)}` });
      return false;
    }
    ids.set(id, r);
    return true;
  };
  if (file.endsWith('meta.yaml') && dirname(file) === root) {
    out.meta = parseYamlFile(text, r, meta, out.errors);
  } else if (/(^|\n)kind: nomenclature\b/.test(text)) {
    const t = parseYamlFile(text, r, htsDescriptor, out.errors);
    if (!t) return;
    if (out.tariffs[t.importer]) {
      out.errors.push({ file: r, line: 1, col: 1, path: 'importer', message: `a second nomenclature for importer ${t.importer}` });
      return;
    }
    out.tariffs[t.importer] = t;
    const at = (f: string) => [join(dirname(file), f), rel(join(dirname(file), f))] as const;
    out.lines[t.importer] = readLines(...at(t.lines_file), out.errors);
    if (t.transfers_file) out.transfers[t.importer] = readTransfers(...at(t.transfers_file), out.errors);
    if (t.dated) t.line_dates = lineDates(out.lines[t.importer]!);
  } else if (/(^|\n)kind: programs\b/.test(text)) {
    const p = parseYamlFile(text, r, programs, out.errors);
    if (p) {
      out.programs.push(p);
      programFiles.set(p, r);
    }
  } else if (isCountryTableFile(text)) {
    // read with the measure that names it (by_origin_file)
  } else if (/(^|\n)kind: mfn-reports\b/.test(text)) {
    const rep = parseYamlFile(text, r, mfnReports, out.errors);
    if (rep) reports.push({ file: r, importer: rep.importer, reports: rep.reports });
  } else if (/(^|\n)kind: interest-rates\b/.test(text)) {
    const ir = parseYamlFile(text, r, interestRates, out.errors);
    if (ir && unique(ir.id)) out.interest.push(ir);
  } else if (/(^|\n)kind: postal\b/.test(text)) {
    const pr = parseYamlFile(text, r, postal, out.errors);
    if (pr && unique(pr.id)) out.postal.push(pr);
  } else if (/(^|\n)kind: fee\b/.test(text)) {
    const f = parseYamlFile(text, r, fee, out.errors);
    if (f && unique(f.id)) out.fees.push(f);
  } else {
    const m = parseYamlFile(text, r, measure, out.errors);
    if (!m || !unique(m.id)) return;
    const list = (p: ProductList) => readProductList(join(dirname(file), p.file), rel(join(dirname(file), p.file)), out.errors);
    if (m.products !== 'all') out.scopes[scopeKey(m.id)] = list(m.products);
    for (const e of m.exceptions) if ((e.when === 'product' || e.when === 'claim') && e.products) out.scopes[scopeKey(m.id, e.id)] = list(e.products);
    if (m.by_origin_file) {
      const [f, fr] = [join(dirname(file), m.by_origin_file), rel(join(dirname(file), m.by_origin_file))];
      const tables = existsSync(f) ? parseYamlFile(readFileSync(f, 'utf8'), fr, countryTables, out.errors) : (out.errors.push({ file: r, line: 1, col: 1, path: 'by_origin_file', message: `${fr} not found` }), undefined);
      if (tables) m.by_origin = mergeTables(m, tables, fr, out.errors);
    } else if (m.by_origin) m.by_origin = mergeTables(m, {}, r, out.errors);
    out.measures.push(m);
    files.set(m.id, r);
  }
}

/** A country table file (a measure's by_origin_file) says so on its first line. */
const isCountryTableFile = (text: string) => /^# country tables\b/.test(text);

/** Reported MFN rates go with their importer's nomenclature, name lines it has, and have ids unique across files. */
function attachReports(out: LoadedSchedules, reports: ReportFile[]) {
  const reportIds = new Map<string, string>();
  for (const rep of reports) {
    const t = out.tariffs[rep.importer];
    if (!t) {
      out.errors.push({ file: rep.file, line: 1, col: 1, path: 'importer', message: `no nomenclature for importer ${rep.importer}` });
      continue;
    }
    const codes = (out.lines[rep.importer] ?? []).map((l) => l.code.replace(/\./g, ''));
    rep.reports.forEach((x, i) => {
      if (reportIds.has(x.id)) out.errors.push({ file: rep.file, line: 1, col: 1, path: `reports.${i}.id`, message: `report id "${x.id}" already used in ${reportIds.get(x.id)}` });
      reportIds.set(x.id, rep.file);
    });
    rep.reports.forEach((x, i) =>
      x.products.forEach((p, k) => {
        if (!codes.some((c) => c.startsWith(p))) out.errors.push({ file: rep.file, line: 1, col: 1, path: `reports.${i}.products.${k}`, message: `no line of ${t.id} starts with ${p}` });
      }),
    );
    t.reports = [...(t.reports ?? []), ...rep.reports];
  }
}

/** Relations name other measures: each must exist. */
function checkRelations(out: LoadedSchedules, ids: Map<string, string>, files: Map<string, string>) {
  for (const m of out.measures) {
    for (const id of m.before_first_value?.unless ?? []) {
      if (!ids.has(id)) out.errors.push({ file: files.get(m.id)!, line: 1, col: 1, path: 'before_first_value.unless', message: `unknown measure "${id}"` });
    }
    m.exceptions.forEach((e, i) => {
      if (e.when !== 'subject_to') return;
      for (const id of e.measures) {
        if (!ids.has(id)) out.errors.push({ file: files.get(m.id)!, line: 1, col: 1, path: `exceptions.${i}.measures`, message: `unknown measure "${id}"` });
      }
    });
  }
}

/** meta.yaml is there, and every importer with measures has its nomenclature and its entry in meta.yaml. */
function checkImporters(root: string, rel: (p: string) => string, out: LoadedSchedules) {
  if (!out.meta) out.errors.push({ file: rel(join(root, 'meta.yaml')), line: 1, col: 1, path: '', message: 'meta.yaml missing or invalid' });
  const importers = new Set<string>([...out.measures, ...out.fees, ...out.postal].map((m) => m.importer));
  for (const imp of importers) {
    if (!out.tariffs[imp]) {
      const hint = imp === 'US' ? ' (run `tariff hts import`)' : imp === 'CN' ? ' (run `npm run import:china`)' : '';
      out.errors.push({ file: rel(join(root, imp.toLowerCase())), line: 1, col: 1, path: '', message: `no nomenclature (kind: nomenclature) for importer ${imp}${hint}` });
    }
    if (out.meta && !out.meta.importers[imp as keyof Meta['importers']]) out.errors.push({ file: rel(join(root, 'meta.yaml')), line: 1, col: 1, path: 'importers', message: `importer ${imp} has measures but no entry here` });
  }
}

/**
 * Origins as the schedules are read: a measure's country tables from its by_origin_file merged with its own, each
 * country value given its citation, and the country groups of meta.yaml (EU, USMCA ...) expanded into their members
 * in origin lists (country tables keep them, expanded when the data is read: core/dataset.ts). A group no meta.yaml
 * defines is an error.
 */
import type { CountryTables, Measure, Meta, Programs } from '../core/schema.js';
import type { SourceError } from './load.js';
import { isCountry } from '../core/countries.js';
import { latestOnOrBefore } from '../core/search.js';

type Tables = NonNullable<Measure['by_origin']>;

/** The latest table of `t` on or before `date`. */
function tableOn(t: Tables, keys: string[], date: string) {
  const best = latestOnOrBefore(keys, date);
  return best === undefined ? undefined : t[best];
}

/** Each country value with a reference: its own, else its table's, else that of the measure's value in force then. */
function cite(m: Measure, t: Tables): Tables {
  const own = Object.keys(m.values).sort();
  const out: Tables = {};
  for (const [date, table] of Object.entries(t)) {
    const base = latestOnOrBefore(own, date) ?? own[0]!;
    const countries: Tables[string]['countries'] = {};
    for (const [c, v] of Object.entries(table.countries)) {
      countries[c] = v === null ? null : { ...v, reference: v.reference ?? table.reference ?? m.values[base].reference, unconfirmed: v.unconfirmed ?? table.unconfirmed };
    }
    out[date] = { ...table, countries };
  }
  return out;
}

/**
 * The measure's tables and the file's as one series: on every date of either, the countries each names as in force
 * then. An origin both name on one date is an error (one of them would be silently dropped).
 */
export function mergeTables(m: Measure, fromFile: CountryTables, file: string, errors: SourceError[]): Tables {
  const a = cite(m, m.by_origin ?? {});
  const b = cite(m, fromFile as Tables);
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  const out: Tables = {};
  for (const date of [...new Set([...ka, ...kb])].sort()) {
    const x = tableOn(a, ka, date);
    const y = tableOn(b, kb, date);
    for (const c of Object.keys(x?.countries ?? {})) {
      if (y && c in y.countries) errors.push({ file, line: 1, col: 1, path: `${date}.countries.${c}`, message: `${c} has a value here and in ${m.id}'s own by_origin` });
    }
    out[date] = { countries: { ...(x?.countries ?? {}), ...(y?.countries ?? {}) } };
  }
  // a repeal of the measure's own value ends it for every origin: an empty table on its date
  for (const [date, v] of Object.entries(m.values)) if (v.rate === null && !(date in out) && Object.keys(out).some((d) => d < date)) out[date] = { countries: {} };
  return Object.fromEntries(Object.entries(out).sort(([p], [q]) => p.localeCompare(q)));
}

type Groups = Record<string, string[]>;

/** Expands groups in a list of origins; unknown groups are reported at `path`. */
function expand(list: string[], groups: Groups, report: (code: string) => void): string[] {
  const out: string[] = [];
  for (const c of list) {
    if (c === '*' || (isCountry(c) && !(c in groups))) out.push(c);
    else if (groups[c]) out.push(...groups[c]);
    else report(c);
  }
  return [...new Set(out)];
}

/** Every group and origin code of the measures and programs resolved against meta.yaml's groups. */
export function expandGroups(meta: Meta, measures: Measure[], programs: Programs[], files: Map<string, string>, programFiles: Map<Programs, string>, errors: SourceError[]) {
  const groupsOf = (importer: string): Groups =>
    Object.fromEntries(Object.entries(meta.importers[importer as keyof Meta['importers']]?.groups ?? {}).map(([g, v]) => [g, v.members]));
  const unknown = (file: string, path: string) => (code: string) => errors.push({ file, line: 1, col: 1, path, message: `"${code}" is neither an ISO 3166 country code nor a country group of meta.yaml` });
  for (const m of measures) {
    const groups = groupsOf(m.importer);
    const file = files.get(m.id)!;
    m.origins = expand(m.origins, groups, unknown(file, 'origins'));
    if (m.origins.includes('*')) m.origins = ['*'];
    m.exceptions.forEach((e, i) => {
      if (e.origins) e.origins = expand(e.origins, groups, unknown(file, `exceptions.${i}.origins`));
    });
    // the tables keep their group keys (each group's value is written once): the data reader expands them
    for (const [date, t] of Object.entries(m.by_origin ?? {})) for (const k of Object.keys(t.countries)) expand([k], groups, unknown(file, `by_origin.${date}.countries`));
  }
  for (const p of programs) {
    const groups = groupsOf(p.importer);
    p.programs.forEach((x, i) => {
      x.origins = expand(x.origins, groups, unknown(programFiles.get(p)!, `programs.${i}.origins`));
    });
  }
}

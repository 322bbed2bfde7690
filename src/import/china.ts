/**
 * Turns the China data in ../shared/data/china (PIIE's China tariff workbook of 2019-06-12, the official
 * MOF annex lists, and the approximate 2019 round-3 HS6 indicator; see that folder's README) into China's
 * nomenclature with dated MFN rates (schedules/cn/tariff) and the product lists of China's measures.
 * Run with `npm run import:china [-- <shared-data-dir>]`; the output is committed. A newer file in the same
 * columns can be imported the same way.
 */
import { createHash } from 'node:crypto';
import { readFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { csvRecords } from '../core/csv.js';
import { dotted } from '../core/product.js';
import { writeAtomic } from './hts.js';
import { writeList } from './files.js';
import { importChina2026 } from './china-2026.js';

const PIIE = 'Bown, Jung and Zhang, "Trump Has Gotten China to Lower Its Tariffs. Just Toward Everyone Else.", PIIE, 2019-06-12 (data workbook bown-jung-zhang-2019-06-12.xlsx)';

/** The MFN columns of the PIIE file and the dates they take effect. */
const MFN_COLUMNS: [string, string][] = [
  ['mfn_20180101', '2018-01-01'],
  ['mfn_20180501', '2018-05-01'],
  ['mfn_20180701', '2018-07-01'],
  ['mfn_20181101', '2018-11-01'],
  ['mfn_20190101', '2019-01-01'],
];

type Row = Record<string, string>;
const read = (dir: string, file: string): Row[] => csvRecords(readFileSync(join(dir, file), 'utf8'));

/** "2018-01-01=15|2018-07-01=7.5": the dated MFN levels, keeping only the dates where the level changes. */
function history(r: Row): string {
  const out: string[] = [];
  let last: string | undefined;
  for (const [col, date] of MFN_COLUMNS) {
    const v = String(Number(r[col]));
    if (v === 'NaN') throw new Error(`${r.hs10}: ${col} is not a number: "${r[col]}"`);
    if (v !== last) out.push(`${date}=${v}`);
    last = v;
  }
  return out.join('|');
}

interface Line {
  code: string;
  indent: number;
  general: string;
  description: string;
  mfn?: string;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').replace(/\t/g, ' ').trim();
const latest = (h: string) => {
  const v = h.split('|').at(-1)!.split('=')[1];
  return v === '' ? '' : `${v}%`;
};

/**
 * An 8-digit line's description: its 10-digit lines' hierarchical descriptions ("Wheat: Durum: Seed: ...")
 * cut to what they share; the source's own 8-digit text is truncated and mangled, so it is a fallback only.
 */
function describe(children: string[], fallback: string | undefined): string {
  const parts = children.filter(Boolean).map((d) => d.split(': '));
  if (!parts.length) return fallback ?? '';
  if (parts.length === 1) return parts[0].join(': ');
  let n = 0;
  while (parts.every((p) => p.length > n + 1 && p[n] === parts[0][n])) n++;
  return n ? parts[0].slice(0, n).join(': ') : (fallback ?? parts[0].join(': '));
}

export function buildNomenclature(dir: string): { lines: Line[]; source: { file: string; sha256: string; lines: number }; valueThreshold: number; split: number } {
  const mfnFile = 'piie_bjz_2019_china_mfn_applied_hs10.csv';
  const buf = readFileSync(join(dir, mfnFile));
  const mfn = csvRecords(buf.toString('utf8'));
  const desc10 = new Map(read(dir, 'piie_bjz_2019_china_tariff_changes_hs10.csv').map((r) => [r.hs10, clean(r.description)]));
  const desc8 = new Map(read(dir, 'piie_bjz_2019_china_imports_from_us_2017_hs8.csv').map((r) => [r.hs8, clean(r.description)]));
  const byHs8 = new Map<string, Row[]>();
  for (const r of mfn) byHs8.set(r.hs8, [...(byHs8.get(r.hs8) ?? []), r]);
  const lines: Line[] = [];
  let valueThreshold = 0;
  let split = 0;
  for (const [hs8, rows] of [...byHs8].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const description = describe(rows.map((r) => desc10.get(r.hs10) ?? ''), desc8.get(hs8));
    const histories = rows.map(history);
    if (rows.some((r) => /[AB]$/.test(r.hs10))) {
      // Value-threshold lines (A: ad valorem below a unit value; B: specific or compound above): no single ad valorem rate.
      valueThreshold++;
      const a = rows.find((r) => r.hs10.endsWith('A'));
      const aRate = a ? latest(history(a)) : '';
      lines.push({ code: dotted(hs8), indent: 0, general: '', description: `${description} [MFN depends on unit value: ${aRate ? aRate + ' (2019)' : 'an ad valorem rate'} below the threshold, a specific or compound duty above it]`, mfn: `${MFN_COLUMNS[0][1]}=` });
      continue;
    }
    if (new Set(histories).size === 1) {
      // A tariff-quota good for which the source gives the out-of-quota line only: say so in the description.
      const quota = rows.some((r) => /out-of-quota/i.test(desc10.get(r.hs10) ?? '')) && !/out-of-quota/i.test(description);
      lines.push({ code: dotted(hs8), indent: 0, general: latest(histories[0]), description: quota ? `${description} (out-of-quota)` : description, mfn: histories[0] });
      continue;
    }
    // Lines whose 10-digit lines differ (tariff quotas, interim rates): the 8-digit line heads them.
    split++;
    lines.push({ code: dotted(hs8), indent: 0, general: '', description });
    rows.forEach((r, i) => lines.push({ code: dotted(r.hs10), indent: 1, general: latest(histories[i]), description: desc10.get(r.hs10) ?? description, mfn: histories[i] }));
  }
  return { lines, source: { file: mfnFile, sha256: createHash('sha256').update(buf).digest('hex'), lines: mfn.length }, valueThreshold, split };
}

export function importChina(dir: string, schedules: string) {
  const out: Record<string, number> = {};
  const { lines, source, valueThreshold, split } = buildNomenclature(dir);
  const tariffDir = join(schedules, 'cn/tariff');
  mkdirSync(tariffDir, { recursive: true });
  const tsv = ['code\tindent\tunits\tgeneral\tdescription\tmfn', ...lines.map((l) => [l.code, l.indent, '', l.general, l.description, ...(l.mfn ? [l.mfn] : [])].join('\t'))];
  writeAtomic(join(tariffDir, 'lines.tsv'), tsv.join('\n') + '\n');
  const dates = [...new Set(lines.flatMap((l) => (l.mfn ?? '').split('|').map((p) => p.split('=')[0]).filter(Boolean)))].sort();
  const descriptor = {
    id: 'cn.tariff',
    kind: 'nomenclature',
    name: "China's customs tariff",
    importer: 'CN',
    revision: '2018-2019 nomenclature, MFN rates to 2019 (PIIE)',
    effective: '2019-01-01',
    lines_file: 'lines.tsv',
    source,
    reference: {
      title: `${PIIE}, sheet "China Tariff Rates" (MFN from ITC Market Access Map; MFN changes of 2018-05-01, 2018-07-01, 2018-11-01 and 2019-01-01 from MOF)`,
      href: 'https://www.piie.com/system/files/documents/bown-jung-zhang-2019-06-12.xlsx',
    },
    mfn_known_through: '2019-06-12',
    mfn_dates: dates,
    renumbered: 'answer-by-subheading',
    note:
      `8-digit lines of China's 2018/2019 nomenclature, with 10-digit lines where their rates differ (${split} lines: tariff quotas and interim rates). ` +
      `${valueThreshold} value-threshold lines (A/B in the source) have no single ad valorem MFN rate. The data was published on 2019-06-12: later MFN rates ` +
      'are not in it, and quotes after that date carry the latest known rate as unconfirmed. China has renumbered lines since (soybeans 1201.90.10 became ' +
      '1201.90.11/.19); no concordance is available, so a later code is answered by its 6-digit subheading when the lines under it agree.',
  };
  writeAtomic(join(tariffDir, 'tariff.yaml'), '# Generated by `npm run import:china`; do not edit by hand.\n' + stringify(descriptor));
  out['cn/tariff/lines.tsv'] = lines.length;
  const known = new Set(lines.map((l) => l.code.replace(/\./g, '').slice(0, 8)));

  const layers = read(dir, 'cn_us_additional_duty_layers_2018_2019_hs8.csv');
  const codes = (pred: (r: Row) => boolean) => layers.filter(pred).map((r) => r.hs8);
  const gen = 'Generated by `npm run import:china`; do not edit by hand.';
  const layerSrc = `Source: cn_us_additional_duty_layers_2018_2019_hs8.csv (${PIIE}; sets checked against the official MOF annex lists).`;
  const lists: [string, string[], string[]][] = [
    ['retaliation-232/products/rate-15.txt', ['April 2018 suspension of concessions (retaliation for US Section 232): the 120 lines at 15%.', 'Source: cn_232_retaliation_2018_hs8.csv (MOF attachment P020180401856022545193.xlsx).'], read(dir, 'cn_232_retaliation_2018_hs8.csv').filter((r) => r.rate_pct === '15').map((r) => r.hs8)],
    ['retaliation-232/products/rate-25.txt', ['April 2018 suspension of concessions (retaliation for US Section 232): the 8 lines at 25%.', 'Source: cn_232_retaliation_2018_hs8.csv (MOF attachment P020180401856022545193.xlsx).'], read(dir, 'cn_232_retaliation_2018_hs8.csv').filter((r) => r.rate_pct === '25').map((r) => r.hs8)],
    ['section301/products/list1.txt', ['Section 301 countermeasure list 1 (US$34bn), 税委会公告〔2018〕5号: 545 lines.', layerSrc], codes((r) => r.measure_id === 'CN_RET301_2018_L1_34B')],
    ['section301/products/list2.txt', ['Section 301 countermeasure list 2 (US$16bn), 税委会公告〔2018〕7号: 333 lines.', layerSrc], codes((r) => r.measure_id === 'CN_RET301_2018_L2_16B')],
  ];
  for (const annex of ['1', '2', '3', '4']) {
    lists.push([`section301/products/list60b-annex${annex}.txt`, [`Section 301 countermeasure US$60bn list, annex ${annex} (税委会公告〔2018〕6号, 〔2019〕3号).`, layerSrc], codes((r) => r.measure_id === 'CN_RET301_2018_60B' && r.annex === annex)]);
  }
  const susp = read(dir, 'cn_us_auto_parts_suspension_2019_hs8.csv');
  const suspSrc = `Source: cn_us_auto_parts_suspension_2019_hs8.csv (${PIIE}; suspension per 税委会公告〔2018〕10号 as cited in the workbook).`;
  for (const [file, id] of [
    ['list1', 'CN_RET301_2018_L1_34B'],
    ['list2', 'CN_RET301_2018_L2_16B'],
    ['list60b-annex4', 'CN_RET301_2018_60B'],
  ]) {
    lists.push([`section301/products/auto-suspension-${file}.txt`, [`US autos and parts whose countermeasure duty under ${file} was suspended from 2019-01-01.`, suspSrc], susp.filter((r) => r.suspended_measure_id === id).map((r) => r.hs8)]);
  }
  // The 2019 round (税委会公告〔2019〕4号) is not available as HS8 data: only an approximate HS6 indicator.
  const r3 = read(dir, 'approx_cn_ret301_2019r3_batch1_hs6.csv').filter((r) => r.increment_flag === 'clean');
  const r3Src = [
    'APPROXIMATE: HS6 subheadings whose highest line rate rose on 2019-09-01 (PIIE bown-12-2019 workbook via mwaugh0328/tradewar-tracker,',
    'new_tariff_list_2020.csv); the official list is defined at HS8, and a subheading here may cover only some of its HS8 lines.',
    'Subheadings with an irregular increment (an artefact of taking the maximum) are left out.',
  ];
  lists.push(['section301/products/round3-10pct-hs6.txt', ['2019 round, first batch, parts I-II (10%; 5% from 2020-02-14).', ...r3Src], r3.filter((r) => Number(r.increment_20190901_pct) === 10).map((r) => r.hs6)]);
  lists.push(['section301/products/round3-5pct-hs6.txt', ['2019 round, first batch, parts III-IV (5%; 2.5% from 2020-02-14).', ...r3Src], r3.filter((r) => Number(r.increment_20190901_pct) === 5).map((r) => r.hs6)]);

  for (const [file, header, list] of lists) {
    const path = join(schedules, 'cn', file);
    mkdirSync(join(path, '..'), { recursive: true });
    const unknown = list.filter((c) => c.length === 8 && !known.has(c));
    if (unknown.length) throw new Error(`${file}: ${unknown.length} codes not in the nomenclature (${unknown.slice(0, 5).join(', ')})`);
    out[`cn/${file}`] = writeList(path, [...header, gen], list);
  }
  return out;
}

const isMain = process.argv[1] && resolve(process.argv[1]).replace(/\.ts$/, '.js') === resolve(new URL(import.meta.url).pathname).replace(/\.ts$/, '.js');
if (isMain) {
  const shared = resolve(process.argv[2] ?? '../shared/data');
  const counts = importChina(join(shared, 'china'), resolve('schedules'));
  for (const [file, n] of Object.entries(counts)) console.error(`${file}: ${n}`);
  console.error('cn/tariff/reported-mfn-2026.yaml:', importChina2026(shared, resolve('schedules')));
}

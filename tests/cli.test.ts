/** Spawns the built binary (as a user runs it) and checks stdout, stderr and exit code. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './helpers.js';

function tariff(...args: string[]) {
  const r = spawnSync(process.execPath, [ROOT + 'bin/tariff', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, COLUMNS: undefined } });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

describe('tariff quote', () => {
  test('prints a table with one row per layer, the total and the sources', () => {
    const r = tariff('quote', '4202.92.91.00', '--origin', 'CN', '--date', '2025-04-20', '--value', '1000');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('9903.88.03');
    expect(r.stdout).toMatch(/9903\.01\.63 +│ \+125% +│ customs value │ \$1,250\.00 │ refundable/);
    expect(r.stdout).toContain('Total: 187.6% = $1,876.00');
    expect(r.stdout).toContain('Learning Resources, Inc. v. Trump');
    expect(r.stdout).not.toMatch(/\u001b\[/); // NO_COLOR
    expect(tariff('quote', '4202.92.91.00', '--date', '2024-06-01').stderr).toContain('note: The HTS before the 2025 Basic Edition (2025-01-01) is not in the data');
    expect(tariff('quote', '4202.92.91.00', '--date', '2024-06-01', '--quiet').stderr).not.toContain('note:');
  });

  test('--json gives the documented fields', () => {
    const r = tariff('quote', '9503.00.00', '--date', '2026-02-23', '--value', '250', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.query).toMatchObject({ hts: '9503.00.00', origin: 'CN', importer: 'US', date: '2026-02-23', value: '250' });
    expect(j.lines.map((l: { heading: string; rate_pct: string; amount: string; status: string }) => [l.heading, l.rate_pct, l.amount, l.status])).toEqual([
      ['9903.01.24', '10', '25.00', 'refundable'],
      ['9903.01.25', '10', '25.00', 'refundable'],
      ['9903.01.63', '24', '0.00', 'suspended'],
      [null, '0', '0.00', 'in force'],
    ]);
    for (const l of j.lines) expect(Object.keys(l)).toEqual(expect.arrayContaining(['measure', 'heading', 'rate', 'rate_pct', 'basis', 'amount', 'status', 'citation']));
    expect(j.total).toMatchObject({ rate_pct: '20', amount: '50.00', complete: true });
    expect(j.verified_through).toBe('2026-10-07');
    expect(Array.isArray(j.warnings)).toBe(true);
  });

  test('an incomplete answer (specific rate without quantity) exits 1 and says what is missing', () => {
    const r = tariff('quote', '0402.10.05.00', '--date', '2025-06-01');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('(incomplete)');
    expect(r.stdout).toContain('missing: quantity in kg for the specific rate 3.3¢/kg');
  });

  test('the default date is today, and printed', () => {
    const r = tariff('quote', '9503.00.00', '--json');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
    expect(JSON.parse(r.stdout).query.date).toBe(today);
    expect(tariff('quote', '9503.00.00').stdout).toContain(`entry date ${today} (today)`);
  });

  test.each([
    [['quote', '1234.56.78'], 'is not in the HTS'],
    [['quote', '4202.92.91.00', '--date', '2025-02-30'], 'not a calendar date'],
    [['quote', '4202.92.91.00', '--date', '20250201'], 'not a calendar date'],
    [['quote', '4202.92.91.00', '--value', '-3'], 'customs value must be zero or more'],
    [['quote', '4202.92.91.00', '--origin', 'ZZ'], 'origin "ZZ" is not an ISO 3166 country code; the valid codes are AD AE'],
    [['quote', '4202.92.91.00', '--importer', 'FR'], 'importing country "FR" is not modelled'],
    [['quote', 'abc'], 'is not an HTS code'],
    [['quote', '4202.92.91.00', '--bogus'], "unknown option '--bogus'"],
  ])('bad input %j: one clear message, exit 2, no stack trace', (args, message) => {
    const r = tariff(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('tariff compare', () => {
  test('defaults to 2025-11-09,2025-11-10 and names the legal event', () => {
    const r = tariff('compare', '9503.00.00');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2025-11-09.*2025-11-10/);
    expect(r.stdout).toContain('-10 pts');
    expect(r.stdout).toContain('2025-11-10  IEEPA "fentanyl" duty on China and Hong Kong (9903.01.24): +20% -> +10%');
    expect(r.stdout).toContain('EO 14357');
  });

  test('--json lists totals, delta and events', () => {
    const j = JSON.parse(tariff('compare', '4202.92.91.00', '--dates', '2025-01-15,2026-03-01', '--json').stdout);
    expect(j.totals).toEqual(['42.6', '52.6']);
    expect(j.delta_pct).toBe('10');
    expect(j.events.map((e: { date: string; heading: string }) => `${e.date} ${e.heading}`)).toEqual([
      '2025-02-04 9903.01.20',
      '2025-03-04 9903.01.24',
      '2025-04-05 9903.01.25',
      '2025-04-09 9903.01.63',
      '2025-04-10 9903.01.63',
      '2025-05-14 9903.01.25',
      '2025-05-14 9903.01.63',
      '2025-08-12 9903.01.63',
      '2025-11-10 9903.01.24',
      '2025-11-10 9903.01.63',
      '2026-02-24 9903.01.24',
      '2026-02-24 9903.01.25',
      '2026-02-24 9903.01.63',
      '2026-02-24 9903.03.01',
    ]);
  });
});

describe('broken schedules', () => {
  test('quote --schedules on a broken directory: file:line:col messages, exit 2, no stack trace', () => {
    const r = tariff('--schedules', ROOT + 'tests/fixtures/broken', 'quote', '9503.00.00');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('problem(s)');
    expect(r.stderr).toMatch(/bad-rate\.yaml:10:11 values\.2025-02-04\.rate: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('quote --schedules on the real directory answers like the compiled index', () => {
    const a = JSON.parse(tariff('--schedules', ROOT + 'schedules', 'quote', '4202.92.91.00', '--date', '2025-06-01', '--json').stdout);
    const b = JSON.parse(tariff('quote', '4202.92.91.00', '--date', '2025-06-01', '--json').stdout);
    expect(a).toEqual(b);
    expect(a.total.rate_pct).toBe('72.6');
  });
});

describe('tariff schedules validate', () => {
  test('the shipped schedules are valid', () => {
    const r = tariff('schedules', 'validate');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no problems');
  });
  test('a broken directory lists file:line:col problems and exits 1', () => {
    const r = tariff('schedules', 'validate', ROOT + 'tests/fixtures/broken');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-rate\.yaml:10:11 values\.2025-02-04\.rate: /);
    expect(r.stderr).toContain('problem(s)');
  });
});

describe('tariff hts import', () => {
  /** a copy of the committed HTS history, and a newer edition made from its latest lines with three changes */
  function newerEdition() {
    const dir = mkdtempSync(join(tmpdir(), 'tariff-'));
    cpSync(ROOT + 'schedules/us/hts', join(dir, 'hts'), { recursive: true });
    const [head, ...rows] = readFileSync(join(dir, 'hts/lines.tsv'), 'utf8').trim().split('\n');
    const col = (c: string) => head!.split('\t').indexOf(c);
    const latest = rows.map((r) => r.split('\t')).filter((f) => !f[col('ends')] && f[col('note')] !== 'record-only');
    const json = latest
      .filter((f) => f[0] !== '4202.92.91.00') // discontinued (the records say from 2026-06-15)
      .map((f) => ({ htsno: f[0], indent: f[1], units: f[2] ? f[2].split('|') : [], general: f[3], special: f[4], other: f[5], description: f[0] === '9503.00.00.71' ? 'Toys, renamed' : f[6] }));
    json.push({ htsno: '4202.92.91.05', indent: '3', units: ['No.'], general: '', special: '', other: '', description: 'A new line' });
    writeFileSync(join(dir, 'rev11.json'), JSON.stringify(json));
    const records = ['change_record,record_date,item,hts_digits,level,nature,kind,transferred_from,transferred_to,effective_date,effective_date_text,source,edition,source_pdf',
      '2026_rev_11,2026-07-01,4202.92.9100,4202929100,hts10,Discontinued,discontinued,,,2026-06-15,"June 15, 2026",484(f),,x.pdf'].join('\n');
    writeFileSync(join(dir, 'records.csv'), records + '\n');
    return dir;
  }

  test('adds a newer official export to the history: changes dated by its change records, else by its publication', () => {
    const dir = newerEdition();
    const r = tariff('hts', 'import', join(dir, 'rev11.json'), '--revision', '2026 Revision 11', '--effective', '2026-07-01', '--records', join(dir, 'records.csv'), '--out', join(dir, 'hts'));
    expect(r.stderr).toContain('2 change(s) no change record names are dated 2026-07-01 (the publication)');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('added 2026 Revision 11 to the HTS history');
    expect(r.stdout).toContain('1 lines established, 1 discontinued, 1 changed');
    const [head, ...rows] = readFileSync(join(dir, 'hts/lines.tsv'), 'utf8').trim().split('\n');
    const cols = head!.split('\t');
    const versions = (code: string) => rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v]))).filter((v) => v.code === code);
    // ends on the record's date; the others by publication; each version names the edition that dated it
    expect(versions('4202.92.91.00').at(-1)).toMatchObject({ ends: '2026-06-15', ends_record: '2026_rev_11' });
    expect(versions('4202.92.91.05')).toEqual([expect.objectContaining({ indent: '3', units: 'No.', description: 'A new line', from: '2026-07-01', ends: '', from_record: '2026_rev_11' })]);
    expect(versions('9503.00.00.71').map((v) => [v.description, v.from, v.ends])).toEqual([[versions('9503.00.00.71')[0]!.description, '', '2026-07-01'], ['Toys, renamed', '2026-07-01', '']]);
    const yaml = readFileSync(join(dir, 'hts/hts.yaml'), 'utf8');
    expect(yaml).toContain('revision: 2026 Revision 11');
    expect(yaml).not.toContain('next_edition'); // the edition it named is now in the data
    expect(tariff('hts', 'import', join(dir, 'rev11.json'), '--revision', '2026 Revision 9', '--effective', '2026-05-28', '--out', join(dir, 'hts')).stderr).toContain('is before the latest edition in the data (2026 Revision 11, 2026-07-01)');
  });

  test('a file that is not an HTS export is refused with exit 2', () => {
    const dir = newerEdition();
    writeFileSync(join(dir, 'x.csv'), 'a,b\n1,2\n');
    const r = tariff('hts', 'import', join(dir, 'x.csv'), '--revision', '2026 Revision 11', '--effective', '2026-07-01', '--out', join(dir, 'hts'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CSV header must include "HTS Number"');
    expect(tariff('hts', 'import', join(dir, 'rev11.json'), '--revision', 'Rev 11', '--effective', '2026-07-01', '--out', join(dir, 'hts')).stderr).toContain('must be "YYYY Basic Edition" or "YYYY Revision N"');
  });
});

test('the run-time bundle does not carry zod or yaml (they load only for validate, import and --schedules)', () => {
  const bundle = readFileSync(ROOT + 'dist/tariff.cjs', 'utf8');
  expect(bundle).not.toMatch(/ZodType|LineCounter|toJSONSchema/);
  expect(bundle).toMatch(/__tariffImport\("\.\/build\/load\.js"\)/);
});

test('the build leaves a V8 code cache for the bundle that this Node accepts', () => {
  const check = `const vm = require('node:vm'), fs = require('node:fs'), Module = require('node:module');
    const f = ${JSON.stringify(ROOT + 'dist/tariff.cjs')};
    const s = new vm.Script(Module.wrap(fs.readFileSync(f, 'utf8')), { filename: f, cachedData: fs.readFileSync(f + '.cache') });
    console.log(s.cachedDataRejected);`;
  expect(spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' }).stdout.trim()).toBe('false');
});

test('the bundle run without the loader (no code cache) still loads its YAML code on demand', () => {
  const r = spawnSync(process.execPath, [ROOT + 'dist/tariff.cjs', 'quote', '9503.00.00', '--date', '2025-06-01', '--schedules', ROOT + 'schedules', '--json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout).total.rate_pct).toBe(JSON.parse(tariff('quote', '9503.00.00', '--date', '2025-06-01', '--json').stdout).total.rate_pct);
});

describe('tariff quote --importer CN', () => {
  test('China side: every layer cited, approximate scopes and unconfirmed facts as warnings, amounts in yuan', () => {
    const r = tariff('quote', '1201.90.10', '--importer', 'CN', '--date', '2025-03-20', '--value', '10000');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('origin US, importer CN, entry date 2025-03-20, customs value CNY 10,000.00');
    expect(r.stdout).toMatch(/Section 301 countermeasure, list 1 \(US\$34bn\) +│ - +│ \+25% +│ customs value │ CNY 2,500\.00 │ in force/);
    expect(r.stdout).toContain('Total: 40.5% = CNY 4,050.00');
    expect(r.stdout).toContain('税委会公告〔2018〕5号');
    expect(r.stdout).toContain('税委会公告2025年第2号');
    expect(r.stderr).toContain('product scope is approximate');
    expect(r.stderr).toContain('unconfirmed: which HS8 lines are in parts III-IV is not in the data');
  });

  test('--json on a Beijing-time change day, and a wrong origin exits 2', () => {
    const r = tariff('quote', '1201.90.10', '--importer', 'cn', '--date', '2025-11-10', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.query).toMatchObject({ importer: 'CN', origin: 'US' });
    expect(j.total.rate_pct).toBe('40.5');
    expect(j.verified_through).toBe('2026-10-07');
    expect(j.warnings.join('\n')).toContain('at 13:01 Beijing time');
    const bad = tariff('quote', '1201.90.10', '--importer', 'CN', '--origin', 'HK');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('origin "HK" is not modelled for imports into China');
  });

  test('diff for China lists the farm duties lifted on 2025-11-10 and nothing renewed unchanged', () => {
    const r = tariff('diff', '--from', '2025-11-09', '--to', '2025-11-10', '--importer', 'CN', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.changes.map((c: { measure: string }) => c.measure).sort()).toEqual(['cn.2025.no2-annex1', 'cn.2025.no2-annex2']);
  });
});

test('sources for a China measure: local effective times, suspended and undetermined values, named claims', () => {
  const r = tariff('sources', 'cn.2025.all-goods-suspended', '--json');
  expect(r.code).toBe(0);
  const v = JSON.parse(r.stdout).measures[0].values;
  expect(v.map((x: { from: string; effective_time: string | null; status: string }) => [x.from, x.effective_time, x.status.split(':')[0]])).toEqual([
    ['2025-05-14', '12:01', 'confirmed, suspended'],
    ['2025-08-12', '12:01', 'confirmed, suspended'],
    ['2025-11-10', '13:01', 'confirmed, suspended'],
    ['2026-11-10', '13:01', 'unconfirmed'],
    ['2027-01-10', null, 'undetermined'],
  ]);
  const list1 = tariff('sources', 'cn.section301.list1');
  expect(list1.stdout).toContain('2018-07-06 12:01  +25%  [confirmed]');
  expect(list1.stdout).toContain('exception (claim: --claim cn-exclusion)');
});

test('the quotes the README shows are what the tool prints (the README may stop early)', () => {
  const readme = readFileSync(ROOT + 'README.md', 'utf8');
  const blocks = [...readme.matchAll(/```(?:text)?\n\$ tariff ([^\n]*)\n([\s\S]*?)```/g)];
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  for (const [, args, body] of blocks) {
    const r = tariff(...args.split(' '));
    const printed = (r.stdout + r.stderr).split('\n').filter((l) => l.trim());
    const shown = body.split('\n').filter((l) => l.trim());
    expect(shown, args).toEqual(printed.slice(0, shown.length));
  }
});

describe('batch input and output paths: one line on stderr, never a stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tariff-io-'));
  const big = join(dir, 'big.csv');
  writeFileSync(big, 'hts,origin,date,value\n' + '9503.00.00,CN,2025-06-01,100\n'.repeat(60000));
  test('a reader that closes the pipe early (| head -1): exit 0, nothing on stderr', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${ROOT}bin/tariff" batch "${big}" | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(r.stdout.split('\n')[0]).toMatch(/^row,hts,origin/);
    expect(r.stderr.trim()).toBe('exit=0');
  });
  test.each([
    [['batch', big, '--out', join(dir, 'missing', 'x.csv')], /^tariff: cannot write --out .*missing.*x\.csv: no such file or directory$/],
    [['batch', big, '--out', dir], /^tariff: --out .* is a directory: give a file name$/],
    [['batch', dir], /^tariff: input .* is a directory: give a CSV or JSON Lines file, or - for standard input$/],
    [['batch', join(dir, 'nope.csv')], /^tariff: cannot read input file .*nope\.csv: no such file or directory$/],
  ])('%j', (args, message) => {
    const r = tariff(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});

describe('tables that fit the terminal (COLUMNS, or the terminal when stdout is one)', () => {
  const width80 = (...args: string[]) => {
    const r = spawnSync(process.execPath, [ROOT + 'bin/tariff', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, COLUMNS: '80' } });
    return (r.stdout + r.stderr).split('\n');
  };
  test('a quote in 80 columns has no line longer than 80 characters, and keeps every line, rate, amount and source', () => {
    const lines = width80('quote', '4202.92.91.00', '--date', '2025-06-01', '--value', '1000');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    const text = lines.join('\n');
    for (const s of ['Section 301 China, List 3', '9903.88.03, customs value [1]', '+25%', '$250.00', 'refundable', 'Total: 72.6% = $726.00', '[6]']) expect(text).toContain(s);
  });
  test('compare in 80 columns fits too', () => {
    const lines = width80('compare', '9503.00.00', '--dates', '2025-11-09,2025-11-10');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });
  test('without a width (a pipe) the wide layout is kept', () => {
    const r = tariff('quote', '4202.92.91.00', '--date', '2025-06-01', '--value', '1000');
    expect(r.stdout).toContain('│ Measure                                          │ Heading       │ Rate  │ Basis         │ Amount  │ Status     │ Src │');
  });
});

test('compare with three or more dates marks the changes between adjacent dates and gives each step', () => {
  const r = tariff('compare', '9503.00.00', '--dates', '2025-03-03,2025-04-10,2025-05-14,2026-03-01', '--json');
  const j = JSON.parse(r.stdout);
  expect(j.totals).toEqual(['10', '145', '30', '10']);
  expect(j.delta_pct).toBe('0');
  expect(j.steps_pct).toEqual(['135', '-115', '-20']);
  const t = tariff('compare', '9503.00.00', '--dates', '2025-03-03,2025-04-10,2025-05-14,2026-03-01').stdout;
  expect(t).toContain('+135 pts, -115 pts, -20 pts');
  expect(t).toMatch(/IEEPA "reciprocal" duty .*1→2, 2→3, 3→4/);
});

describe.skipIf(!existsSync('/usr/bin/script'))('colour per stream (a pseudo-terminal from script(1))', () => {
  const inPty = (cmd: string) => spawnSync('/usr/bin/script', ['-qc', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, COLUMNS: undefined } });
  const dir = mkdtempSync(join(tmpdir(), 'tariff-color-'));
  test('stdout to a file, stderr on the terminal: the file is plain, the warnings are coloured', () => {
    const r = inPty(`"${process.execPath}" "${ROOT}bin/tariff" quote 9503.00.00 --date 2026-12-01 > "${dir}/out.txt"`);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).not.toMatch(/\u001b\[/);
    expect(r.stdout).toMatch(/\u001b\[33mwarning: /);
  });
  test('stderr to a file, stdout on the terminal: the log file has no escape codes', () => {
    const r = inPty(`"${process.execPath}" "${ROOT}bin/tariff" quote 9503.00.00 --date 2026-12-01 2> "${dir}/err.txt"`);
    expect(readFileSync(join(dir, 'err.txt'), 'utf8')).toMatch(/^warning: /);
    expect(r.stdout).toMatch(/\u001b\[1m9503\.00\.00/);
  });
});

describe('usage errors: one line and where to read more, exit 2', () => {
  test.each([
    [['quote'], "tariff: missing required argument 'hts'", "see 'tariff quote --help'"],
    [['quote', '9503.00.00', '--bogus'], "tariff: unknown option '--bogus'", "see 'tariff quote --help'"],
    [['frobnicate'], "tariff: unknown command 'frobnicate'", "see 'tariff --help'"],
    [['schedules', 'validate', '--x'], "tariff: unknown option '--x'", "see 'tariff schedules validate --help'"],
  ])('%j', (args, first, second) => {
    const r = tariff(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([first, second]);
  });
});

test.skipIf(!existsSync('/usr/bin/script'))('batch with no file on a terminal says how to use it instead of waiting', () => {
  const r = spawnSync('/usr/bin/script', ['-qc', `"${process.execPath}" "${ROOT}bin/tariff" batch; echo "exit=$?"`, '/dev/null'], { encoding: 'utf8', timeout: 10000, env: { ...process.env, NO_COLOR: '1' } });
  expect(r.stdout).toContain('tariff: batch reads a CSV or JSON Lines file: give one (tariff batch entries.csv), or pipe rows in (... | tariff batch -)');
  expect(r.stdout).toContain('exit=2');
});

describe('tariff sources finds what a quote cites, by id or name, never by a substring of other text', () => {
  const ids = (q: string) => JSON.parse(tariff('sources', q, '--json').stdout).measures.map((m: { measure: string }) => m.measure);
  test.each([
    ['us.fees.mpf', ['us.fees.mpf']],
    ['us.fees.mpf-informal', ['us.fees.mpf-informal']],
    ['us.postal', ['us.postal']],
    ['us.mfn', ['us.mfn']],
    ['fentanyl', ['us.ieepa.fentanyl']],
    ['us.section232.metals', ['us.section232.metals-annex-1a', 'us.section232.metals-annex-1b', 'us.section232.metals-annex-3', 'us.section232.metals-us-metal-1a', 'us.section232.metals-us-metal']],
  ])('%s', (q, expected) => expect(ids(q)).toEqual(expected));
  test('a near miss says what was meant; nonsense says what to give, exit 2', () => {
    const r = tariff('sources', 'fentanil');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean us.ieepa.fentanyl');
    const n = tariff('sources', 'foo');
    expect(n.stderr).toMatch(/^tariff: no measure, fee or duty matches "foo" \(give a Chapter 99 heading/);
  });
});

test('diff --hts without --origin gives the total for every modelled origin, each named', () => {
  const r = tariff('diff', '--from', '2025-11-09', '--to', '2025-11-10', '--hts', '9503.00.00');
  expect(r.stdout).toContain('Total for 9503.00.00 from CN: 30% -> 20%');
  expect(r.stdout).toContain('Total for 9503.00.00 from MO: 10% -> 10%');
  const j = JSON.parse(tariff('diff', '--from', '2025-11-09', '--to', '2025-11-10', '--hts', '9503.00.00', '--origin', 'HK', '--json').stdout);
  expect(j.totals).toEqual([{ origin: 'HK', from: '30', to: '20' }]);
});

test('schedules validate counts the nomenclature lines', () => {
  expect(tariff('schedules', 'validate').stdout).toMatch(/\d+ measures, \d{5} nomenclature lines, \d+ product lists: no problems/);
});

test('bash completion completes option values (--mode, --unit, --origin), commands and options', () => {
  const script = tariff('completion', 'bash').stdout;
  const complete = (...words: string[]) =>
    spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _tariff; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' }).stdout.trim();
  expect(complete('tariff', 'quote', '9503.00.00', '--mode', 'o')).toBe('ocean');
  expect(complete('tariff', 'quote', '--unit', 'D')).toBe('DOZ DPR');
  expect(complete('tariff', 'quote', '--origin', '')).toBe('CN HK MO US');
  expect(complete('tariff', 'quote', '--ent')).toBe('--entry');
  expect(complete('tariff', 'ba')).toBe('batch');
});

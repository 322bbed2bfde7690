/**
 * Command-line front end: parses flags and renders; every answer comes from
 * the pure core. Commands are imported lazily. One exit point, with codes:
 * 0 ok, 1 answered but incomplete (or a check the user asked for failed), 2 could not answer.
 */
import { writeSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';

export interface Outcome {
  stdout?: string;
  stderr?: string[];
  exit: 0 | 1 | 2;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** The options that describe a product's entry, shared by quote, compare and timeline. */
function entryOptions(c: Command, withValue: boolean): Command {
  c.option('-o, --origin <country>', 'country of origin, ISO code (default: CN for imports into the US, US for imports into China)').option('-i, --importer <country>', 'importing country: US or CN', 'US');
  if (withValue) {
    c.option('-v, --value <amount>', 'customs value, in the importing country\'s currency (US dollars; yuan for --importer CN)')
      .option('--qty <n>', 'quantity, for specific rates (with --unit)')
      .option('--unit <unit>', 'unit of the quantity: kg, liter, each, doz, pr, ...');
  }
  return c
    .option('--claim <heading>', 'claim a Chapter 99 heading (exemption, exclusion, or which Section 301 list), or a named claim such as cn-exclusion; repeatable', collect, [])
    .option('--content <metal=pct>', 'metal content as percent of customs value, for Section 232 (steel=60), repeatable', collect, [])
    .option('--spi <code>', 'claim a column 1 Special program (Special Program Indicator: S for USMCA, P, AU, KR, ...)');
}

function program(run: (p: Promise<Outcome>) => void): Command {
  const p = new Command('tariff')
    .description('Cited, date-exact import duties for an HTS line, origin and entry date')
    .version('0.1.0')
    .option('--no-color', 'plain output without colour')
    .option('--schedules <dir>', 'read the YAML schedules in <dir> instead of the compiled index (slower; for editing schedules)')
    // a usage error is one line and where to read more, not the whole help (tariff quote --help has that)
    .configureOutput({ outputError: (text, write) => write(`tariff: ${text.replace(/^error: /, '').split('\n')[0]}\n`) })
    .exitOverride();

  answerCommands(p, run);
  batchCommand(p, run);
  changeCommands(p, run);
  toolCommands(p, run);
  return p;
}

/** quote and compare: the answers for one product */
function answerCommands(p: Command, run: (p: Promise<Outcome>) => void) {
  entryOptions(
    p
      .command('quote')
      .description('every duty layer on one product, origin and entry date, with its legal source')
      .argument('<hts>', 'HTS code, 6 to 10 digits, dotted or not (4202.92.91.00)')
      .option('-d, --date <YYYY-MM-DD>', 'entry date (default: today, US Eastern time)'),
    true,
  )
    .option('--loaded <YYYY-MM-DD>', 'date the goods were loaded at the port of export (in-transit rules)')
    .option('--mode <mode>', 'transport mode for fees: ocean (adds the harbor maintenance fee), air, truck, rail, mail')
    .option('--postal', 'a postal shipment: after de minimis ended, the postal duty replaces every other duty')
    .option('--entry <type>', 'formal or informal entry, for the MPF (default: by value, $2,500)')
    .option('--json', 'JSON output for scripts')
    .option('--quiet', 'leave out the notes on how to get more (--mode ocean, a claim to consider)')
    .option('--fail-above <pct>', 'exit 1 when the total rate exceeds PCT percent')
    .option('--strict', 'exit 1 when the answer is incomplete or carries a data warning (not a note)')
    .action((hts, opts, cmd) => run(import('./commands/quote.js').then((m) => m.runQuote(hts, opts, cmd.optsWithGlobals()))));

  entryOptions(
    p
      .command('compare')
      .description('the same product on several entry dates or from several origins (a grid with both), with the legal reasons')
      .argument('<hts>', 'HTS code')
      .option('--dates <list>', 'comma-separated entry dates (default: 2025-11-09,2025-11-10; with --origins: --date)')
      .option('--origins <list>', 'comma-separated origins, one column each (CN,VN,MX)')
      .option('-d, --date <YYYY-MM-DD>', 'with --origins: the entry date (default: today, US Eastern time)'),
    true,
  )
    .option('--json', 'JSON output for scripts')
    .option('--quiet', 'leave out the notes on how to get more')
    .action((hts, opts, cmd) => run(import('./commands/compare.js').then((m) => m.runCompare(hts, opts, cmd.optsWithGlobals()))));

}

function batchCommand(p: Command, run: (p: Promise<Outcome>) => void) {
  p.command('batch')
    .description('answer a CSV or JSON Lines file of queries: one output row per input row, in order')
    .argument('[file]', 'input file, or - for standard input (columns: hts, origin, date; optional importer, value, qty, unit, content, claim, loaded, mode, spi)')
    .option('-f, --format <csv|jsonl>', 'output format', 'csv')
    .option('--input-format <csv|jsonl>', 'input format (default: from the file name or the first line)')
    .option('--out <file>', 'write to FILE (atomically: a temporary file renamed at the end) instead of stdout')
    .option('--fail-above <pct>', 'exit 1 when any row\'s total rate exceeds PCT percent')
    .option('--strict', 'exit 1 when any row is incomplete or carries a warning')
    .action((file, opts, cmd) => run(import('./commands/batch.js').then((m) => m.runBatch(file, opts, cmd.optsWithGlobals()))));

  p.command('average')
    .description('the trade-weighted average tariff over a product mix on dates, with what each measure adds')
    .option('--weights <file>', 'CSV of hts, origin, value (optional importer, qty, unit); default: US imports from China and Hong Kong, 2024')
    .option('-o, --origin <country>', 'only the weights of this origin')
    .option('--dates <D1,D2,...>', 'the dates to average on')
    .option('--from <YYYY-MM-DD>', 'a series: every change point from this date')
    .option('--to <YYYY-MM-DD>', 'the series ends here (default: today)')
    .option('--by <chapter|section|measure>', 'break the last date down by HTS chapter or section (measure: the default table)')
    .option('--content-shares <file>', 'metal content per HTS10 (hts, steel, aluminum, copper in percent) for lines that need it; default: Budget Lab at Yale')
    .option('--content-share <pct>', 'one metal content for every line that needs one, instead of the shares')
    .option('--json', 'JSON output for scripts')
    .option('--csv', 'CSV output: a row per date')
    .action((opts, cmd) => run(import('./commands/average.js').then((m) => m.runAverage(opts, cmd.optsWithGlobals()))));

  p.command('export')
    .description('the schedules as dated rate tables (lines, totals, sources) for SQL engines: CSV or Parquet')
    .addOption(new Option('--importer <country>', 'importing country').default('US'))
    .option('--origins <list>', 'origins, comma-separated (default: every modelled origin)')
    .option('--from <YYYY-MM-DD>', 'first day (default: the first date modelled)')
    .option('--to <YYYY-MM-DD>', 'last day, inclusive (default: today)')
    .addOption(new Option('--format <csv|parquet>', 'file format').default('csv'))
    .addOption(new Option('--out <dir>', 'directory for lines, totals and sources').default('tariff-export'))
    .action((opts, cmd) => run(import('./commands/export.js').then((m) => m.runExport(opts, cmd.optsWithGlobals()))));

  p.command('refund')
    .description('the IEEPA refund of each entry line and entry, with interest, its CAPE phase and the CAPE files')
    .argument('[file]', 'entry lines, CSV or JSON Lines, or - for standard input (columns: entry, date, hts, origin; optional line, value, ieepa_deposited, deposited_on, liquidation_date, reliquidation_date, importer_type, importer_of_record, entry_type, reconciliation; or the ACE ES-003 names)')
    .option('--as-of <YYYY-MM-DD>', 'the day to answer for: phases, and interest when no liquidation date is given (default: today)')
    .option('--importer-type <type>', 'corporate or noncorporate: the interest rate when a row does not say (default: corporate, said)')
    .option('--out <dir>', 'write lines.csv, entries.csv, cape-NNN.csv and exceptions.csv to DIR')
    .option('--json', 'the summary as JSON')
    .action((file, opts, cmd) => run(import('./commands/refund.js').then((m) => m.runRefund(file, opts, cmd.optsWithGlobals()))));
}

/** diff and timeline: what changed between dates */
function changeCommands(p: Command, run: (p: Promise<Outcome>) => void) {
  p.command('diff')
    .description('what changed between two entry dates: every measure whose rate or scope differs, with the instrument')
    .requiredOption('--from <YYYY-MM-DD>', 'first entry date')
    .requiredOption('--to <YYYY-MM-DD>', 'second entry date')
    .option('-o, --origin <country>', 'only measures on goods of this origin (default: all origins)')
    .option('-i, --importer <country>', 'importing country', 'US')
    .option('--hts <code>', 'only measures that cover this product, with its totals on both dates')
    .option('--claim <heading>', 'claim a Chapter 99 heading (with --hts), repeatable', collect, [])
    .option('--json', 'JSON output for scripts')
    .action((opts, cmd) => run(import('./commands/diff.js').then((m) => m.runDiff(opts, cmd.optsWithGlobals()))));

  entryOptions(
    p
      .command('timeline')
      .description('every change point for one product, with the total and the legal event at each step')
      .argument('<hts>', 'HTS code')
      .option('--from <YYYY-MM-DD>', 'first entry date (default: the first date the schedules model)')
      .option('--to <YYYY-MM-DD>', 'last entry date (default: today)'),
    false,
  )
    .option('--json', 'JSON output for scripts')
    .action((hts, opts, cmd) => run(import('./commands/timeline.js').then((m) => m.runTimeline(hts, opts, cmd.optsWithGlobals()))));

}

/** sources, completion, schedules validate and hts import */
function toolCommands(p: Command, run: (p: Promise<Outcome>) => void) {
  p.command('sources')
    .description('the instrument, citation and HTS heading text behind a Chapter 99 heading or a measure')
    .argument('<heading|measure>', 'a Chapter 99 heading (9903.01.24) or a measure id (us.ieepa.fentanyl, fentanyl)')
    .option('--json', 'JSON output for scripts')
    .action((q, opts, cmd) => run(import('./commands/sources.js').then((m) => m.runSources(q, opts, cmd.optsWithGlobals()))));

  p.command('completion')
    .description('print a shell completion script')
    .argument('<shell>', 'bash or zsh')
    .action((shell) => run(import('./commands/completion.js').then((m) => m.runCompletion(shell, p))));

  const schedules = p.command('schedules').description('check the YAML schedules');
  schedules
    .command('validate')
    .description('validate every schedule file; problems as file:line:col path: message')
    .argument('[dir]', 'schedules directory (default: the installed schedules)')
    .action((dir) => run(import('./commands/schedules.js').then((m) => m.runValidate(dir))));

  const hts = p.command('hts').description('the HTS base data');
  hts
    .command('import')
    .description('add a newer official USITC HTS export (CSV or JSON, gzipped or not) to the HTS history')
    .argument('<file>', 'USITC CSV or JSON export')
    .requiredOption('--revision <name>', 'its name: "2026 Revision 11"')
    .requiredOption('--effective <YYYY-MM-DD>', 'its publication date: the date of changes no change record names')
    .option('--records <csv>', 'change records as rows (the columns of usitc_change_records_2025_2026.csv): the legal dates')
    .addOption(new Option('--out <dir>', 'the HTS history directory').default('schedules/us/hts'))
    .action((file, opts) => run(import('./commands/hts.js').then((m) => m.runImport(file, opts))));

}

async function main(argv: string[]) {
  let pending: Promise<Outcome> | undefined;
  const p = program((x) => (pending = x));
  let outcome: Outcome;
  try {
    await p.parseAsync(argv);
    outcome = pending ? await pending : { exit: 0 };
  } catch (e) {
    outcome = await fail(e);
  }
  if (outcome.stdout) writeAll(1, outcome.stdout.endsWith('\n') ? outcome.stdout : outcome.stdout + '\n');
  if (outcome.stderr?.length) writeAll(2, outcome.stderr.join('\n') + '\n');
  process.exitCode = outcome.exit;
}

/**
 * Synchronous write to a file descriptor: touching process.stdout would load the
 * stream and socket machinery at every start. Retries when a pipe is full; stops when the reader closed it.
 */
function writeAll(fd: number, text: string) {
  const buf = Buffer.from(text);
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return; // the reader went away (| head): nothing more to say
      if (code !== 'EAGAIN') throw e;
    }
  }
}

/** The command a usage error belongs to ("quote ", "schedules validate "), for the pointer to its help. */
function usageOf(args: string[]): string {
  const words = args.filter((a) => !a.startsWith('-'));
  const known = ['quote', 'compare', 'batch', 'average', 'refund', 'export', 'diff', 'timeline', 'sources', 'completion', 'schedules', 'hts'];
  if (!known.includes(words[0] ?? '')) return '';
  return ['schedules', 'hts'].includes(words[0]!) && words[1] && !words[1].includes('/') ? `${words[0]} ${words[1]} ` : `${words[0]} `;
}

async function fail(e: unknown): Promise<Outcome> {
  if (e instanceof CommanderError) {
    // help and version are not errors; commander has already printed its message
    const ok = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
    return ok ? { exit: 0 } : { exit: 2, stderr: [`see 'tariff ${usageOf(process.argv.slice(2))}--help'`] };
  }
  const { QueryError } = await import('../core/errors.js');
  const { ScheduleDataError } = await import('../data/compiled.js');
  if (e instanceof QueryError) return { exit: 2, stderr: [`tariff: ${e.message}`, ...e.details.map((d) => `  ${d}`)] };
  if (e instanceof ScheduleDataError) return { exit: 2, stderr: [`tariff: ${e.message}`, ...e.details] };
  // anything else is a bug: keep the stack
  return { exit: 2, stderr: [`tariff: internal error (please report):`, (e as Error)?.stack ?? String(e)] };
}

void main(process.argv);

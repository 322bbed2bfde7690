import type { Command } from 'commander';
import { QueryError } from '../../core/errors.js';
import type { Outcome } from '../main.js';
import { MODES } from '../../core/engine.js';
import { ENTRY_TYPES } from '../../core/fees.js';

/** The values an option takes, completed after it (the engine's own lists). */
const OPTION_VALUES: Record<string, string> = {
  '--origin': 'CN HK MO US',
  '--importer': 'US CN',
  '--mode': MODES.join(' '),
  '--entry': ENTRY_TYPES.join(' '),
  '--unit': 'kg g liter pf.liter bbl doz each pr dpr gross head t m2 m3 KG G L PF.L BBL DOZ NO PCS PRS DPR GROSS T M2 M3',
  '--format': 'csv jsonl',
  '--input-format': 'csv jsonl',
  '--content': 'steel= aluminum= copper=',
};

/** Shell completion for bash or zsh, generated from the commands and options commander knows. */
export function runCompletion(shell: string, program: Command): Outcome {
  const commands = program.commands.filter((c) => c.name() !== 'help');
  const valueCases = (fmt: (opt: string, values: string) => string) => Object.entries(OPTION_VALUES).map(([o, v]) => fmt(o, v)).join('\n');
  const words = (c: Command) => [...c.commands.map((s) => s.name()), ...c.options.flatMap((o) => [o.long, o.short].filter(Boolean) as string[])].join(' ');
  if (shell === 'bash') {
    const cases = commands.map((c) => `    ${c.name()}) opts="${words(c)}" ;;`).join('\n');
    return {
      exit: 0,
      stdout: `# bash completion for tariff: eval "$(tariff completion bash)"
_tariff() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} opts
  case "$prev" in
${valueCases((o, v) => `    ${o}) COMPREPLY=( $(compgen -W "${v}" -- "$cur") ); return ;;`)}
  esac
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.map((c) => c.name()).join(' ')} --help --version --no-color --schedules" -- "$cur") ); return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
    *) opts="" ;;
  esac
  COMPREPLY=( $(compgen -W "$opts --help" -- "$cur") )
}
complete -o default -F _tariff tariff`,
    };
  }
  if (shell === 'zsh') {
    const cases = commands.map((c) => `    ${c.name()}) compadd -- ${words(c)} --help ;;`).join('\n');
    return {
      exit: 0,
      stdout: `#compdef tariff
# zsh completion for tariff: tariff completion zsh > "\${fpath[1]}/_tariff"
_tariff() {
  case $words[CURRENT-1] in
${valueCases((o, v) => `    ${o}) compadd -- ${v}; return ;;`)}
  esac
  if (( CURRENT == 2 )); then
    compadd -- ${commands.map((c) => c.name()).join(' ')} --help --version --no-color --schedules; return
  fi
  case $words[2] in
${cases}
  esac
  _files
}
compdef _tariff tariff`,
    };
  }
  throw new QueryError(`completion is available for bash and zsh, not "${shell}"`);
}

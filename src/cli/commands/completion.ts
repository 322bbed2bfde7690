import type { Command } from 'commander';
import { QueryError } from '../../core/errors.js';
import type { Outcome } from '../main.js';

/** Shell completion for bash or zsh, generated from the commands and options commander knows. */
export function runCompletion(shell: string, program: Command): Outcome {
  const commands = program.commands.filter((c) => c.name() !== 'help');
  const words = (c: Command) => [...c.commands.map((s) => s.name()), ...c.options.flatMap((o) => [o.long, o.short].filter(Boolean) as string[])].join(' ');
  if (shell === 'bash') {
    const cases = commands.map((c) => `    ${c.name()}) opts="${words(c)}" ;;`).join('\n');
    return {
      exit: 0,
      stdout: `# bash completion for tariff: eval "$(tariff completion bash)"
_tariff() {
  local cur=\${COMP_WORDS[COMP_CWORD]} opts
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

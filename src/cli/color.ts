/** Colour is decided once, from --no-color, NO_COLOR, FORCE_COLOR and whether stdout is a terminal. */
import { fstatSync } from 'node:fs';
import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Whether fd 1 is a terminal. fstat rather than process.stdout.isTTY: creating the
 * stdout stream loads Node's stream and socket modules, a third of start-up time.
 * (A character device that is not a terminal, such as /dev/null, also counts; nobody sees that output.)
 */
function stdoutIsTerminal(): boolean {
  try {
    return fstatSync(1).isCharacterDevice();
  } catch {
    return false;
  }
}

export function colorEnabled(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env, isTTY = stdoutIsTerminal()): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

export function makeChalk(flag: boolean | undefined): ChalkInstance {
  return new Chalk({ level: colorEnabled(flag) ? 1 : 0 });
}

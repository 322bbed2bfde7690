/**
 * Colour is decided per stream: from --no-color, NO_COLOR, FORCE_COLOR and whether that stream (fd 1 for the answer,
 * fd 2 for warnings) is a terminal (terminal.ts: without loading Node's stream modules on a pipe). A file or /dev/null
 * is not a terminal.
 */
import { isTerminal } from './terminal.js';
import { Chalk, type ChalkInstance } from 'chalk';

export function colorEnabled(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env, isTTY = isTerminal(1)): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

/** The chalk for one stream: fd 1 (standard output, the default) or fd 2 (standard error). */
export function makeChalk(flag: boolean | undefined, fd: 1 | 2 = 1): ChalkInstance {
  return new Chalk({ level: colorEnabled(flag, process.env, isTerminal(fd)) ? 1 : 0 });
}

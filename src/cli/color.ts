/** Colour is decided once, from --no-color, NO_COLOR, FORCE_COLOR and whether stdout is a terminal. */
import { Chalk, type ChalkInstance } from 'chalk';

export function colorEnabled(flag: boolean | undefined, env = process.env, isTTY = Boolean(process.stdout.isTTY)): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

export function makeChalk(flag: boolean | undefined): ChalkInstance {
  return new Chalk({ level: colorEnabled(flag) ? 1 : 0 });
}

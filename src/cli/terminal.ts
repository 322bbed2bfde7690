/**
 * Whether a standard stream is a terminal, without loading node:tty (it brings in Node's net and stream modules, a few
 * milliseconds of every start): fstat first, which says a pipe or a file is not one; only a character device (a
 * terminal, or /dev/null) is then asked through its stream, which a script's pipes never touch.
 */
import { fstatSync } from 'node:fs';

export function isTerminal(fd: 0 | 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return Boolean((fd === 0 ? process.stdin : fd === 1 ? process.stdout : process.stderr).isTTY);
}

import { expect, test } from 'vitest';
import { todayEastern } from '../src/cli/today.js';

test.each([
  ['2026-11-21T04:59:00Z', '2026-11-20'], // 23:59 EST
  ['2026-11-21T05:00:00Z', '2026-11-21'], // 00:00 EST
  ['2026-07-24T03:59:00Z', '2026-07-23'], // 23:59 EDT
  ['2026-07-24T04:00:00Z', '2026-07-24'], // 00:00 EDT
  ['2026-03-08T06:59:00Z', '2026-03-08'], // 01:59 EST, DST begins at 07:00 UTC
  ['2025-11-02T05:30:00Z', '2025-11-02'], // 01:30 EDT, before the switch back
])('%s is %s in US Eastern time', (iso, day) => {
  expect(todayEastern(new Date(iso))).toBe(day);
});

test('agrees with the time-zone database over a year of hours', () => {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' });
  for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2026, 0, 1); t += 3600_000) expect(todayEastern(new Date(t))).toBe(fmt.format(new Date(t)));
});

import { colorEnabled } from '../src/cli/color.js';

test.each([
  [false, {}, true, false],
  [undefined, { NO_COLOR: '1' }, true, false],
  [undefined, { NO_COLOR: '' }, true, true],
  [undefined, { FORCE_COLOR: '1' }, false, true],
  [undefined, { FORCE_COLOR: '0' }, true, false],
  [undefined, {}, false, false],
  [undefined, {}, true, true],
])('colour with --color=%s env=%j tty=%s is %s', (flag, env, tty, expected) => {
  expect(colorEnabled(flag, env, tty)).toBe(expected);
});

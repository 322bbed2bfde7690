/** Binary search over arrays sorted by a string key. */

/** The first index whose key is >= `key` (the array is sorted by `of`). */
export function lowerBound<T>(sorted: readonly T[], key: string, of: (x: T) => string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (of(sorted[mid]!) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last of ascending ISO dates on or before `date`, or undefined when all are later (a value's start, a table's date). */
export function latestOnOrBefore(sorted: readonly string[], date: string): string | undefined {
  let best: string | undefined;
  for (const k of sorted) {
    if (k > date) break;
    best = k;
  }
  return best;
}

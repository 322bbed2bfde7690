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

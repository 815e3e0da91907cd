/**
 * Binary search over lists sorted by an offset (node starts, word positions): how rules answer
 * "what starts inside / encloses this range" without walking the tree again.
 */

/** How many leading items satisfy `before` (which must hold for a prefix of the list and fail after it). */
export function partitionPoint(length: number, before: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (before(mid)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The first index of the ascending `values` holding `value` or more (`values.length` when none). */
export function firstAtOrAfter(values: readonly number[], value: number): number {
  return partitionPoint(values.length, (index) => (values[index] ?? 0) < value);
}

export type Series = number[];

export interface Stats {
  median: number;
  min: number;
  max: number;
  samples: Series;
}

export function stats(samples: Series): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples };
}

/**
 * The median of per-round ratios `a[i] / b[i]`. Each round measures both sides back to back,
 * so a burst of outside load hits the pair and not the comparison.
 */
export function paired(a: Series, b: Series): number {
  return stats(a.map((value, i) => value / b[i])).median;
}

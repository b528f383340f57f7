// Order statistics of answer times (the dashboard's median, the annual report's median and 90th
// percentile). Linear interpolation between the closest ranks, as a spreadsheet's
// PERCENTILE.INC (CENTILE.INCLUS in French Excel) computes it, so a DPD can check a figure
// against the exported rows; at 0.5 it is the usual median (mean of the two middle values).
// Pure.

/** The p-th quantile (0 ≤ p ≤ 1) of `values`, or null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (rank - low) * (sorted[high]! - sorted[low]!);
}

export const median = (values: readonly number[]): number | null => percentile(values, 0.5);

/** Small statistics for the figures: percentiles, means, rates. */

/** The `p`-th percentile (0–100) of `values` by nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;

/** Rounds to `digits` decimals, for figures. */
export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** Bytes → MiB, one decimal. */
export const mib = (bytes: number): number => round(bytes / 1024 / 1024);

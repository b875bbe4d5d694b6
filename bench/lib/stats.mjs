// Small statistics for the bench figures: quantiles of samples and of
// per-round paired ratios (each round times both sides back to back, so a
// slow moment of the machine falls on both and cancels in their ratio).

/** The q-quantile (0..1) of `values`, linear between order statistics. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median and interquartile range. */
export function summary(values) {
  return { p50: quantile(values, 0.5), p25: quantile(values, 0.25), p75: quantile(values, 0.75), n: values.length };
}

/** Per-round `f(a[i], b[i])`, summarised. */
export function paired(a, b, f) {
  const n = Math.min(a.length, b.length);
  const values = [];
  for (let i = 0; i < n; i++) values.push(f(a[i], b[i]));
  return summary(values);
}

/**
 * Runs `run` over `items` with at most `limit` in flight, calling `onResult`
 * as each finishes (for streaming progress), and resolves to the results in
 * the order of `items`. `run` must not throw: each item's failure is its
 * result, so one failing shard never hides the others' reports.
 *
 * @example
 * ```ts
 * const reports = await fanOut(shards, 6, (shard) => callShard(shard), (report) => progress(report));
 * ```
 */
export async function fanOut<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
  onResult?: (result: R) => void | Promise<void>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const result = await run(items[index] as T);
      results[index] = result;
      await onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

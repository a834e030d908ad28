/**
 * Runs `work` on the items a few at a time, each group finished before the next starts, so a long list
 * never puts more than `atOnce` requests on the server; the results in the items' order. Stops between
 * groups once `stopped()` says so.
 */
export async function fewAtOnce<T, R>(items: readonly T[], atOnce: number, work: (item: T) => Promise<R>, stopped = () => false): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length && !stopped(); start += atOnce) {
    results.push(...(await Promise.all(items.slice(start, start + atOnce).map(work))));
  }
  return results;
}

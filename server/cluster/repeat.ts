/**
 * Runs `work` every `intervalMs`, never two at once (a slow round delays the next); returns the
 * function that stops it. The timer does not keep the process alive.
 */
export function repeat(
  intervalMs: number,
  work: () => Promise<unknown>,
  onError: (err: unknown) => void,
): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    work()
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Calls `work` for each of `items`, at most `limit` at a time, in the items' order of start;
 * resolves once every call has settled (a failure is `work`'s to handle).
 */
export async function forEachAtMost<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `attempt` until it succeeds, waiting 250 ms, then twice as long each time (at most 2 s)
 * between tries. An error that `retryable` rejects, or one when the next try would come after
 * `deadline` (ms since the epoch), is thrown as it is.
 */
export async function retryUntil<T>(
  attempt: () => Promise<T>,
  retryable: (err: unknown) => boolean,
  deadline: number,
): Promise<T> {
  for (let delay = 250; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await attempt();
    } catch (err) {
      if (!retryable(err) || Date.now() + delay > deadline) throw err;
    }
    await sleep(delay);
  }
}

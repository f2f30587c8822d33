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

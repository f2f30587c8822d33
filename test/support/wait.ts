import { sleep } from './chess.ts';

/**
 * Resolves once `check` holds (polled every `everyMs`); fails the test after `timeoutMs`. The
 * check may be asynchronous (a request to a server).
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(everyMs);
  }
}

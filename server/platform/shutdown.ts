import type { Logger } from './logger.ts';

/**
 * Runs `drain` once on the first SIGTERM or SIGINT and exits when it is done, or after
 * `timeoutSeconds` whatever it is doing. A second signal exits at once.
 */
export function onShutdownSignal(
  drain: (signal: string) => Promise<void>,
  timeoutSeconds: number,
  log: Logger,
): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, timeoutSeconds }, 'shutting down');
    const timer = setTimeout(() => {
      log.error({ timeoutSeconds }, 'shutdown took too long: exiting');
      process.exit(1);
    }, timeoutSeconds * 1000);
    timer.unref();
    drain(signal).then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

/**
 * The plumbing that makes a room an actor: its changes run one at a time, in the order they were
 * asked for, and its named timers are replaced, cleared and disposed together.
 */
export class ActorSchedule {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** @param onTimerError what to do with a timer's failure (a timer has nobody to answer to). */
  constructor(private readonly onTimerError: (err: unknown, timer: string) => void) {}

  /** Runs `work` after everything queued before it, whether that succeeded or not. */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** (Re)sets the timer `name`: `fire` runs after `delayMs` (at once when negative). */
  setTimer(name: string, delayMs: number, fire: () => Promise<unknown>): void {
    this.clearTimer(name);
    const timer = setTimeout(
      () => {
        this.timers.delete(name);
        fire().catch((err) => this.onTimerError(err, name));
      },
      Math.max(0, delayMs),
    );
    this.timers.set(name, timer);
  }

  clearTimer(name: string): void {
    const timer = this.timers.get(name);
    if (timer) clearTimeout(timer);
    this.timers.delete(name);
  }

  clearAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

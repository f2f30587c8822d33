/**
 * The plumbing that makes a room an actor: its changes run one at a time, in the order they were
 * asked for, and its named timers are replaced, cleared and disposed together.
 */
export class ActorSchedule {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The repeating timers, each with the mark of its current run (cleared: no mark). */
  private readonly repeating = new Map<string, symbol>();

  /**
   * @param onTimerError what to do with a timer's failure (a timer has nobody to answer to).
   * @param around how a timer's work runs (within the room's log trail): not in the context
   *   of whatever set the timer.
   */
  constructor(
    private readonly onTimerError: (err: unknown, timer: string) => void,
    private readonly around: (work: () => Promise<unknown>) => Promise<unknown> = (work) => work(),
  ) {}

  /** Runs `work` after everything queued before it, whether that succeeded or not. */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** (Re)sets the timer `name`: `fire` runs after `delayMs` (at once when negative). */
  setTimer(name: string, delayMs: number, fire: () => Promise<unknown>): void {
    this.cancel(name);
    const timer = setTimeout(
      () => {
        this.timers.delete(name);
        this.around(fire).catch((err) => this.onTimerError(err, name));
      },
      Math.max(0, delayMs),
    );
    this.timers.set(name, timer);
  }

  /**
   * Fires `fire` every `periodMs`, each period counted from the end of the last firing (whether
   * it succeeded or not), until the timer `name` is cleared.
   */
  every(name: string, periodMs: number, fire: () => Promise<unknown>): void {
    const mark = Symbol(name);
    this.repeating.set(name, mark);
    const arm = () =>
      this.setTimer(name, periodMs, () =>
        fire().finally(() => {
          // Cleared (or set anew) while it fired: this run is the last.
          if (this.repeating.get(name) === mark) arm();
        }),
      );
    arm();
  }

  clearTimer(name: string): void {
    this.cancel(name);
    this.repeating.delete(name);
  }

  clearAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.repeating.clear();
  }

  private cancel(name: string): void {
    const timer = this.timers.get(name);
    if (timer) clearTimeout(timer);
    this.timers.delete(name);
  }
}

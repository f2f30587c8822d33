/** Thrown when a {@link Semaphore}'s queue is full: the caller should shed the work. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

/**
 * Lets at most `capacity` tasks run at once; up to `queueLimit` more wait in arrival order, and a
 * task beyond that is refused at once rather than queued without bound.
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly capacity: number,
    readonly queueLimit: number,
  ) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.capacity) {
      if (this.waiting.length >= this.queueLimit) throw new QueueFullError('too many tasks waiting');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` only drops when nobody waits.
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * Reads of one record per key, made many at a time: the keys asked for while a read is on its way
 * (or in the same turn of the event loop) go together in the next one, at most `maxBatch` keys a
 * read. One read is on its way at a time, so a crowd arriving at once costs a few statements,
 * not one each, and a lone key is read at once.
 *
 * Each answer is at least as fresh as its question: a key asked for is read by a statement that
 * starts after it was asked (never answered from a read already on its way), so a change committed
 * before the question is seen. Nothing is kept once answered.
 *
 * A read that takes longer than `timeoutMs` refuses its askers with a {@link ReadTimeoutError}, and
 * the next read starts: one stuck statement does not hold every later join behind it. Its answer,
 * if it ever comes, is dropped.
 *
 * @example
 * const standings = new BatchedReads((ids) => deps.standingsOf(ids), 500);
 * const { blockers } = await standings.read(userId);
 */
export class ReadTimeoutError extends Error {
  constructor(keys: number, ms: number) {
    super(`the read of ${keys} records took longer than ${ms} ms`);
    this.name = 'ReadTimeoutError';
  }
}

export class BatchedReads<V> {
  /** Keys waiting for the next read, with everyone waiting on each. */
  private waiting = new Map<string, Array<{ resolve: (value: V) => void; reject: (err: unknown) => void }>>();
  private reading = false;
  private scheduled = false;

  /**
   * @param readMany reads the records of up to `maxBatch` keys; a key missing from its answer is
   * refused with an error (the reader should answer every key it was given).
   * @param timeoutMs how long a read may take before its askers are refused.
   */
  constructor(
    private readonly readMany: (keys: string[]) => Promise<ReadonlyMap<string, V>>,
    private readonly maxBatch: number,
    private readonly timeoutMs = 10_000,
  ) {}

  read(key: string): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      this.kick();
    });
  }

  /** Starts the next read once the current one is done, after the keys of this turn are in. */
  private kick(): void {
    if (this.reading || this.scheduled || this.waiting.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.next();
    });
  }

  private async next(): Promise<void> {
    if (this.reading || this.waiting.size === 0) return;
    this.reading = true;
    const batch = new Map<string, Array<{ resolve: (value: V) => void; reject: (err: unknown) => void }>>();
    for (const [key, waiters] of this.waiting) {
      if (batch.size >= this.maxBatch) break;
      batch.set(key, waiters);
      this.waiting.delete(key);
    }
    let timer: NodeJS.Timeout | undefined;
    const overdue = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReadTimeoutError(batch.size, this.timeoutMs)), this.timeoutMs);
    });
    try {
      const found = await Promise.race([this.readMany([...batch.keys()]), overdue]);
      for (const [key, waiters] of batch) {
        const value = found.get(key);
        for (const w of waiters) {
          if (value === undefined) w.reject(new Error(`no record read for ${key}`));
          else w.resolve(value);
        }
      }
    } catch (err) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
    } finally {
      clearTimeout(timer);
      this.reading = false;
      this.kick();
    }
  }
}

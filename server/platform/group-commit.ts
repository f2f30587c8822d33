/**
 * Writes that arrive together go to the database together: each item is answered only once the
 * statement that wrote it has returned (committed), as if it had been written alone, but items
 * submitted while `maxInFlight` statements are on their way wait and go in the next one, up to
 * `maxBatch` items a statement. A lone item goes at once; a crowd (hundreds of rooms appending a
 * move each) costs a few statements instead of one each: fewer round trips and commits.
 *
 * `writeMany` answers each item's outcome, in the order given. A statement that fails refuses the
 * items it carried (and only them); the caller decides, as for a single write, whether to retry.
 *
 * @example
 * const appends = new GroupCommit((events) => repos.appendEvents(events), { maxBatch: 200, maxInFlight: 2 });
 * const outcome = await appends.submit(event);
 */
export interface GroupCommitOptions {
  /** Items one statement writes at most. */
  maxBatch: number;
  /** Statements on their way at once; more items wait and go together in the next. */
  maxInFlight: number;
}

interface Waiting<I, O> {
  item: I;
  resolve(outcome: O): void;
  reject(err: unknown): void;
}

export class GroupCommit<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Statements written and items they carried, for the batching's figures. */
  readonly written = { statements: 0, items: 0 };

  constructor(
    private readonly writeMany: (items: I[]) => Promise<readonly O[]>,
    private readonly options: GroupCommitOptions,
  ) {
    if (options.maxBatch < 1 || options.maxInFlight < 1)
      throw new RangeError('a group commit needs room for one item and one statement');
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.kick();
    });
  }

  /** Items submitted and not yet sent. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Sends the next statement once one may go, after the items of this turn are in. */
  private kick(): void {
    if (this.scheduled || this.waiting.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.next();
    });
  }

  private async next(): Promise<void> {
    if (this.waiting.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    const batch = this.waiting.splice(0, this.options.maxBatch);
    this.inFlight += 1;
    this.kick();
    try {
      const outcomes = await this.writeMany(batch.map((w) => w.item));
      if (outcomes.length !== batch.length)
        throw new Error(`a write of ${batch.length} items answered ${outcomes.length} outcomes`);
      this.written.statements += 1;
      this.written.items += batch.length;
      for (const [i, w] of batch.entries()) w.resolve(outcomes[i]!);
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.inFlight -= 1;
      this.kick();
    }
  }
}

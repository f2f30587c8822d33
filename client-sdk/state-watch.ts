/** What a watch needs of a room: its state and the state's change signal. */
interface StatefulRoom<S> {
  readonly state: S;
  onStateChange(listener: (state: S) => void): unknown;
}

/**
 * Waits on a room's synced state. One SDK listener for the life of the room fans out to its own
 * waiters: the SDK's signal skips a listener when another removes itself during the same change.
 */
export class StateWatch<S> {
  /** Whether the first full state has arrived (before it, the state's fields are unset). */
  private synced: boolean;
  private readonly waiters = new Set<(state: S) => void>();

  private room!: StatefulRoom<S>;

  constructor(
    room: StatefulRoom<S>,
    /** Whether a state already holds the room's first full state. */
    private readonly hasArrived: (state: S | undefined) => boolean,
  ) {
    this.synced = false;
    this.follow(room);
  }

  /** Watches `room` from now on (the same room again, on a new connection). */
  follow(room: StatefulRoom<S>): void {
    this.room = room;
    this.synced = this.hasArrived(room.state);
    room.onStateChange((state) => {
      if (this.room !== room) return;
      this.synced = true;
      for (const waiter of [...this.waiters]) waiter(state);
    });
  }

  /** Resolves once `predicate` holds for the state (checked now and after every patch). */
  until(predicate: (state: S) => boolean, timeoutMs: number): Promise<S> {
    return new Promise((resolve, reject) => {
      if (this.synced && predicate(this.room.state)) return resolve(this.room.state);
      const check = (state: S) => {
        if (!predicate(state)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(state);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`state condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}

/** How many recent waits (one per matched ticket) the wait estimates are drawn from. */
export const WAIT_HISTORY = 100;

/** The waits of the last `WAIT_HISTORY` matched tickets, and medians over them. */
export class WaitHistory {
  private readonly waits: number[] = [];
  private next = 0;
  /** The waits sorted ascending, rebuilt on the first read after a change. */
  private sorted: number[] | undefined;

  record(waitMs: number): void {
    if (this.waits.length < WAIT_HISTORY) this.waits.push(waitMs);
    else this.waits[this.next] = waitMs;
    this.next = (this.next + 1) % WAIT_HISTORY;
    this.sorted = undefined;
  }

  /** The median recent wait, null when nothing has been matched yet. */
  median(): number | null {
    const sorted = this.ascending();
    return sorted.length === 0 ? null : medianOf(sorted, 0);
  }

  /**
   * The expected total wait of a ticket that has already waited `waitedMs`: the median of the
   * recent waits at least that long. A ticket that has outwaited all of them is expected to wait
   * its time so far plus a typical wait again. Null when nothing has been matched yet.
   */
  expectedTotal(waitedMs: number): number | null {
    const sorted = this.ascending();
    if (sorted.length === 0) return null;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < waitedMs) lo = mid + 1;
      else hi = mid;
    }
    if (lo < sorted.length) return medianOf(sorted, lo);
    return waitedMs + medianOf(sorted, 0);
  }

  private ascending(): number[] {
    this.sorted ??= this.waits.slice().sort((a, b) => a - b);
    return this.sorted;
  }
}

/** The median of `sorted[from…]`, which must not be empty. */
function medianOf(sorted: readonly number[], from: number): number {
  const count = sorted.length - from;
  const mid = from + (count >>> 1);
  return count % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

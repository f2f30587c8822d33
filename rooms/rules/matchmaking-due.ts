import type { EntryBuffer } from './matchmaking-buffer.ts';
import type { Entry } from './matchmaking-index.ts';

/**
 * Entries by the time they are next due (`Entry.nextCheck`), a binary min-heap. An entry whose
 * time changed is pushed again; the old item is recognised and skipped when it comes out.
 */
export class DueHeap {
  private readonly times: number[] = [];
  private readonly entries: Entry[] = [];

  push(entry: Entry): void {
    const times = this.times;
    const entries = this.entries;
    const time = entry.nextCheck;
    let i = times.length;
    times.push(time);
    entries.push(entry);
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (times[parent]! <= time) break;
      times[i] = times[parent]!;
      entries[i] = entries[parent]!;
      i = parent;
    }
    times[i] = time;
    entries[i] = entry;
  }

  /** Takes out every live entry due at `now` (once each, marked due) and appends it to `into`. */
  takeDue(now: number, into: EntryBuffer): void {
    while (this.times.length > 0 && this.times[0]! <= now) {
      const time = this.times[0]!;
      const entry = this.pop();
      if (entry.dead || entry.nextCheck !== time) continue;
      entry.nextCheck = Number.NEGATIVE_INFINITY;
      into.push(entry);
    }
  }

  private pop(): Entry {
    const times = this.times;
    const entries = this.entries;
    const top = entries[0]!;
    const lastTime = times.pop()!;
    const lastEntry = entries.pop()!;
    const size = times.length;
    if (size === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && times[child + 1]! < times[child]!) child++;
      if (times[child]! >= lastTime) break;
      times[i] = times[child]!;
      entries[i] = entries[child]!;
      i = child;
    }
    times[i] = lastTime;
    entries[i] = lastEntry;
    return top;
  }
}

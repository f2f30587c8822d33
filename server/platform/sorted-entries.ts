import { compareEntries, type KeyedEntry } from '../domain/leaderboards/ranking.ts';

const MAX_BLOCK = 1024;
/** Below this many entries at once, `insertMany` inserts them one by one. */
const BULK_FROM = 256;

/**
 * Entries kept in board order (`compareEntries`) in blocks of at most 1,024: an insert or removal
 * moves at most one block's items, and a position adds up the sizes of the blocks before it. For a
 * million entries that is about a thousand blocks, microseconds per operation.
 */
export class SortedEntries {
  private blocks: KeyedEntry[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Index of the first block whose last entry does not come before `entry`. */
  private blockOf(entry: KeyedEntry): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = this.blocks[mid]!;
      if (compareEntries(block[block.length - 1]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static indexIn(block: KeyedEntry[], entry: KeyedEntry): number {
    let lo = 0;
    let hi = block.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareEntries(block[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(entry: KeyedEntry): void {
    this.count += 1;
    if (this.blocks.length === 0) {
      this.blocks.push([entry]);
      return;
    }
    const b = this.blockOf(entry);
    const block = this.blocks[b]!;
    block.splice(SortedEntries.indexIn(block, entry), 0, entry);
    if (block.length > MAX_BLOCK) this.blocks.splice(b + 1, 0, block.splice(block.length >> 1));
  }

  /**
   * Inserts many entries at once (none held already, no two equal): sorted once, then each block
   * merged with the run of new entries that falls in it and cut again if it outgrows the limit.
   * A rebuild's page of thousands costs one pass over the blocks instead of an insert each.
   */
  insertMany(entries: KeyedEntry[]): void {
    if (entries.length < BULK_FROM) {
      for (const entry of entries) this.insert(entry);
      return;
    }
    const added = entries.toSorted(compareEntries);
    this.count += added.length;
    if (this.blocks.length === 0) {
      this.blocks = SortedEntries.cut(added);
      return;
    }
    const blocks: KeyedEntry[][] = [];
    let from = 0;
    for (let b = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b]!;
      let to = from;
      if (b === this.blocks.length - 1) to = added.length;
      else while (to < added.length && compareEntries(added[to]!, block[block.length - 1]!) < 0) to++;
      if (to === from) blocks.push(block);
      else blocks.push(...SortedEntries.cut(SortedEntries.merge(block, added, from, to)));
      from = to;
    }
    this.blocks = blocks;
  }

  /** `block` and `added[from, to)`, both in order, as one ordered list. */
  private static merge(block: KeyedEntry[], added: KeyedEntry[], from: number, to: number): KeyedEntry[] {
    const out: KeyedEntry[] = new Array(block.length + to - from);
    let i = 0;
    let j = from;
    let k = 0;
    while (i < block.length && j < to)
      out[k++] = compareEntries(block[i]!, added[j]!) < 0 ? block[i++]! : added[j++]!;
    while (i < block.length) out[k++] = block[i++]!;
    while (j < to) out[k++] = added[j++]!;
    return out;
  }

  /** An ordered list as blocks of equal size, each at most three quarters of the limit. */
  private static cut(list: KeyedEntry[]): KeyedEntry[][] {
    if (list.length <= MAX_BLOCK) return [list];
    const pieces = Math.ceil(list.length / ((MAX_BLOCK * 3) / 4));
    const size = Math.ceil(list.length / pieces);
    const out: KeyedEntry[][] = [];
    for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
    return out;
  }

  /** Removes an entry equal to `entry` (same key and member); false if there is none. */
  remove(entry: KeyedEntry): boolean {
    if (this.blocks.length === 0) return false;
    const b = this.blockOf(entry);
    const block = this.blocks[b]!;
    const i = SortedEntries.indexIn(block, entry);
    if (i >= block.length || compareEntries(block[i]!, entry) !== 0) return false;
    block.splice(i, 1);
    if (block.length === 0) this.blocks.splice(b, 1);
    this.count -= 1;
    return true;
  }

  /** How many entries come strictly before `entry` (which need not be held). */
  positionOf(entry: KeyedEntry): number {
    if (this.blocks.length === 0) return 0;
    const b = this.blockOf(entry);
    let before = 0;
    for (let i = 0; i < b; i++) before += this.blocks[i]!.length;
    return before + SortedEntries.indexIn(this.blocks[b]!, entry);
  }

  /** How many entries have a key of at least `bound`. */
  countAtLeast(bound: number): number {
    return this.positionOf({ key: bound, member: '' });
  }

  slice(offset: number, limit: number): KeyedEntry[] {
    const out: KeyedEntry[] = [];
    let skip = Math.max(0, offset);
    for (const block of this.blocks) {
      if (out.length >= limit) break;
      if (skip >= block.length) {
        skip -= block.length;
        continue;
      }
      out.push(...block.slice(skip, skip + (limit - out.length)));
      skip = 0;
    }
    return out;
  }
}

import { EntryBuffer } from './matchmaking-buffer.ts';
import type { Entry } from './matchmaking-index.ts';

/** Departed entries whose keys each `add` deletes, at most: twice the arrival rate drains them. */
const SWEEP_PER_ADD = 2;

/**
 * The waiting entries by ticket id and by player id.
 *
 * A tick that matches thousands of tickets would delete as many keys from both maps, and a `Map`
 * that loses most of its keys rebuilds its table smaller, again and again, inside the tick. So
 * entries matched in a tick only `depart`: they stay in the maps, dead (lookups skip them), and
 * each later `add` deletes the keys of a few of them. The work is the same, spread over the
 * arrivals instead of falling in one tick; the maps hold at most about one tick's departures more.
 */
export class TicketDirectory {
  private readonly byTicket = new Map<string, Entry>();
  private readonly byUser = new Map<string, Entry>();
  private readonly departed = new EntryBuffer();
  /** How many of `departed` have had their keys deleted. */
  private swept = 0;
  private live = 0;

  /** Live entries. */
  get size(): number {
    return this.live;
  }

  /** The live entry of this ticket id. */
  ticket(ticketId: string): Entry | undefined {
    const entry = this.byTicket.get(ticketId);
    return entry && !entry.dead ? entry : undefined;
  }

  /** The live entry that holds this player. */
  user(userId: string): Entry | undefined {
    const entry = this.byUser.get(userId);
    return entry && !entry.dead ? entry : undefined;
  }

  /** Live entries, in the order they were added. */
  *entries(): IterableIterator<Entry> {
    for (const entry of this.byTicket.values()) if (!entry.dead) yield entry;
  }

  /** Adds a live entry whose ticket id and players are not live already. */
  add(entry: Entry): void {
    this.sweep(SWEEP_PER_ADD);
    const id = entry.ticket.id;
    // A dead entry under the same key is replaced, not updated, so that the order of `entries` is
    // the order of adding.
    if (this.byTicket.has(id)) this.byTicket.delete(id);
    this.byTicket.set(id, entry);
    const members = entry.ticket.members;
    for (let i = 0; i < members.length; i++) this.byUser.set(members[i]!.userId, entry);
    this.live++;
  }

  /** An entry that has just died (`Entry.dead` set) leaves at once. */
  forget(entry: Entry): void {
    this.live--;
    this.deleteKeys(entry);
  }

  /** An entry that has just died (`Entry.dead` set) leaves; its keys are deleted by later adds. */
  depart(entry: Entry): void {
    this.live--;
    this.departed.push(entry);
  }

  private sweep(count: number): void {
    const departed = this.departed;
    for (let n = 0; n < count && this.swept < departed.length; n++) {
      this.deleteKeys(departed.at(this.swept++));
    }
    if (this.swept === departed.length && this.swept > 0) {
      departed.clear();
      this.swept = 0;
    }
  }

  /** Deletes the keys that still lead to `entry` (a key may lead to a newer entry by now). */
  private deleteKeys(entry: Entry): void {
    const id = entry.ticket.id;
    if (this.byTicket.get(id) === entry) this.byTicket.delete(id);
    const members = entry.ticket.members;
    for (let i = 0; i < members.length; i++) {
      const userId = members[i]!.userId;
      if (this.byUser.get(userId) === entry) this.byUser.delete(userId);
    }
  }
}

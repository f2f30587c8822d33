import type { Client } from '@colyseus/core';
import { type MapSchema, type Schema, StateView } from '@colyseus/schema';
import type { LobbyStanding } from './deps.ts';
import { UserSessions } from './user-sessions.ts';

/** The blockers of a user nobody blocks. */
const NOBODY: ReadonlySet<string> = new Set();

/** Where the lobby puts what it shows: an entry of the synced state and whose it is. */
export interface Showcase {
  /** `item` (already in the state) belongs to `owner`: everyone `owner` does not block sees it. */
  show(item: Schema, owner: string): void;
  /** `item` is leaving the state. */
  drop(item: Schema): void;
}

/**
 * Who sees what of the lobby's per-user entries (the online list, the seeks, the chat lines):
 * every connection sees every entry except those of the users who block it. A blocked user is
 * never sent the blocker's entries, from the first state on, and the entries come and go as
 * blocks are made and lifted.
 *
 * The connections of users nobody blocks share one view of the state, so a change is encoded
 * once for all of them and a join or departure costs no view; a user with blockers has a view
 * per connection. A connection on the shared view whose user comes to be blocked moves to a view
 * of its own, told only to remove the blocker's entries (it has the rest already); it keeps that
 * view until it leaves, even once no one blocks its user any more.
 *
 * What a user's blockers are is read from the database (`read`, with the rest of their standing),
 * on joining and whenever a block against them changes; reads may overtake each other, so the one
 * started last wins.
 */
export class LobbyAudience implements Showcase {
  /** Each entry shown, and whose it is. */
  private readonly owners = new Map<Schema, string>();
  /** What every connection without a view of its own sees: every entry. */
  private readonly shared = new StateView();
  /** sessionId → the connection and its user. */
  private readonly viewers = new Map<string, { userId: string; client: Client }>();
  /** sessionId → the view of a connection that has one of its own. */
  private readonly own = new Map<string, { userId: string; view: StateView }>();
  /** userId → the sessions of their connections. */
  private readonly sessions = new UserSessions();
  /** userId → the users who block them, for the users here or joining who have any. */
  private readonly blockers = new Map<string, ReadonlySet<string>>();
  /** userId → the number of the latest read applied, and of joins still reading. */
  private readonly applied = new Map<string, number>();
  private readonly joining = new Map<string, number>();
  private reads = 0;

  constructor(private readonly read: (userId: string) => Promise<LobbyStanding>) {}

  /**
   * Reads who blocks the user before they join (and the rest of their standing, returned);
   * `admit` follows at once. A failed read fails the join: showing the blockers to them is the
   * one thing not to do.
   */
  async prepare(userId: string): Promise<LobbyStanding> {
    this.joining.set(userId, (this.joining.get(userId) ?? 0) + 1);
    try {
      return await this.refresh(userId);
    } catch (err) {
      this.joined(userId);
      this.forgetIfGone(userId);
      throw err;
    }
  }

  /** The connection joins, seeing every entry its user may see. After `prepare`. */
  admit(client: Client, userId: string): void {
    this.viewers.set(client.sessionId, { userId, client });
    this.sessions.add(userId, client.sessionId);
    this.joined(userId);
    if (!this.blockers.get(userId)?.size) {
      client.view = this.shared;
      return;
    }
    const view = new StateView();
    client.view = view;
    this.own.set(client.sessionId, { userId, view });
    for (const [item, owner] of this.owners) if (this.sees(userId, owner)) view.add(item);
  }

  /** The connection left: its own view goes (a view kept would keep its visibility marks). */
  leave(sessionId: string): void {
    const viewer = this.viewers.get(sessionId);
    if (!viewer) return;
    this.viewers.delete(sessionId);
    this.sessions.delete(viewer.userId, sessionId);
    this.own.get(sessionId)?.view.dispose();
    this.own.delete(sessionId);
    this.forgetIfGone(viewer.userId);
  }

  /** A join that failed after its read, or a last connection gone: what was read goes. */
  private forgetIfGone(userId: string): void {
    if (this.here(userId)) return;
    this.blockers.delete(userId);
    this.applied.delete(userId);
  }

  /** A block against `userId` was made or lifted: what they see follows once it is read. */
  async blocksChanged(userId: string): Promise<void> {
    if (this.here(userId)) await this.refresh(userId);
  }

  /** Whether `viewerId` may see what `ownerId` does in the lobby. */
  sees(viewerId: string, ownerId: string): boolean {
    return !this.blockers.get(viewerId)?.has(ownerId);
  }

  show(item: Schema, owner: string): void {
    this.owners.set(item, owner);
    this.shared.add(item);
    for (const { userId, view } of this.own.values()) if (this.sees(userId, owner)) view.add(item);
  }

  drop(item: Schema): void {
    this.owners.delete(item);
  }

  /** `map` of the state as a place for entries shown as `ownerOf` says whose they are. */
  listing<T extends Schema>(map: MapSchema<T>, ownerOf: (item: T) => string) {
    return {
      set: (key: string, item: T) => {
        // An entry replaced under its key (a seek whose seats fill) leaves the views with it.
        const before = map.get(key);
        if (before && before !== item) this.drop(before);
        map.set(key, item);
        this.show(item, ownerOf(item));
      },
      delete: (key: string) => {
        const item = map.get(key);
        if (item) this.drop(item);
        map.delete(key);
      },
    };
  }

  /** Reads the user's standing and applies their blockers, unless a later read did already. */
  private async refresh(userId: string): Promise<LobbyStanding> {
    const serial = ++this.reads;
    const standing = await this.read(userId);
    if (serial < (this.applied.get(userId) ?? 0) || !this.here(userId)) return standing;
    const blockers = new Set(standing.blockers);
    const before = this.blockers.get(userId) ?? NOBODY;
    this.applied.set(userId, serial);
    // Most users are blocked by nobody: they keep no set.
    if (blockers.size > 0) this.blockers.set(userId, blockers);
    else this.blockers.delete(userId);
    const changed = new Set([...blockers, ...before].filter((id) => blockers.has(id) !== before.has(id)));
    if (changed.size === 0) return standing;
    for (const sessionId of this.sessions.of(userId)) {
      const view = this.own.get(sessionId)?.view ?? this.ownView(sessionId);
      for (const [item, owner] of this.owners) {
        if (!changed.has(owner)) continue;
        if (blockers.has(owner)) view.remove(item);
        else view.add(item);
      }
    }
    return standing;
  }

  /**
   * Moves a connection from the shared view to one of its own that starts where the shared one
   * is: every entry visible and, still to be sent, what the shared view has not sent yet. The
   * connection has the rest already: nothing is sent again.
   */
  private ownView(sessionId: string): StateView {
    const { userId, client } = this.viewers.get(sessionId)!;
    const view = new StateView();
    for (const item of this.owners.keys()) view.add(item);
    view.changes.clear();
    for (const [refId, pending] of this.shared.changes) view.changes.set(refId, new Map(pending));
    client.view = view;
    this.own.set(sessionId, { userId, view });
    return view;
  }

  private joined(userId: string): void {
    const left = (this.joining.get(userId) ?? 1) - 1;
    if (left > 0) this.joining.set(userId, left);
    else this.joining.delete(userId);
  }

  private here(userId: string): boolean {
    return this.joining.has(userId) || this.sessions.has(userId);
  }
}

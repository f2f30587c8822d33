import type { Client } from '@colyseus/core';
import { type MapSchema, type Schema, StateView } from '@colyseus/schema';
import type { LobbyStanding } from './deps.ts';

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
 * What a user's blockers are is read from the database (`read`, with the rest of their standing),
 * on joining and whenever a block against them changes; reads may overtake each other, so the one
 * started last wins.
 */
export class LobbyAudience implements Showcase {
  /** Each entry shown, and whose it is. */
  private readonly owners = new Map<Schema, string>();
  private readonly viewers = new Map<string, { userId: string; view: StateView }>();
  /** userId → the views of their connections. */
  private readonly views = new Map<string, Set<StateView>>();
  /** userId → the users who block them, for the users here or joining. */
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
    const view = new StateView();
    client.view = view;
    this.viewers.set(client.sessionId, { userId, view });
    const views = this.views.get(userId);
    if (views) views.add(view);
    else this.views.set(userId, new Set([view]));
    this.joined(userId);
    for (const [item, owner] of this.owners) if (this.sees(userId, owner)) view.add(item);
  }

  /** The connection left: its view goes (a view kept would keep its visibility marks). */
  leave(sessionId: string): void {
    const viewer = this.viewers.get(sessionId);
    if (!viewer) return;
    this.viewers.delete(sessionId);
    const views = this.views.get(viewer.userId);
    views?.delete(viewer.view);
    if (views?.size === 0) this.views.delete(viewer.userId);
    viewer.view.dispose();
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
    for (const { userId, view } of this.viewers.values()) if (this.sees(userId, owner)) view.add(item);
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
    const before = this.blockers.get(userId) ?? new Set<string>();
    this.applied.set(userId, serial);
    this.blockers.set(userId, blockers);
    const changed = new Set([...blockers, ...before].filter((id) => blockers.has(id) !== before.has(id)));
    if (changed.size === 0) return standing;
    for (const view of this.views.get(userId) ?? []) {
      for (const [item, owner] of this.owners) {
        if (!changed.has(owner)) continue;
        if (blockers.has(owner)) view.remove(item);
        else view.add(item);
      }
    }
    return standing;
  }

  private joined(userId: string): void {
    const left = (this.joining.get(userId) ?? 1) - 1;
    if (left > 0) this.joining.set(userId, left);
    else this.joining.delete(userId);
  }

  private here(userId: string): boolean {
    return this.joining.has(userId) || this.views.has(userId);
  }
}

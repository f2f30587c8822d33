import type { PartyInvite } from '../../schema/party.ts';
import type { QueueProfile } from '../../schema/queues.ts';
import type { ActorDeps } from '../actor/deps.ts';
import type { PartyTicketRequest } from '../shared/calls.ts';
import type { GameEnds } from '../shared/game-ends.ts';
import type { PartyStore, PartyTicketAnswer } from '../shared/parties.ts';

export interface PartySettings {
  /** How long a member who lost the connection keeps their place. */
  graceMs: number;
  maxSize: number;
  chatMaxLength: number;
  /** Chat lines a member may send per `chatWindowMs`. */
  chatLines: number;
  chatWindowMs: number;
  maxBadMessages: number;
  /** How often a party refreshes its snapshot (which lapses without it). */
  snapshotRefreshMs: number;
}

export const DEFAULT_PARTY_SETTINGS: PartySettings = {
  graceMs: 60_000,
  maxSize: 4,
  chatMaxLength: 280,
  chatLines: 5,
  chatWindowMs: 10_000,
  maxBadMessages: 20,
  snapshotRefreshMs: 60_000,
};

/** What a party room needs from the rest of the server, injected by the composition root. */
export interface PartyRoomDeps extends ActorDeps {
  /** Uniform in [0, 1): the invite code. */
  random: () => number;
  settings: PartySettings;
  profiles: ReadonlyMap<string, QueueProfile>;
  /** Asks the queue's room (anywhere in the cluster) to take the party's ticket. */
  enqueue(queue: string, request: PartyTicketRequest): Promise<PartyTicketAnswer>;
  /** Takes the party's ticket out of the queue, if it is there. */
  dequeue(queue: string, partyId: string): Promise<void>;
  /** Delivers an invitation to a player through the lobby (`blocked`: the player blocks the inviter). */
  invite(username: string, invite: PartyInvite): Promise<'sent' | 'offline' | 'unknown' | 'blocked'>;
  /** Whether any of `memberIds` blocks `userId`: such a party cannot be joined by them. */
  blockedByAny(userId: string, memberIds: string[]): Promise<boolean>;
  /** Where the party keeps its snapshot, so another node can rebuild it. */
  parties: PartyStore;
  /**
   * Where the game `gameId` is: `none` while it has not started (its seats are being taken, or
   * it never will be), then `playing` and `ended`. A rebuilt party may have missed its start or end.
   */
  gameStatus(gameId: string): Promise<'none' | 'playing' | 'ended'>;
  /** The ends of the cluster's games, heard once for the process's parties. */
  gameEnds: GameEnds;
}

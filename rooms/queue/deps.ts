import type { QueueProfile } from '../../schema/queues.ts';
import type { MatchRecords } from '../../server/services/ports.ts';
import type { ActorDeps } from '../actor/deps.ts';
import type { MatchFactory } from '../shared/matches.ts';

/** What a queue room reports to the server's metrics, per queue. */
export interface QueueRoomMetrics {
  players(queue: string, count: number): void;
  /** The median wait of the tickets waiting now (0 when none waits). */
  medianWait(queue: string, seconds: number): void;
  /** A match started: how long each of its tickets had waited, and its quality. */
  matched(queue: string, waitedSeconds: number[], quality: number): void;
  tick(queue: string, seconds: number): void;
  seatsExpired(queue: string, count: number): void;
}

/** What a queue room needs from the rest of the server, injected by the composition root. */
export interface QueueRoomDeps extends ActorDeps {
  games: Pick<MatchRecords, 'ratingOf'>;
  matches: MatchFactory;
  profiles: ReadonlyMap<string, QueueProfile>;
  /** The rating pool of each profile's matches, by profile id (its game's module decides it). */
  pools: ReadonlyMap<string, string>;
  /** The options of a match of `profile` with `seats` seats, as its game's room reads them. */
  matchOptions(profile: QueueProfile, seats: number): Record<string, unknown>;
  metrics: QueueRoomMetrics;
  /** How long a waiting player's ticket outlives a lost connection. */
  reconnectGraceSeconds: number;
  /** Whether the queue room `roomId` (anywhere in the cluster) holds a ticket of `userId`. */
  holds(roomId: string, userId: string): Promise<boolean>;
  /**
   * Whether the room `roomId` is listed on another node that answers: this copy is left over
   * from a moment its node was taken for dead, and gives way.
   */
  listedElsewhere(roomId: string): Promise<boolean>;
}

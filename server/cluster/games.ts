import type { ServerKey } from '../../rooms/shared/server-key.ts';
import type { Logger } from '../platform/logger.ts';
import { AppError } from '../services/errors.ts';
import type { MatchRecords } from '../services/ports.ts';
import type { CopySettler } from './copies.ts';
import { listingsOfGames, liveRooms, roomIsLive } from './listings.ts';
import { createUnlessListed, RESTORE_LOCK_SECONDS } from './locks.ts';
import { forEachAtMost } from './repeat.ts';
import { type FullRound, keepRounds, RoundGate } from './round-gate.ts';

/** How many games a node rebuilds at once. */
const RESTORES_AT_ONCE = 4;

export interface GameKeeperDeps {
  /** The record: which games are unfinished, and each one's log. */
  games: Pick<MatchRecords, 'load' | 'unfinished'>;
  /**
   * The games this node hosts: each is a room type of its own name, which rebuilds a match from
   * its log with the option `restore: gameId`.
   */
  hosted: { has(game: string): boolean; names(): string[] };
  serverKey: ServerKey;
  copies: CopySettler;
  log: Logger;
  /**
   * A game is back in a room: at boot (`boot`) or taken over from a node that is gone
   * (`takeover`), `seconds` after the start of the check that found it without a room.
   */
  onRestored?: (cause: RestoreCause, seconds: number) => void;
}

export type RestoreCause = 'boot' | 'takeover';

/**
 * Failover of games: an unfinished game (the record's list) that no node that answers holds is
 * rebuilt from its log into a room under its own id, on this node. Its rooms are a cache of the
 * log, so any node may do it; one node at a time tries (a short lock), and should two ever
 * rebuild the same game, the second append of its `resume` event is refused and that copy
 * closes (4410).
 */
export class GameKeeper {
  constructor(private readonly deps: GameKeeperDeps) {}

  /**
   * Brings an unfinished game back into a room, unless a node that still answers holds it
   * (`running`) or it has ended (`ended`); an `AppError` GAME_NOT_FOUND for an unknown id, and
   * for a game of a kind this node does not host.
   */
  async restore(gameId: string): Promise<'restored' | 'running' | 'ended'> {
    const stored = await this.deps.games.load(gameId);
    if (!stored) throw new AppError('GAME_NOT_FOUND', `no game ${gameId}`);
    if (stored.status === 'ended') return 'ended';
    const { game } = stored.start;
    if (!this.deps.hosted.has(game))
      throw new AppError('GAME_NOT_FOUND', `game ${gameId} is of ${game}, not hosted here`);
    if (await roomIsLive(gameId)) return 'running';
    const lock = { key: `game-restore:${gameId}`, seconds: RESTORE_LOCK_SECONDS };
    const options = { restore: gameId, serverKey: this.deps.serverKey.current };
    return (await createUnlessListed(lock, gameId, game, options)) ? 'restored' : 'running';
  }

  /**
   * Rebuilds every unfinished game that no node that answers holds; first settles this node's
   * copies of games also held elsewhere (the copy whose log is longer stays).
   */
  async restoreAll(cause: RestoreCause = 'boot'): Promise<{ restored: string[]; failed: string[] }> {
    const { restored, failed } = await this.round(cause);
    return { restored, failed };
  }

  private async round(cause: RestoreCause): Promise<GameRound> {
    const { games, hosted, copies, log } = this.deps;
    const began = performance.now();
    const restored: string[] = [];
    const failed: string[] = [];
    let handedOver = 0;
    const unfinished = await games.unfinished();
    // One read of the listings and one ping per node for the whole round, not one per game.
    const listings = await listingsOfGames(hosted.names());
    await copies.settle(listings, unfinished, (gameId, owner) => {
      handedOver += 1;
      log.warn({ gameId, owner }, 'game held elsewhere too, with a longer log: this copy closed');
    });
    const held = await liveRooms(listings);
    const unheld = unfinished.filter((id) => !held.has(id));
    // A few at a time: each waits on the record and on Redis for most of its rebuild, and a node
    // taking over hundreds of games is done in a fraction of the time one at a time would take.
    await forEachAtMost(unheld, RESTORES_AT_ONCE, async (id) => {
      try {
        if ((await this.restore(id)) === 'restored') {
          restored.push(id);
          this.deps.onRestored?.(cause, (performance.now() - began) / 1000);
        }
      } catch (err) {
        failed.push(id);
        log.error({ err, gameId: id }, 'could not restore a game');
      }
    });
    return {
      restored,
      failed,
      acted: unheld.length > 0 || handedOver > 0 || copies.awaitsNextRound(listings),
      listings,
    };
  }

  /**
   * Looks again every `intervalMs` (a node that died or drained leaves its games), a full round
   * when `gate` says one is due (see {@link RoundGate}); returns stop.
   */
  keep(intervalMs: number, gate = new RoundGate()): () => void {
    return keepRounds(intervalMs, gate, () => this.round('takeover'), this.deps.log, {
      field: 'games',
      rebuilt: 'games of a node that is gone taken over',
      failed: 'could not check the unfinished games',
    });
  }
}

/** A full round of games; `failed`: the games it could not rebuild. */
interface GameRound extends FullRound {
  failed: string[];
}

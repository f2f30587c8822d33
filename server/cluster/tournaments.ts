import { matchMaker } from '@colyseus/core';
import type { GameRegistry } from '../../rooms/games/registry.ts';
import type { AnyGameModule } from '../../rooms/match/game-module.ts';
import type { TournamentCalls } from '../../rooms/shared/calls.ts';
import type { ServerKey } from '../../rooms/shared/server-key.ts';
import type { Logger } from '../platform/logger.ts';
import type { TournamentDesk } from '../services/ports.ts';
import { callRoom } from './calls.ts';
import { liveRooms } from './listings.ts';
import { createUnlessListed, RESTORE_LOCK_SECONDS } from './locks.ts';
import { type FullRound, keepRounds, RoundGate } from './round-gate.ts';

/** How long the control plane waits for a tournament's room (an entry reads a rating). */
const TOURNAMENT_TIMEOUT_MS = 5_000;

export interface TournamentKeeperDeps {
  /** The tournaments not finished, from the record. */
  unfinished(): Promise<string[]>;
  /** The room type of tournaments, which rebuilds one from its log with the option `restore: id`. */
  roomName: string;
  serverKey: ServerKey;
  log: Logger;
}

/**
 * Failover of tournaments: every tournament not finished has exactly one room in the cluster, its
 * actor, rebuilt from its log under its id on this node when no node that answers holds it (its
 * node died or drained). One node at a time per tournament (a short lock); should two copies ever
 * live, the second to append to the log is refused and closes.
 */
export class TournamentKeeper {
  constructor(private readonly deps: TournamentKeeperDeps) {}

  /** Opens the room of tournament `id` unless it is listed; true when this call created it. */
  open(id: string): Promise<boolean> {
    const lock = { key: `tournament-restore:${id}`, seconds: RESTORE_LOCK_SECONDS };
    const options = { restore: id, serverKey: this.deps.serverKey.current };
    return createUnlessListed(lock, id, this.deps.roomName, options);
  }

  /** Rebuilds every tournament not finished that no node that answers holds. */
  async restoreAll(): Promise<string[]> {
    return (await this.round()).restored;
  }

  private async round(): Promise<FullRound> {
    const ids = await this.deps.unfinished();
    if (ids.length === 0) return { restored: [], acted: false, listings: [] };
    const listings = await matchMaker.query({ name: this.deps.roomName });
    const held = await liveRooms(listings);
    const unheld = ids.filter((id) => !held.has(id));
    const restored: string[] = [];
    for (const id of unheld) {
      await this.open(id).then(
        (created) => created && restored.push(id),
        (err) => this.deps.log.error({ err, tournamentId: id }, 'could not rebuild a tournament'),
      );
    }
    return { restored, acted: unheld.length > 0, listings };
  }

  /** Looks again every `intervalMs`, a full round when `gate` says one is due; returns stop. */
  keep(intervalMs: number, gate = new RoundGate()): () => void {
    return keepRounds(intervalMs, gate, () => this.round(), this.deps.log, {
      field: 'tournaments',
      rebuilt: 'tournaments rebuilt from their logs',
      failed: 'could not check the tournaments',
    });
  }
}

/** Tournament rooms as the control plane asks them, wherever they run. */
export function tournamentDesk(keeper: TournamentKeeper, games: Pick<GameRegistry, 'get'>): TournamentDesk {
  const room = (id: string) => callRoom<TournamentCalls>(id, TOURNAMENT_TIMEOUT_MS);
  return {
    checkGame(game, options, format, tableSize) {
      const module = games.get(game)?.module;
      if (!module) return `no game "${game}" on this server`;
      const parsed = module.parseOptions(options);
      if (!parsed.ok) return parsed.refusal.message;
      if (format === 'tables') return tablesProblem(game, module.table, tableSize);
      // Two seats, on two sides; a game of tables (golf) is played in the tables format.
      if (module.table) return `${game} is played at tables: give format "tables"`;
      const { teams } = module.seats(parsed.value);
      if (teams.length !== 2 || teams[0] === teams[1])
        return `a tournament plays games of two players, and ${game} is not one`;
      return null;
    },
    open: async (id) => {
      await keeper.open(id);
    },
    enter: (id, entry) => room(id).enter(entry),
    withdraw: (id, userId) => room(id).withdraw(userId),
    requestBye: (id, userId, round) => room(id).requestBye(userId, round),
    start: (id, by) => room(id).start(by),
    staff: (id, command) => room(id).staff(command),
    invite: (id, by, invitees) => room(id).invite(by, invitees),
  };
}

/** Why a tournament of tables cannot seat `game` at tables of `size`, or null. */
function tablesProblem(game: string, table: AnyGameModule['table'], size: number | undefined): string | null {
  if (!table) return `${game} is a game of two sides: the tables format is for games of several seats`;
  if (size === undefined || size < table.minSeats || size > table.maxSeats)
    return `a table of ${game} seats ${table.minSeats} to ${table.maxSeats} players`;
  return null;
}

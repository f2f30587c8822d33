import { matchMaker } from '@colyseus/core';
import type { MatchCalls } from '../../rooms/shared/calls.ts';
import type { Logger } from '../platform/logger.ts';
import { AppError } from '../services/errors.ts';
import type { LiveMatchDto, MatchModeration } from '../services/ports.ts';
import { callRoom } from './calls.ts';
import { listingOf } from './listings.ts';

/** How long the control plane waits for a match to carry out a staff command. */
const MATCH_TIMEOUT_MS = 5_000;

/** Staff commands to the matches of `games` (room names), wherever the cluster holds them. */
export function matchModeration(games: () => string[], log: Logger): MatchModeration {
  return {
    async live() {
      const names = new Set(games());
      const listings = await matchMaker.query({});
      return listings
        .filter((l) => names.has(l.name))
        .map(
          (l): LiveMatchDto => ({
            gameId: l.roomId,
            game: l.name,
            node: l.processId,
            clients: l.clients,
            createdAt: l.createdAt ? new Date(l.createdAt).toISOString() : null,
            live: (l.metadata as { live?: unknown } | undefined)?.live ?? null,
          }),
        );
    },
    async command(gameId, command) {
      const listing = await listingOf(gameId);
      if (!listing || !games().includes(listing.name)) {
        throw new AppError('GAME_NOT_FOUND', `no room holds game ${gameId} now`);
      }
      const answer = await callRoom<MatchCalls>(gameId, MATCH_TIMEOUT_MS)
        .staff(command)
        .catch((err: unknown) => {
          log.warn({ err, gameId }, 'the match did not answer a staff command');
          throw new AppError('NOT_READY', 'the game does not answer; try again shortly');
        });
      if (!answer.ok) throw new AppError(answer.code, answer.message);
      return answer.status;
    },
  };
}

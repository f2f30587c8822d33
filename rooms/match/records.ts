import type { FinishedMatch, MatchEnding, MatchRecords, RoomLog } from '../../server/services/ports.ts';

/**
 * Hands the ending to the record until it takes it (the record makes a repeat harmless), with
 * backoff; gives up only when `abandon()` says the room no longer owns the game.
 */
export async function recordEnding(
  deps: { records: MatchRecords; log: RoomLog },
  gameId: string,
  ending: MatchEnding,
  abandon: () => boolean,
): Promise<FinishedMatch | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.records.finish(gameId, ending);
    } catch (err) {
      deps.log.error({ err, gameId, attempt }, 'could not record the end of a game; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 250 * 2 ** attempt)));
      if (abandon()) return undefined;
    }
  }
}

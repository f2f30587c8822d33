import type { GolfRooms, GolfTable, TournamentClient, TournamentGameNotice } from '../../client-sdk/index.ts';
import { computerChoice } from '../../rooms/games/golf/bot.ts';
import { PERSONALITIES } from '../../rooms/games/golf/personalities.ts';
import { seededRandom } from '../../rooms/rules/random.ts';
import type { GolfView } from '../../schema/golf.ts';

/**
 * Plays a golf table through the SDK as a steady player would, each state once, until the game
 * ends (its last view) or the table closes without a game (a cancelled seating: undefined).
 */
export function playTable(table: GolfTable, seed: number): Promise<GolfView | undefined> {
  const random = seededRandom(seed);
  let acted = '';
  return new Promise((resolve, reject) => {
    let done = false;
    table.room.onLeave(() => {
      done = true;
      resolve(table.view?.status === 'ended' ? table.view : undefined);
    });
    const step = async (): Promise<void> => {
      while (!done) {
        const key = (v: GolfView) => `${v.hole}:${v.turns}:${v.phase}`;
        const view = await table.until(
          (v) => v.status === 'ended' || (v.status === 'playing' && v.turn === v.seat && key(v) !== acted),
          120_000,
        );
        if (done) return;
        if (view.status === 'ended') {
          done = true;
          resolve(view);
          return;
        }
        acted = key(view);
        const command = computerChoice(view, view.seat!, PERSONALITIES['steady-player'], random);
        if (command) table.room.send(command.type, command.payload);
      }
    };
    step().catch((err) => (done ? undefined : reject(err)));
  });
}

/**
 * Plays every table `live` tells this player until the tournament ends (or, with `skip`, stays
 * away from the tables of those rounds); returns the notices of the tables played.
 */
export async function playTables(
  golf: GolfRooms,
  live: TournamentClient,
  seed: number,
  skip: (notice: TournamentGameNotice) => boolean = () => false,
): Promise<TournamentGameNotice[]> {
  const played: TournamentGameNotice[] = [];
  for (;;) {
    const next = await Promise.race([
      live.nextGame(120_000),
      live.until((s) => s.status === 'finished', 120_000).then(() => undefined),
    ]);
    if (!next) return played;
    if (skip(next)) continue;
    // A table cancelled before this player came is gone: the next notice seats them again.
    const table = await golf.joinTable(next.gameId).catch(() => undefined);
    if (!table) continue;
    const ended = await playTable(table, seed + played.length);
    if (ended) played.push(next);
    // A room the server closed (a cancelled seating) has nothing to leave, and would not answer.
    if (table.room.connection.isOpen) await table.leave().catch(() => undefined);
  }
}

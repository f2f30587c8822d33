import { computerChoice } from '../../../rooms/games/golf/bot.ts';
import { createGolf, type Golf } from '../../../rooms/games/golf/game.ts';
import { DEFAULTS, golfModule, golfView } from '../../../rooms/games/golf/module.ts';
import { PERSONALITIES } from '../../../rooms/games/golf/personalities.ts';
import { seededRandom } from '../../../rooms/rules/random.ts';
import type { GolfOptions } from '../../../schema/golf.ts';
import type { MatchEvent, MatchRecords } from '../../../server/services/ports.ts';
import { checkedValue } from '../checked.ts';

/** A game of golf played by computers from `seed`: its log, and the game after each event. */
export function playedGolf(
  seed: number,
  options: Partial<GolfOptions> = {},
  startedAt = Date.UTC(2026, 0, 1),
) {
  const rules: GolfOptions = { ...DEFAULTS, players: 3, holes: 1, turnMs: 60_000, ...options };
  const random = seededRandom(seed ^ 0x5bd1e995);
  const events: MatchEvent[] = [golfModule.lifecycle.start(startedAt, seed)];
  let game = checkedValue(golfModule.apply(createGolf(rules), events[0]!));
  const games: Golf[] = [game];
  let at = startedAt;
  while (game.status === 'playing') {
    const seat = game.turn;
    const command = computerChoice(golfView(game, seat), seat, PERSONALITIES['steady-player'], random);
    if (!command) throw new Error('the computer has no move');
    at += 1000;
    for (const event of checkedValue(golfModule.command(game, seat, command, at))) {
      game = checkedValue(golfModule.apply(game, event));
      events.push(event);
      games.push(game);
    }
  }
  return { options: rules, events, games, game };
}

/** Writes a played game to the record as the match room would: start, log, ending. */
export async function recordGolf(
  records: MatchRecords,
  id: string,
  played: ReturnType<typeof playedGolf>,
  names: string[],
): Promise<void> {
  const [first, ...rest] = played.events;
  await records.create(
    {
      id,
      game: 'golf',
      options: golfModule.optionsJson(played.options),
      pool: 'golf',
      rated: false,
      startedAt: first!.at,
      seats: names.map((name, seat) => ({
        seat,
        team: seat,
        userId: null,
        name,
        bot: 'steady-player',
        guest: false,
      })),
    },
    { v: 1, event: first! },
  );
  for (const [i, event] of rest.entries()) await records.append(id, i + 2, { v: 1, event });
  const ending = golfModule.ending(played.game)!;
  const context = { gameId: id, rated: false, pool: 'golf', names, ratings: names.map(() => undefined) };
  await records.finish(id, { ...ending, record: golfModule.record(played.game, context) });
}

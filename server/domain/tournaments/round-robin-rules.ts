/**
 * The round robin on the tournament's log: the seeds (by rating) are the draw numbers of a Berger
 * table, played once or twice (colours reversed); a withdrawn player's remaining games are lost
 * by forfeit and not played. The standings are by score, then the tournament's tie-breaks.
 */
import type { FormatRules } from './format-rules.ts';
import { groupSchedule } from './groups.ts';
import { countedRound, type Paired, records, roundResultEvents } from './round-records.ts';
import { bergerTable } from './round-robin.ts';
import { standings } from './standings.ts';
import { playerOf, type Tournament } from './tournament.ts';

/** A round of a schedule: its games, with a withdrawn player's lost by forfeit, and its bye. */
export function scheduledRound(
  t: Tournament,
  scheduled: { games: ReadonlyArray<readonly [string, string]>; bye: string | null },
): Paired {
  const gone = (id: string) => playerOf(t, id)!.withdrawn;
  return {
    boards: scheduled.games.map(([white, black]) => {
      if (!gone(white) && !gone(black)) return { white, black };
      return {
        white,
        black,
        result: { white: gone(white) ? 0 : 1, black: gone(black) ? 0 : 1, forfeit: true },
      };
    }),
    byes: scheduled.bye === null ? [] : [{ userId: scheduled.bye, kind: 'zero-bye' }],
  };
}

export const ROUND_ROBIN: FormatRules = {
  called: 'a round robin',
  lateEntries: false,
  halfPointByes: false,
  startsShortHanded: false,
  overlappingRounds: false,
  totalRounds: (t, seeds) => bergerTable(seeds.length, { double: t.settings.double }).length,
  pairRound: (t, round, at) =>
    countedRound(t, round, at, () =>
      scheduledRound(t, groupSchedule(t.seeds, t.settings.double)[round - 1]!),
    ),
  resultEvents: roundResultEvents,
  standings: (t) => standings(records(t), t.settings.tieBreaks),
};

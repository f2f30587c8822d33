import type { BoardDto, RoundDto } from '../../../schema/tournaments.ts';
import { livePath } from '../router.ts';
import { boardResult, ordinal } from '../tournament-text.ts';

/** What the console shows of one board of the round being played, and what staff may do to it. */
export interface BoardLine {
  /** `1` for the first board or table. */
  number: number;
  /** Its players in seat order (white, then black, for a two-seat game). */
  players: string[];
  /** `"1-0"`; a table's places (`"1st Ann · 2nd Bob"`); `"playing"` while its game is played. */
  result: string;
  /** Where staff watch its game while it is played; null once its result is in or before it starts. */
  watch: string | null;
  /**
   * Staff may give its result as 1-0, ½-½ or 0-1: a two-seat game being played. A table's result
   * is its match's placings, as the match reports them; the server refuses to adjudicate one.
   */
  adjudicable: boolean;
}

/** Is the round played at tables of several seats (format `tables`) rather than on two-seat boards? */
export const atTables = (round: Pick<RoundDto, 'boards'>): boolean =>
  round.boards.some((b) => b.table !== null);

/** The line of board `b` of a tournament of `game`, its players named by `names` (their id otherwise). */
export function boardLine(b: BoardDto, game: string, names: ReadonlyMap<string, string>): BoardLine {
  const name = (id: string) => names.get(id) ?? id;
  const playing = b.gameId !== null && b.result === null;
  const places = b.table?.placings;
  const result = places
    ? [...places]
        .sort((x, y) => x.place - y.place)
        .map((p) => `${ordinal(p.place)} ${name(p.userId)}${p.absent ? ' (did not come)' : ''}`)
        .join(' · ')
    : b.result
      ? boardResult(b.result)
      : 'playing';
  return {
    number: b.board + 1,
    players: (b.table?.seats ?? [b.white, b.black]).map(name),
    result,
    watch: playing ? livePath(game, b.gameId!) : null,
    adjudicable: playing && b.table === null,
  };
}

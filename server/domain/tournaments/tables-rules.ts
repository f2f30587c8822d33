/**
 * The `tables` format as a tournament plays it, for games of several seats (golf): each round the
 * players still in are seated by standing at tables of the tournament's size (`tables.ts`), each
 * table is one match, and each seat's place at its table gives it points by the tournament's scale.
 *
 * A player who does not take a seat in time is placed last at the table with the last place's
 * points, and the others are seated again without them and play on; when fewer than two come, the
 * table is not played: the one who came takes first place, the others score last. The standings
 * are by points, then by tables won (first places, shared ones too); players level on both share a
 * rank and are seated in seeding order.
 */
import type { FormatRules } from './format-rules.ts';
import { countedRound, roundResultEvents } from './round-records.ts';
import type { StandingRow } from './standings.ts';
import { seatTables } from './tables.ts';
import {
  type Board,
  boardPlayers,
  currentRound,
  type GameResult,
  playerOf,
  type Tournament,
  type TournamentEvent,
} from './tournament.ts';

/** A table's result in seat order: each seat's place (1 is best; equal places share) and points. */
export interface TableResult {
  readonly places: readonly number[];
  readonly points: readonly number[];
}

/** The fewest players a table is played with. */
export const TABLE_MIN_PLAYERS = 2;

/** The default scale: a table of `size` gives size − 1 points to the first, down to 0 for the last. */
export function defaultTablePoints(size: number): number[] {
  return Array.from({ length: size }, (_, i) => size - 1 - i);
}

/** Why `points` cannot be the scale of tables of `size`, or null. */
export function tablePointsProblem(points: readonly number[], size: number): string | null {
  if (points.length !== size) return `give ${size} points, one for each place at a table of ${size}`;
  if (points.some((p, i) => i > 0 && p > points[i - 1]!))
    return 'a place never gives more than the one above';
  return null;
}

/** The points of places 1…`players` at a table of that many: the last entries of the scale. */
export function tableScale(points: readonly number[], players: number): number[] {
  return points.slice(Math.max(0, points.length - players));
}

/** The boards of the next round: active players by standing, seated at tables; null when too few. */
export function tablesPairing(
  t: Tournament,
): Array<{ white: string; black: string; seats: string[] }> | null {
  const size = t.settings.tables?.size ?? 0;
  const order = tablesStandings(t)
    .map((row) => row.id)
    .filter((id) => !playerOf(t, id)?.withdrawn);
  const seating = seatTables(order, { size, minSize: TABLE_MIN_PLAYERS });
  if (!seating.ok) return null;
  return seating.tables.map((seats) => ({ white: seats[0]!, black: seats[1]!, seats }));
}

/** The players a table's next match seats: its players but those who did not come. */
export function tableSeated(board: Board): string[] {
  return boardPlayers(board).filter((id) => !board.absent?.includes(id));
}

/**
 * A table's result from its match's placings (match seat i is the i-th player seated): those who
 * did not come are placed last. A match ended without placings (abandoned) scores everyone last.
 */
export function tableGameResult(
  t: Tournament,
  board: Board,
  results: ReadonlyArray<{ seat: number; placing: number }>,
): GameResult {
  const seated = tableSeated(board);
  const places = new Map<string, number>();
  for (const r of results) {
    const id = seated[r.seat];
    if (id !== undefined) places.set(id, r.placing);
  }
  if (places.size < seated.length) return tableForfeit(t, board, []);
  return tableOf(t, board, places, false);
}

/**
 * A table not played: those who came share first place, the others are placed last (the table's
 * size), with the last place's points.
 */
export function tableForfeit(t: Tournament, board: Board, came: readonly string[]): GameResult {
  return tableOf(t, board, new Map(came.map((id) => [id, 1])), true);
}

/**
 * What a cancelled seating of a table means: with enough players present, the others are seated
 * again without the absent; else the table is decided by forfeit (a result, and the round's end
 * if it was the last). Nothing for a match that is not a table of the round being played.
 */
export function tableSeatingFailed(
  t: Tournament,
  gameId: string,
  absent: readonly string[],
  at: number,
): TournamentEvent[] {
  const round = currentRound(t);
  const index = round?.boards.findIndex((b) => b.gameId === gameId) ?? -1;
  const board = round?.boards[index];
  if (!round || !board || board.result) return [];
  const came = tableSeated(board).filter((id) => !absent.includes(id));
  if (came.length >= TABLE_MIN_PLAYERS)
    return [{ type: 'table-reseated', at, round: round.round, board: index, absent: [...absent] }];
  const events: TournamentEvent[] = [
    { type: 'result', at, round: round.round, board: index, gameId, result: tableForfeit(t, board, came) },
  ];
  if (round.boards.every((b, i) => i === index || b.result))
    events.push({ type: 'round-ended', at, round: round.round });
  return events;
}

/** Each seat's place, points and absence at a table whose result is in; null before. */
export function tablePlacings(
  board: Board,
): Array<{ userId: string; place: number; points: number; absent: boolean }> | null {
  const table = board.result?.table;
  if (!table) return null;
  return boardPlayers(board).map((userId, i) => ({
    userId,
    place: table.places[i]!,
    points: table.points[i]!,
    absent: board.absent?.includes(userId) ?? false,
  }));
}

/**
 * The standings of a tournament of tables: by points, then by tables won, over the rounds ended;
 * players level on both share a rank and keep their seeding order.
 */
export function tablesStandings(t: Tournament): StandingRow[] {
  const seeds = t.seeds.length > 0 ? t.seeds : t.players.map((p) => p.userId);
  const totals = new Map(seeds.map((id) => [id, { points: 0, won: 0 }]));
  for (const round of t.rounds.filter((r) => r.ended))
    for (const board of round.boards)
      for (const p of tablePlacings(board) ?? []) {
        const total = totals.get(p.userId);
        if (!total) continue;
        total.points += p.points;
        if (p.place === 1 && !p.absent) total.won += 1;
      }
  const rows = seeds.map((id, index) => ({ id, index, ...totals.get(id)! }));
  const level = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
    a.points === b.points && a.won === b.won;
  const sorted = rows.sort((a, b) => b.points - a.points || b.won - a.won || a.index - b.index);
  return sorted.map((r, i) => {
    let rank = i + 1;
    while (rank > 1 && level(sorted[rank - 2]!, r)) rank -= 1;
    return { rank, id: r.id, score: r.points, tieBreaks: { wins: r.won } };
  });
}

function tableOf(
  t: Tournament,
  board: Board,
  places: ReadonlyMap<string, number>,
  forfeit: boolean,
): GameResult {
  const players = boardPlayers(board);
  const scale = tableScale(t.settings.tables?.points ?? defaultTablePoints(players.length), players.length);
  // Places as given (ranked again from 1), then everyone without one is placed last.
  const ranked = [...places.entries()].sort((a, b) => a[1] - b[1]);
  const placeOf = new Map<string, number>();
  let i = 0;
  while (i < ranked.length) {
    let j = i;
    while (j < ranked.length && ranked[j]![1] === ranked[i]![1]) j++;
    for (let x = i; x < j; x++) placeOf.set(ranked[x]![0], i + 1);
    i = j;
  }
  const pointsAt = (place: number, sharing: number) => {
    const shared = scale.slice(place - 1, place - 1 + sharing);
    return shared.reduce((a, b) => a + b, 0) / shared.length;
  };
  const sharing = (place: number) => [...placeOf.values()].filter((p) => p === place).length;
  const lastPoints = scale.at(-1) ?? 0;
  const placesInSeats = players.map((id) => placeOf.get(id) ?? players.length);
  const points = players.map((id) => {
    const place = placeOf.get(id);
    return place === undefined ? lastPoints : pointsAt(place, sharing(place));
  });
  return { white: points[0] ?? 0, black: points[1] ?? 0, forfeit, table: { places: placesInSeats, points } };
}

export const TABLES: FormatRules = {
  called: 'a tournament of tables',
  lateEntries: false,
  halfPointByes: false,
  startsShortHanded: false,
  overlappingRounds: false,
  totalRounds: (t) => t.settings.rounds ?? 1,
  pairRound: (t, round, at) =>
    countedRound(t, round, at, () => {
      const boards = tablesPairing(t);
      return boards ? { boards, byes: [] } : null;
    }),
  resultEvents: roundResultEvents,
  standings: tablesStandings,
  tables: {
    result: tableGameResult,
    seatingFailed: tableSeatingFailed,
    unplayed: (t, board) => tableForfeit(t, board, []),
  },
};

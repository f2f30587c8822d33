import type { BoardMetric, BoardOperator, BoardOrder, BoardReset } from '../../../schema/leaderboards.ts';
import { periodKey, type Season } from './periods.ts';

/** Who may stand on a board. */
export interface Eligibility {
  /** Rated games in the board's pool before a player shows (rating boards). */
  minGames: number;
  /** A provisional rating keeps a player off the board (rating boards). */
  noProvisional: boolean;
  noBanned: boolean;
  noGuests: boolean;
}

/** A board, as configured. */
export interface Board {
  id: string;
  title: string;
  game: string;
  /** Only games of this pool count (chess: a category); null: every pool of the game. */
  pool: string | null;
  metric: BoardMetric;
  operator: BoardOperator;
  order: BoardOrder;
  reset: BoardReset;
  cron?: string | undefined;
  timeZone: string;
  partitionByCountry: boolean;
  /** Only rated games count. Rating boards always need them. */
  ratedOnly: boolean;
  eligibility: Eligibility;
}

/** One seat of a match that has just ended, as boards need it. */
export interface EndedSeat {
  userId: string | null;
  team: number;
  placing: number | null;
  score: number | null;
  /** The rating after a rated match (rounded), and whether it is still provisional. */
  rating: { after: number; provisional: boolean } | null;
}

export interface EndedGame {
  game: string;
  pool: string;
  rated: boolean;
  endedAt: number;
  seats: EndedSeat[];
}

/** What boards need to know of an account when it ends a game. */
export interface BoardAccount {
  country: string | null;
  guest: boolean;
  banned: boolean;
  /** Rated games in the game's pool, this one included. */
  games: number;
}

/** One update of one entry of one board, as the finished game's transaction records it. */
export interface BoardWrite {
  boardId: string;
  period: string;
  userId: string;
  operator: BoardOperator;
  amount: number;
  country: string | null;
  /** An ineligible entry is kept (its count goes on) but not shown. */
  eligible: boolean;
}

/** Whether a board counts games like this one. */
export function boardTakes(board: Board, game: EndedGame): boolean {
  if (board.metric === 'custom' || board.game !== game.game) return false;
  if (board.pool !== null && board.pool !== game.pool) return false;
  return !((board.ratedOnly || board.metric === 'rating') && !game.rated);
}

/** A seat's amount for a board's metric; null when the game does not move it. */
function amountOf(board: Board, game: EndedGame, seat: EndedSeat): number | null {
  switch (board.metric) {
    case 'rating':
      return seat.rating?.after ?? null;
    case 'wins': {
      const beaten = game.seats.some(
        (s) => s.placing !== null && seat.placing !== null && s.placing > seat.placing,
      );
      return seat.placing === 1 && beaten ? 1 : null;
    }
    case 'points':
      return seat.score;
    case 'custom':
      return null;
  }
}

/**
 * Whether a finished game could move any board at all: a board takes it and some seat of an
 * account has an amount for that board's metric (an aborted game, a draw on a wins board: none).
 * When it could not, nothing about the accounts need be read.
 */
export function gameMovesBoards(boards: readonly Board[], game: EndedGame): boolean {
  return boards.some(
    (board) =>
      boardTakes(board, game) &&
      game.seats.some((seat) => seat.userId !== null && amountOf(board, game, seat) !== null),
  );
}

/**
 * Every board update a finished game makes: per board that takes it, one write per account seated
 * (guests and banned accounts left out where the board says so), in the period holding the end of
 * the game. Pure: the same game gives the same writes, so a retried finish can be recognised.
 */
export function boardWrites(
  boards: readonly Board[],
  seasons: readonly Season[],
  game: EndedGame,
  accounts: ReadonlyMap<string, BoardAccount>,
): BoardWrite[] {
  const writes: BoardWrite[] = [];
  for (const board of boards) {
    if (!boardTakes(board, game)) continue;
    // Worked out once the board has a write to make (a calendar period parses its cron rule).
    let period: string | null | undefined;
    const seen = new Set<string>();
    for (const seat of game.seats) {
      const account = seat.userId ? accounts.get(seat.userId) : undefined;
      if (!seat.userId || !account || seen.has(seat.userId)) continue;
      seen.add(seat.userId);
      if ((board.eligibility.noGuests && account.guest) || (board.eligibility.noBanned && account.banned))
        continue;
      const amount = amountOf(board, game, seat);
      if (amount === null) continue;
      if (period === undefined) period = periodKey(board, seasons, game.endedAt);
      if (period === null) break;
      const eligible =
        board.metric !== 'rating' ||
        (account.games >= board.eligibility.minGames &&
          !(board.eligibility.noProvisional && seat.rating?.provisional));
      writes.push({
        boardId: board.id,
        period,
        userId: seat.userId,
        operator: board.operator,
        amount,
        country: account.country,
        eligible,
      });
    }
  }
  return writes;
}

/** The value an entry has after a write, from the value it had (null: no entry yet). */
export function applyOperator(
  operator: BoardOperator,
  order: BoardOrder,
  before: number | null,
  amount: number,
): number {
  if (before === null) return operator === 'decrement' ? -amount : amount;
  switch (operator) {
    case 'set':
      return amount;
    case 'increment':
      return before + amount;
    case 'decrement':
      return before - amount;
    case 'best':
      return order === 'desc' ? Math.max(before, amount) : Math.min(before, amount);
  }
}

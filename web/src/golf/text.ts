import type { TableSeat, TableView } from './board.ts';
import { cardName } from './cards.ts';

/** What the golf pages say about a table: whose turn, the last-turn warning, a move, the end. */

export const seatName = (seats: Array<TableSeat | undefined>, seat: number): string =>
  seats[seat]?.name || `Seat ${seat + 1}`;

const POSITIONS = ['top left', 'top middle', 'top right', 'bottom left', 'bottom middle', 'bottom right'];
export const positionName = (index: number): string => POSITIONS[index] ?? `position ${index + 1}`;

/** The warning once a player has gone out: everyone else has one last turn. */
export function lastTurnText(view: TableView, seats: Array<TableSeat | undefined>, me?: number): string {
  if (view.status !== 'playing' || view.finisher === null || view.reveal) return '';
  const who = view.finisher === me ? 'You' : seatName(seats, view.finisher);
  return `Last turn! ${who} went out: everyone else plays once more, then the hole is scored.`;
}

/** Whose turn it is and the time left for it: "Your turn · 27 s left", "Ana's turn · 1:05 left". */
export function turnTimerText(
  seats: Array<TableSeat | undefined>,
  turn: number,
  msLeft: number,
  me?: number,
): string {
  const whose = turn === me ? 'Your turn' : `${seatName(seats, turn)}'s turn`;
  const seconds = Math.ceil(msLeft / 1000);
  const left =
    seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return `${whose} · ${left} left`;
}

/** How the game ended: who won, with what (the score table gives every total). */
export function resultText(view: TableView, seats: Array<TableSeat | undefined>): string {
  if (view.results.length === 0) return 'The game ended without a result.';
  const winners = view.results.filter((r) => r.placing === 1);
  const names = winners.map((r) => seatName(seats, r.seat));
  return `${names.join(' and ')} ${names.length > 1 ? 'win' : 'wins'} with ${winners[0]!.score}.`;
}

/** A move of a replay, in words: "Ana swapped into the bottom left". */
export function moveText(
  move: { type: string; index?: number; flip?: number },
  seat: number | null,
  seats: Array<TableSeat | undefined>,
  view: TableView,
): string {
  const who = seat === null ? '' : seatName(seats, seat);
  switch (move.type) {
    case 'start':
      return 'The cards are dealt.';
    case 'draw':
      return `${who} draws from the deck.`;
    case 'take':
      return `${who} takes the ${view.drawn ? cardName(view.drawn) : 'top card'} from the discard pile.`;
    case 'swap':
      return `${who} swaps a card into the ${positionName(move.index ?? 0)}.`;
    case 'discard':
      return move.flip === undefined
        ? `${who} discards.`
        : `${who} discards and turns up the ${positionName(move.flip)}.`;
    case 'flip':
      return `${who} turns up the ${positionName(move.index ?? 0)}.`;
    case 'knock':
      return `${who} knocks: the last cards are turned up.`;
    case 'timeout':
      return `${who} ran out of time: the turn was played for them.`;
    case 'resume':
      return 'The game resumed after a break.';
    case 'claim':
      return `${who} claimed the game: everyone else left.`;
    case 'abandon':
      return 'Everyone left: the game was abandoned.';
    default:
      return `${who} ${move.type}.`;
  }
}

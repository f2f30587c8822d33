import { ChessPlayerState, ChessState, moveEntry } from '../../../schema/chess.state.ts';
import { COLORS, type Color } from '../../../schema/chess.ts';
import type { StateBinding } from '../../match/binding.ts';
import type { LiveGameSummary, LivePlayer } from '../../shared/matches.ts';
import { type ChessGame, clocksAt } from './game.ts';
import type { ChessOptions } from './module.ts';

/**
 * Copies the rules' game into the synced state. Only what changed is written, so each accepted
 * event costs a small patch: the moves array only grows at its end.
 */
export function projectGame(state: ChessState, game: ChessGame, at: number): void {
  state.status = game.status;
  state.fen = game.fen;
  state.turn = game.turn;
  for (let i = state.moves.length; i < game.moves.length; i++) {
    state.moves.push(moveEntry(game.moves[i]!));
  }
  const clocks = clocksAt(game, at);
  state.clockWhite = clocks.white;
  state.clockBlack = clocks.black;
  state.clockAt = at;
  state.clockRunning = game.status === 'playing' ? (game.clock.running ?? '') : '';
  state.firstMoveDeadline = game.firstMoveDeadline ?? 0;
  state.berserkWhite = game.berserk.white;
  state.berserkBlack = game.berserk.black;
  state.drawOffer = game.drawOffer ?? '';
  state.claimableDraw = game.claimableDraw ?? '';
  state.result = game.result ?? '';
  state.termination = game.termination ?? '';
  state.winner = game.winner ?? '';
}

/** The game as the lobby lists it, from the synced state. */
export function liveSummaryOf(state: ChessState, startedAt: number): LiveGameSummary {
  const player = (color: Color): LivePlayer => {
    const p = state.players.get(color);
    return {
      userId: p?.userId ?? '',
      name: p?.name ?? '',
      rating: p?.rating ?? 0,
      provisional: p?.provisional ?? false,
      bot: p?.bot ?? '',
    };
  };
  return {
    gameId: state.gameId,
    game: 'chess',
    timeControl: state.timeControl,
    category: state.category,
    rated: state.rated,
    startedAt,
    players: [player('white'), player('black')],
  };
}

const colorOf = (seat: number): Color => COLORS[seat]!;

/** How a chess match looks on the wire: `ChessState`, its players keyed by colour. */
export const chessStateBinding: StateBinding<ChessState> = {
  create: () => new ChessState(),
  describe(state, facts) {
    const { timeControl, berserk } = facts.options as ChessOptions;
    state.gameId = facts.gameId;
    state.timeControl = timeControl.label;
    state.initialMs = timeControl.initialMs;
    state.incrementMs = timeControl.incrementMs;
    state.berserkAllowed = berserk;
    state.category = facts.pool;
    state.rated = facts.rated;
    state.graceMs = facts.graceMs;
  },
  project: (state, view, at) => projectGame(state, view as ChessGame, at),
  showSeat(state, seat, shown) {
    const color = colorOf(seat);
    let player = state.players.get(color);
    if (!player) {
      player = new ChessPlayerState();
      player.color = color;
      state.players.set(color, player);
    }
    Object.assign(player, shown);
  },
  hideSeat: (state, seat) => void state.players.delete(colorOf(seat)),
  showSpectators(state, count) {
    state.spectators = count;
  },
  showPause(state, pausedAt) {
    state.pausedAt = pausedAt;
    const running = state.clockRunning;
    if (pausedAt === 0 || (running !== 'white' && running !== 'black')) return;
    // The running clock stands at what it showed at the pause.
    const left = Math.max(
      0,
      (running === 'white' ? state.clockWhite : state.clockBlack) - (pausedAt - state.clockAt),
    );
    if (running === 'white') state.clockWhite = left;
    else state.clockBlack = left;
    state.clockAt = pausedAt;
    state.clockRunning = '';
  },
  showRematchOffer(state, seat) {
    state.rematchOffer = seat === null ? '' : colorOf(seat);
  },
  showRatingDiff(state, seat, diff) {
    const player = state.players.get(colorOf(seat));
    if (player) player.ratingDiff = diff;
  },
  rematchMessage: (roomId, seat) => ({ roomId, color: colorOf(seat) }),
  liveSummary: liveSummaryOf,
};

import type { ChessState } from '../../schema/chess.state.ts';
import { ChessMoveState } from '../../schema/chess.state.ts';
import type { ChessGame } from '../games/chess/game.ts';
import { clocksAt } from '../games/chess/game.ts';
import type { LiveGameSummary, LivePlayer } from '../shared/matches.ts';

/**
 * Copies the rules' game into the synced state. Only what changed is written, so each accepted
 * event costs a small patch: the moves array only grows at its end.
 */
export function projectGame(state: ChessState, game: ChessGame, at: number): void {
  state.status = game.status;
  state.fen = game.fen;
  state.turn = game.turn;
  for (let i = state.moves.length; i < game.moves.length; i++) {
    const played = game.moves[i]!;
    const move = new ChessMoveState();
    move.uci = played.uci;
    move.san = played.san;
    move.clockMs = played.clockMs;
    move.at = played.at;
    state.moves.push(move);
  }
  const clocks = clocksAt(game, at);
  state.clockWhite = clocks.white;
  state.clockBlack = clocks.black;
  state.clockAt = at;
  state.clockRunning = game.status === 'playing' ? (game.clock.running ?? '') : '';
  state.firstMoveDeadline = game.firstMoveDeadline ?? 0;
  state.drawOffer = game.drawOffer ?? '';
  state.claimableDraw = game.claimableDraw ?? '';
  state.result = game.result ?? '';
  state.termination = game.termination ?? '';
  state.winner = game.winner ?? '';
}

/** The game as the lobby lists it, from the synced state. */
export function liveSummaryOf(state: ChessState, startedAt: number): LiveGameSummary {
  const player = (color: 'white' | 'black'): LivePlayer => {
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
    timeControl: state.timeControl,
    category: state.category,
    rated: state.rated,
    startedAt,
    white: player('white'),
    black: player('black'),
  };
}

import { MatchSeatState, MatchState } from '../../schema/match.state.ts';
import type { StateBinding } from './binding.ts';

/**
 * The wire form of any game without a schema of its own: `MatchState`, with the spectator's view
 * of the game in JSON. Enough for a new game to be played end to end; a game may bind a schema of
 * its own later (chess does), for smaller patches.
 */
export function jsonStateBinding(game: string): StateBinding<MatchState> {
  return {
    create: () => new MatchState(),
    describe(state, facts) {
      state.gameId = facts.gameId;
      state.game = game;
      state.options = JSON.stringify(facts.options);
      state.pool = facts.pool;
      state.rated = facts.rated;
      state.graceMs = facts.graceMs;
    },
    project(state, view) {
      state.view = JSON.stringify(view);
    },
    showSeat(state, seat, shown) {
      let row = state.seats.get(String(seat));
      if (!row) {
        row = new MatchSeatState();
        state.seats.set(String(seat), row);
      }
      Object.assign(row, shown);
    },
    hideSeat: (state, seat) => void state.seats.delete(String(seat)),
    showSpectators(state, count) {
      state.spectators = count;
    },
    showPause(state, pausedAt) {
      state.pausedAt = pausedAt;
    },
    showRematchOffer(state, seat) {
      state.rematchOffer = seat ?? -1;
    },
    showRatingDiff(state, seat, diff) {
      const row = state.seats.get(String(seat));
      if (row) row.ratingDiff = diff;
    },
    rematchMessage: (roomId, seat) => ({ roomId, seat }),
    liveSummary: (state, startedAt) => ({
      gameId: state.gameId,
      game,
      timeControl: '',
      category: state.pool,
      rated: state.rated,
      startedAt,
      players: [...state.seats.entries()]
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, seat]) => ({
          userId: seat.userId,
          name: seat.name,
          rating: seat.rating,
          provisional: seat.provisional,
          bot: seat.bot,
        })),
    }),
  };
}

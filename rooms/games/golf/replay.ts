import type { GolfReplayView } from '../../../schema/golf.ts';
import type { MatchEvent } from '../../../server/services/ports.ts';
import type { Golf } from './game.ts';
import { golfView } from './view.ts';

export type { GolfReplayView } from '../../../schema/golf.ts';

/**
 * A game of Golf as a spectator saw it, step by step: the public replay. A frame holds the
 * spectator's view without the cards of the holes already played (their scores stay), so a frame
 * never carries a card that is not on the table at that moment; when an event ends a hole, one
 * frame more shows every card of that hole before the next deal.
 */

/** The spectator's view of `game`, as a replay frame. */
export function replayView(game: Golf): GolfReplayView {
  const { played, rules: _rules, deadline: _deadline, ...view } = golfView(game, 'spectator');
  return { ...view, scores: played.map((h) => h.scores), reveal: false };
}

/** What a spectator may read of an event: its type, and the position it names (never the seed). */
function publicMove(event: MatchEvent): { type: string; index?: number; flip?: number } {
  const move: { type: string; index?: number; flip?: number } = { type: event.type };
  if (typeof event.index === 'number') move.index = event.index;
  if (typeof event.flip === 'number') move.flip = event.flip;
  return move;
}

export function golfReplayFrames(before: Golf, after: Golf, event: MatchEvent) {
  const move = publicMove(event);
  const frames = [];
  // A hole scored and the next one dealt in the same event: show the hole's cards first.
  if (after.played.length > before.played.length && after.status === 'playing') {
    const hole = after.played.at(-1)!;
    const shown = replayView({ ...after, hole: before.hole, grids: hole.grids });
    frames.push({
      move,
      view: {
        ...shown,
        grids: hole.grids,
        turn: before.turn,
        phase: 'choose',
        discardTop: null,
        discardCount: 0,
        stockCount: 0,
        drawn: null,
        discardFlip: 'no',
        endgame: false,
        finisher: hole.finisher,
        reveal: true,
      } satisfies GolfReplayView,
    });
  }
  frames.push({ move, view: replayView(after) });
  return frames;
}

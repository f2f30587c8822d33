import assert from 'node:assert/strict';
import { applyEvent, type ChessGame, type GameConfig, newGame } from '../../rooms/games/chess/game.ts';
import type { RuleError } from '../../rooms/games/chess/result.ts';
import type { ChessEvent } from '../../schema/chess.ts';

/** Helpers shared by the rules' tests: a 3+2 game, optionally from a FEN. */
export const config = (initialFen?: string): GameConfig => ({
  timeControl: { initialMs: 180_000, incrementMs: 2_000, label: '3+2' },
  firstMoveMs: 30_000,
  ...(initialFen === undefined ? {} : { initialFen }),
});

/** Applies an event that must be accepted. */
export function must(game: ChessGame, event: ChessEvent): ChessGame {
  const result = applyEvent(game, event);
  if (!result.ok) assert.fail(`${event.type} at ${event.at} refused: ${result.error}: ${result.message}`);
  return result.value;
}

/** Asserts the refusal (with a message for people) and that the game object is exactly as it was. */
export function refused(game: ChessGame, event: ChessEvent, error: RuleError): void {
  const before = structuredClone(game);
  const result = applyEvent(game, event);
  assert.equal(result.ok, false, `${event.type} at ${event.at} should be refused`);
  if (!result.ok) {
    assert.equal(result.error, error);
    assert.match(result.message, /\w/);
  }
  assert.deepStrictEqual(game, before);
}

/** A game started at t = 1 s. */
export const started = (initialFen?: string): ChessGame =>
  must(newGame(config(initialFen)), { type: 'start', at: 1_000 });

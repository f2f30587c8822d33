import assert from 'node:assert/strict';
import type { TournamentClient, TournamentDto, TournamentGameNotice } from '../../client-sdk/index.ts';
import type { Player } from './chess.ts';

/**
 * Plays every game `live` tells this player until the tournament ends: black resigns at once,
 * so each game is a white win; returns the games played.
 */
export async function playAll(player: Player, live: TournamentClient): Promise<TournamentGameNotice[]> {
  const played: TournamentGameNotice[] = [];
  for (;;) {
    const next = await Promise.race([
      live.nextGame(90_000),
      live.until((s) => s.status === 'finished', 90_000).then(() => undefined),
    ]);
    if (!next) return played;
    played.push(next);
    const game = await player.chess.joinGame(next.gameId);
    await game.until((s) => s.status === 'playing' || s.status === 'ended', 20_000);
    if (next.seat === 1 && game.state.status === 'playing') await game.resign();
    await game.until((s) => s.status === 'ended', 20_000);
    await game.leave();
  }
}

/**
 * A finished tournament whose every game was won by white: each board's result is in once, nobody
 * played twice in a round, and each player's score is their number of games with white.
 */
export function assertWhiteWonEverything(t: TournamentDto, rounds: number, boardsPerRound: number): void {
  assert.equal(t.status, 'finished');
  assert.equal(t.rounds.length, rounds);
  for (const r of t.rounds) {
    assert.equal(r.boards.length, boardsPerRound);
    const seated = r.boards.flatMap((b) => [b.white, b.black]);
    assert.equal(new Set(seated).size, seated.length, `someone played twice in round ${r.round}`);
    for (const b of r.boards) assert.deepEqual(b.result, { white: 1, black: 0, forfeit: false });
  }
  const boards = t.rounds.flatMap((r) => r.boards);
  for (const row of t.standings) {
    const whites = boards.filter((b) => b.white === row.userId).length;
    assert.equal(row.score, whites, `${row.name}'s score`);
  }
}

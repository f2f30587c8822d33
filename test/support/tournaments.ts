import assert from 'node:assert/strict';
import {
  type NewTournamentInput,
  type TournamentClient,
  type TournamentDto,
  type TournamentGameNotice,
  Tournaments,
} from '../../client-sdk/index.ts';
import { newPlayer, type Player } from './chess.ts';
import { waitUntil } from './wait.ts';

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

/**
 * Four new players enter a two-seat tournament of `input` created by the first, starting in a
 * second, and take their first games: seed 1 meets seed 4 and seed 2 meets seed 3, the better
 * seeds with white (as a knockout's first round and two groups of two both pair them). The first
 * board's game ends (black resigns) and its result is in; the second is being played.
 */
export async function fourPlayersOneGameIn(url: string, input: Omit<NewTournamentInput, 'startsAt'>) {
  const players = await Promise.all([0, 1, 2, 3].map(() => newPlayer(url)));
  const ids = await Promise.all(players.map(async (p) => (await p.rookery.me()).id));
  const clients = players.map((p) => new Tournaments(p.rookery));
  const created = await clients[0]!.create({ ...input, startsAt: Date.now() + 1_000 });
  for (const c of clients) await c.join(created.id);
  const lives = await Promise.all(clients.map((c) => c.follow(created.id)));
  const notices = await Promise.all(lives.map((live) => live.nextGame(20_000)));
  assert.deepEqual(
    notices.map((n) => [n.seat, n.opponent.userId]),
    [
      [0, ids[3]],
      [0, ids[2]],
      [1, ids[1]],
      [1, ids[0]],
    ],
  );
  const games = await Promise.all(players.map((p, i) => p.chess.joinGame(notices[i]!.gameId)));
  await Promise.all(games.map((g) => g.until((s) => s.status === 'playing')));
  await games[3]!.resign();
  await waitUntil(
    async () => (await clients[0]!.get(created.id)).rounds[0]!.boards[0]!.result !== null,
    20_000,
  );
  return { players, ids, clients, created, lives, notices };
}

/** `player` comes back to `gameId` (its server may still be rebuilding it) and resigns it. */
export async function rejoinAndResign(player: Player, gameId: string): Promise<void> {
  let game: Awaited<ReturnType<Player['chess']['joinGame']>> | undefined;
  await waitUntil(async () => {
    game = await player.chess.joinGame(gameId).catch(() => undefined);
    return game !== undefined;
  }, 20_000);
  await game!.until((s) => s.status === 'playing');
  await game!.resign();
  await game!.leave();
}

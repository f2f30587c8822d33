import assert from 'node:assert/strict';
import { Tournaments } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { client } from './support/server.ts';
import { assertWhiteWonEverything, playAll } from './support/tournaments.ts';
import { waitUntil } from './support/wait.ts';

forEachBackend('a tournament room', (backend: Backend) => {
  let server: TestGameServer;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, { TOURNAMENT_SEAT_DEADLINE: '20', TOURNAMENT_ROUND_GAP: '0' });
  });
  after(() => server?.close());

  it('plays a 4-player round robin to the end: each result taken once, standings by the results', async function () {
    this.timeout(120_000);
    const players = await Promise.all([0, 1, 2, 3].map(() => newPlayer(server.url)));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const created = await clients[0]!.create({
      name: 'Four of us',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'round-robin',
      startsAt: Date.now() + 1_500,
      tieBreaks: ['sonneborn-berger', 'wins'],
    });
    assert.equal(created.status, 'upcoming');
    for (const c of clients) await c.join(created.id);
    const lives = await Promise.all(clients.map((c) => c.follow(created.id)));
    await lives[0]!.until((s) => s.players === 4);

    const played = await Promise.all(players.map((p, i) => playAll(p, lives[i]!)));
    // Three rounds of two boards; every player played each round, once.
    for (const games of played) assert.deepEqual(games.map((g) => g.round).sort(), [1, 2, 3]);

    const t = await clients[0]!.get(created.id);
    assertWhiteWonEverything(t, 3, 2);
    const boards = t.rounds.flatMap((r) => r.boards);
    assert.deepEqual(
      t.standings.map((r) => r.score),
      [...t.standings.map((r) => r.score)].sort((a, b) => b - a),
    );
    // Every game's result is in the log once, and every report was taken.
    const results = await backend.sql<{ game: string }>(
      "select event->>'gameId' as game from tournament_events where tournament_id = $1 and event->>'type' = 'result'",
      [created.id],
    );
    assert.equal(results.length, 6);
    assert.equal(new Set(results.map((r) => r.game)).size, 6);
    const untaken = await backend.sql(
      'select id from games where id = any($1::text[]) and reported_at is null',
      [boards.map((b) => b.gameId)],
    );
    assert.equal(untaken.length, 0);
    // Each game's record, and each player's list of games, says which tournament it was of.
    const record = (await client(server.url).get(`/api/games/${boards[0]!.gameId}`)).body;
    assert.equal(record.tournamentId, created.id);
    const name = (await players[0]!.rookery.me()).username;
    const listed = (await client(server.url).get(`/api/users/${name}/games`)).body.games;
    assert.equal(listed.length, 3);
    for (const g of listed) assert.equal(g.tournamentId, created.id);
    // The live state shows the final standings too.
    await lives[0]!.until((s) => s.status === 'finished' && s.standings.length === 4);
    await waitUntil(() => lives[0]!.state.standings[0]!.score === t.standings[0]!.score);
    for (const live of lives) await live.leave().catch(() => undefined);
  });
  it('plays a 4-player swiss with a half-point bye asked in advance: byes scored, no rematch, TRF written', async function () {
    this.timeout(120_000);
    const players = await Promise.all([0, 1, 2, 3].map(() => newPlayer(server.url)));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const created = await clients[0]!.create({
      name: 'Swiss of four',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'swiss',
      rounds: 2,
      startsAt: Date.now() + 1_500,
    });
    for (const c of clients) await c.join(created.id);
    const resting = await players[3]!.rookery.me();
    await clients[3]!.requestBye(created.id, 2);
    const lives = await Promise.all(clients.map((c) => c.follow(created.id)));
    await Promise.all(players.map((p, i) => playAll(p, lives[i]!)));

    const t = await clients[0]!.get(created.id);
    assert.equal(t.status, 'finished');
    const [first, second] = t.rounds;
    assert.equal(first!.boards.length, 2);
    assert.equal(second!.boards.length, 1);
    const byes = Object.fromEntries(second!.byes.map((b) => [b.userId, [b.kind, b.points]]));
    assert.deepEqual(byes[resting.id], ['half-bye', 0.5]);
    assert.ok(
      Object.values(byes).some(([kind]) => kind === 'pairing-bye'),
      'the odd player out gets the bye',
    );
    const met = (b: { white: string; black: string }) => [b.white, b.black].sort().join();
    assert.ok(!first!.boards.map(met).includes(met(second!.boards[0]!)), 'no rematch');
    // Three decisive games, a half-point bye and a pairing-allocated bye (a win).
    assert.equal(
      t.standings.reduce((sum, row) => sum + row.score, 0),
      4.5,
    );
    const trf = await clients[0]!.trf(created.id);
    assert.match(trf, /^XXR 2$/m);
    assert.match(trf, / H/);
    assert.match(trf, / U/);
    for (const live of lives) await live.leave().catch(() => undefined);
  });
});

forEachBackend('a tournament game nobody came to', (backend: Backend) => {
  let server: TestGameServer;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, { TOURNAMENT_SEAT_DEADLINE: '2', TOURNAMENT_ROUND_GAP: '0' });
  });
  after(() => server?.close());

  it('is lost by forfeit by the player who did not take the seat, and the tournament goes on', async function () {
    this.timeout(60_000);
    const players = await Promise.all([0, 1].map(() => newPlayer(server.url)));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const created = await clients[0]!.create({
      name: 'One shows up',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'round-robin',
      startsAt: Date.now() + 1_000,
    });
    for (const c of clients) await c.join(created.id);
    const present = await clients[0]!.follow(created.id);
    const notice = await present.nextGame(20_000);
    await players[0]!.chess.joinGame(notice.gameId);
    await present.until((s) => s.status === 'finished', 30_000);

    const t = await clients[0]!.get(created.id);
    const board = t.rounds[0]!.boards[0]!;
    const me = (await players[0]!.rookery.me()).id;
    const mine = board.white === me ? 'white' : 'black';
    assert.deepEqual(board.result, {
      white: mine === 'white' ? 1 : 0,
      black: mine === 'black' ? 1 : 0,
      forfeit: true,
    });
    assert.deepEqual(
      t.standings.map((row) => [row.userId === me, row.score]),
      [
        [true, 1],
        [false, 0],
      ],
    );
    await present.leave();
  });
  it('is lost by both when neither player comes, and the tournament still ends', async function () {
    this.timeout(60_000);
    const players = await Promise.all([0, 1].map(() => newPlayer(server.url)));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const created = await clients[0]!.create({
      name: 'Nobody shows up',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'round-robin',
      startsAt: Date.now() + 1_000,
    });
    for (const c of clients) await c.join(created.id);
    const watching = await clients[0]!.follow(created.id);
    await watching.until((s) => s.status === 'finished', 45_000);
    const t = await clients[0]!.get(created.id);
    assert.deepEqual(t.rounds[0]!.boards[0]!.result, { white: 0, black: 0, forfeit: true });
    assert.deepEqual(
      t.standings.map((row) => row.score),
      [0, 0],
    );
    await watching.leave();
  });
});

forEachBackend('a tournament game whose first move was not made', (backend: Backend) => {
  let server: TestGameServer;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, {
      TOURNAMENT_SEAT_DEADLINE: '20',
      TOURNAMENT_ROUND_GAP: '0',
      CHESS_FIRST_MOVE_TIMEOUT: '1.5',
    });
  });
  after(() => server?.close());

  it('is lost by forfeit by the side to move only: white who never moved, then black who never answered', async function () {
    this.timeout(90_000);
    const players = await Promise.all([0, 1].map(() => newPlayer(server.url)));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const created = await clients[0]!.create({
      name: 'Nobody moves',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'round-robin',
      double: true,
      startsAt: Date.now() + 1_000,
    });
    for (const c of clients) await c.join(created.id);
    const lives = await Promise.all(clients.map((c) => c.follow(created.id)));
    // Both players sit down; in round 1 white does not move, in round 2 white moves and black does not.
    const sit = async (i: number) => {
      for (let round = 1; round <= 2; round++) {
        const notice = await lives[i]!.nextGame(30_000);
        const game = await players[i]!.chess.joinGame(notice.gameId);
        await game.until((s) => s.status === 'playing' || s.status === 'ended', 20_000);
        if (notice.round === 2 && notice.seat === 0) await game.move('e2e4');
        const ended = await game.until((s) => s.status === 'ended', 20_000);
        assert.equal(ended.termination, 'aborted');
        await game.leave();
      }
    };
    await Promise.all([sit(0), sit(1)]);
    await lives[0]!.until((s) => s.status === 'finished', 30_000);

    const t = await clients[0]!.get(created.id);
    assert.deepEqual(
      t.rounds.map((r) => r.boards[0]!.result),
      [
        { white: 0, black: 1, forfeit: true },
        { white: 1, black: 0, forfeit: true },
      ],
    );
    // Colours reverse in round 2: the player who waited in round 1 moved in round 2, and won both.
    const mover = t.rounds[0]!.boards[0]!.black;
    assert.equal(t.rounds[1]!.boards[0]!.white, mover);
    assert.deepEqual(
      t.standings.map((row) => [row.userId === mover, row.score]),
      [
        [true, 2],
        [false, 0],
      ],
    );
    // The game itself keeps no result: only the tournament counts the forfeit.
    const record = (await client(server.url).get(`/api/games/${t.rounds[0]!.boards[0]!.gameId}`)).body;
    assert.deepEqual([record.result, record.termination], ['*', 'aborted']);
    assert.deepEqual(
      record.seats.map((s: { score: number | null; ratingDiff: number | null }) => [s.score, s.ratingDiff]),
      [
        [null, null],
        [null, null],
      ],
    );
    for (const live of lives) await live.leave().catch(() => undefined);
  });
});

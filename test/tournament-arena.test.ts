import assert from 'node:assert/strict';
import { type ChessGameClient, movesOf, type PlayOptions, Tournaments } from '../client-sdk/index.ts';
import { scoreGames } from '../server/domain/tournaments/arena/arena-scoring.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { playAll } from './support/tournaments.ts';

interface LoggedEvent {
  type: string;
  at: number;
  boards?: Array<{ white: string; black: string }>;
  round?: number;
  board?: number;
  gameId?: string;
}

forEachBackend('an arena tournament room', (backend: Backend) => {
  let server: TestGameServer;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, { TOURNAMENT_SEAT_DEADLINE: '20', TOURNAMENT_ROUND_GAP: '0' });
  });
  after(() => server?.close());

  it('plays 4 players in waves until the end of its time: each result taken once, standings by arena score', async function () {
    this.timeout(120_000);
    const players = await Promise.all([0, 1, 2, 3].map(() => newPlayer(server.url)));
    const ids = await Promise.all(players.map(async (p) => (await p.rookery.me()).id));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const created = await clients[0]!.create({
      name: 'Quarter-minute arena',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'arena',
      arena: { minutes: 0.25, waveMs: 1_000 },
      startsAt: Date.now() + 1_500,
    });
    assert.equal(created.format, 'arena');
    assert.deepEqual(created.arena, {
      minutes: 0.25,
      waveMs: 1_000,
      berserk: false,
      endsAt: created.startsAt! + 15_000,
    });
    for (const c of clients) await c.join(created.id);
    const lives = await Promise.all(clients.map((c) => c.follow(created.id)));
    await lives[0]!.until((s) => s.players === 4 && s.endsAt === created.arena!.endsAt);
    // While it runs, the room counts the time down and shows who is playing.
    await lives[0]!.until((s) => s.status === 'running' && s.secondsLeft > 0 && s.secondsLeft <= 15, 10_000);

    // Black resigns every game at once: white wins them all.
    const played = await Promise.all(players.map((p, i) => playAll(p, lives[i]!)));
    const t = await clients[0]!.get(created.id);
    assert.equal(t.status, 'finished');
    const boards = t.rounds.flatMap((r) => r.boards);
    assert.ok(boards.length >= 4, `a quarter of a minute of quick games: ${boards.length}`);
    for (const b of boards) assert.deepEqual(b.result, { white: 1, black: 0, forfeit: false });
    // Every player played the games they were told, and each board is one of them.
    played.forEach((games, i) => {
      const mine = boards.filter((b) => b.white === ids[i] || b.black === ids[i]);
      assert.deepEqual(games.map((g) => g.gameId).sort(), mine.map((b) => b.gameId!).sort());
    });

    // The log: no game paired after the end, nobody paired while in a game, each result once.
    const log = (
      await backend.sql<{ event: LoggedEvent }>(
        'select event from tournament_events where tournament_id = $1 order by seq',
        [created.id],
      )
    ).map((r) => r.event);
    const busy = new Map<string, string>();
    const waves = new Map<number, Array<{ white: string; black: string }>>();
    for (const e of log) {
      if (e.type === 'round-paired') {
        assert.ok(e.at < t.arena!.endsAt!, 'a wave after the end');
        waves.set(e.round!, e.boards!);
        for (const b of e.boards!)
          for (const id of [b.white, b.black]) {
            assert.ok(!busy.has(id), `${id} paired while playing`);
            busy.set(id, `${e.round}/${e.boards!.indexOf(b)}`);
          }
      }
      if (e.type === 'result') {
        const b = waves.get(e.round!)![e.board!]!;
        for (const id of [b.white, b.black]) busy.delete(id);
      }
    }
    assert.equal(log.at(-1)!.type, 'finished');
    const results = log.filter((e) => e.type === 'result').map((e) => e.gameId);
    assert.equal(results.length, boards.length);
    assert.equal(new Set(results).size, boards.length);
    const untaken = await backend.sql(
      'select id from games where id = any($1::text[]) and reported_at is null',
      [boards.map((b) => b.gameId)],
    );
    assert.equal(untaken.length, 0);

    // Standings by arena score: each player's sheet is their games in order, scored 2/0 with fire.
    const expected = ids.map((id) => {
      const sheet = scoreGames(
        boards
          .filter((b) => b.white === id || b.black === id)
          .map((b) => ({ outcome: b.white === id ? 'win' : 'loss', berserk: false, moves: 0 }) as const),
      );
      return { id, points: sheet.points, sheet: sheet.entries.map((e) => e.points), fire: sheet.onFire };
    });
    for (const row of t.standings) {
      const want = expected.find((e) => e.id === row.userId)!;
      assert.equal(row.score, want.points, `${row.name}'s score`);
      assert.deepEqual(row.arena!.sheet, want.sheet);
      assert.equal(row.arena!.fire, want.fire);
      assert.equal(row.arena!.status, 'free');
    }
    const scores = t.standings.map((r) => r.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    // The live state ends with the same standings and no time left.
    const live = await lives[0]!.until((s) => s.status === 'finished' && s.secondsLeft === 0);
    assert.deepEqual(
      [...live.standings].map((r) => [r.userId, r.score, r.fire, r.status]),
      t.standings.map((r) => [r.userId, r.score, r.arena!.fire, 'free']),
    );
    for (const l of lives) await l.leave().catch(() => undefined);
  });

  it('a player who goes berserk and wins a game of 7 moves scores the extra point; opponent and spectators see the halved clock', async function () {
    this.timeout(120_000);
    const players = await Promise.all([0, 1].map(() => newPlayer(server.url)));
    const watcher = await newPlayer(server.url);
    const clients = players.map((p) => new Tournaments(p.rookery));
    const created = await clients[0]!.create({
      name: 'Berserk arena',
      game: 'chess',
      options: { timeControl: '3+2' },
      format: 'arena',
      arena: { minutes: 0.25, waveMs: 1_000, berserk: true },
      startsAt: Date.now() + 1_500,
    });
    assert.equal(created.arena!.berserk, true);
    for (const c of clients) await c.join(created.id);
    const lives = await Promise.all(clients.map((c) => c.follow(created.id)));

    // The first game: white goes berserk, plays 7 moves, and black resigns.
    const notices = await Promise.all(lives.map((l) => l.nextGame(30_000)));
    const games = await Promise.all(players.map((p, i) => p.chess.joinGame(notices[i]!.gameId)));
    const whiteAt = notices.findIndex((n) => n.seat === 0);
    const white = games[whiteAt]!;
    const black = games[1 - whiteAt]!;
    const berserker = players[whiteAt]!;
    for (const g of games) await g.until((s) => s.status === 'playing', 20_000);
    assert.equal(white.state.berserkAllowed, true);
    const spectator = await watcher.chess.spectate(white.gameId);
    await assert.rejects(spectator.berserk(), { code: 'NOT_A_PLAYER' });

    await white.berserk();
    for (const g of [black, spectator])
      await g.until(
        (s) => s.berserkWhite && !s.berserkBlack && s.clockWhite === 90_000 && s.clockBlack === 180_000,
      );
    await assert.rejects(white.berserk(), { code: 'ALREADY_BERSERK' });
    await playLine(white, black, ['e2e4', 'g8f6', 'd2d4', 'f6g8', 'g1f3', 'g8f6', 'f1c4', 'f6g8']);
    await assert.rejects(black.berserk(), { code: 'BERSERK_TOO_LATE' });
    await playLine(white, black, ['b1c3', 'g8f6', 'c1e3', 'f6g8', 'd1d2']);
    await black.resign();
    const ended = await spectator.until((s) => s.status === 'ended');
    assert.equal(ended.result, '1-0');
    // Without its increment white's clock only ever goes down; it started from half.
    const whiteClocks = movesOf(ended)
      .filter((_, i) => i % 2 === 0)
      .map((m) => m.clockMs);
    assert.equal(whiteClocks[0], 90_000);
    for (let i = 1; i < whiteClocks.length; i++) assert.ok(whiteClocks[i]! <= whiteClocks[i - 1]!);
    for (const g of [...games, spectator]) await g.leave();

    // Every later game: black resigns at once.
    await Promise.all(players.map((p, i) => playAll(p, lives[i]!)));
    const t = await clients[0]!.get(created.id);
    assert.equal(t.status, 'finished');
    const boards = t.rounds.flatMap((r) => r.boards);
    const first = boards.find((b) => b.gameId === white.gameId)!;
    assert.deepEqual(first.result, {
      white: 1,
      black: 0,
      forfeit: false,
      berserk: { white: true, black: false },
      moves: { white: 7, black: 6 },
    });
    // The record keeps them with the seats, so a result sent again from it scores alike.
    const seats = await backend.sql<{ seat: number; moves: number; berserk: boolean }>(
      'select seat, moves, berserk from game_players where game_id = $1 order by seat',
      [white.gameId],
    );
    assert.deepEqual(
      seats.map((r) => [r.seat, r.moves, r.berserk]),
      [
        [0, 7, true],
        [1, 6, false],
      ],
    );
    const results = await backend.sql<{ n: number }>(
      `select count(*)::int as n from tournament_events where tournament_id = $1 and event->>'type' = 'result' and event->>'gameId' = $2`,
      [created.id, white.gameId],
    );
    assert.equal(results[0]!.n, 1, 'the result is taken once');

    // The berserk win is worth 3 (not on fire in a first game); every score is the sheet's.
    const berserkerId = (await berserker.rookery.me()).id;
    const row = t.standings.find((r) => r.userId === berserkerId)!;
    assert.equal(row.arena!.sheet[0], 3);
    for (const r of t.standings) {
      const sheet = scoreGames(
        boards
          .filter((b) => b.white === r.userId || b.black === r.userId)
          .map((b) => {
            const side = b.white === r.userId ? 'white' : 'black';
            const other = side === 'white' ? 'black' : 'white';
            const outcome = b.result![side] > b.result![other] ? 'win' : 'loss';
            const { berserk, moves } = b.result!;
            return { outcome, berserk: berserk?.[side] ?? false, moves: moves?.[side] ?? 0 } as const;
          }),
      );
      assert.equal(r.score, sheet.points, `${r.name}'s score`);
      assert.deepEqual(
        r.arena!.sheet,
        sheet.entries.map((e) => e.points),
      );
    }
    for (const l of lives) await l.leave().catch(() => undefined);
  });

  it('a game outside an arena refuses berserk, even when its creator asks for it in the options', async () => {
    const [a, b] = await Promise.all([0, 1].map(() => newPlayer(server.url)));
    const asked = { timeControl: '3+0', berserk: true } as PlayOptions;
    const white = await a!.chess.challenge({ ...asked, color: 'white' });
    const black = await b!.chess.joinGame(white.gameId);
    await white.until((s) => s.status === 'playing');
    assert.equal(white.state.berserkAllowed, false);
    await assert.rejects(white.berserk(), { code: 'BERSERK_NOT_ALLOWED' });
    assert.equal(white.state.clockWhite, 180_000);
    await white.abort();
    for (const g of [white, black]) await g.leave();
  });
});

/** Plays `ucis` alternately from white, each accepted before the next is sent. */
async function playLine(white: ChessGameClient, black: ChessGameClient, ucis: string[]): Promise<void> {
  for (const [i, uci] of ucis.entries()) await (i % 2 === 0 ? white : black).move(uci);
}

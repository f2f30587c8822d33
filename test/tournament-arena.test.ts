import assert from 'node:assert/strict';
import { Tournaments } from '../client-sdk/index.ts';
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
      endsAt: created.startsAt + 15_000,
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
        assert.ok(e.at < t.arena!.endsAt, 'a wave after the end');
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
});

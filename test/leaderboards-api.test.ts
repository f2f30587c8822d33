import assert from 'node:assert/strict';
import { RookeryClient } from '../client-sdk/rest.ts';
import { forEachBackend } from './support/backends.ts';
import { type Account, playMatch, register, runTag, testBoard } from './support/leaderboards.ts';
import { client, startServer, type TestServer } from './support/server.ts';

forEachBackend('the leaderboards API', (backend) => {
  const tag = runTag();
  const pool = `api-${tag}`;
  const board = `wins-${tag}`;
  const config = {
    boards: [
      testBoard(board, { pool, metric: 'wins', operator: 'increment', reset: 'never' }),
      testBoard(`rating-${tag}`, {
        pool,
        metric: 'rating',
        operator: 'set',
        reset: 'weekly',
        ratedOnly: true,
        partitionByCountry: false,
      }),
    ],
  };
  let server: TestServer;
  let api: ReturnType<typeof client>;
  const players: Account[] = [];

  before(async function () {
    this.timeout(180_000);
    server = await startServer(backend, { LEADERBOARDS: JSON.stringify(config) });
    api = client(server.url);
    for (let i = 0; i < 7; i++) players.push(await register(server.url, i % 2 === 0 ? 'FR' : 'DE'));
    // Players 1 to 5 each beat player 6 as many times as their number: 1 to 5 wins; 0 and 6 win none.
    const now = Date.now();
    for (let i = 1; i < 6; i++)
      for (let n = 0; n < i; n++)
        await playMatch(
          server.app.services.matches,
          pool,
          players[i]!,
          players[6]!,
          players[i]!,
          now - 1000 * (60 - i * 6 - n),
        );
    // A draw gives nobody a win.
    await playMatch(server.app.services.matches, pool, players[0]!, players[6]!, null, now);
  });
  after(() => server?.close());

  const names = (standings: Array<{ rank: number; username: string }>) =>
    standings.map((s) => `${s.rank}:${s.username}`);

  it('lists the boards with their current period', async () => {
    const res = await api.get('/api/leaderboards');
    assert.equal(res.status, 200);
    const mine = res.body.boards.find((b: { id: string }) => b.id === board);
    assert.deepEqual(mine, {
      id: board,
      title: board,
      game: 'golf',
      pool,
      metric: 'wins',
      order: 'desc',
      reset: 'never',
      timeZone: 'UTC',
      partitionByCountry: true,
      currentPeriod: 'all',
    });
    assert.equal(res.headers.get('cache-control'), 'public, max-age=2');
  });

  it('pages a board best first, and the cursor pages follow on without gap or repeat', async () => {
    const first = await api.get(`/api/leaderboards/${board}?limit=2`);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.total, 5);
    assert.deepEqual(names(first.body.standings), [`1:${players[5]!.name}`, `2:${players[4]!.name}`]);
    assert.equal(first.body.standings[0].value, 5);
    assert.equal(first.body.standings[0].country, 'DE');
    const second = await api.get(`/api/leaderboards/${board}?limit=2&cursor=${first.body.next}`);
    assert.deepEqual(names(second.body.standings), [`3:${players[3]!.name}`, `4:${players[2]!.name}`]);
    const third = await api.get(`/api/leaderboards/${board}?limit=2&cursor=${second.body.next}`);
    assert.deepEqual(names(third.body.standings), [`5:${players[1]!.name}`]);
    assert.equal(third.body.next, null);
  });

  it('the client SDK reads the same boards, pages and standings', async () => {
    const sdk = new RookeryClient({ baseUrl: server.url });
    assert.ok((await sdk.leaderboards()).some((b) => b.id === board));
    const first = await sdk.leaderboard(board, { limit: 3 });
    const rest = await sdk.leaderboard(board, { limit: 3, cursor: first.next! });
    assert.deepEqual(
      names([...first.standings, ...rest.standings]),
      names((await sdk.leaderboard(board)).standings),
    );
    const around = await sdk.leaderboardPlayer(board, players[1]!.name, { around: 2, country: 'DE' });
    assert.deepEqual(names(around.around!), [
      `1:${players[5]!.name}`,
      `2:${players[3]!.name}`,
      `3:${players[1]!.name}`,
    ]);
  });

  it('a country has its own ranks', async () => {
    const fr = await api.get(`/api/leaderboards/${board}?country=FR`);
    assert.deepEqual(names(fr.body.standings), [`1:${players[4]!.name}`, `2:${players[2]!.name}`]);
    assert.equal(fr.body.country, 'FR');
  });

  it("a player's standing, and the players around them", async () => {
    const res = await api.get(`/api/leaderboards/${board}/players/${players[3]!.name}?around=1`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.standing.rank, 3);
    assert.deepEqual(names(res.body.around), [
      `2:${players[4]!.name}`,
      `3:${players[3]!.name}`,
      `4:${players[2]!.name}`,
    ]);
    const plain = await api.get(`/api/leaderboards/${board}/players/${players[3]!.name.toUpperCase()}`);
    assert.equal(plain.body.around, null);
  });

  it('answers bad parameters with 400 in the error shape, unknown boards and players with 404', async () => {
    const cases: Array<[string, number, string]> = [
      [`/api/leaderboards/${board}?limit=0`, 400, 'VALIDATION_FAILED'],
      [`/api/leaderboards/${board}?limit=abc`, 400, 'VALIDATION_FAILED'],
      [`/api/leaderboards/${board}?country=fr`, 400, 'VALIDATION_FAILED'],
      [`/api/leaderboards/${board}?period=../x`, 400, 'VALIDATION_FAILED'],
      [`/api/leaderboards/${board}?cursor=nonsense`, 400, 'VALIDATION_FAILED'],
      [`/api/leaderboards/${board}?sort=asc`, 400, 'VALIDATION_FAILED'],
      [`/api/leaderboards/rating-${tag}?country=FR`, 400, 'VALIDATION_FAILED'],
      [`/api/leaderboards/${board}/players/${players[0]!.name}?around=99`, 400, 'VALIDATION_FAILED'],
      ['/api/leaderboards/no-such-board', 404, 'LEADERBOARD_NOT_FOUND'],
      [`/api/leaderboards/${board}/players/nobody${tag}`, 404, 'USER_NOT_FOUND'],
      [`/api/leaderboards/${board}/players/${players[6]!.name}`, 404, 'NOT_ON_LEADERBOARD'],
    ];
    for (const [path, status, code] of cases) {
      const res = await api.get(path);
      assert.equal(res.status, status, `${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, code, path);
      assert.equal(typeof res.body.error.message, 'string');
    }
  });

  it('a past or empty period answers an empty page', async () => {
    const res = await api.get(`/api/leaderboards/rating-${tag}?period=2020-01-06`);
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.total, res.body.standings, res.body.period], [0, [], '2020-01-06']);
  });

  it('a profile carries the ranks, the rating history and the recent results', async () => {
    const res = await api.get(`/api/users/${players[5]!.name}`);
    assert.equal(res.status, 200);
    const rank = res.body.ranks.find((r: { board: string }) => r.board === board);
    assert.deepEqual(rank, { board, title: board, period: 'all', rank: 1, value: 5, total: 5 });
    const history = res.body.ratingHistory.filter((p: { pool: string }) => p.pool === pool);
    assert.equal(history.length, 5);
    assert.ok(history[4].rating > history[0].rating, 'five wins raise the rating');
    assert.equal(res.body.recentResults.length, 5);
    assert.deepEqual(
      [res.body.recentResults[0].outcome, res.body.recentResults[0].opponents],
      ['win', [players[6]!.name]],
    );
    const loser = await api.get(`/api/users/${players[6]!.name}`);
    assert.deepEqual(
      loser.body.recentResults.slice(0, 2).map((r: { outcome: string }) => r.outcome),
      ['draw', 'loss'],
    );
  });
});

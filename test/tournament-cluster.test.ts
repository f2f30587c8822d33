import assert from 'node:assert/strict';
import pg from 'pg';
import type { ChessGameClient, TournamentClient, TournamentGameNotice } from '../client-sdk/index.ts';
import { ChessRooms, RookeryClient, Tournaments } from '../client-sdk/index.ts';
import { newPlayer, PASSWORD, type Player } from './support/chess.ts';
import { type Deployment, newDeployment } from './support/cluster.ts';
import type { ServerProcess } from './support/process.ts';
import { assertWhiteWonEverything, playAll } from './support/tournaments.ts';
import { waitUntil } from './support/wait.ts';

/** The same account, signed in again through another node. */
async function through(url: string, player: Player): Promise<Player> {
  const rookery = new RookeryClient({ baseUrl: url });
  await rookery.login({ username: player.username, password: PASSWORD });
  return { rookery, chess: new ChessRooms(rookery), username: player.username };
}

/** Black resigns the game of `notice`, joining it again (on whichever node holds it now) as needed. */
async function resignAfterAll(
  player: Player,
  notice: TournamentGameNotice,
  game: ChessGameClient,
): Promise<void> {
  const deadline = Date.now() + 40_000;
  let current: ChessGameClient | undefined = game;
  for (;;) {
    try {
      current ??= await player.chess.joinGame(notice.gameId);
      await current.until((s) => s.status === 'playing', 5_000);
      await current.resign();
      await current.until((s) => s.status === 'ended', 5_000);
      return;
    } catch (err) {
      assert.ok(Date.now() < deadline, `could not resign ${notice.gameId}: ${String(err)}`);
      current = undefined;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/**
 * Two nodes of one deployment as processes (PostgreSQL + Redis): the node holding a running
 * tournament is killed (SIGKILL) in the middle of a round, while its games are being played and
 * ended; the tournament is rebuilt from its log on the node that is left and plays on.
 */
describe('a tournament outlives the node that held it', function () {
  this.timeout(240_000);
  const adminUrl = process.env.TEST_POSTGRES_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!adminUrl || !redisUrl) {
    it('needs TEST_POSTGRES_URL and TEST_REDIS_URL');
    return;
  }
  let deployment: Deployment;
  let nodes: ServerProcess[];

  before(async () => {
    deployment = await newDeployment(adminUrl, redisUrl, `rookery_tournament_cluster_${process.pid}`, {
      env: {
        MATCHMAKE_RATE_IP_POINTS: '100000',
        MATCHMAKE_RATE_USER_POINTS: '100000',
        TOURNAMENT_SEAT_DEADLINE: '60',
        TOURNAMENT_ROUND_GAP: '0',
        CHESS_FIRST_MOVE_TIMEOUT: '120',
      },
    });
    nodes = deployment.nodes;
    await deployment.startNode();
    await deployment.startNode();
  });
  after(async () => {
    await deployment?.close();
  });

  it('after kill -9 mid-round, the round goes on: no result lost or counted twice, nobody paired twice', async () => {
    const [a] = nodes;
    const registered = await Promise.all([0, 1, 2, 3].map(() => newPlayer(a!.url)));
    const created = await new Tournaments(registered[0]!.rookery).create({
      name: 'Survivors',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'round-robin',
      startsAt: Date.now() + 6_000,
    });
    // The players talk to the node that will be left: the one not holding the tournament.
    const watcher = await new Tournaments(registered[0]!.rookery).follow(created.id);
    const holderPort = new URL(watcher.room.connection.url!).port;
    await watcher.leave();
    const holder = nodes.find((n) => new URL(n.url).port === holderPort)!;
    const left = nodes.find((n) => n !== holder)!;
    const players = await Promise.all(registered.map((p) => through(left.url, p)));
    const clients = players.map((p) => new Tournaments(p.rookery));
    for (const c of clients) await c.join(created.id);
    const lives: TournamentClient[] = await Promise.all(clients.map((c) => c.follow(created.id)));

    // Round 1: everyone is seated in their game; then the tournament's node dies.
    const notices = await Promise.all(lives.map((live) => live.nextGame(30_000)));
    const games = await Promise.all(players.map((p, i) => p.chess.joinGame(notices[i]!.gameId)));
    await Promise.all(games.map((g) => g.until((s) => s.status === 'playing', 20_000)));
    assert.equal(await holder.stop('SIGKILL'), null, 'the node was killed');

    // The games end while the tournament is being rebuilt: their results must still count once.
    await Promise.all(
      players.map((p, i) => (notices[i]!.seat === 1 ? resignAfterAll(p, notices[i]!, games[i]!) : undefined)),
    );
    const rest = await Promise.all(players.map((p, i) => playAll(p, lives[i]!)));
    for (const [i, played] of rest.entries())
      assert.deepEqual([notices[i]!.round, ...played.map((g) => g.round)].sort(), [1, 2, 3]);

    const t = await clients[0]!.get(created.id);
    assertWhiteWonEverything(t, 3, 2);
    const db = new pg.Client({ connectionString: deployment.databaseUrl });
    await db.connect();
    try {
      const results = await db.query(
        "select event->>'gameId' as game from tournament_events where tournament_id = $1 and event->>'type' = 'result'",
        [created.id],
      );
      assert.equal(results.rows.length, 6, 'six results in the log');
      assert.equal(new Set(results.rows.map((r) => r.game)).size, 6, 'each game once');
      const ids = t.rounds.flatMap((r) => r.boards.map((b) => b.gameId));
      await waitUntil(async () => {
        const untaken = await db.query(
          'select id from games where id = any($1::text[]) and reported_at is null',
          [ids],
        );
        return untaken.rows.length === 0;
      }, 15_000);
    } finally {
      await db.end();
    }
    for (const live of lives) await live.leave().catch(() => undefined);
  });
});

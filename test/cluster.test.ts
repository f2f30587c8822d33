import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ChessRooms, LobbyClient, Matchmaking, type QueueInfo, RookeryClient } from '../client-sdk/index.ts';
import { redisPrefix } from './support/backends.ts';
import { bothSeeEnd, newPlayer, PASSWORD, type Player, playMoves, sleep } from './support/chess.ts';
import { freePort, type ServerProcess, startServerProcess } from './support/process.ts';
import { client, testKeys } from './support/server.ts';

/**
 * Nodes of one deployment as separate processes on loopback ports, sharing one PostgreSQL
 * database and one Redis key prefix, as `docker compose up` runs them.
 */
describe('a cluster of server processes (PostgreSQL + Redis)', function () {
  this.timeout(90_000);
  const adminUrl = process.env.TEST_POSTGRES_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!adminUrl || !redisUrl) {
    it('needs TEST_POSTGRES_URL and TEST_REDIS_URL');
    return;
  }
  const dbName = `rookery_cluster_${process.pid}`;
  const nodes: ServerProcess[] = [];
  let env: Record<string, string>;

  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(sql);
    await c.end();
  };

  const running = () => nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);

  async function startNode(): Promise<ServerProcess> {
    const port = String(await freePort());
    const node = await startServerProcess({
      ...env,
      PORT: port,
      PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-node-')),
    });
    nodes.push(node);
    const deadline = Date.now() + 30_000;
    while ((await client(node.url).get('/ready')).status !== 200) {
      assert.ok(Date.now() < deadline, 'the node did not become ready');
      await sleep(100);
    }
    return node;
  }

  before(async () => {
    await admin(`create database ${dbName}`);
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    env = {
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: redisPrefix(),
      AUTH_KEYS: await testKeys(),
      LOG_LEVEL: 'warn',
      AUTH_RATE_IP_POINTS: '100000',
      QUEUE_PROFILES: JSON.stringify({
        defaults: {
          game: 'chess',
          teams: 2,
          teamSize: 1,
          regions: ['eu'],
          widening: { initialBand: 400, growthPerSecond: 10, maxBand: 400, relaxRegionAfterSeconds: 1 },
          minQuality: 0.2,
          tickMs: 200,
          seatTimeoutSeconds: 5,
        },
        profiles: [{ id: 'blitz-casual', label: 'Blitz 3+2 casual', timeControl: '3+2', rated: false }],
      }),
    };
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
    await admin(`drop database if exists ${dbName} with (force)`);
  });

  it('a player connected through one node is in the lobby held by another; when that node dies, the lobby and the queues come back on a node that is left', async () => {
    const first = await startNode();
    const second = await startNode();
    // The first node created the singletons; a player coming in through the second reaches them.
    const player = await newPlayer(second.url);
    const lobby = await LobbyClient.join(player.rookery);
    await lobby.until((s) => s.onlineCount === 1);
    // The lobby shows the players of every node, and where each plays.
    const [x, y] = [await newPlayer(first.url), await newPlayer(second.url)];
    const [lx, ly] = [await LobbyClient.join(x.rookery), await LobbyClient.join(y.rookery)];
    const xGame = await x.chess.challenge({ timeControl: '5+3' });
    await y.chess.joinGame(xGame.gameId);
    const seen = await lobby.until(
      (s) =>
        s.onlineCount === 3 && s.online.get(lx.userId)?.gameId === xGame.gameId && s.games.has(xGame.gameId),
    );
    assert.equal(seen.online.get(ly.userId)?.status, 'playing');
    await Promise.all([lx.leave(), ly.leave()]);
    await lobby.until((s) => s.onlineCount === 1);
    const queues = async (url: string) =>
      ((await client(url).get('/api/queues')).body as { queues: QueueInfo[] }).queues;
    assert.ok(
      (await queues(second.url)).every((q) => q.players === 0),
      'every queue answers through the second node',
    );

    const gone = new Promise<number>((resolve) => lobby.room.onLeave((code) => resolve(code)));
    await first.stop('SIGKILL');
    await gone;
    // Re-created by the node that is left, within a few of its checks.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const listed = await queues(second.url);
      if (listed.every((q) => q.players === 0)) break;
      assert.ok(
        Date.now() < deadline,
        `queues still missing: ${JSON.stringify(listed.map((q) => q.players))}`,
      );
      await sleep(250);
    }
    // The lobby is back a moment later (or sooner) than the queues: a client tries again.
    let again: LobbyClient | undefined;
    while (!again) {
      again = await LobbyClient.join(player.rookery).catch(async (err) => {
        assert.ok(Date.now() < deadline, `the lobby did not come back: ${err}`);
        await sleep(250);
        return undefined;
      });
    }
    await again.until((s) => s.onlineCount === 1);
    await again.leave();
  });

  /** Two players on a game; its node stops by `signal`; they finish it through another node. */
  async function gameOutlivesItsNode(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    while (running().length < 2) await startNode();
    const [a, b] = [await newPlayer(running()[0]!.url), await newPlayer(running()[1]!.url)];
    const white = await a.chess.challenge({ timeControl: '5+3', color: 'white' });
    const black = await b.chess.joinGame(white.gameId);
    await white.until((s) => s.status === 'playing');
    const game = { white, black, players: { white: a, black: b }, id: white.gameId };
    await playMoves(game, ['e2e4', 'e7e5', 'd1h5']);
    const seen = await black.until((s) => s.moves.length === 3);
    const before = { fen: seen.fen, white: seen.clockWhite, black: seen.clockBlack };
    // The node holding the game is the one the players' connection went to.
    const port = new URL(white.room.connection.url!).port;
    const host = running().find((n) => new URL(n.url).port === port);
    assert.ok(host, 'the game is on one of the nodes');
    const other = running().find((n) => n !== host)!;
    const killedAt = Date.now();
    await host.stop(signal);
    // The players come back through a node that is left, with fresh clients.
    const back = async (player: Player) => {
      const rookery = new RookeryClient({ baseUrl: other.url });
      await rookery.login({ username: player.username, password: PASSWORD });
      const chess = new ChessRooms(rookery);
      return {
        rookery,
        chess,
        username: player.username,
        game: await chess.rejoin(game.id, { timeoutMs: 20_000 }),
      };
    };
    const [wa, ba] = await Promise.all([back(a), back(b)]);
    const state = await ba.game.until((s) => s.moves.length === 3 && s.status === 'playing');
    console.log(`      game playable again ${Date.now() - killedAt} ms after ${signal}`);
    assert.equal(state.fen, before.fen, 'every acknowledged move kept');
    assert.equal(state.turn, 'black');
    assert.equal(state.clockWhite, before.white, "white's clock is as it was");
    assert.ok(
      state.clockBlack <= before.black && before.black - state.clockBlack < 2_000,
      `black is not charged for the outage (${before.black} → ${state.clockBlack})`,
    );
    const resumed = { white: wa.game, black: ba.game, players: { white: wa, black: ba }, id: game.id };
    await playMoves(resumed, ['b8c6', 'f1c4', 'g8f6', 'h5f7'], 'black');
    const end = await bothSeeEnd(resumed);
    assert.deepEqual([end.result, end.termination], ['1-0', 'checkmate']);
    const pgn = await client(other.url).get(`/api/games/${game.id}/pgn`);
    assert.equal(
      (pgn.body as string).split('\n\n')[1]!.trim(),
      '1. e4 e5 2. Qh5 Nc6 3. Bc4 Nf6 4. Qxf7# 1-0',
    );
  }

  it('kill -9 of the node that hosts a game: another node rebuilds it, both players come back and finish it, every acknowledged move kept and the outage charged to no clock', () =>
    gameOutlivesItsNode('SIGKILL'));

  it('SIGTERM of the node that hosts a game (a drain): the game continues on another node and is finished', () =>
    gameOutlivesItsNode('SIGTERM'));

  it('SIGTERM of the node holding a queue: the queue comes back on another node with its waiting player, who keeps the time waited and is matched', async () => {
    while (running().length < 2) await startNode();
    // Where the queue is now: a probe ticket's connection goes to the queue's own node.
    const probe = await newPlayer(running()[0]!.url);
    const probeTicket = await new Matchmaking(probe.rookery, probe.chess).join('blitz-casual');
    const port = new URL(probeTicket.room.connection.url!).port;
    await probeTicket.cancel();
    const host = running().find((n) => new URL(n.url).port === port)!;
    const other = running().find((n) => n !== host)!;
    const [p1, p2] = [await newPlayer(other.url), await newPlayer(other.url)];
    const waited: number[] = [];
    const first = new Matchmaking(p1.rookery, p1.chess).play({
      queue: 'blitz-casual',
      onStatus: (status) => waited.push(status.waitedMs),
    });
    await until(() => waited.length >= 3);
    const before = waited.at(-1)!;
    await host.stop('SIGTERM');
    const countBefore = waited.length;
    await until(() => waited.length > countBefore, 20_000);
    assert.ok(waited.at(-1)! >= before, `the waiting time is kept: ${before} → ${waited.at(-1)}`);
    const [g1, g2] = await Promise.all([
      first,
      new Matchmaking(p2.rookery, p2.chess).play({ queue: 'blitz-casual' }),
    ]);
    assert.equal(g1.gameId, g2.gameId);
    await g1.until((s) => s.status === 'playing');
    await g1.resign();
  });
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    assert.ok(Date.now() < deadline, 'condition not met in time');
    await sleep(50);
  }
}

import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import {
  type ChessGameClient,
  LobbyClient,
  Matchmaking,
  type QueueInfo,
  Rookery,
} from '../client-sdk/index.ts';
import { redisPrefix } from './support/backends.ts';
import { startBalancer } from './support/balancer.ts';
import { newPlayer, PASSWORD, type Player, sleep } from './support/chess.ts';
import { runAsAdmin, startNode as startClusterNode } from './support/cluster.ts';
import type { ServerProcess } from './support/process.ts';
import { client, testKeys, uniqueName } from './support/server.ts';
import { waitUntil as until } from './support/wait.ts';

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
  const databases: string[] = [];
  const nodes: ServerProcess[] = [];
  let env: Record<string, string>;

  const admin = (sql: string) => runAsAdmin(adminUrl, sql);

  const running = () => nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);

  const startNode = () => startClusterNode(env, nodes);

  /**
   * A new, empty deployment (database and Redis prefix) for the nodes started from now on. The
   * tests share one, as a cluster goes on from one event to the next; after a failed test the
   * next starts on a new one, so that what the failure left behind (a waiting ticket, a party)
   * cannot fail it too.
   */
  async function newDeployment(): Promise<void> {
    const dbName = `rookery_cluster_${process.pid}_${databases.length}`;
    await admin(`create database ${dbName}`);
    databases.push(dbName);
    const url = new URL(adminUrl!);
    url.pathname = `/${dbName}`;
    env = {
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl!,
      REDIS_KEY_PREFIX: redisPrefix(),
      // The nodes serve no web app (each would start its own Vite in development).
      NODE_ENV: 'test',
      AUTH_KEYS: await testKeys(),
      LOG_LEVEL: process.env.CLUSTER_LOG_LEVEL ?? 'warn',
      AUTH_RATE_IP_POINTS: '100000',
      MATCHMAKE_RATE_IP_POINTS: '100000',
      MATCHMAKE_RATE_USER_POINTS: '100000',
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
        profiles: [
          { id: 'blitz-casual', label: 'Blitz 3+2 casual', timeControl: '3+2', rated: false },
          { id: 'pairs-casual', label: 'Consultation 5+3', timeControl: '5+3', rated: false, teamSize: 2 },
        ],
      }),
    };
  }

  before(newDeployment);
  // A failed test prints what the nodes said about their rooms: their warnings, and with
  // CLUSTER_LOG_LEVEL (say `info`) the rest of their account.
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    for (const node of nodes) {
      const lines = node.output().split('\n');
      // What the nodes said about their rooms, without the request lines.
      const told = lines.filter(
        (l) => !l.includes('"msg":"request"') && /party|singleton|queue|match|hands over|error|warn/i.test(l),
      );
      console.log(`--- node ${node.url}\n${told.slice(-80).join('\n')}`);
    }
    await Promise.all(running().map((n) => n.stop('SIGKILL')));
    await newDeployment();
  });
  /** A connection to the deployments' Redis, for the test's own reads. */
  let redis: Redis | undefined;
  after(async () => {
    await redis?.quit();
    await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
    for (const db of databases) await admin(`drop database if exists ${db} with (force)`);
  });

  /** The load each node last wrote to presence, where the nodes' placement of rooms reads it. */
  const loads = async () => {
    redis ??= new Redis(redisUrl!);
    const written = await redis.hgetall(`${env.REDIS_KEY_PREFIX}:roomcount`);
    return Object.values(written).map((value) => {
      const [roomCount, ccu] = value.split(',').map(Number);
      return { roomCount: roomCount!, ccu: ccu! };
    });
  };
  /** The port of the node a room connection went to. */
  const portOf = (room: { connection: { url?: string } }) => new URL(room.connection.url!).port;
  const nodeOnPort = (port: string) => running().find((n) => new URL(n.url).port === port);

  it("three nodes: a party held by one node plays its match on another; when the party's node dies, the party is rebuilt and its members are back in it by themselves", async () => {
    while (running().length < 3) await startNode();
    // The first node holds the lobby and the queues; the players come in through it.
    const entry = running()[0]!;
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => newPlayer(entry.url)));
    const mm = (p: Player) => new Matchmaking(p.rookery, p.chess);
    const party = await mm(a!).createParty();
    const partyPort = portOf(party.room);
    assert.notEqual(partyPort, new URL(entry.url).port, 'an empty node takes the new party');
    const member = await mm(b!).joinParty(party.code);
    await until(() => party.state.members.size === 2);
    // The match goes to the node with the fewest clients as the nodes last wrote them (at most
    // once a second each): the party's node must have written its two before the match is made,
    // or it may still show as empty as the third.
    await until(async () => (await loads()).some((load) => load.ccu >= 2), 5_000);
    await Promise.all([party.setReady(true), member.setReady(true)]);
    await party.queue('pairs-casual');
    const opponents = Promise.all([
      mm(c!).play({ queue: 'pairs-casual' }),
      mm(d!).play({ queue: 'pairs-casual' }),
    ]);
    const seats = await Promise.all([party.nextMatch(), member.nextMatch()]);
    assert.equal(seats[0].color, seats[1].color, 'the party plays one side');
    const [ga, gb] = await Promise.all([
      a!.chess.joinGame(seats[0].roomId),
      b!.chess.joinGame(seats[1].roomId),
    ]);
    const [gc, gd] = await opponents;
    assert.equal(new Set([ga, gb, gc, gd].map((g) => g.gameId)).size, 1, 'all four in one match');
    const matchPort = portOf(ga.room);
    assert.notEqual(matchPort, partyPort, 'the match is placed on another node than the party');
    await until(() => party.state.queue.status === 'playing' && member.state.queue.status === 'playing');

    const code = party.code;
    await nodeOnPort(partyPort)!.stop('SIGKILL');

    // Both members' clients open the party again by its code once another node rebuilt it.
    const back = (p: typeof party) =>
      p.room.connection.url !== undefined &&
      portOf(p.room) !== partyPort &&
      p.state?.members?.size === 2 &&
      [...p.state.members.values()].every((m) => m.connected);
    const killedAt = Date.now();
    await until(() => back(party) && back(member), 30_000);
    console.log(`      party back ${Date.now() - killedAt} ms after SIGKILL`);
    assert.equal(party.code, code);
    assert.equal(
      party.state.leaderId,
      [...party.state.members.values()].find((m) => m.name === a!.username)?.userId,
    );
    assert.equal(party.state.queue.status, 'playing', 'the party knows its match goes on');
    // The match was elsewhere and never stopped; when it ends the rebuilt party is idle again.
    const white = seats[0].color === 'white' ? ga : gc;
    await white.move('e2e4');
    await gd.until((s) => s.moves.length === 1);
    await ga.resign();
    await until(() => party.state.queue.status === 'idle' && member.state.queue.status === 'idle', 15_000);
    // And it plays on: the leader may ask for a ready check again.
    await party.setReady(true);
    await Promise.all([party.leave(), member.leave()]);
  });

  it('a player connected through one node is in the lobby held by another; when that node dies, the lobby and the queues come back on a node that is left, and the lobby client is back in it by itself', async () => {
    while (running().length < 2) await startNode();
    // A player coming in through a node that does not hold the lobby reaches it.
    const probe = await LobbyClient.join((await newPlayer(running()[0]!.url)).rookery);
    const first = nodeOnPort(portOf(probe.room))!;
    await probe.leave();
    const second = running().find((n) => n !== first)!;
    const player = await newPlayer(second.url);
    const lobby = await LobbyClient.join(player.rookery);
    assert.notEqual(portOf(lobby.room), new URL(second.url).port);
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
    // Every queue answers through the second node.
    await until(async () => (await queues(second.url)).every((q) => q.players === 0), 10_000);

    const lobbyPort = portOf(lobby.room);
    const closed: number[] = [];
    lobby.onClose((code) => closed.push(code));
    // The nodes whose lobby sent the client a change, in turn.
    const ports = [lobbyPort];
    lobby.onChange(() => {
      if (ports.at(-1) !== portOf(lobby.room)) ports.push(portOf(lobby.room));
    });
    await first.stop('SIGKILL');
    const killedAt = Date.now();
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
    // The player's lobby client joins the new lobby by itself, and sees itself online there.
    // What the client saw, so that a failure says which half was missing.
    const report = (err: unknown) => {
      const s = lobby.state;
      const seen = {
        onlineCount: s?.onlineCount,
        online: [...(s?.online?.keys() ?? [])],
        self: lobby.userId,
      };
      const where = {
        port: portOf(lobby.room),
        open: lobby.room.connection.isOpen,
        changesFrom: ports,
        closed,
        msSinceKill: Date.now() - killedAt,
      };
      return new Error(
        `${(err as Error).message}: the lobby showed ${JSON.stringify(seen)} at ${JSON.stringify(where)}`,
      );
    };
    await until(() => lobby.room.connection.isOpen && portOf(lobby.room) !== lobbyPort, 20_000).catch(
      (err) => {
        throw report(err);
      },
    );
    await lobby
      .until((s) => s.onlineCount === 1 && s.online.has(lobby.userId), 10_000)
      .catch((err) => {
        throw report(err);
      });
    assert.deepEqual(closed, [], 'the client never gave up');
    await lobby.leave();
    assert.deepEqual(closed, [4000]);
  });

  /** A player with the whole SDK, coming in through `baseUrl` (a load balancer). */
  const signUpThrough = async (baseUrl: string) => {
    const rookery = new Rookery({ baseUrl });
    const user = await rookery.rest.register({ username: uniqueName(), password: PASSWORD });
    return Object.assign(rookery, { username: user.username });
  };
  /** One side of a game: its connection, replaced each time the SDK's auto-rejoin finds the game again. */
  interface Side {
    game: ChessGameClient;
    rejoins: number;
  }
  interface Game {
    id: string;
    white: Side;
    black: Side;
  }
  /** White challenges, black joins; each side is kept with the game by `Rookery.autoRejoin`. */
  const openGame = async (white: Rookery, black: Rookery, timeControl = '10+5'): Promise<Game> => {
    const w: Side = { game: await white.chess.challenge({ timeControl, color: 'white' }), rejoins: 0 };
    const b: Side = { game: await black.chess.joinGame(w.game.gameId), rejoins: 0 };
    for (const [client, side] of [
      [white, w],
      [black, b],
    ] as const) {
      client.autoRejoin(side.game, {
        onRejoin: (next) => {
          side.game = next;
          side.rejoins += 1;
        },
      });
    }
    await w.game.until((st) => st.status === 'playing');
    return { id: w.game.gameId, white: w, black: b };
  };
  /**
   * The side to move plays `uci` as ply `ply` (again, if its node went away under it), and the
   * other side sees it.
   */
  const playOn = async (game: Game, uci: string, ply: number) => {
    const [mover, watcher] = ply % 2 === 0 ? [game.white, game.black] : [game.black, game.white];
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await mover.game.move(uci);
        break;
      } catch (err) {
        if ((mover.game.state?.moves?.length ?? 0) > ply) break;
        assert.ok(Date.now() < deadline, `move ${uci} of ${game.id}: ${err}`);
        await sleep(200);
      }
    }
    await until(() => watcher.game.state?.moves?.length === ply + 1, 30_000);
  };

  /**
   * Two players on a game, in through a load balancer; the game's node stops by `signal`; the
   * SDK brings both back to the game on another node by itself, and they finish it.
   */
  async function gameOutlivesItsNode(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    while (running().length < 2) await startNode();
    const balancer = await startBalancer(() => running().map((n) => n.url));
    try {
      const game = await openGame(
        await signUpThrough(balancer.url),
        await signUpThrough(balancer.url),
        '5+3',
      );
      const line = ['e2e4', 'e7e5', 'd1h5', 'b8c6', 'f1c4', 'g8f6', 'h5f7'];
      for (let ply = 0; ply < 3; ply++) await playOn(game, line[ply]!, ply);
      const seen = await game.black.game.until((st) => st.moves.length === 3);
      const before = { fen: seen.fen, white: seen.clockWhite, black: seen.clockBlack };
      const host = nodeOnPort(portOf(game.white.game.room));
      assert.ok(host, 'the game is on one of the nodes');
      const killedAt = Date.now();
      await host.stop(signal);
      // Both clients find the game again by themselves (auto-rejoin), on a node that is left.
      const back = (side: Side) =>
        side.rejoins > 0 && side.game.state?.status === 'playing' && side.game.state.moves?.length === 3;
      await until(() => back(game.white) && back(game.black), 30_000);
      console.log(`      game playable again for both clients ${Date.now() - killedAt} ms after ${signal}`);
      const state = game.black.game.state;
      assert.notEqual(portOf(game.black.game.room), portOf({ connection: { url: host.url } }));
      assert.equal(state.fen, before.fen, 'every acknowledged move kept');
      assert.equal(state.turn, 'black');
      assert.equal(state.clockWhite, before.white, "white's clock is as it was");
      assert.ok(
        state.clockBlack <= before.black && before.black - state.clockBlack < 2_000,
        `black is not charged for the outage (${before.black} → ${state.clockBlack})`,
      );
      for (let ply = 3; ply < line.length; ply++) await playOn(game, line[ply]!, ply);
      const end = await game.black.game.until((st) => st.status === 'ended');
      assert.deepEqual([end.result, end.termination], ['1-0', 'checkmate']);
      const pgn = await client(balancer.url).get(`/api/games/${game.id}/pgn`);
      assert.equal(
        (pgn.body as string).split('\n\n')[1]!.trim(),
        '1. e4 e5 2. Qh5 Nc6 3. Bc4 Nf6 4. Qxf7# 1-0',
      );
    } finally {
      await balancer.close();
    }
  }

  it('kill -9 of the node that hosts a game: another node rebuilds it, both players, through the SDK by themselves, come back and finish it, every acknowledged move kept and the outage charged to no clock', () =>
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

  it('a node frozen long enough to be taken for dead (SIGSTOP) gives way when it wakes: its queue is not held twice, and the ticket it held is matched', async () => {
    while (running().length < 3) await startNode();
    const probe = await newPlayer(running()[0]!.url);
    const probeTicket = await new Matchmaking(probe.rookery, probe.chess).join('blitz-casual');
    const frozen = nodeOnPort(portOf(probeTicket.room))!;
    await probeTicket.cancel();
    const other = running().find((n) => n !== frozen)!;
    const waiter = await newPlayer(other.url);
    const waited: number[] = [];
    const waiting = new Matchmaking(waiter.rookery, waiter.chess).play({
      queue: 'blitz-casual',
      onStatus: (status) => waited.push(status.waitedMs),
      timeoutMs: 60_000,
    });
    await until(() => waited.length >= 2);
    const blitz = async (url: string) =>
      ((await client(url).get('/api/queues')).body as { queues: QueueInfo[] }).queues.find(
        (q) => q.id === 'blitz-casual',
      )!;
    frozen.child.kill('SIGSTOP');
    try {
      // The others take the node for dead and re-create its queue, empty.
      await until(async () => (await blitz(other.url)).players === 0, 20_000);
    } finally {
      frozen.child.kill('SIGCONT');
    }
    // Once awake, its copy gives way: the waiting player takes the ticket in the listed queue,
    // with the time already waited, and only one queue holds it.
    await until(async () => (await blitz(other.url)).players === 1, 20_000);
    const before = waited.at(-1)!;
    await until(async () => waited.at(-1)! > before + 500, 10_000);
    assert.ok(waited.at(-1)! >= 2_000, `the time waited before the freeze counts (${waited.at(-1)} ms)`);
    // Each node reads the queue's figures from the shared listing: wait for every one to see it.
    await until(async () => {
      for (const node of running()) if ((await blitz(node.url)).players !== 1) return false;
      return true;
    }, 10_000);
    for (const node of running())
      assert.equal((await blitz(node.url)).players, 1, `as seen from ${node.url}`);
    const opponent = await newPlayer(frozen.url);
    const [g1, g2] = await Promise.all([
      waiting,
      new Matchmaking(opponent.rookery, opponent.chess).play({ queue: 'blitz-casual', timeoutMs: 30_000 }),
    ]);
    assert.equal(g1.gameId, g2.gameId);
    await g1.until((s) => s.status === 'playing');
    await g1.resign();
  });

  it('a rolling deploy behind a load balancer (each of three nodes drained by SIGTERM and replaced in turn) loses no game and no queued ticket: every game is finished and every ticket matched', async () => {
    while (running().length < 3) await startNode();
    const serving = new Set(running());
    const balancer = await startBalancer(() =>
      [...serving].filter((n) => n.child.exitCode === null && n.child.signalCode === null).map((n) => n.url),
    );
    try {
      const signUp = () => signUpThrough(balancer.url);
      const games: Game[] = [];
      for (let i = 0; i < 3; i++) games.push(await openGame(await signUp(), await signUp()));
      const line = ['e2e4', 'e7e5', 'g1f3', 'b8c6', 'f1c4', 'g8f6', 'd2d3', 'f8c5'];
      for (const game of games) for (const ply of [0, 1]) await playOn(game, line[ply]!, ply);

      // Tickets: a player alone in one queue, a party of two in another.
      const solo = await signUp();
      const soloWaited: number[] = [];
      const soloPlays = solo.play({ queue: 'blitz-casual', onStatus: (s) => soloWaited.push(s.waitedMs) });
      const [p1, p2] = [await signUp(), await signUp()];
      const leader = await p1.matchmaking.createParty();
      const member = await p2.matchmaking.joinParty(leader.code);
      await until(() => leader.state?.members?.size === 2);
      await Promise.all([leader.setReady(true), member.setReady(true)]);
      await leader.queue('pairs-casual');
      await until(() => soloWaited.length >= 2 && leader.state.queue.waitedMs > 0);

      let ply = 2;
      const originals = [...running()];
      for (const old of originals) {
        serving.add(await startNode());
        const soloBefore = soloWaited.at(-1)!;
        const partyBefore = leader.state.queue.waitedMs;
        await old.stop('SIGTERM');
        // Every game goes on: a move each side.
        for (const game of games) for (const p of [ply, ply + 1]) await playOn(game, line[p]!, p);
        ply += 2;
        // Both tickets are still waiting, and their waits go on counting.
        await until(() => soloWaited.at(-1)! > soloBefore + 1_000, 30_000);
        await until(
          () =>
            leader.room.connection.isOpen &&
            leader.state?.queue?.status === 'searching' &&
            leader.state.queue.waitedMs > partyBefore + 1_000,
          30_000,
        );
      }
      assert.ok(
        running().every((n) => !originals.includes(n)),
        'every node of before the deploy is gone',
      );
      // Every game, the party and the queues were on nodes that are gone: all of them moved.
      for (const game of games)
        for (const side of [game.white, game.black])
          assert.ok(side.rejoins > 0, `every player followed their game to another node (${game.id})`);
      assert.ok(!originals.some((n) => new URL(n.url).port === portOf(leader.room)), 'the party moved');

      // The tickets are matched once opponents come.
      const [o1, o2, o3] = [await signUp(), await signUp(), await signUp()];
      const o1Plays = o1.play({ queue: 'blitz-casual', timeoutMs: 30_000 });
      const [soloGame, opponentGame] = await Promise.all([soloPlays, o1Plays]);
      assert.equal(soloGame.gameId, opponentGame.gameId);
      const pairs = [
        o2.play({ queue: 'pairs-casual', timeoutMs: 30_000 }),
        o3.play({ queue: 'pairs-casual', timeoutMs: 30_000 }),
      ];
      const [partyA, partyB] = await Promise.all([leader.playNext(30_000), member.playNext(30_000)]);
      const pairA = (await Promise.all(pairs))[0]!;
      assert.equal(partyA.gameId, partyB.gameId);
      assert.equal(partyA.gameId, pairA.gameId);
      await soloGame.resign();
      await pairA.resign().catch(() => undefined);

      // Every game is finished, with every move played through the three drains.
      for (const game of games) {
        await game.white.game.resign();
        const pgn = await client(balancer.url).get(`/api/games/${game.id}/pgn`);
        assert.equal(
          (pgn.body as string).split('\n\n')[1]!.trim(),
          '1. e4 e5 2. Nf3 Nc6 3. Bc4 Nf6 4. d3 Bc5 0-1',
        );
      }
      await Promise.all([leader.leave(), member.leave()]);
    } finally {
      await balancer.close();
    }
  }).timeout(240_000);
});

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { type App, buildApp } from '../server/app.ts';
import { createLogger } from '../server/platform/logger.ts';
import type { AccessClaims } from '../server/services/ports.ts';
import { BACKENDS, redisPrefix } from './support/backends.ts';
import { type Account, playMatch, register, runTag, testBoard } from './support/leaderboards.ts';
import { client, testConfig } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

/**
 * Two nodes of one deployment (two apps, each with its own database pool, Redis connection and
 * HTTP port, sharing one PostgreSQL database and one Redis key prefix) finishing games at once.
 */
describe('leaderboards on two nodes (PostgreSQL + Redis)', function () {
  this.timeout(120_000);
  const backend = BACKENDS[1]!;
  if (backend.unavailable) {
    it(`needs ${backend.name}: ${backend.unavailable}`);
    return;
  }
  const tag = runTag();
  const pool = `cl-${tag}`;
  const board = `cluster-wins-${tag}`;
  const env = {
    LEADERBOARDS: JSON.stringify({
      boards: [testBoard(board, { pool, metric: 'wins', operator: 'increment', reset: 'never' })],
    }),
  };
  const prefix = redisPrefix();
  const nodes: Array<{ app: App; url: string; server: http.Server }> = [];
  const players: Account[] = [];

  before(async function () {
    this.timeout(180_000);
    const config = await testConfig(backend, env);
    for (let i = 0; i < 2; i++) {
      const app = await buildApp({
        config,
        log: createLogger({ level: config.log.level, pretty: false }),
        database: await backend.database(),
        redisKeyPrefix: prefix,
        leaderboardUpkeepMs: 200,
      });
      const server = http.createServer(app.http);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      nodes.push({ app, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    }
    for (let i = 0; i < 12; i++) players.push(await register(nodes[i % 2]!.url, i % 3 === 0 ? 'FR' : 'BR'));
  });
  after(async () => {
    for (const node of nodes) {
      node.server.closeAllConnections();
      await new Promise<void>((resolve) => node.server.close(() => resolve()));
      await node.app.close();
    }
  });

  /** Games between random pairs, each finished on the node `i % 2`, all at once. */
  async function playAtOnce(count: number, seed: number): Promise<void> {
    let s = seed;
    const next = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const games = Array.from({ length: count }, (_, i) => {
      const a = players[Math.floor(next() * players.length)]!;
      let b = players[Math.floor(next() * players.length)]!;
      if (b === a) b = players[(players.indexOf(a) + 1) % players.length]!;
      return { node: nodes[i % 2]!, a, b, winner: next() < 0.5 ? a : b, at: Date.now() - 60_000 + i * 1000 };
    });
    await Promise.all(
      games.map((g) => playMatch(g.node.app.services.matches, pool, g.a, g.b, g.winner, g.at)),
    );
  }

  const page = async (node: (typeof nodes)[number], query = '') => {
    const res = await client(node.url).get(`/api/leaderboards/${board}?limit=100${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { total: number; standings: Array<{ rank: number; username: string; value: number }> };
  };

  /** The wins of each player as the record counts them, ranked 1224 by hand. */
  async function expectedWins(): Promise<Map<string, number>> {
    const rows = await backend.sql<{ user_id: string; value: number }>(
      'select user_id::text as user_id, value from leaderboard_entries where board_id = $1',
      [board],
    );
    return new Map(rows.map((r) => [r.user_id, r.value]));
  }

  it("games finished on both nodes at once: both nodes answer the same ranks, and they are the record's", async () => {
    await playAtOnce(40, 7);
    const [a, b] = [await page(nodes[0]!), await page(nodes[1]!)];
    assert.deepEqual(a.standings, b.standings);
    assert.deepEqual(await page(nodes[0]!, '&country=BR'), await page(nodes[1]!, '&country=BR'));
    const wins = await expectedWins();
    assert.equal(a.total, wins.size);
    assert.equal(
      [...wins.values()].reduce((n, v) => n + v, 0),
      40,
      'every win counted once',
    );
    for (const s of a.standings) {
      const player = players.find((p) => p.name === s.username)!;
      assert.equal(s.value, wins.get(player.id));
      assert.equal(s.rank, 1 + [...wins.values()].filter((v) => v > s.value).length);
    }
    for (const node of nodes) assert.deepEqual((await node.app.leaderboards.record.check()).mismatches, []);
  });

  it("Redis loses the deployment's keys while games finish: the nodes rebuild it and it agrees with PostgreSQL", async () => {
    const redis = new Redis(backend.redisUrl!);
    try {
      const running = playAtOnce(40, 99);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const keys = await redis.keys(`${prefix}:lb*`);
      assert.ok(keys.length > 0);
      await redis.del(...keys);
      await running;
      await waitUntil(
        async () => (await nodes[0]!.app.leaderboards.record.check()).mismatches.length === 0,
        20_000,
        200,
      );
      assert.deepEqual((await nodes[1]!.app.leaderboards.record.check()).mismatches, []);
      const wins = await expectedWins();
      assert.equal(
        [...wins.values()].reduce((n, v) => n + v, 0),
        80,
      );
      // Public reads are cached for up to 2 s: wait out what the previous test's reads left.
      await waitUntil(async () => (await page(nodes[1]!)).total === wins.size, 10_000, 250);
      await waitUntil(async () => (await page(nodes[0]!)).total === wins.size, 10_000, 250);
      assert.deepEqual((await page(nodes[0]!)).standings, (await page(nodes[1]!)).standings);
    } finally {
      await redis.quit();
    }
  });
  it('a ban on one node takes the player off the board on both at once; the unban puts them back', async () => {
    const scope = { board, period: 'all' };
    const [top] = await nodes[1]!.app.leaderboards.index.range(scope, 0, 1);
    const player = players.find((p) => p.id === top!.member)!;
    const staff = { userId: players.find((p) => p !== player)!.id, roles: ['admin'] } as AccessClaims;
    const country = { ...scope, country: players.indexOf(player) % 3 === 0 ? 'FR' : 'BR' };
    assert.notEqual(await nodes[1]!.app.leaderboards.index.standing(country, player.id), null);
    await nodes[0]!.app.services.moderation.ban(staff, player.name, { reason: 'cheating' });
    for (const node of nodes) {
      const index = node.app.leaderboards.index;
      assert.equal(await index.standing(scope, player.id), null);
      assert.ok((await index.range(scope, 0, 100)).every((e) => e.member !== player.id));
      assert.equal(await index.standing(country, player.id), null);
    }
    for (const node of nodes) assert.deepEqual((await node.app.leaderboards.record.check()).mismatches, []);
    await nodes[1]!.app.services.moderation.unban(staff, player.name, 'appeal');
    for (const node of nodes)
      assert.deepEqual(await node.app.leaderboards.index.standing(scope, player.id), top);
  });
});

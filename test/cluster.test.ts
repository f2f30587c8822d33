import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { LobbyClient, type QueueInfo } from '../client-sdk/index.ts';
import { redisPrefix } from './support/backends.ts';
import { newPlayer, sleep } from './support/chess.ts';
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
    const again = await LobbyClient.join(player.rookery);
    await again.until((s) => s.onlineCount === 1);
    await again.leave();
  });
});

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { waitUntil } from '../../test/support/wait.ts';
import { RedisChannels } from './redis-channels.ts';
import { RedisSessionRevocations } from './session-revocations.ts';

/** Three nodes' revocations over one Redis, as `server/app.ts` makes them. */
describe('revoked sessions across the nodes of a cluster', () => {
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) {
    it('needs Redis: TEST_REDIS_URL not set');
    return;
  }
  const prefix = `rookery-revocations-${process.pid}-${Date.now()}`;
  const clients: Redis[] = [];
  const nodes: RedisChannels[] = [];
  const clock = () => new Date();
  const errors: unknown[] = [];
  const startNode = async () => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    redis.on('error', () => undefined);
    clients.push(redis);
    const channels = new RedisChannels(redis, (err) => errors.push(err));
    nodes.push(channels);
    const node = new RedisSessionRevocations(redis, channels, prefix, 900, clock, (err) => errors.push(err));
    await node.start();
    return { node, redis, channels };
  };
  /** The node's subscribing connection (a private part: the test cuts it). */
  const subscriberOf = (channels: RedisChannels) => (channels as unknown as { connection: Redis }).connection;

  after(async () => {
    const admin = new Redis(redisUrl);
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
    await Promise.all(nodes.map((n) => n.close()));
    await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
  });

  it('a session revoked on one node is refused at once there, and on the others as soon as they hear it, without asking Redis at each check', async () => {
    const [a, b] = [await startNode(), await startNode()];
    await a.node.revoke(['s1', 's2']);
    assert.equal(await a.node.isRevoked('s1'), true, 'at once on the node that revoked it');
    await waitUntil(async () => (await b.node.isRevoked('s1')) && (await b.node.isRevoked('s2')), 5_000);
    // Checked from memory: with its connection to Redis gone the node still answers both ways.
    b.redis.disconnect();
    assert.equal(await b.node.isRevoked('s2'), true);
    assert.equal(await b.node.isRevoked('s3'), false);
    assert.deepEqual(errors, []);
  });

  it('a node started after a revocation refuses the session from its first moment', async () => {
    const a = await startNode();
    await a.node.revoke(['s4']);
    const later = await startNode();
    assert.equal(await later.node.isRevoked('s4'), true);
    assert.equal(await later.node.isRevoked('s5'), false);
  });

  it('a node whose subscription was cut learns what was published meanwhile once it is back', async () => {
    const [a, b] = [await startNode(), await startNode()];
    const subscriber = subscriberOf(b.channels);
    const cut = once(subscriber, 'end');
    subscriber.disconnect();
    await cut;
    await a.node.revoke(['s6']);
    assert.equal(await b.node.isRevoked('s6'), false, 'missed while cut off');
    await subscriber.connect();
    await waitUntil(() => b.node.isRevoked('s6'), 5_000);
    // And hears the next ones again.
    await a.node.revoke(['s7']);
    await waitUntil(() => b.node.isRevoked('s7'), 5_000);
  });
});

import assert from 'node:assert/strict';
import net from 'node:net';
import type { IRoomCache } from '@colyseus/core';
import { Redis } from 'ioredis';
import { waitUntil } from '../../test/support/wait.ts';
import { OwnListingsRedisDriver } from './own-listings-driver.ts';

/**
 * Two nodes' drivers over one Redis, as a room moves from node A (draining, or woken from a
 * stall) to node B under the same room id.
 */
describe('room listings in Redis, each process changing only its own', () => {
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) {
    it('needs Redis: TEST_REDIS_URL not set');
    return;
  }
  const prefix = `rookery-listings-${process.pid}-${Date.now()}:`;
  const clients: Redis[] = [];
  const driverOf = (processId: string, options?: ConstructorParameters<typeof OwnListingsRedisDriver>[2]) => {
    const redis = new Redis(redisUrl, { keyPrefix: prefix });
    clients.push(redis);
    return new OwnListingsRedisDriver(redis, () => processId, options);
  };
  const a = () => driverOf('node-a');
  const b = () => driverOf('node-b');
  const listing = (roomId: string, processId: string): IRoomCache =>
    ({ roomId, processId, name: 'queue', clients: 0, maxClients: 10, locked: false, metadata: {} }) as never;

  after(async () => {
    const keys = await clients[0]!.keys(`${prefix}*`);
    if (keys.length) await clients[0]!.del(...keys.map((k) => k.slice(prefix.length)));
    await Promise.all(clients.map((c) => c.quit()));
  });

  it("a closing copy's removal leaves the listing of the copy that replaced it, and removes its own", async () => {
    const [nodeA, nodeB] = [a(), b()];
    await nodeB.persist(listing('queue-blitz', 'node-b'));
    assert.equal(await nodeA.remove('queue-blitz'), false);
    assert.equal((await nodeA.findOne({ roomId: 'queue-blitz' }))?.processId, 'node-b');
    assert.equal(await nodeB.remove('queue-blitz'), true);
    assert.equal(await nodeA.findOne({ roomId: 'queue-blitz' }), undefined);
    assert.equal(await nodeA.remove('queue-blitz'), false, 'nothing to remove');
  });

  it('two removals of one listing at once are one script call, both answered with its outcome', async () => {
    const nodeA = a();
    await nodeA.remove('match-warm-up'); // the script is loaded: each call below is one EVALSHA
    await nodeA.persist(listing('match-twice', 'node-a'));
    const watcher = new Redis(redisUrl);
    clients.push(watcher);
    const monitor = await monitorRedis(redisUrl);
    try {
      assert.deepEqual(await Promise.all([nodeA.remove('match-twice'), nodeA.remove('match-twice')]), [
        true,
        true,
      ]);
      assert.equal(await nodeA.remove('match-twice'), false, 'a later removal is sent, and finds nothing');
      // MONITOR shows a command once it has run: a later one seen means the removals were seen.
      const marker = `marker-${process.pid}-${Date.now()}`;
      await watcher.echo(marker);
      await waitUntil(() => monitor.lines.some((line) => line.includes(`"${marker}"`)), 5_000);
      const calls = monitor.lines.filter((line) => line.includes('"match-twice"'));
      assert.equal(calls.filter((line) => /\] "eval/i.test(line)).length, 2, calls.join('\n'));
    } finally {
      monitor.close();
    }
  });

  it('a count-only change no query reads is written once, a moment later, unless a whole write or its removal comes first', async () => {
    const WAIT_MS = 150;
    const node = driverOf('node-a', { countsWriteMs: WAIT_MS });
    const reader = a();
    const listed = async (roomId: string) => reader.findOne({ roomId });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    const match = { ...listing('match-private', 'node-a'), private: true } as IRoomCache;
    await node.persist(match);
    assert.equal(await node.update(match, { $inc: { clients: 1 }, $set: { locked: false } }), true);
    assert.equal(await node.update(match, { $inc: { clients: 1 }, $set: { locked: false } }), true);
    assert.equal(match.clients, 2, 'the listing in the process is up to date at once');
    assert.equal((await listed('match-private'))?.clients, 0, 'not written yet');
    await pause(WAIT_MS * 3);
    assert.equal((await listed('match-private'))?.clients, 2, 'both changes, in one write');

    // A lock or unlock is written at once: joinById refuses a locked room by its listing.
    await node.update(match, { $inc: { clients: 1 }, $set: { locked: true } });
    const locked = await listed('match-private');
    assert.deepEqual([locked?.clients, locked?.locked], [3, true]);
    await node.update(match, { $inc: { clients: -1 }, $set: { locked: false } });
    assert.equal((await listed('match-private'))?.locked, false);

    // A whole write carries the counts and takes the place of the pending one.
    await node.update(match, { $inc: { clients: -1 } });
    await node.update(match, { $set: { metadata: { live: 'x' } } });
    const now = await listed('match-private');
    assert.deepEqual(
      [now?.clients, now?.metadata],
      [1, { live: 'x' }],
      'any other change is written at once',
    );

    // A removal cancels a pending write: the listing does not come back.
    await node.update(match, { $inc: { clients: -1 } });
    assert.equal(await node.remove('match-private'), true);
    await pause(WAIT_MS * 3);
    assert.equal(await listed('match-private'), undefined);

    // Without telling which counts are read, a public room's are written at once.
    const queue = listing('queue-public', 'node-a');
    await node.persist(queue);
    await node.update(queue, { $inc: { clients: 1 } });
    assert.equal((await listed('queue-public'))?.clients, 1);

    // Told, only those read are: here a room type whose queries sort by the count.
    const told = driverOf('node-a', {
      countsWriteMs: WAIT_MS,
      countRead: (l) => !l.private && l.name === 'sorted',
    });
    const sorted = { ...listing('sorted-1', 'node-a'), name: 'sorted' } as IRoomCache;
    const lobby = { ...listing('lobby-1', 'node-a'), name: 'lobby' } as IRoomCache;
    await told.persist(sorted);
    await told.persist(lobby);
    await told.update(sorted, { $inc: { clients: 1 } });
    await told.update(lobby, { $inc: { clients: 1 } });
    assert.deepEqual([(await listed('sorted-1'))?.clients, (await listed('lobby-1'))?.clients], [1, 0]);
    await pause(WAIT_MS * 3);
    assert.equal((await listed('lobby-1'))?.clients, 1);
  });

  it("a copy's lock or metadata change does not overwrite another process's listing; its own is updated", async () => {
    const [nodeA, nodeB] = [a(), b()];
    const stale = listing('lobby', 'node-a');
    await nodeB.persist(listing('lobby', 'node-b'));
    assert.equal(await nodeA.update(stale, { $set: { locked: true }, $inc: { clients: 1 } }), false);
    const listed = await nodeB.findOne({ roomId: 'lobby' });
    assert.equal(listed?.processId, 'node-b');
    assert.equal(listed?.locked, false);
    const own = listing('party-X', 'node-b');
    await nodeB.persist(own);
    assert.equal(await nodeB.update(own, { $set: { locked: true }, $inc: { clients: 2 } }), true);
    const updated = await nodeA.findOne({ roomId: 'party-X' });
    assert.equal(updated?.locked, true);
    assert.equal(updated?.clients, 2);
    // A room whose listing is gone (its node was taken for dead a moment) lists itself again.
    await nodeB.remove('party-X');
    assert.equal(await nodeB.update(own, { $set: { locked: false } }), true);
    assert.equal((await nodeA.findOne({ roomId: 'party-X' }))?.processId, 'node-b');
  });

  it("the removal of a dead process's listings takes only those that still name it", async () => {
    const [nodeA, nodeB] = [a(), b()];
    await nodeA.persist(listing('m1', 'node-a'));
    await nodeA.persist(listing('m2', 'node-a'));
    await nodeB.persist(listing('m3', 'node-b'));
    await nodeB.cleanup('node-a');
    assert.deepEqual(
      [...(await nodeB.findByIds(['m1', 'm2', 'm3'])).keys()],
      ['m3'],
      "the dead process's listings went, the other's stayed",
    );
  });
});

/**
 * Redis's MONITOR over a plain socket: the line of each command the server runs, from the moment
 * it resolves. (ioredis's own monitor mode, with other clients busy on the server, once took a
 * command's line for the answer to its MONITOR and failed with "Command queue state error".)
 */
async function monitorRedis(url: string): Promise<{ lines: string[]; close(): void }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port || 6379), hostname);
  const lines: string[] = [];
  let pending = '';
  const started = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      for (;;) {
        const end = pending.indexOf('\r\n');
        if (end < 0) break;
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        if (line === '+OK') resolve();
        else lines.push(line);
      }
    });
  });
  socket.write('MONITOR\r\n');
  await started;
  return { lines, close: () => socket.destroy() };
}

import assert from 'node:assert/strict';
import type { Presence } from '@colyseus/core';
import { createPresence } from '../server/platform/presence.ts';
import { redisPrefix } from './support/backends.ts';
import { sleep } from './support/chess.ts';
import { waitUntil } from './support/wait.ts';

/** Two deployments sharing one Redis server, each under its own REDIS_KEY_PREFIX. */
describe('Redis presence of two deployments on one Redis server', () => {
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) {
    it('needs TEST_REDIS_URL');
    return;
  }
  let a: Presence;
  let b: Presence;
  beforeEach(() => {
    a = createPresence(redisUrl, redisPrefix()).presence;
    b = createPresence(redisUrl, redisPrefix()).presence;
  });
  afterEach(() => {
    a.shutdown();
    b.shutdown();
  });

  it('keeps their messages apart: a room id both use (the lobby) hears only its own deployment', async () => {
    const heard: string[] = [];
    await a.subscribe('$lobby', (m: string) => heard.push(`a:${m}`));
    await b.subscribe('$lobby', (m: string) => heard.push(`b:${m}`));
    await a.publish('$lobby', 'to a');
    await b.publish('$lobby', 'to b');
    await waitUntil(() => heard.length >= 2, 2_000, 10);
    // Nothing else arrives (a message of the other deployment would come as fast).
    await sleep(50);
    assert.deepEqual(heard.sort(), ['a:to a', 'b:to b']);
  });

  it('lists only its own channels, by the names its rooms gave them', async () => {
    await a.subscribe('p:node-a', () => undefined);
    await b.subscribe('p:node-b', () => undefined);
    assert.deepEqual(await a.channels('p:*'), ['p:node-a']);
    assert.deepEqual(await b.channels('p:*'), ['p:node-b']);
    await a.unsubscribe('p:node-a');
    assert.deepEqual(await a.channels('p:*'), []);
  });

  it('keeps their keys apart', async () => {
    await a.set('lock', '1');
    assert.equal(await b.exists('lock'), false);
    assert.equal(await a.exists('lock'), true);
    await a.del('lock');
  });
});

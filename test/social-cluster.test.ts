import assert from 'node:assert/strict';
import { LobbyClient } from '../client-sdk/index.ts';
import { newPlayer, type Player } from './support/chess.ts';
import { type Deployment, newDeployment } from './support/cluster.ts';
import { framesOf } from './support/games/tap.ts';
import type { ServerProcess } from './support/process.ts';
import { client } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

/** Two nodes of one deployment as separate processes, sharing PostgreSQL and Redis. */
describe('friends and notifications across the nodes of a cluster (PostgreSQL + Redis)', function () {
  this.timeout(120_000);
  const adminUrl = process.env.TEST_POSTGRES_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!adminUrl || !redisUrl) {
    it('needs TEST_POSTGRES_URL and TEST_REDIS_URL');
    return;
  }
  let deployment: Deployment;
  let nodes: ServerProcess[] = [];

  before(async () => {
    deployment = await newDeployment(adminUrl, redisUrl, `rookery_social_${process.pid}`, {
      readyMs: 60_000,
    });
    ({ nodes } = deployment);
    for (let i = 0; i < 2; i++) await deployment.startNode();
  });
  after(async () => {
    await deployment?.close('SIGTERM');
  });

  const token = async (player: Player) => player.rookery.accessToken();

  it("shows a friend's presence through either node, and a notification reaches them live on another node", async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const ann = await newPlayer(a.url);
    const ben = await newPlayer(b.url);
    const cleo = await newPlayer(a.url);
    const apiA = client(a.url);
    const apiB = client(b.url);
    const annId = (await ann.rookery.me()).id;
    const benId = (await ben.rookery.me()).id;

    assert.equal(
      (await apiA.post('/api/me/friends/requests', { username: ben.username }, await token(ann))).status,
      201,
    );
    assert.equal(
      (await apiB.post(`/api/me/friends/requests/${annId}/accept`, undefined, await token(ben))).status,
      204,
    );
    const offline = (await apiA.get('/api/me/friends', await token(ann))).body.friends;
    assert.deepEqual(
      offline.map((f: { userId: string; online: boolean }) => [f.userId, f.online]),
      [[benId, false]],
    );

    // Ben is in the lobby through node B; Ann asks through node A, and cleo sends him a request.
    const lobby = await LobbyClient.join(ben.rookery);
    const live: Array<{ type: string; data: { from: { name: string } } }> = [];
    lobby.room.onMessage('notification', (n) => live.push(n));
    await lobby.until((s) => s.online.has(benId));
    for (const api of [apiA, apiB]) {
      const friends = (await api.get('/api/me/friends', await token(ann))).body.friends;
      assert.equal(friends[0].online, true, 'online, asked through either node');
    }
    // Cleo asks through the node that does not hold the lobby (where Ben's connection is).
    const lobbyPort = new URL((lobby.room as unknown as { connection: { url: string } }).connection.url).port;
    const elsewhere = nodes.find((n) => new URL(n.url).port !== lobbyPort)!;
    const asked = await client(elsewhere.url).post(
      '/api/me/friends/requests',
      { username: ben.username },
      await token(cleo),
    );
    assert.equal(asked.status, 201);
    await waitUntil(() => live.length > 0, 10_000, 50);
    assert.equal(live[0]!.type, 'friend_request');
    assert.equal(live[0]!.data.from.name, cleo.username);
    const inbox = (await apiB.get('/api/me/notifications', await token(ben))).body;
    assert.equal(inbox.notifications[0].type, 'friend_request');

    // Ben blocks Cleo: her challenge is refused, on whichever node she asks.
    await apiB.post('/api/me/blocks', { username: cleo.username }, await token(ben));
    const challenge = await apiA.post(
      '/api/challenges',
      { opponent: ben.username, timeControl: '3+2', rated: false },
      await token(cleo),
    );
    assert.equal(challenge.status, 403);
    assert.equal(challenge.body.error.code, 'BLOCKED');
    await lobby.leave();
    await waitUntil(
      async () => !(await apiA.get('/api/me/friends', await token(ann))).body.friends[0].online,
      10_000,
      100,
    );
    // Ben is away: a request made through the other node waits in his inbox, read through his.
    const dan = await newPlayer(a.url);
    assert.equal(
      (await apiA.post('/api/me/friends/requests', { username: ben.username }, await token(dan))).status,
      201,
    );
    const waiting = (await apiB.get('/api/me/notifications?unread=true', await token(ben))).body;
    assert.equal(waiting.notifications[0].type, 'friend_request');
    assert.equal(waiting.notifications[0].data.from.name, dan.username);
    assert.equal(live.length, 1, 'nothing was delivered live to a connection that is gone');
  });

  it("a block made or lifted through the node without the lobby hides or shows the blocker to the blocked user's connections at once", async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const ann = await newPlayer(a.url);
    const ben = await newPlayer(b.url);
    const annId = (await ann.rookery.me()).id;
    const benId = (await ben.rookery.me()).id;
    const annLobby = await LobbyClient.join(ann.rookery);
    const benLobby = await LobbyClient.join(ben.rookery);
    await annLobby.say('ann says hi');
    await benLobby.until((s) => s.online.has(annId) && s.chat.some((l) => l.userId === annId));
    const lobbyPort = new URL((benLobby.room as unknown as { connection: { url: string } }).connection.url)
      .port;
    const elsewhere = client(nodes.find((n) => new URL(n.url).port !== lobbyPort)!.url);

    assert.equal(
      (await elsewhere.post('/api/me/blocks', { username: ben.username }, await token(ann))).status,
      201,
    );
    await benLobby.until((s) => !s.online.has(annId) && !s.chat.some((l) => l.userId === annId));
    const fromBlock = framesOf(benLobby.room).length;
    await annLobby.say('ben does not hear this');
    const seekId = await annLobby.postSeek({ timeControl: '8+0', rated: false });
    await benLobby.say('ben is still here');
    await annLobby.until((s) => s.chat.some((l) => l.text === 'ben is still here') && s.online.has(benId));
    await benLobby.until((s) => s.chat.some((l) => l.text === 'ben is still here'));
    const later = Buffer.concat(
      framesOf(benLobby.room)
        .slice(fromBlock)
        .map((f) => f.bytes),
    );
    assert.equal(
      later.includes(annId) || later.includes(ann.username),
      false,
      'nothing after the block names Ann',
    );
    assert.equal(benLobby.state.seeks.has(seekId), false);

    assert.equal((await elsewhere.delete(`/api/me/blocks/${benId}`, await token(ann))).status, 204);
    await benLobby.until((s) => s.online.has(annId) && s.seeks.has(seekId));
    assert.ok(benLobby.state.chat.some((l) => l.text === 'ben does not hear this'));
    await Promise.all([annLobby.leave(), benLobby.leave()]);
  });
});

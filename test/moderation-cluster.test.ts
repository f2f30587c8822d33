import assert from 'node:assert/strict';
import { LobbyClient } from '../client-sdk/index.ts';
import { SESSION_CLOSE_CODES } from '../schema/moderation.ts';
import { newPlayer, PASSWORD } from './support/chess.ts';
import { type Deployment, newDeployment } from './support/cluster.ts';
import type { ServerProcess } from './support/process.ts';
import { client, uniqueName } from './support/server.ts';

/**
 * Two server processes of one deployment (PostgreSQL + Redis), as in `test/cluster.test.ts`: a
 * ban sent to one node closes the banned user's connections on both, and both refuse the token.
 */
describe('moderation across a cluster of two nodes (PostgreSQL + Redis)', function () {
  this.timeout(120_000);
  const adminUrl = process.env.TEST_POSTGRES_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!adminUrl || !redisUrl) {
    it('needs TEST_POSTGRES_URL and TEST_REDIS_URL');
    return;
  }
  const adminName = uniqueName('root');
  let deployment: Deployment;
  let nodes: ServerProcess[] = [];

  before(async () => {
    deployment = await newDeployment(adminUrl, redisUrl, `rookery_modcluster_${process.pid}`);
    ({ nodes } = deployment);
    await deployment.startNode({ ADMIN_USERNAME: adminName, ADMIN_PASSWORD: PASSWORD });
    await deployment.startNode({ MIGRATE_ON_BOOT: 'false' });
  });
  after(async () => {
    await deployment?.close('SIGKILL');
  });

  const portOf = (room: { connection: { url?: string } }) => new URL(room.connection.url!).port;

  it('a ban on one node closes the user’s sockets on both nodes, and both refuse the token', async () => {
    const [first, second] = nodes as [ServerProcess, ServerProcess];
    const player = await newPlayer(first.url);
    const lobby = await LobbyClient.join(player.rookery, { chess: player.chess });
    // The lobby's node has a connection now: the new game goes to the other, emptier node.
    const game = await player.chess.vsBot({ level: 'random', color: 'white' });
    assert.notEqual(portOf(game.room), portOf(lobby.room), 'the game and the lobby are on two nodes');

    const closes = [lobby.room, game.room].map(
      (room) => new Promise<number>((resolve) => room.onLeave((code: number) => resolve(code))),
    );
    const api = client(second.url);
    const admin = (await api.post('/api/auth/login', { username: adminName, password: PASSWORD })).body;
    const sent = Date.now();
    const ban = await api.post(
      `/api/admin/users/${player.username}/ban`,
      { reason: 'cheating' },
      admin.accessToken,
    );
    assert.equal(ban.status, 200, JSON.stringify(ban.body));
    assert.deepEqual(await Promise.all(closes), [SESSION_CLOSE_CODES.banned, SESSION_CLOSE_CODES.banned]);
    console.log(`      both sockets closed ${Date.now() - sent} ms after the ban was sent`);

    const token = await player.rookery.accessToken();
    for (const node of nodes) {
      const me = await client(node.url).get('/api/me', token);
      assert.equal(me.status, 403);
      assert.equal(me.body.error.code, 'ACCOUNT_BANNED');
    }
  });
});

import assert from 'node:assert/strict';
import { apiStack, bearer } from './support/api-suite.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { type client, expectUnchanged, uniqueName } from './support/server.ts';

const PASSWORD = 'correct horse battery';

forEachBackend('friends, blocks and the inbox', (backend: Backend) => {
  let api: ReturnType<typeof client>;

  apiStack(backend, (stack) => {
    ({ api } = stack);
  });

  const unchanged = (action: () => Promise<unknown>) => expectUnchanged(backend, action);
  const register = async () => {
    const username = uniqueName('s');
    const res = await api.post('/api/auth/register', { username, password: PASSWORD });
    assert.equal(res.status, 201);
    return { id: res.body.user.id as string, username, token: res.body.accessToken as string };
  };
  const inbox = async (token: string) => (await api.get('/api/me/notifications', token)).body;

  it('requests, accepts and removes a friend, with a notification for each step in the inbox', async () => {
    const [ann, ben] = [await register(), await register()];
    const asked = await api.post(
      '/api/me/friends/requests',
      { username: ben.username.toUpperCase() },
      ann.token,
    );
    assert.equal(asked.status, 201);
    assert.deepEqual(asked.body, { status: 'requested' });
    assert.deepEqual(
      (await api.get('/api/me/friends', ann.token)).body.outgoing.map((u: { userId: string }) => u.userId),
      [ben.id],
    );
    const waiting = await inbox(ben.token);
    assert.equal(waiting.unread, 1);
    assert.equal(waiting.notifications[0].type, 'friend_request');
    assert.deepEqual(waiting.notifications[0].data, { from: { userId: ann.id, name: ann.username } });

    assert.equal(
      (await api.post(`/api/me/friends/requests/${ann.id}/accept`, undefined, ben.token)).status,
      204,
    );
    const list = (await api.get('/api/me/friends', ann.token)).body;
    assert.deepEqual(
      list.friends.map((f: { userId: string; online: boolean; playing: unknown }) => [
        f.userId,
        f.online,
        f.playing,
      ]),
      [[ben.id, false, null]],
    );
    assert.deepEqual(list.outgoing, []);
    assert.equal((await inbox(ann.token)).notifications[0].type, 'friend_accepted');

    const read = await api.post('/api/me/notifications/read', { all: true }, ben.token);
    assert.deepEqual(read.body, { marked: 1, unread: 0 });
    assert.equal(
      (await api.get('/api/me/notifications?unread=true', ben.token)).body.notifications.length,
      0,
    );

    const again = await api.post('/api/me/friends/requests', { username: ben.username }, ann.token);
    assert.equal(again.body.error.code, 'ALREADY_FRIENDS');
    assert.equal(
      (await api.send('DELETE', `/api/me/friends/${ben.id}`, undefined, bearer(ann.token))).status,
      204,
    );
    assert.deepEqual((await api.get('/api/me/friends', ben.token)).body.friends, []);
  });

  it('makes two crossing requests a friendship, and a declined request leaves none', async () => {
    const [a, b, c] = [await register(), await register(), await register()];
    await api.post('/api/me/friends/requests', { username: b.username }, a.token);
    const crossing = await api.post('/api/me/friends/requests', { username: a.username }, b.token);
    assert.deepEqual(crossing.body, { status: 'friends' });
    await api.post('/api/me/friends/requests', { username: c.username }, a.token);
    assert.equal(
      (await api.post(`/api/me/friends/requests/${a.id}/decline`, undefined, c.token)).status,
      204,
    );
    assert.deepEqual(
      (await api.get('/api/me/friends', a.token)).body.friends.map((f: { userId: string }) => f.userId),
      [b.id],
    );
  });

  it('a block ends the friendship, and refuses requests and challenges from the blocked player', async () => {
    const [blocker, pest] = [await register(), await register()];
    await api.post('/api/me/friends/requests', { username: blocker.username }, pest.token);
    await api.post(`/api/me/friends/requests/${pest.id}/accept`, undefined, blocker.token);
    const blocked = await api.post('/api/me/blocks', { username: pest.username }, blocker.token);
    assert.equal(blocked.status, 201);
    assert.equal(blocked.body.userId, pest.id);
    assert.deepEqual((await api.get('/api/me/friends', pest.token)).body.friends, []);
    await unchanged(async () => {
      const request = await api.post('/api/me/friends/requests', { username: blocker.username }, pest.token);
      assert.equal(request.status, 403);
      assert.equal(request.body.error.code, 'BLOCKED');
      const challenge = await api.post(
        '/api/challenges',
        { opponent: blocker.username, timeControl: '3+2', rated: false },
        pest.token,
      );
      assert.equal(challenge.status, 403);
      assert.equal(challenge.body.error.code, 'BLOCKED');
    });
    assert.deepEqual(
      (await api.get('/api/me/blocks', blocker.token)).body.blocked.map((b: { userId: string }) => b.userId),
      [pest.id],
    );
    assert.equal(
      (await api.send('DELETE', `/api/me/blocks/${pest.id}`, undefined, bearer(blocker.token))).status,
      204,
    );
    assert.equal(
      (await api.post('/api/me/friends/requests', { username: blocker.username }, pest.token)).status,
      201,
    );
  });

  it('pages the inbox newest first and marks chosen notifications read', async () => {
    const me = await register();
    const senders = [await register(), await register(), await register()];
    for (const s of senders) await api.post('/api/me/friends/requests', { username: me.username }, s.token);
    const first = (await api.get('/api/me/notifications?limit=2', me.token)).body;
    assert.equal(first.notifications.length, 2);
    assert.equal(first.unread, 3);
    assert.equal(first.notifications[0].data.from.userId, senders[2]!.id);
    const second = (await api.get(`/api/me/notifications?limit=2&before=${first.next}`, me.token)).body;
    assert.deepEqual(
      second.notifications.map((n: { data: { from: { userId: string } } }) => n.data.from.userId),
      [senders[0]!.id],
    );
    assert.equal(second.next, null);
    const marked = await api.post(
      '/api/me/notifications/read',
      { ids: [first.notifications[0].id] },
      me.token,
    );
    assert.deepEqual(marked.body, { marked: 1, unread: 2 });
    // Another user's notification ids change nothing.
    const other = await register();
    await unchanged(async () => {
      const res = await api.post(
        '/api/me/notifications/read',
        { ids: [first.notifications[1].id] },
        other.token,
      );
      assert.deepEqual(res.body, { marked: 0, unread: 0 });
    });
  });

  const refusals: Array<[string, string, string, unknown, number, string]> = [
    ['a request without a username', 'POST', '/api/me/friends/requests', {}, 400, 'VALIDATION_FAILED'],
    ['a request to a number', 'POST', '/api/me/friends/requests', { username: 42 }, 400, 'VALIDATION_FAILED'],
    [
      'a request to nobody',
      'POST',
      '/api/me/friends/requests',
      { username: 'nobody_here_x' },
      404,
      'USER_NOT_FOUND',
    ],
    [
      'accepting a request never made',
      'POST',
      `/api/me/friends/requests/${crypto.randomUUID()}/accept`,
      undefined,
      404,
      'FRIEND_REQUEST_NOT_FOUND',
    ],
    [
      'accepting by a bad id',
      'POST',
      '/api/me/friends/requests/nope/accept',
      undefined,
      400,
      'VALIDATION_FAILED',
    ],
    [
      'removing a stranger',
      'DELETE',
      `/api/me/friends/${crypto.randomUUID()}`,
      undefined,
      404,
      'FRIEND_NOT_FOUND',
    ],
    [
      'unblocking someone not blocked',
      'DELETE',
      `/api/me/blocks/${crypto.randomUUID()}`,
      undefined,
      404,
      'BLOCK_NOT_FOUND',
    ],
    [
      'blocking with an extra field',
      'POST',
      '/api/me/blocks',
      { username: 'abc', why: 'x' },
      400,
      'VALIDATION_FAILED',
    ],
    ['marking nothing read', 'POST', '/api/me/notifications/read', {}, 400, 'VALIDATION_FAILED'],
    [
      'marking a bad id read',
      'POST',
      '/api/me/notifications/read',
      { ids: ['1; drop table users'] },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'too many ids',
      'POST',
      '/api/me/notifications/read',
      { ids: Array(101).fill('1') },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an inbox page too large',
      'GET',
      '/api/me/notifications?limit=1000',
      undefined,
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an inbox with an unknown parameter',
      'GET',
      '/api/me/notifications?sort=asc',
      undefined,
      400,
      'VALIDATION_FAILED',
    ],
  ];
  for (const [what, method, path, body, status, code] of refusals) {
    it(`refuses ${what} (${status} ${code}) and changes nothing`, async () => {
      const me = await register();
      await unchanged(async () => {
        const res = await api.send(method, path, body, bearer(me.token));
        assert.equal(res.status, status, JSON.stringify(res.body));
        assert.equal(res.body.error.code, code);
      });
    });
  }

  it('refuses a guest a friends list, yourself as a friend, and anyone without a token', async () => {
    const guest = (await api.post('/api/auth/guest')).body;
    const me = await register();
    await unchanged(async () => {
      const res = await api.post('/api/me/friends/requests', { username: me.username }, guest.accessToken);
      assert.equal(res.body.error.code, 'FORBIDDEN');
      const self = await api.post('/api/me/friends/requests', { username: me.username }, me.token);
      assert.equal(self.body.error.code, 'VALIDATION_FAILED');
      const anonymous = await api.get('/api/me/friends');
      assert.equal(anonymous.body.error.code, 'UNAUTHENTICATED');
    });
  });

  it('cuts a flood of changes off with 429 before anything is written, and forged tokens change nothing', async () => {
    const [spammer, target] = [await register(), await register()];
    // Requests to nobody still count: the flood is cut off whatever it asks.
    let res = await api.post('/api/me/friends/requests', { username: 'nobody_here_x' }, spammer.token);
    for (let i = 0; i < 40 && res.status !== 429; i++) {
      res = await api.post('/api/me/friends/requests', { username: 'nobody_here_x' }, spammer.token);
    }
    assert.equal(res.status, 429);
    assert.equal(res.body.error.code, 'RATE_LIMITED');
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    await unchanged(async () => {
      const request = await api.post(
        '/api/me/friends/requests',
        { username: target.username },
        spammer.token,
      );
      assert.equal(request.status, 429);
      assert.equal(request.body.error.code, 'RATE_LIMITED');
      const blocking = await api.post('/api/me/blocks', { username: target.username }, spammer.token);
      assert.equal(blocking.status, 429);
      const exported = await api.get('/api/me/export', spammer.token);
      assert.equal(exported.status, 429);
      for (const [method, path] of [
        ['POST', '/api/me/friends/requests'],
        ['POST', '/api/me/blocks'],
        ['GET', '/api/me/friends'],
        ['POST', '/api/me/notifications/read'],
      ] as const) {
        const body = method === 'GET' ? undefined : { username: target.username };
        const forged = await api.send(method, path, body, bearer('forged.token.here'));
        assert.equal(forged.status, 401);
        assert.equal(forged.body.error.code, 'TOKEN_INVALID');
      }
    });
    // Reading is not limited; the target was asked nothing.
    assert.equal((await api.get('/api/me/friends', spammer.token)).status, 200);
    assert.equal((await inbox(target.token)).unread, 0);
  });
});

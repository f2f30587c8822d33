import assert from 'node:assert/strict';
import { Tournaments } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer, type Player, refused } from './support/chess.ts';
import type { TestGameServer } from './support/game.ts';
import { type client, expectUnchanged, type Reply, uniqueName } from './support/server.ts';
import { staffStack } from './support/staff.ts';

const LATER = () => Date.now() + 3_600_000;

const body = (extra: Record<string, unknown> = {}) => ({
  name: 'Club night',
  game: 'chess',
  options: { timeControl: '5+3' },
  format: 'swiss',
  rounds: 3,
  startsAt: LATER(),
  ...extra,
});

function refusedWith(reply: Reply, status: number, code: string): void {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.equal(reply.body.error.code, code, JSON.stringify(reply.body));
}

forEachBackend('private tournaments', (backend: Backend) => {
  let server: TestGameServer;
  let api: ReturnType<typeof client>;
  let admin: string;
  let host: Player;
  let guest: Player;
  let stranger: Player;
  const tokenOf = (p: Player) => p.rookery.accessToken();
  const listedFor = async (p: Player | undefined, id: string) => {
    const list = await api.get('/api/tournaments?status=upcoming', p ? await tokenOf(p) : undefined);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    return list.body.tournaments.some((t: { id: string }) => t.id === id);
  };

  staffStack(backend, uniqueName('root'), (stack) => {
    ({ server, api, admin } = stack);
  });
  before(async () => {
    const made = await Promise.all([0, 1, 2].map(() => newPlayer(server.url)));
    [host, guest, stranger] = made as [Player, Player, Player];
  });

  it('with a password: listed for nobody but its creator and players, reached by id, entered with the right password only', async () => {
    const created = await new Tournaments(host.rookery).create({
      ...body(),
      format: 'swiss',
      private: true,
      password: 'rook takes',
    });
    assert.equal(created.access, 'password');
    const { id } = created;
    const [row] = await backend.sql<{ access: string; hash: string }>(
      'select access, password_hash as hash from tournaments where id = $1',
      [id],
    );
    assert.equal(row?.access, 'password');
    assert.match(row?.hash ?? '', /^\$argon2id\$/, 'kept as a hash');
    assert.ok(
      !JSON.stringify(
        await backend.sql('select event from tournament_events where tournament_id = $1', [id]),
      ).includes('rook takes'),
    );

    assert.equal(await listedFor(host, id), true);
    assert.equal(await listedFor(stranger, id), false);
    assert.equal(await listedFor(undefined, id), false);
    assert.equal((await api.get(`/api/tournaments/${id}`)).status, 200, 'its page is reached by id');

    const tournaments = new Tournaments(guest.rookery);
    await expectUnchanged(backend, async () => {
      await refused(tournaments.join(id), 'TOURNAMENT_PASSWORD_WRONG');
      await refused(tournaments.join(id, { password: 'rook takes!' }), 'TOURNAMENT_PASSWORD_WRONG');
      refusedWith(
        await api.post(`/api/tournaments/${id}/join`, { password: '' }, await tokenOf(guest)),
        400,
        'VALIDATION_FAILED',
      );
    });
    const joined = await tournaments.join(id, { password: 'rook takes' });
    assert.equal(joined.players, 1);
    assert.equal(await listedFor(guest, id), true, 'listed for a player who entered');
    await new Tournaments(host.rookery).join(id);
    assert.equal((await tournaments.get(id)).players, 2, 'its creator needs no password');
  });

  it('with a password: an arena player who paused comes back without giving it again', async () => {
    const created = await new Tournaments(host.rookery).create({
      ...body(),
      format: 'arena',
      rounds: undefined,
      arena: { minutes: 10 },
      startsAt: Date.now(),
      private: true,
      password: 'castle long',
    });
    const tournaments = new Tournaments(stranger.rookery);
    const me = (await stranger.rookery.me()).id;
    await tournaments.join(created.id, { password: 'castle long' });
    const pausedOf = async () =>
      (await tournaments.get(created.id)).standings.find((r) => r.userId === me)?.arena?.paused;
    // Paused once the arena runs (a withdrawal before its start takes the entry back).
    for (let i = 0; i < 50 && (await tournaments.get(created.id)).status !== 'running'; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await tournaments.withdraw(created.id);
    assert.equal(await pausedOf(), true);
    await tournaments.join(created.id);
    assert.equal(await pausedOf(), false);
  });

  it('counts guesses at a password on the player’s allowance: past it, RATE_LIMITED, even for the right one', async function () {
    this.timeout(60_000);
    const { id } = await new Tournaments(host.rookery).create({
      ...body(),
      format: 'swiss',
      private: true,
      password: 'long guess',
    });
    const guesser = await newPlayer(server.url);
    const token = await tokenOf(guesser);
    const tries: number[] = [];
    for (let i = 0; i < 31; i++)
      tries.push((await api.post(`/api/tournaments/${id}/join`, { password: `guess ${i}` }, token)).status);
    assert.deepEqual(new Set(tries.slice(0, 30)), new Set([403]));
    assert.equal(tries[30], 429);
    refusedWith(
      await api.post(`/api/tournaments/${id}/join`, { password: 'long guess' }, token),
      429,
      'RATE_LIMITED',
    );
    assert.equal((await api.get(`/api/tournaments/${id}`)).body.players, 0);
  });

  it('by invitation: only the invited enter; the creator invites more by name; others are told they are not invited', async () => {
    const hostApi = new Tournaments(host.rookery);
    const created = await hostApi.create({
      ...body(),
      format: 'swiss',
      private: true,
      invite: [guest.username],
    });
    assert.equal(created.access, 'invitation');
    assert.deepEqual(created.invited, [guest.username]);
    const { id } = created;
    assert.equal(await listedFor(guest, id), true, 'listed for the invited before they enter');
    assert.equal(await listedFor(stranger, id), false);
    assert.equal(await listedFor(undefined, id), false);
    assert.equal(
      (await new Tournaments(stranger.rookery).get(id)).invited,
      undefined,
      'only its creator sees whom it invited',
    );

    const strangers = new Tournaments(stranger.rookery);
    await expectUnchanged(backend, async () => {
      await refused(strangers.join(id), 'NOT_INVITED');
      await refused(strangers.invite(id, [stranger.username]), 'FORBIDDEN');
      await refused(hostApi.invite(id, ['nobody_by_that_name']), 'USER_NOT_FOUND');
    });
    await new Tournaments(guest.rookery).join(id);
    const invited = await hostApi.invite(id, [stranger.username, guest.username]);
    assert.deepEqual(invited.invited, [guest.username, stranger.username]);
    assert.equal(await listedFor(stranger, id), true);
    await strangers.join(id);
    assert.equal((await hostApi.get(id)).players, 2);
    // Staff see every tournament in their list.
    const all = (await api.get('/api/admin/tournaments?status=upcoming', admin)).body.tournaments;
    assert.ok(all.some((t: { id: string; access: string }) => t.id === id && t.access === 'invitation'));
  });

  it('refuses a private tournament that does not say how it is entered, with VALIDATION_FAILED or USER_NOT_FOUND, and writes nothing', async () => {
    const token = await tokenOf(host);
    await expectUnchanged(backend, async () => {
      for (const bad of [
        body({ password: 'secret words' }),
        body({ invite: [guest.username] }),
        body({ private: false, password: 'secret words' }),
        body({ private: true, password: 'secret words', invite: [guest.username] }),
        body({ private: true, password: 'abc' }),
        body({ private: true, invite: ['not a name!'] }),
        body({ private: 'yes' }),
      ])
        refusedWith(await api.post('/api/tournaments', bad, token), 400, 'VALIDATION_FAILED');
      refusedWith(
        await api.post('/api/tournaments', body({ private: true, invite: ['nobody_by_that_name'] }), token),
        404,
        'USER_NOT_FOUND',
      );
    });
    const open = (await api.post('/api/tournaments', body(), token)).body;
    refusedWith(
      await api.post(`/api/tournaments/${open.id}/invite`, { usernames: [guest.username] }, token),
      400,
      'VALIDATION_FAILED',
    );
    refusedWith(
      await api.post(`/api/tournaments/${open.id}/invite`, { usernames: [] }, token),
      400,
      'VALIDATION_FAILED',
    );
    assert.equal(open.access, 'public');
    assert.equal(await listedFor(undefined, open.id), true, 'a public one is listed for everyone');
  });
});

import assert from 'node:assert/strict';
import { loadLeaderboardConfig } from '../server/leaderboards-config.ts';
import { LeaderboardAccounts } from '../server/services/leaderboard-accounts.ts';
import { ModerationService } from '../server/services/moderation.service.ts';
import type { AccessClaims } from '../server/services/ports.ts';
import { forEachBackend } from './support/backends.ts';
import { PASSWORD, playMatch, register, runTag, testBoard } from './support/leaderboards.ts';
import { client, startServer, type TestServer, uniqueName } from './support/server.ts';

const at = (iso: string) => Date.parse(iso);

forEachBackend(
  'leaderboards: a banned account leaves the boards and comes back; a deleted one leaves',
  (backend) => {
    const tag = runTag();
    const pool = `ban-${tag}`;
    const hidden = `pts-${tag}`;
    const open = `pts-open-${tag}`;
    const config = {
      boards: [
        testBoard(hidden, { pool, metric: 'points', operator: 'increment', reset: 'never' }),
        testBoard(open, {
          pool,
          metric: 'points',
          operator: 'increment',
          reset: 'never',
          eligibility: { minGames: 0, noProvisional: false, noBanned: false, noGuests: true },
        }),
      ],
    };
    const loaded = loadLeaderboardConfig({ json: JSON.stringify(config) });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const { boards } = loaded.value;
    const adminName = uniqueName('adm');
    let server: TestServer;
    let admin: string;
    let ann: Awaited<ReturnType<typeof register>>;
    let bob: Awaited<ReturnType<typeof register>>;
    let cid: Awaited<ReturnType<typeof register>>;
    const api = () => client(server.url);
    const index = () => server.app.leaderboards.index;
    const all = { board: hidden, period: 'all' };
    const fr = { ...all, country: 'FR' };
    /** Every read of the index, as `rank:member` (members by their names). */
    const reads = async () => {
      const name = (id: string) => [ann, bob, cid].find((a) => a.id === id)?.name ?? id;
      const show = (e: { rank: number; member: string } | null) => (e ? `${e.rank}:${name(e.member)}` : null);
      return {
        top: (await index().range(all, 0, 10)).map(show),
        topFr: (await index().range(fr, 0, 10)).map(show),
        ann: show(await index().standing(all, ann.id)),
        annFr: show(await index().standing(fr, ann.id)),
        bob: show(await index().standing(all, bob.id)),
        bobFr: show(await index().standing(fr, bob.id)),
        aroundAnn: (await index().around(all, ann.id, 1)).map(show),
        aroundCid: (await index().around(all, cid.id, 1)).map(show),
        size: await index().size(all),
        sizeFr: await index().size(fr),
      };
    };
    const ban = async (who: { name: string }, minutes?: number) => {
      const res = await api().post(
        `/api/admin/users/${who.name}/ban`,
        { reason: 'cheating', ...(minutes ? { minutes } : {}) },
        admin,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    const unban = async (who: { name: string }) => {
      const res = await api().post(`/api/admin/users/${who.name}/unban`, { reason: 'appeal' }, admin);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };

    const shown = {
      top: [`1:ann`, `2:bob`, `3:cid`],
      topFr: [`1:ann`, `2:bob`],
      ann: '1:ann',
      annFr: '1:ann',
      bob: '2:bob',
      bobFr: '2:bob',
      aroundAnn: ['1:ann', '2:bob'],
      aroundCid: ['2:bob', '3:cid'],
      size: 3,
      sizeFr: 2,
    };
    const annBanned = {
      top: ['1:bob', '2:cid'],
      topFr: ['1:bob'],
      ann: null,
      annFr: null,
      bob: '1:bob',
      bobFr: '1:bob',
      aroundAnn: [],
      aroundCid: ['1:bob', '2:cid'],
      size: 2,
      sizeFr: 1,
    };
    const named = (r: Awaited<ReturnType<typeof reads>>) =>
      JSON.parse(
        JSON.stringify(r).replaceAll(ann.name, 'ann').replaceAll(bob.name, 'bob').replaceAll(cid.name, 'cid'),
      );

    before(async function () {
      this.timeout(120_000);
      server = await startServer(backend, {
        LEADERBOARDS: JSON.stringify(config),
        ADMIN_USERNAME: adminName,
        ADMIN_PASSWORD: PASSWORD,
      });
      // The test drives the upkeep itself.
      await server.app.leaderboards.stop();
      admin = (await api().post('/api/auth/login', { username: adminName, password: PASSWORD })).body
        .accessToken as string;
      [ann, bob, cid] = [
        await register(server.url, 'FR'),
        await register(server.url, 'FR'),
        await register(server.url, 'JP'),
      ];
      const m = server.app.services.matches;
      // ann 2½ points, bob 1½, cid 0.
      await playMatch(m, pool, ann, cid, ann, at('2026-11-10T12:00:00Z'));
      await playMatch(m, pool, ann, cid, ann, at('2026-11-10T12:01:00Z'));
      await playMatch(m, pool, bob, cid, bob, at('2026-11-10T12:02:00Z'));
      await playMatch(m, pool, ann, bob, null, at('2026-11-10T12:03:00Z'));
      assert.deepEqual(named(await reads()), shown);
    });
    after(() => server?.close());

    it('a ban takes the player off every read of a board without banned accounts, at once; the others move up', async () => {
      await ban(ann);
      assert.deepEqual(named(await reads()), annBanned);
      // A board that keeps banned accounts still shows them.
      assert.equal((await index().standing({ board: open, period: 'all' }, ann.id))?.rank, 1);
      const res = await api().get(`/api/leaderboards/${hidden}/players/${ann.name}?around=2`);
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'NOT_ON_LEADERBOARD');
      // The record keeps the entry and its value, marked.
      const rows = await backend.sql<{ value: number; banned: boolean }>(
        'select value, banned from leaderboard_entries where board_id = $1 and user_id = $2',
        [hidden, ann.id],
      );
      assert.deepEqual(rows, [{ value: 2.5, banned: true }]);
    });

    it('a rebuild after the ban still leaves the player out, and the check finds index and record equal', async () => {
      await index().clear();
      await server.app.leaderboards.record.rebuild();
      assert.deepEqual(named(await reads()), annBanned);
      assert.deepEqual((await server.app.leaderboards.record.check()).mismatches, []);
    });

    it('a replay of the games’ writes does not bring a banned player back', async () => {
      await backend.sql('update leaderboard_writes set applied_at = null where board_id = $1', [hidden]);
      await server.app.leaderboards.writer.applyPending(null, new Date(Date.now() + 3_600_000), 100);
      assert.deepEqual(named(await reads()), annBanned);
    });

    it('an unban brings the player back with their values', async () => {
      await unban(ann);
      assert.deepEqual(named(await reads()), shown);
      const res = await api().get(`/api/leaderboards/${hidden}/players/${ann.name}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.standing.rank, 1);
      assert.equal(res.body.standing.value, 2.5);
      assert.deepEqual((await server.app.leaderboards.record.check()).mismatches, []);
    });

    it('a timed ban takes the player off, and its end puts them back at the next upkeep', async () => {
      await ban(bob, 1);
      assert.equal(await index().standing(all, bob.id), null);
      assert.equal((await index().standing(all, cid.id))?.rank, 2);
      assert.equal(await server.app.leaderboards.accounts.releaseEndedBans(), 0, 'the ban still holds');
      server.advance(61);
      assert.equal(await server.app.leaderboards.accounts.releaseEndedBans(), 1);
      assert.deepEqual(named(await reads()), shown);
    });

    it('when the node dies between the ban’s commit and the index, the sweep takes the player off', async () => {
      const accounts = new LeaderboardAccounts({
        db: server.app.db,
        index: index(),
        boards,
        clock: () => new Date(Date.now() + 61_000),
      });
      const dying = new ModerationService({
        db: server.app.db,
        clock: () => new Date(Date.now() + 61_000),
        sessions: server.app.services.epochs,
        boards: {
          record: (repos, user, banned, now) => accounts.record(repos, user, banned, now),
          recordDeletion: (repos, user, now) => accounts.recordDeletion(repos, user, now),
          apply: async () => undefined,
        },
      });
      const adminId = (await api().get('/api/me', admin)).body.id as string;
      const claims = { userId: adminId, roles: ['admin'] } as unknown as AccessClaims;
      await dying.ban(claims, ann.name, { reason: 'cheating' });
      assert.equal((await index().standing(all, ann.id))?.rank, 1, 'not copied yet');
      assert.ok((await accounts.applyPending(null, new Date(Date.now() + 120_000), 100)) >= 1);
      assert.deepEqual(named(await reads()), annBanned);
      assert.equal(await accounts.applyPending(null, new Date(Date.now() + 120_000), 100), 0, 'copied once');
    });
    it('a deleted account leaves every board, its country and the record; the others move up', async () => {
      const jp = { ...all, country: 'JP' };
      assert.equal((await index().standing(jp, cid.id))?.rank, 1);
      const res = await api().send(
        'DELETE',
        '/api/me',
        { password: PASSWORD },
        { authorization: `Bearer ${cid.token}` },
      );
      assert.equal(res.status, 204, JSON.stringify(res.body));
      for (const board of [hidden, open]) {
        const scope = { board, period: 'all' };
        assert.equal(await index().standing(scope, cid.id), null);
        assert.deepEqual(await index().around(scope, cid.id, 2), []);
        assert.ok((await index().range(scope, 0, 10)).every((e) => e.member !== cid.id));
      }
      assert.equal(await index().size(jp), 0);
      assert.equal(await index().size({ board: open, period: 'all' }), 2);
      assert.deepEqual((await server.app.leaderboards.record.check()).mismatches, []);
      await unban(ann);
      assert.deepEqual(
        (await index().range(all, 0, 10)).map((e) => e.member),
        [ann.id, bob.id],
      );
      const left = await backend.sql('select 1 from leaderboard_removals where user_id = $1', [cid.id]);
      assert.equal(left.length, 0, 'the removals are forgotten once done');
    });
  },
);

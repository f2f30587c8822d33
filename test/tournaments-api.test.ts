import assert from 'node:assert/strict';
import { type Backend, forEachBackend } from './support/backends.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { type Account, register } from './support/leaderboards.ts';
import { client, expectUnchanged, type Reply, withServer } from './support/server.ts';

const LATER = () => Date.now() + 3_600_000;

const swissBody = (extra: Record<string, unknown> = {}) => ({
  name: 'Evening swiss',
  game: 'chess',
  options: { timeControl: '3+2' },
  format: 'swiss',
  rounds: 5,
  startsAt: LATER(),
  ...extra,
});

const roundRobinBody = (extra: Record<string, unknown> = {}) => ({
  name: 'Club round robin',
  game: 'chess',
  options: { timeControl: '10+0' },
  format: 'round-robin',
  startsAt: LATER(),
  capacity: 2,
  ...extra,
});

const knockoutBody = (extra: Record<string, unknown> = {}) => ({
  name: 'Club cup',
  game: 'chess',
  options: { timeControl: '5+0' },
  format: 'knockout',
  startsAt: LATER(),
  ...extra,
});

const arenaBody = (extra: Record<string, unknown> = {}) => ({
  name: 'Hourly arena',
  game: 'chess',
  options: { timeControl: '3+0' },
  format: 'arena',
  startsAt: LATER(),
  arena: { minutes: 45 },
  ...extra,
});

const groupsBody = (extra: Record<string, unknown> = {}) => ({
  name: 'Club world cup',
  game: 'chess',
  options: { timeControl: '5+0' },
  format: 'groups-knockout',
  startsAt: LATER(),
  capacity: 16,
  groups: { count: 4 },
  ...extra,
});

function refusedWith(reply: Reply, status: number, code: string): void {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.equal(reply.body.error.code, code, JSON.stringify(reply.body));
}

forEachBackend('the tournaments API', (backend: Backend) => {
  let server: TestGameServer;
  let api: ReturnType<typeof client>;
  let alice: Account;
  let bob: Account;
  let carol: Account;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend);
    api = client(server.url);
    [alice, bob, carol] = [
      await register(server.url),
      await register(server.url),
      await register(server.url),
    ];
  });
  after(() => server?.close());

  it('creates a swiss that anyone can read, list as upcoming and export as TRF', async () => {
    const created = await api.post('/api/tournaments', swissBody(), alice.token);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const t = created.body;
    assert.equal(t.status, 'upcoming');
    assert.equal(t.format, 'swiss');
    assert.equal(t.totalRounds, 5);
    assert.equal(t.timeControl, '3+2');
    assert.equal(t.createdBy, alice.id);
    assert.deepEqual(t.standings, []);

    const read = await api.get(`/api/tournaments/${t.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.name, 'Evening swiss');
    const upcoming = await api.get('/api/tournaments?status=upcoming&game=chess');
    assert.ok(upcoming.body.tournaments.some((x: { id: string }) => x.id === t.id));
    assert.equal(upcoming.body.creators, 'anyone');
    const finished = await api.get('/api/tournaments?status=finished');
    assert.ok(!finished.body.tournaments.some((x: { id: string }) => x.id === t.id));

    await api.post(`/api/tournaments/${t.id}/join`, {}, bob.token);
    const trf = await api.get(`/api/tournaments/${t.id}/trf`);
    assert.equal(trf.status, 200);
    assert.match(trf.headers.get('content-type') ?? '', /text\/plain/);
    assert.match(trf.body, /^012 Evening swiss$/m);
    assert.match(trf.body, /^XXR 5$/m);
  });

  it('creates a knockout with its options, defaults for the rest, and no bracket before the start', async () => {
    const created = await api.post(
      '/api/tournaments',
      knockoutBody({ knockout: { games: 2, tieBreakGames: 2, thirdPlace: true } }),
      alice.token,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const t = created.body;
    assert.equal(t.format, 'knockout');
    assert.equal(t.totalRounds, null);
    assert.deepEqual(t.tieBreaks, []);
    assert.deepEqual(t.knockout, {
      elimination: 'single',
      games: 2,
      tieBreakGames: 2,
      tieBreakSets: 1,
      decider: 'sudden-death',
      thirdPlace: true,
      grandFinalReset: false,
    });
    assert.equal(t.bracket, null);
    const joined = await api.post(`/api/tournaments/${t.id}/join`, {}, bob.token);
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.equal(joined.body.standings[0].userId, bob.id);
    await expectUnchanged(backend, async () => {
      refusedWith(
        await api.post(`/api/tournaments/${t.id}/bye`, { round: 1 }, bob.token),
        409,
        'BYE_NOT_ALLOWED',
      );
      refusedWith(await api.get(`/api/tournaments/${t.id}/trf`), 404, 'NOT_FOUND');
    });

    const double = await api.post(
      '/api/tournaments',
      knockoutBody({ knockout: { elimination: 'double' } }),
      alice.token,
    );
    assert.equal(double.status, 201, JSON.stringify(double.body));
    assert.equal(double.body.knockout.grandFinalReset, true);
    assert.equal(double.body.knockout.thirdPlace, false);
    const swiss = await api.get(
      `/api/tournaments/${(await api.post('/api/tournaments', swissBody(), alice.token)).body.id}`,
    );
    assert.equal(swiss.body.knockout, null);
    assert.equal(swiss.body.bracket, null);
    assert.deepEqual(swiss.body.tieBreaks, ['buchholz-cut1', 'buchholz', 'sonneborn-berger']);
  });

  it('creates an arena by its duration, with the default wave interval and berserk off', async () => {
    const created = await api.post('/api/tournaments', arenaBody(), alice.token);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const t = created.body;
    assert.equal(t.format, 'arena');
    assert.equal(t.totalRounds, null);
    assert.deepEqual(t.tieBreaks, []);
    assert.deepEqual(t.arena, {
      minutes: 45,
      waveMs: 5_000,
      berserk: false,
      endsAt: t.startsAt + 45 * 60_000,
    });
    assert.equal(t.knockout, null);
    const joined = await api.post(`/api/tournaments/${t.id}/join`, {}, bob.token);
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.deepEqual(joined.body.standings[0].arena, {
      sheet: [],
      streak: 0,
      fire: false,
      status: 'free',
      paused: false,
      performance: 0,
    });
    const chosen = await api.post(
      '/api/tournaments',
      arenaBody({ arena: { minutes: 0.5, waveMs: 2_000, berserk: true } }),
      alice.token,
    );
    assert.equal(chosen.status, 201, JSON.stringify(chosen.body));
    assert.deepEqual(chosen.body.arena, {
      minutes: 0.5,
      waveMs: 2_000,
      berserk: true,
      endsAt: chosen.body.startsAt + 30_000,
    });
    await expectUnchanged(backend, async () => {
      refusedWith(
        await api.post(`/api/tournaments/${t.id}/bye`, { round: 1 }, bob.token),
        409,
        'BYE_NOT_ALLOWED',
      );
      refusedWith(await api.get(`/api/tournaments/${t.id}/trf`), 404, 'NOT_FOUND');
    });
  });

  it('creates a groups-knockout by its groups, with the knockout and tie-breaks of its stages, and no groups before the start', async () => {
    const created = await api.post(
      '/api/tournaments',
      groupsBody({ double: true, knockout: { thirdPlace: true } }),
      alice.token,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const t = created.body;
    assert.equal(t.format, 'groups-knockout');
    assert.equal(t.totalRounds, null);
    assert.deepEqual(t.tieBreaks, ['buchholz-cut1', 'buchholz', 'sonneborn-berger']);
    assert.deepEqual(t.groups, {
      options: { count: 4, size: null, advance: 2 },
      double: true,
      stage: null,
      groups: [],
    });
    assert.equal(t.knockout.thirdPlace, true);
    assert.equal(t.bracket, null);
    const bySize = await api.post(
      '/api/tournaments',
      groupsBody({ groups: { size: 4, advance: 1 }, tieBreaks: ['direct-encounter'] }),
      alice.token,
    );
    assert.equal(bySize.status, 201, JSON.stringify(bySize.body));
    assert.deepEqual(bySize.body.groups.options, { count: null, size: 4, advance: 1 });
    assert.deepEqual(bySize.body.tieBreaks, ['direct-encounter']);
    const joined = await api.post(`/api/tournaments/${t.id}/join`, {}, bob.token);
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    await expectUnchanged(backend, async () => {
      refusedWith(
        await api.post(`/api/tournaments/${t.id}/bye`, { round: 1 }, bob.token),
        409,
        'BYE_NOT_ALLOWED',
      );
    });
    const swiss = await api.post('/api/tournaments', swissBody(), alice.token);
    assert.equal(swiss.body.groups, null);
  });

  it('refuses groups that do not fit, saying which field and why', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [groupsBody({ groups: undefined }), 'groups', /needs its groups/],
      [groupsBody({ groups: { count: 2, size: 4 } }), 'groups.count', /one of the two/],
      [groupsBody({ groups: { advance: 2 } }), 'groups.count', /one of the two/],
      [groupsBody({ capacity: 6, groups: { count: 4 } }), 'groups.count', /4 groups need 8 players at least/],
      [groupsBody({ capacity: 8, groups: { count: 4, advance: 3 } }), 'groups.advance', /no more can go on/],
      [groupsBody({ groups: { size: 3, advance: 4 } }), 'groups.advance', /at most size/],
      [groupsBody({ capacity: 8, groups: { size: 10 } }), 'groups.size', /capacity is 8/],
      [groupsBody({ groups: { count: 1, advance: 1 } }), 'groups.advance', /two players at least/],
      [groupsBody({ rounds: 3 }), 'rounds', /give no rounds/],
      [swissBody({ groups: { count: 2 } }), 'groups', /for a groups-knockout/],
    ];
    await expectUnchanged(backend, async () => {
      for (const [body, path, message] of cases) {
        const reply = await api.post('/api/tournaments', body, alice.token);
        refusedWith(reply, 400, 'VALIDATION_FAILED');
        const details: Array<{ path: string; message: string }> = reply.body.error.details;
        assert.ok(
          details.some((d) => d.path === path && message.test(d.message)),
          `${path} ${message}: ${JSON.stringify(details)}`,
        );
      }
    });
  });

  it('refuses a bad tournament with VALIDATION_FAILED, and writes nothing', async () => {
    const bad = [
      swissBody({ rounds: undefined }),
      swissBody({ format: 'arena' }),
      swissBody({ game: 'checkers' }),
      swissBody({ options: { timeControl: 'soon' } }),
      swissBody({ surprise: true }),
      swissBody({ name: 'x' }),
      swissBody({ tieBreaks: ['coin-toss'] }),
      roundRobinBody({ rounds: 3 }),
      roundRobinBody({ capacity: 1 }),
      knockoutBody({ rounds: 3 }),
      knockoutBody({ double: true }),
      knockoutBody({ tieBreaks: ['buchholz'] }),
      knockoutBody({ knockout: { games: 0 } }),
      knockoutBody({ knockout: { elimination: 'triple' } }),
      knockoutBody({ knockout: { elimination: 'double', thirdPlace: true } }),
      knockoutBody({ knockout: { grandFinalReset: false } }),
      knockoutBody({ knockout: { tieBreakSets: 2 } }),
      knockoutBody({ knockout: { decider: 'coin-toss' } }),
      knockoutBody({ knockout: { games: 2, seeding: 'random' } }),
      swissBody({ knockout: { games: 2 } }),
      arenaBody({ arena: undefined }),
      arenaBody({ rounds: 3 }),
      arenaBody({ double: true }),
      arenaBody({ tieBreaks: ['buchholz'] }),
      arenaBody({ arena: { minutes: 0 } }),
      arenaBody({ arena: { minutes: 30, waveMs: 10 } }),
      arenaBody({ arena: { minutes: 30, rounds: 3 } }),
      swissBody({ arena: { minutes: 30 } }),
      knockoutBody({ arena: { minutes: 30 } }),
    ];
    await expectUnchanged(backend, async () => {
      for (const body of bad)
        refusedWith(await api.post('/api/tournaments', body, alice.token), 400, 'VALIDATION_FAILED');
    });
  });

  it('refuses a guest or nobody signed in, and a guest in a rated tournament, and writes nothing', async () => {
    const guest = (await api.post('/api/auth/guest', {})).body.accessToken as string;
    const rated = (await api.post('/api/tournaments', swissBody({ rated: true }), alice.token)).body;
    await expectUnchanged(backend, async () => {
      refusedWith(await api.post('/api/tournaments', swissBody(), guest), 403, 'FORBIDDEN');
      refusedWith(await api.post('/api/tournaments', swissBody()), 401, 'UNAUTHENTICATED');
      refusedWith(await api.post(`/api/tournaments/${rated.id}/join`, {}, guest), 403, 'RATED_NEEDS_ACCOUNT');
    });
  });

  it('lists in pages: each page’s `next` gives the one after it, in order, none twice, none left out', async () => {
    // Starts far ahead (two at the same moment), and one started by hand, which comes last.
    const at = Date.now() + 400 * 24 * 3600_000;
    const starts = [at + 3_000, at, at + 1_000, at + 1_000, null];
    const mine: string[] = [];
    for (const startsAt of starts) {
      const created = await api.post('/api/tournaments', swissBody({ startsAt }), alice.token);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      mine.push(created.body.id);
    }
    type Listed = { id: string; startsAt: number | null };
    const listed: Listed[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages += 1) {
      assert.ok(pages < 100, 'the pages end');
      const query: string = `/api/tournaments?status=upcoming&limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const page = await api.get(query);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.ok(page.body.tournaments.length <= 2);
      listed.push(...page.body.tournaments);
      after = page.body.next;
      if (after === null) break;
      assert.equal(page.body.tournaments.length, 2, 'only the last page is short');
    }
    const ids = listed.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length, 'none twice');
    const key = (t: Listed) => [t.startsAt ?? Number.MAX_SAFE_INTEGER, t.id] as const;
    const sorted = [...listed].sort((a, b) => key(a)[0] - key(b)[0] || (key(a)[1] < key(b)[1] ? -1 : 1));
    assert.deepEqual(
      ids,
      sorted.map((t) => t.id),
      'soonest first, a tie by id, the starts by hand last',
    );
    for (const id of mine) assert.ok(ids.includes(id), `${id} listed`);
    const whole = await api.get('/api/tournaments?status=upcoming');
    if (whole.body.next === null)
      assert.deepEqual(
        whole.body.tournaments.map((t: Listed) => t.id),
        ids,
      );

    // Lists other than the upcoming go newest first (the starts by hand still last): the same five
    // marked finished in the table the list reads (their logs are not what orders it).
    await backend.sql(`update tournaments set status = 'finished' where id = any($1::text[])`, [mine]);
    const finished: Listed[] = [];
    for (let next: string | null = null, pages = 0; pages === 0 || next !== null; pages += 1) {
      assert.ok(pages < 100, 'the pages end');
      const query: string = `/api/tournaments?status=finished&limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`;
      const page = await api.get(query);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      finished.push(...page.body.tournaments);
      next = page.body.next;
    }
    const newest = finished.filter((t) => mine.includes(t.id)).map((t) => t.id);
    const tie = [mine[2]!, mine[3]!].sort();
    assert.deepEqual(
      newest,
      [mine[0], ...tie, mine[1], mine[4]],
      'newest first, a tie by id, the starts by hand last',
    );
    assert.equal(new Set(finished.map((t) => t.id)).size, finished.length, 'none twice');
    const staffPages = await api.get('/api/admin/tournaments?status=upcoming&limit=3', alice.token);
    assert.equal(staffPages.status, 403, 'the staff list is for staff');
    for (const bad of ['after=12.', 'after=x.abc', 'after=1.a%20b', 'limit=0', 'limit=51', 'limit=two']) {
      refusedWith(await api.get(`/api/tournaments?${bad}`), 400, 'VALIDATION_FAILED');
    }
  });

  it('answers TOURNAMENT_NOT_FOUND for an unknown id and VALIDATION_FAILED for a malformed one', async () => {
    refusedWith(await api.get('/api/tournaments/nope123'), 404, 'TOURNAMENT_NOT_FOUND');
    refusedWith(await api.get('/api/tournaments/bad%20id!'), 400, 'VALIDATION_FAILED');
    refusedWith(await api.get('/api/tournaments?status=paused'), 400, 'VALIDATION_FAILED');
    await expectUnchanged(backend, async () => {
      refusedWith(
        await api.post('/api/tournaments/nope123/join', {}, bob.token),
        404,
        'TOURNAMENT_NOT_FOUND',
      );
    });
  });

  it('joins, withdraws and takes half-point byes, refusing what the tournament does not allow, unchanged', async () => {
    const swiss = (await api.post('/api/tournaments', swissBody(), alice.token)).body;
    const joined = await api.post(`/api/tournaments/${swiss.id}/join`, {}, bob.token);
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.equal(joined.body.players, 1);
    assert.equal(joined.body.standings[0].userId, bob.id);
    const bye = await api.post(`/api/tournaments/${swiss.id}/bye`, { round: 2 }, bob.token);
    assert.equal(bye.status, 200, JSON.stringify(bye.body));

    await expectUnchanged(backend, async () => {
      refusedWith(await api.post(`/api/tournaments/${swiss.id}/join`, {}, bob.token), 409, 'ALREADY_JOINED');
      refusedWith(
        await api.post(`/api/tournaments/${swiss.id}/bye`, { round: 2 }, bob.token),
        409,
        'BYE_NOT_ALLOWED',
      );
      refusedWith(
        await api.post(`/api/tournaments/${swiss.id}/bye`, { round: 9 }, bob.token),
        409,
        'BYE_NOT_ALLOWED',
      );
      refusedWith(
        await api.post(`/api/tournaments/${swiss.id}/bye`, { round: 0 }, bob.token),
        400,
        'VALIDATION_FAILED',
      );
      refusedWith(
        await api.post(`/api/tournaments/${swiss.id}/bye`, { round: 3 }, carol.token),
        409,
        'NOT_JOINED',
      );
      refusedWith(
        await api.post(`/api/tournaments/${swiss.id}/withdraw`, {}, carol.token),
        409,
        'NOT_JOINED',
      );
      refusedWith(
        await api.post(`/api/tournaments/${swiss.id}/join`, { seat: 1 }, carol.token),
        400,
        'VALIDATION_FAILED',
      );
      refusedWith(await api.post(`/api/tournaments/${swiss.id}/join`, {}), 401, 'UNAUTHENTICATED');
    });

    const withdrawn = await api.post(`/api/tournaments/${swiss.id}/withdraw`, {}, bob.token);
    assert.equal(withdrawn.status, 200);
    assert.equal(withdrawn.body.players, 0);

    const rr = (await api.post('/api/tournaments', roundRobinBody(), alice.token)).body;
    for (const who of [alice, bob])
      assert.equal((await api.post(`/api/tournaments/${rr.id}/join`, {}, who.token)).status, 200);
    await expectUnchanged(backend, async () => {
      refusedWith(await api.post(`/api/tournaments/${rr.id}/join`, {}, carol.token), 409, 'TOURNAMENT_FULL');
      refusedWith(
        await api.post(`/api/tournaments/${rr.id}/bye`, { round: 1 }, bob.token),
        409,
        'BYE_NOT_ALLOWED',
      );
      refusedWith(await api.get(`/api/tournaments/${rr.id}/trf`), 404, 'NOT_FOUND');
    });
  });

  it('creates a tournament with rating limits, shows them, and refuses a rating outside them, a provisional one and a guest', async () => {
    // Established blitz ratings (a low deviation), as rated games would have left them.
    const rated = async (rating: number) => {
      const account = await register(server.url);
      await backend.sql(
        `insert into ratings (user_id, pool, rating, rd, volatility, games, updated_at)
         values ($1, 'blitz', $2, 60, 0.06, 40, now())`,
        [account.id, rating],
      );
      return account;
    };
    const [inside, low, high, edge] = [
      await rated(1650),
      await rated(1499),
      await rated(1801),
      await rated(1800),
    ];
    const newcomer = await register(server.url);
    const guest = (await api.post('/api/auth/guest', {})).body.accessToken as string;

    const created = await api.post(
      '/api/tournaments',
      swissBody({ ratingMin: 1500, ratingMax: 1800 }),
      alice.token,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual([created.body.ratingMin, created.body.ratingMax], [1500, 1800]);
    const read = (await api.get(`/api/tournaments/${created.body.id}`)).body;
    assert.deepEqual([read.ratingMin, read.ratingMax], [1500, 1800]);
    const open = (await api.post('/api/tournaments', swissBody(), alice.token)).body;
    assert.deepEqual([open.ratingMin, open.ratingMax], [null, null]);
    const floorOnly = (await api.post('/api/tournaments', swissBody({ ratingMin: 1700 }), alice.token)).body;
    assert.deepEqual([floorOnly.ratingMin, floorOnly.ratingMax], [1700, null]);

    const id = created.body.id as string;
    for (const who of [inside, edge]) {
      const joined = await api.post(`/api/tournaments/${id}/join`, {}, who.token);
      assert.equal(joined.status, 200, JSON.stringify(joined.body));
    }
    await expectUnchanged(backend, async () => {
      for (const who of [low, high, newcomer]) {
        const reply = await api.post(`/api/tournaments/${id}/join`, {}, who.token);
        refusedWith(reply, 403, 'TOURNAMENT_RATING_LIMIT');
        assert.match(reply.body.error.message, /1500 to 1800/);
      }
      const newcomerReply = await api.post(`/api/tournaments/${id}/join`, {}, newcomer.token);
      assert.match(newcomerReply.body.error.message, /provisional/);
      refusedWith(await api.post(`/api/tournaments/${id}/join`, {}, guest), 403, 'TOURNAMENT_RATING_LIMIT');
      refusedWith(
        await api.post(`/api/tournaments/${floorOnly.id}/join`, {}, inside.token),
        403,
        'TOURNAMENT_RATING_LIMIT',
      );
    });
    const entered = (await api.get(`/api/tournaments/${id}`)).body;
    assert.deepEqual(
      entered.standings.map((r: { userId: string; rating: number }) => [r.userId, r.rating]).sort(),
      [
        [inside.id, 1650],
        [edge.id, 1800],
      ].sort(),
    );
  });

  it('refuses rating limits that are not whole ratings from 0 to 4000, or a minimum above the maximum', async () => {
    const bad = [
      swissBody({ ratingMin: 1800, ratingMax: 1500 }),
      swissBody({ ratingMin: -1 }),
      swissBody({ ratingMax: 4001 }),
      swissBody({ ratingMin: 1500.5 }),
      swissBody({ ratingMax: '1800' }),
    ];
    await expectUnchanged(backend, async () => {
      for (const body of bad)
        refusedWith(await api.post('/api/tournaments', body, alice.token), 400, 'VALIDATION_FAILED');
    });
    const reversed = await api.post(
      '/api/tournaments',
      swissBody({ ratingMin: 1800, ratingMax: 1500 }),
      alice.token,
    );
    assert.deepEqual(reversed.body.error.details, [
      { path: 'ratingMax', message: 'the highest rating must not be below the lowest' },
    ]);
  });

  it('lets only staff create tournaments when TOURNAMENT_CREATORS is staff, and writes nothing', async function () {
    this.timeout(60_000);
    await withServer(backend, { TOURNAMENT_CREATORS: 'staff' }, async (http, staffOnly) => {
      const player = await register(staffOnly.url);
      assert.equal((await http.get('/api/tournaments')).body.creators, 'staff');
      await expectUnchanged(backend, async () => {
        refusedWith(await http.post('/api/tournaments', swissBody(), player.token), 403, 'FORBIDDEN');
      });
    });
  });
});

import assert from 'node:assert/strict';
import type { Board } from '../server/domain/leaderboards/boards.ts';
import { loadLeaderboardConfig } from '../server/leaderboards-config.ts';
import { type FinalStandings, LeaderboardRecord } from '../server/services/leaderboard-record.ts';
import { LeaderboardWriter } from '../server/services/leaderboard-writes.ts';
import { MatchService } from '../server/services/match.service.ts';
import { forEachBackend } from './support/backends.ts';
import { type Account, playMatch, register, runTag, testBoard } from './support/leaderboards.ts';
import { startServer, type TestServer } from './support/server.ts';

const at = (iso: string) => Date.parse(iso);

forEachBackend('leaderboards: writes exactly once, the record and the index', (backend) => {
  const tag = runTag();
  const pool = `lb-${tag}`;
  const ids = {
    rating: `rating-${tag}`,
    weekly: `wins-ny-${tag}`,
    monthly: `wins-tokyo-${tag}`,
    season: `season-${tag}`,
  };
  const config = {
    seasons: [
      { id: `autumn-${tag}`, name: 'Autumn', start: '2026-11-01T00:00:00Z', end: '2026-11-29T00:00:00Z' },
    ],
    boards: [
      testBoard(ids.rating, { pool, metric: 'rating', operator: 'set', reset: 'never', ratedOnly: true }),
      testBoard(ids.weekly, {
        pool,
        metric: 'wins',
        operator: 'increment',
        reset: 'weekly',
        timeZone: 'America/New_York',
      }),
      testBoard(ids.monthly, {
        pool,
        metric: 'wins',
        operator: 'increment',
        reset: 'monthly',
        timeZone: 'Asia/Tokyo',
      }),
      testBoard(ids.season, { pool, metric: 'points', operator: 'increment', reset: 'season' }),
    ],
  };
  const loaded = loadLeaderboardConfig({ json: JSON.stringify(config) });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const { boards, seasons } = loaded.value;
  let server: TestServer;
  let ann: Account;
  let bob: Account;
  let cid: Account;

  before(async function () {
    this.timeout(120_000);
    server = await startServer(backend, { LEADERBOARDS: JSON.stringify(config) });
    // The test drives the upkeep itself.
    await server.app.leaderboards.stop();
    [ann, bob, cid] = [
      await register(server.url, 'FR'),
      await register(server.url, 'JP'),
      await register(server.url),
    ];
  });
  after(() => server?.close());

  const index = () => server.app.leaderboards.index;
  const standing = async (board: string, period: string, who: Account) =>
    (await index().standing({ board, period }, who.id))?.rank ?? null;
  const value = async (board: string, period: string, who: Account) =>
    (
      await backend.sql<{ value: number }>(
        'select value from leaderboard_entries where board_id = $1 and period = $2 and user_id = $3',
        [board, period, who.id],
      )
    )[0]?.value ?? null;

  it('a finished game writes each board once; finishing it again adds nothing', async () => {
    const game = await playMatch(
      server.app.services.matches,
      pool,
      ann,
      bob,
      ann,
      at('2026-11-10T12:00:00Z'),
    );
    await server.app.services.matches.finish(game, {
      termination: 'holes_played',
      results: [
        { seat: 0, score: 1, placing: 1 },
        { seat: 1, score: 0, placing: 2 },
      ],
      endedAt: at('2026-11-10T12:00:00Z'),
      record: {},
    });
    assert.equal(await value(ids.weekly, '2026-11-09', ann), 1);
    assert.equal(await value(ids.weekly, '2026-11-09', bob), null);
    assert.equal(await value(ids.season, `autumn-${tag}`, ann), 1);
    assert.equal(await value(ids.season, `autumn-${tag}`, bob), 0);
    assert.equal(await standing(ids.weekly, '2026-11-09', ann), 1);
    assert.equal(await standing(ids.rating, 'all', ann), 1);
    assert.equal(await standing(ids.rating, 'all', bob), 2);
    const writes = await backend.sql('select * from leaderboard_writes where game_id = $1', [game]);
    assert.equal(writes.length, 4);
    assert.ok(writes.every((w) => w.applied_at !== null));
  });

  it('a casual game moves the boards that take casual games, and no rating', async () => {
    const m = server.app.services.matches;
    // A week and a month no other test plays in, outside the season.
    const casual = await playMatch(m, pool, cid, bob, cid, at('2027-03-10T12:00:00Z'), false);
    assert.equal(await value(ids.weekly, '2027-03-08', cid), 1, 'a win on the weekly wins board');
    assert.equal(await value(ids.weekly, '2027-03-08', bob), null);
    const seats = await backend.sql<{ rating_after: number | null; score: number }>(
      'select rating_after, score from game_players where game_id = $1 order by seat',
      [casual],
    );
    assert.deepEqual(
      seats.map((s) => [s.rating_after, Number(s.score)]),
      [
        [null, 1],
        [null, 0],
      ],
    );
    const writes = await backend.sql(
      'select board_id from leaderboard_writes where game_id = $1 order by board_id',
      [casual],
    );
    assert.ok(!writes.some((w) => w.board_id === ids.rating), 'no rating board write');
    assert.ok(writes.some((w) => w.board_id === ids.weekly));
  });

  it('when the node dies between the commit and the index, the sweep copies the writes, and a replay is harmless', async () => {
    // A finish whose copy to the index never happens, as if its process had died right after the commit.
    const writer = new LeaderboardWriter({
      db: server.app.db,
      index: index(),
      boards,
      seasons,
      clock: () => new Date(),
    });
    const dying = new MatchService(
      server.app.db,
      {},
      {
        record: (repos, match) => writer.record(repos, match),
        couldMove: (match) => writer.couldMove(match),
        apply: async () => undefined,
      },
    );
    await playMatch(dying, pool, cid, bob, cid, at('2026-11-11T12:00:00Z'));
    assert.equal(await value(ids.weekly, '2026-11-09', cid), 1);
    assert.equal(await standing(ids.weekly, '2026-11-09', cid), null);
    assert.ok((await writer.applyPending(null, new Date(), 100)) >= 4);
    assert.equal(await standing(ids.weekly, '2026-11-09', cid), 1);
    // Replaying every write of the board again changes no standing.
    const before = await index().range({ board: ids.weekly, period: '2026-11-09' }, 0, 10);
    await backend.sql('update leaderboard_writes set applied_at = null where board_id = $1', [ids.weekly]);
    await writer.applyPending(null, new Date(), 100);
    assert.deepEqual(await index().range({ board: ids.weekly, period: '2026-11-09' }, 0, 10), before);
  });

  it('games around a weekly boundary in New York and a monthly one in Tokyo land in their periods, none lost', async () => {
    const m = server.app.services.matches;
    await playMatch(m, pool, ann, bob, ann, at('2026-11-30T04:59:59Z')); // Sunday 23:59:59 in New York
    await playMatch(m, pool, ann, bob, bob, at('2026-11-30T05:00:00Z')); // Monday 00:00:00
    await playMatch(m, pool, ann, cid, ann, at('2026-10-31T14:59:59Z')); // October 31, 23:59:59 in Tokyo
    await playMatch(m, pool, ann, cid, cid, at('2026-10-31T15:00:00Z')); // November 1, 00:00:00
    assert.equal(await value(ids.weekly, '2026-11-23', ann), 1);
    assert.equal(await value(ids.weekly, '2026-11-30', bob), 1);
    assert.equal(await value(ids.weekly, '2026-11-30', ann), null);
    assert.equal(await value(ids.monthly, '2026-10-01', ann), 1);
    assert.equal(await value(ids.monthly, '2026-11-01', cid), 2);
    assert.equal(await value(ids.monthly, '2026-11-01', ann), 2);
  });

  it('ended periods close once with their final standings; a season board calls its hook with them', async () => {
    const finals: FinalStandings[] = [];
    let now = new Date('2026-12-01T00:00:00Z');
    const record = new LeaderboardRecord({
      db: server.app.db,
      index: index(),
      boards: boards as Board[],
      seasons,
      clock: () => now,
      onSeasonEnd: (f) => void finals.push(f),
    });
    const closed = (await record.closeEndedPeriods()).map((c) => `${c.board} ${c.period}`).sort();
    assert.deepEqual(
      closed,
      [
        `${ids.monthly} 2026-10-01`,
        `${ids.monthly} 2026-11-01`,
        `${ids.season} autumn-${tag}`,
        `${ids.weekly} 2026-10-26`,
        `${ids.weekly} 2026-11-09`,
        `${ids.weekly} 2026-11-23`,
      ].sort(),
    );
    assert.deepEqual(await record.closeEndedPeriods(), [], 'a period closes once');
    assert.equal(finals.length, 1);
    assert.equal(finals[0]!.season?.id, `autumn-${tag}`);
    const archived = await backend.sql<{ total: number; standings: unknown }>(
      'select total, standings from leaderboard_periods where board_id = $1 and period = $2',
      [ids.monthly, '2026-11-01'],
    );
    // ann and cid won twice each in Tokyo's November, cid's second win (Nov 1, 00:00 local) before
    // ann's (Nov 30): cid comes first; bob won once.
    assert.deepEqual(archived[0]!.standings, [
      { rank: 1, userId: cid.id, value: 2 },
      { rank: 1, userId: ann.id, value: 2 },
      { rank: 3, userId: bob.id, value: 1 },
    ]);
    assert.deepEqual(
      finals[0]!.standings.map((s) => [s.rank, s.userId]),
      (await index().range({ board: ids.season, period: `autumn-${tag}` }, 0, 10)).map((e) => [
        e.rank,
        e.member,
      ]),
    );
    // The week of Monday 2026-11-30 in New York ends on 2026-12-07 05:00 UTC (and a minute of grace).
    now = new Date('2026-12-07T05:00:59Z');
    assert.deepEqual(await record.closeEndedPeriods(), []);
    now = new Date('2026-12-07T05:01:00Z');
    assert.deepEqual(
      (await record.closeEndedPeriods()).map((c) => c.period),
      ['2026-11-30'],
    );
  });

  it('an index that lost everything is rebuilt from the record and the check finds them equal', async () => {
    const before = await index().range({ board: ids.monthly, period: '2026-11-01' }, 0, 10);
    await index().clear();
    assert.equal(await index().size({ board: ids.monthly, period: '2026-11-01' }), 0);
    assert.ok((await server.app.leaderboards.record.check()).mismatches.length > 0);
    assert.equal(await server.app.leaderboards.record.ensureBuilt(), true);
    assert.equal(await server.app.leaderboards.record.ensureBuilt(), false);
    assert.deepEqual(await index().range({ board: ids.monthly, period: '2026-11-01' }, 0, 10), before);
    const report = await server.app.leaderboards.record.check();
    assert.deepEqual(report.mismatches, []);
    assert.ok(report.entries > 0);
  });

  it('the metrics show index operations, board sizes and the rebuild', async () => {
    const text = await server.app.metrics.registry.metrics();
    assert.match(text, /rookery_rank_index_op_seconds_count\{op="standing",index="(local|redis)"\} [1-9]/);
    assert.match(text, new RegExp(`rookery_leaderboard_entries\\{board="${ids.rating}"\\} 3`));
    assert.match(text, /rookery_rank_index_rebuild_seconds_count [1-9]/);
  });
});

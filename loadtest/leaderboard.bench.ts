/**
 * `npm run bench:leaderboard`: what a leaderboard read and write costs at N players (1,000,000 by
 * default), on both rank indexes, next to baselines run in the same process on the same data:
 *
 * - LocalRankIndex (in process) and RedisRankIndex (sorted sets, one script per read) loaded with N
 *   entries of one board (ratings Normal(1500, 300) rounded: many ties), then timed one request at
 *   a time: a player's rank, the window ±10 around a player, the top 100, and a result's write (a
 *   versioned write of one entry with a new value);
 * - raw Redis on the same sorted set: ZREVRANK and ZREVRANGE 0 99 (what the scripts add to them);
 * - PostgreSQL: a naive rank, `count(*)` of the entries with a better value, on the same N rows in
 *   `leaderboard_entries` (with its index), and the rebuild of each index from those rows.
 *
 * A measurement, not a test: it prints p50/p99 and ratios and never fails on a missed target.
 * Needs PostgreSQL and Redis: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres,
 * a database of its own is created and dropped), BENCH_REDIS_URL (redis://127.0.0.1:6379, keys
 * under a prefix of their own, removed at the end). Options: N (1000000), SAMPLES (5000 a read,
 * 300 for the PostgreSQL count), PARTS (`reads,rebuild`: `rebuild` alone skips the reads and their
 * loads, for a quick run of the rebuild).
 */
import os from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import { seededRandom } from '../rooms/rules/random.ts';
import { Database } from '../server/db/database.ts';
import { migrate, openOrm } from '../server/db/orm.ts';
import type { Board } from '../server/domain/leaderboards/boards.ts';
import { sortKey } from '../server/domain/leaderboards/ranking.ts';
import { LocalRankIndex } from '../server/platform/local-rank-index.ts';
import { RedisRankIndex } from '../server/platform/redis-rank-index.ts';
import { LeaderboardRecord } from '../server/services/leaderboard-record.ts';
import type { IndexWrite, RankIndex } from '../server/services/rank-index.ts';
import { percentile } from './support.ts';

const N = Number(process.env.N ?? 1_000_000);
const SAMPLES = Number(process.env.SAMPLES ?? 5000);
const PG_SAMPLES = Math.min(SAMPLES, 300);
const PARTS = new Set((process.env.PARTS ?? 'reads,rebuild').split(','));
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BOARD: Board = {
  id: 'bench',
  title: 'Bench',
  game: 'chess',
  pool: 'blitz',
  metric: 'rating',
  operator: 'set',
  order: 'desc',
  reset: 'never',
  timeZone: 'UTC',
  partitionByCountry: false,
  ratedOnly: true,
  eligibility: { minGames: 0, noProvisional: false, noBanned: false, noGuests: false },
};
const T0 = Date.UTC(2026, 0, 1);

const random = seededRandom(7);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const uuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const values = Float64Array.from({ length: N }, () => Math.round(1500 + 300 * normal()));
const achieved = Float64Array.from({ length: N }, () => T0 + Math.floor(random() * 86_400_000 * 300));
const pick = () => Math.floor(random() * N);

interface Figure {
  p50: number;
  p99: number;
}

async function time(samples: number, op: () => Promise<unknown>): Promise<Figure> {
  for (let i = 0; i < Math.min(200, samples); i++) await op();
  const ms = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await op();
    ms[i] = performance.now() - start;
  }
  ms.sort();
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function load(index: RankIndex): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < N; i += 1000) {
    const batch: IndexWrite[] = [];
    for (let j = i; j < Math.min(N, i + 1000); j++)
      batch.push({
        member: uuid(j),
        key: sortKey(values[j]!, achieved[j]!, 'desc'),
        country: null,
        version: 1,
        visible: true,
      });
    await index.write(BOARD.id, 'all', batch);
  }
  return (performance.now() - start) / 1000;
}

async function measure(index: RankIndex): Promise<Record<string, Figure>> {
  const scope = { board: BOARD.id, period: 'all' };
  let version = 1;
  return {
    rank: await time(SAMPLES, () => index.standing(scope, uuid(pick()))),
    'around ±10': await time(SAMPLES, () => index.around(scope, uuid(pick()), 10)),
    'top 100': await time(SAMPLES, () => index.range(scope, 0, 100)),
    write: await time(SAMPLES, () => {
      const i = pick();
      version += 1;
      values[i] = Math.round(1500 + 300 * normal());
      return index.write(BOARD.id, 'all', [
        { member: uuid(i), key: sortKey(values[i]!, T0, 'desc'), country: null, version, visible: true },
      ]);
    }),
  };
}

/** CPU the Redis server has used (every client's commands, not only ours). */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));

async function main(): Promise<void> {
  console.log(
    `leaderboard bench: N=${N}, ${SAMPLES} samples a read, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const results: Record<string, Record<string, Figure>> = {};
  const notes: string[] = [];

  if (PARTS.has('reads')) {
    const local = new LocalRankIndex();
    notes.push(`LocalRankIndex: ${N} entries written in ${(await load(local)).toFixed(1)} s`);
    results.local = await measure(local);
    console.log('… LocalRankIndex measured');
  }

  const redis = new Redis(redisUrl);
  const prefix = `rookery-bench-${process.pid}`;
  const remote = new RedisRankIndex(redis, prefix);
  try {
    if (PARTS.has('reads')) {
      notes.push(`RedisRankIndex: ${N} entries written in ${(await load(remote)).toFixed(1)} s`);
      results.redis = await measure(remote);
      console.log('… RedisRankIndex measured');
      const key = `${prefix}:lb:${BOARD.id}:all`;
      results['raw Redis'] = {
        rank: await time(SAMPLES, () => redis.zrevrank(key, uuid(pick()))),
        'top 100': await time(SAMPLES, () => redis.zrevrange(key, 0, 99, 'WITHSCORES')),
        'around ±10': await time(SAMPLES, async () => {
          const at = (await redis.zrevrank(key, uuid(pick()))) ?? 0;
          return redis.zrevrange(key, Math.max(0, at - 10), at + 10, 'WITHSCORES');
        }),
      };
    }

    // PostgreSQL: the same entries in a database of its own.
    const dbName = `rookery_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    const orm = await openOrm({ kind: 'postgres', url: url.toString() });
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    try {
      await migrate(orm);
      const started = performance.now();
      for (let i = 0; i < N; i += 20_000) {
        const ids: string[] = [];
        const vals: number[] = [];
        const ats: string[] = [];
        for (let j = i; j < Math.min(N, i + 20_000); j++) {
          ids.push(uuid(j));
          vals.push(values[j]!);
          ats.push(new Date(achieved[j]!).toISOString());
        }
        await pool.query(
          `insert into users (id, username, guest, created_at, updated_at)
             select id, 'b' || substr(replace(id::text, '-', ''), 20), true, now(), now() from unnest($1::uuid[]) as id`,
          [ids],
        );
        await pool.query(
          `insert into leaderboard_entries (board_id, period, user_id, value, achieved_at, updated_at)
             select 'bench', 'all', u, v, a, now() from unnest($1::uuid[], $2::float8[], $3::timestamptz[]) as t(u, v, a)`,
          [ids, vals, ats],
        );
      }
      await pool.query('analyze leaderboard_entries');
      console.log('… PostgreSQL loaded');
      notes.push(
        `PostgreSQL: ${N} entries inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      if (PARTS.has('reads'))
        results['PostgreSQL count(*)'] = {
          rank: await time(PG_SAMPLES, async () => {
            const i = pick();
            await pool.query(
              "select count(*) + 1 as rank from leaderboard_entries where board_id = 'bench' and period = 'all' and visible and value > $1",
              [values[i]],
            );
          }),
        };
      const db = new Database(orm);
      if (PARTS.has('rebuild')) {
        // The record's side of a rebuild alone: every page read, nothing written.
        const start = performance.now();
        let rows = 0;
        let after: { boardId: string; period: string; userId: string } | null = null;
        for (;;) {
          const page = await db.read((repos) => repos.leaderboards.scan(after, 20_000));
          if (page.length === 0) break;
          rows += page.length;
          const last = page.at(-1)!;
          after = { boardId: last.board_id, period: last.period, userId: last.user_id };
        }
        notes.push(
          `reading the record alone (pages of 20,000): ${rows} entries in ${((performance.now() - start) / 1000).toFixed(1)} s`,
        );
      }
      for (const [name, index] of PARTS.has('rebuild')
        ? ([
            ['LocalRankIndex', new LocalRankIndex()],
            ['RedisRankIndex', new RedisRankIndex(redis, `${prefix}-rebuild`)],
          ] as const)
        : []) {
        const record = new LeaderboardRecord({
          db,
          index,
          boards: [BOARD],
          seasons: [],
          clock: () => new Date(),
        });
        const start = performance.now();
        const cpu = process.cpuUsage();
        const redisCpu = await redisCpuSeconds(redis);
        const count = await record.rebuild();
        const used = process.cpuUsage(cpu);
        notes.push(
          `rebuild of ${name} from PostgreSQL: ${count} entries in ${((performance.now() - start) / 1000).toFixed(1)} s (target ≤ 60 s); ` +
            `CPU: this process ${((used.user + used.system) / 1e6).toFixed(1)} s, the Redis server ${((await redisCpuSeconds(redis)) - redisCpu).toFixed(1)} s`,
        );
        await index.clear();
      }
    } finally {
      await pool.end();
      await orm.close(true);
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  } finally {
    await remote.clear();
    await redis.quit();
  }

  const ops = ['rank', 'around ±10', 'top 100', 'write'];
  const targets: Record<string, number> = { rank: 2, 'around ±10': 5, 'top 100': 2, write: 2 };
  console.log('\nms, one request at a time        p50      p99   target p99');
  for (const [name, figures] of Object.entries(results)) {
    for (const op of ops) {
      const f = figures[op];
      if (!f) continue;
      const target = name === 'local' || name === 'redis' ? `≤ ${targets[op]}` : '';
      console.log(
        `${`${name} ${op}`.padEnd(32)} ${fmt(f.p50).padStart(7)}  ${fmt(f.p99).padStart(7)}   ${target}`,
      );
    }
  }
  const ratio = (a: Figure | undefined, b: Figure | undefined) =>
    a && b ? `p50 ×${(a.p50 / b.p50).toFixed(2)}, p99 ×${(a.p99 / b.p99).toFixed(2)}` : 'n/a';
  console.log('\nratios');
  console.log(
    `redis rank / raw ZREVRANK:            ${ratio(results.redis?.rank, results['raw Redis']?.rank)}`,
  );
  console.log(
    `redis top 100 / raw ZREVRANGE:        ${ratio(results.redis?.['top 100'], results['raw Redis']?.['top 100'])}`,
  );
  console.log(
    `redis around / raw ZREVRANK+ZREVRANGE: ${ratio(results.redis?.['around ±10'], results['raw Redis']?.['around ±10'])}`,
  );
  console.log(
    `PostgreSQL count(*) / redis rank:     ${ratio(results['PostgreSQL count(*)']?.rank, results.redis?.rank)}`,
  );
  console.log(
    `PostgreSQL count(*) / local rank:     ${ratio(results['PostgreSQL count(*)']?.rank, results.local?.rank)}`,
  );
  console.log('');
  for (const note of notes) console.log(note);
  console.log(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

await main();

import assert from 'node:assert/strict';
import { seededRandom } from '../rooms/rules/random.ts';
import { sortKey } from '../server/domain/leaderboards/ranking.ts';
import type { IndexWrite, RankedEntry, RankScope } from '../server/services/rank-index.ts';
import { forEachRankIndex } from './support/rank-indexes.ts';

const t0 = Date.UTC(2026, 11, 1);
const COUNTRIES = ['FR', 'DE', 'JP', 'BR', null] as const;

interface Truth {
  member: string;
  value: number;
  atMs: number;
  country: string | null;
  version: number;
  visible: boolean;
}

/** A board's final entries, with many ties (few distinct values, few distinct seconds), stale and hidden writes. */
function generate(
  board: { id: string; order: 'asc' | 'desc'; members: number; values: number },
  seed: number,
) {
  const random = seededRandom(seed);
  const truth = new Map<string, Truth>();
  const writes: IndexWrite[] = [];
  const put = (t: Truth) =>
    writes.push({
      member: t.member,
      key: sortKey(t.value, t.atMs, board.order),
      country: t.country,
      version: t.version,
      visible: t.visible,
    });
  for (let i = 0; i < board.members; i++) {
    const member = `${board.id}-${i.toString(36).padStart(5, '0')}`;
    const t: Truth = {
      member,
      value: Math.floor(random() * board.values) / 2,
      atMs: t0 + Math.floor(random() * 600) * 1000 + Math.floor(random() * 1000),
      country: COUNTRIES[Math.floor(random() * COUNTRIES.length)]!,
      version: 1,
      visible: random() > 0.02,
    };
    put(t);
    const roll = random();
    if (roll < 0.2) {
      // A later change, then the first write replayed (stale: ignored).
      const next = {
        ...t,
        value: Math.floor(random() * board.values) / 2,
        version: 2,
        country: COUNTRIES[Math.floor(random() * 5)]!,
        visible: true,
      };
      put(next);
      put(t);
      truth.set(member, next);
    } else truth.set(member, t);
  }
  return { writes, truth: [...truth.values()] };
}

/** The board by sorting everything: better value, then earlier second, then the greater member. */
function sortedTruth(entries: Truth[], order: 'asc' | 'desc'): Array<Truth & { rank: number }> {
  const better = (a: number, b: number) => (order === 'desc' ? b - a : a - b);
  const sorted = entries
    .filter((e) => e.visible)
    .sort(
      (a, b) =>
        better(a.value, b.value) ||
        Math.floor(a.atMs / 1000) - Math.floor(b.atMs / 1000) ||
        (a.member < b.member ? 1 : -1),
    );
  // 1 + how many have a strictly better value.
  const ranked: Array<Truth & { rank: number }> = [];
  sorted.forEach((e, i) => {
    const rank = i > 0 && sorted[i - 1]!.value === e.value ? ranked[i - 1]!.rank : i + 1;
    ranked.push({ ...e, rank });
  });
  return ranked;
}

const BOARDS = [
  { id: 'rating', order: 'desc' as const, members: 40_000, values: 1200 },
  { id: 'wins', order: 'desc' as const, members: 30_000, values: 60 },
  { id: 'fastest', order: 'asc' as const, members: 20_000, values: 400 },
  { id: 'season', order: 'desc' as const, members: 20_000, values: 9 },
];

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

const line = (e: { member: string; rank: number }) => `${e.rank}:${e.member}`;

forEachRankIndex('the rank index against sorting everything (110k entries, 4 boards)', (index) => {
  const expected = new Map<string, ReturnType<typeof sortedTruth>>();

  before(async function () {
    this.timeout(240_000);
    for (const [i, board] of BOARDS.entries()) {
      const { writes, truth } = generate(board, 1000 + i);
      for (let j = 0; j < writes.length; j += 2000)
        await index().write(board.id, 'p', writes.slice(j, j + 2000));
      expected.set(board.id, sortedTruth(truth, board.order));
    }
    assert.ok([...expected.values()].reduce((n, e) => n + e.length, 0) >= 100_000);
  });

  for (const board of BOARDS) {
    for (const country of [undefined, 'JP'] as const) {
      const label = `${board.id}${country ? ` in ${country}` : ''}`;
      const scopeOf = (): RankScope => ({ board: board.id, period: 'p', country });
      const truthOf = () => {
        const all = expected.get(board.id)!;
        return country
          ? sortedTruth(
              all.filter((e) => e.country === country),
              board.order,
            )
          : all;
      };

      it(`${label}: every page of 500, by offset and by cursor, is the sorted board`, async function () {
        this.timeout(120_000);
        const truth = truthOf();
        assert.equal(await index().size(scopeOf()), truth.length);
        let previous: RankedEntry | undefined;
        for (let offset = 0; offset < truth.length; offset += 500) {
          const want = truth.slice(offset, offset + 500).map(line);
          const byOffset = await index().range(scopeOf(), offset, 500);
          assert.deepEqual(byOffset.map(line), want, `page at ${offset}`);
          if (previous)
            assert.deepEqual(
              (await index().after(scopeOf(), previous, 500)).map(line),
              want,
              `cursor page at ${offset}`,
            );
          previous = byOffset.at(-1);
        }
      });

      it(`${label}: every player's standing and window of ±3 is the sorted board's`, async function () {
        this.timeout(180_000);
        const truth = truthOf();
        await inBatches([...truth.keys()], 500, async (i) => {
          const member = truth[i]!.member;
          const standing = await index().standing(scopeOf(), member);
          assert.deepEqual([standing?.rank, standing?.position], [truth[i]!.rank, i], member);
          const around = await index().around(scopeOf(), member, 3);
          assert.deepEqual(around.map(line), truth.slice(Math.max(0, i - 3), i + 4).map(line), member);
        });
      });
    }
  }
});

/**
 * `npm run bench:tournament`: what pairing a tournament round costs, pure code on one core.
 *
 * 1. Swiss (FIDE Dutch) rounds for N players (200 and 1,000): a tournament is played round by round
 *    with seeded random results (45% white wins, 25% draws); each round is paired by `pairDutch`,
 *    timed, and by a NAIVE baseline in the same process on the same standings: sort by score then
 *    pairing number and pair neighbours, skipping a rematch when it can (no colour or float rules,
 *    no guarantee of completing the round).
 * 2. Arena waves of 1,000 free players (standings and ratings random, every player's last opponent
 *    free too, so rematches must be avoided): `pairWave` against a NAIVE baseline that pairs
 *    neighbours in the standings, skipping an immediate rematch.
 *
 * Prints figures and ratios; never fails on a missed target (≤ 0.5 s a swiss round at 200 players,
 * ≤ 100 ms an arena wave at 1,000). Options (environment): SWISS_SIZES (`200,1000`), ROUNDS
 * (rounds paired a size, `5`; at most 3 from 1,000 on), WAVES (20).
 */
import os from 'node:os';
import { seededRandom } from '../rooms/rules/random.ts';
import { type FreePlayer, pairWave } from '../server/domain/tournaments/arena/arena-pairing.ts';
import { pairDutch } from '../server/domain/tournaments/swiss/dutch.ts';
import type { SwissEntrant, SwissRound } from '../server/domain/tournaments/swiss/swiss-player.ts';
import { fmt, markdownTable, percentile } from './support.ts';

const SWISS_SIZES = (process.env.SWISS_SIZES ?? '200,1000').split(',').map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const WAVES = Number(process.env.WAVES ?? 20);

/** Time of a call: wall clock, and this process's CPU time (the machine may be shared). */
const cpu: number[] = [];
const timed = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  return [value, performance.now() - t0];
};
const lastCpu = () => cpu.at(-1)!;

/** Sort by score and pair neighbours, skipping a rematch if the next one down is new. */
function naiveSwiss(entrants: readonly SwissEntrant[]): number {
  const score = (e: SwissEntrant) => e.rounds.reduce((s, r) => s + r.points, 0);
  const left = [...entrants].sort((a, b) => score(b) - score(a) || a.id - b.id);
  let pairs = 0;
  while (left.length > 1) {
    const a = left.shift()!;
    const met = new Set(a.rounds.map((r) => r.opponent));
    const i = left.findIndex((b) => !met.has(b.id));
    left.splice(i === -1 ? 0 : i, 1);
    pairs++;
  }
  return pairs;
}

function swiss(size: number) {
  const random = seededRandom(size);
  const rounds = size >= 1000 ? Math.min(ROUNDS, 3) : ROUNDS;
  const history = new Map<number, SwissRound[]>(Array.from({ length: size }, (_, i) => [i + 1, []]));
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const naive: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const entrants = [...history].map(([id, r]) => ({ id, rating: 2800 - id, rounds: r }));
    const [result, took] = timed(() =>
      pairDutch({ entrants, round, totalRounds: Math.max(rounds, 9), initialColour: 'white' }),
    );
    const tookCpu = lastCpu();
    naive.push(timed(() => naiveSwiss(entrants))[1]);
    ours.push(took);
    oursCpu.push(tookCpu);
    if (!result.ok) throw new Error(`round ${round} of ${size} could not be paired`);
    process.stdout.write(
      `  swiss ${size}: round ${round} paired in ${fmt(took)} ms (CPU ${fmt(tookCpu)} ms)\n`,
    );
    if (result.pairing.bye !== null)
      history.get(result.pairing.bye)!.push({ kind: 'pairing-bye', opponent: null, colour: null, points: 1 });
    for (const { white, black } of result.pairing.boards) {
      const r = random();
      const w = r < 0.45 ? 1 : r < 0.7 ? 0.5 : 0;
      history.get(white)!.push({ kind: 'game', opponent: black, colour: 'white', points: w });
      history.get(black)!.push({ kind: 'game', opponent: white, colour: 'black', points: 1 - w });
    }
  }
  return { ours, oursCpu, naive };
}

function naiveWave(free: readonly FreePlayer[]): number {
  const left = [...free].sort((a, b) => a.rank - b.rank);
  let pairs = 0;
  while (left.length > 1) {
    const a = left.shift()!;
    const i = left.findIndex((b) => b.id !== a.lastOpponent);
    left.splice(i === -1 ? 0 : i, 1);
    pairs++;
  }
  return pairs;
}

function arena(players: number) {
  const random = seededRandom(99);
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const naive: number[] = [];
  for (let w = 0; w < WAVES; w++) {
    const ranks = Array.from({ length: players }, (_, i) => i).sort(() => random() - 0.5);
    const free: FreePlayer[] = ranks.map((rank, i) => ({
      id: `p${i}`,
      rank,
      rating: Math.round(1500 + 300 * (random() + random() + random() - 1.5)),
      lastOpponent: `p${i ^ 1}`,
      freeSince: Math.floor(random() * 10_000),
    }));
    ours.push(timed(() => pairWave(free))[1]);
    oursCpu.push(lastCpu());
    naive.push(timed(() => naiveWave(free))[1]);
  }
  return { ours, oursCpu, naive };
}

const summary = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), max: sorted.at(-1)! };
};

process.stdout.write(
  `bench:tournament on ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}\n`,
);
const rows: string[][] = [];
for (const size of SWISS_SIZES) {
  const { ours, oursCpu, naive } = swiss(size);
  const [o, n, c] = [summary(ours), summary(naive), summary(oursCpu)];
  const target = size === 200 ? '≤ 500 ms' : '—';
  rows.push([
    `swiss round, ${size} players (${ours.length} rounds)`,
    `${fmt(o.p50, 1)} ms`,
    `${fmt(o.max, 1)} ms`,
    `${fmt(c.p50, 1)} ms`,
    `${fmt(n.p50, 2)} ms`,
    `${fmt(o.p50 / Math.max(n.p50, 0.001))}×`,
    target,
  ]);
}
const waves = arena(1000);
const [o, n, c] = [summary(waves.ours), summary(waves.naive), summary(waves.oursCpu)];
rows.push([
  `arena wave, 1,000 free players (${WAVES} waves)`,
  `${fmt(o.p50, 1)} ms`,
  `${fmt(o.max, 1)} ms`,
  `${fmt(c.p50, 1)} ms`,
  `${fmt(n.p50, 2)} ms`,
  `${fmt(o.p50 / Math.max(n.p50, 0.001))}×`,
  '≤ 100 ms',
]);
process.stdout.write(
  `\n${markdownTable(['Phase', 'p50', 'max', 'CPU p50', 'naive p50', 'ratio to naive', 'target'], rows)}\n`,
);
process.stdout.write(
  `load after: ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}\n`,
);

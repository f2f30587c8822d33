/**
 * `npm run bench:matchmaker`: what a matchmaking tick costs, and what the matches are like.
 *
 * 1. Tick time at a steady state of N waiting tickets (1k, 10k, 100k), 1v1, ratings
 *    Normal(1500, 300), four regions: before each tick, arrivals bring the pool back to N and add
 *    1% of N more; the tick matches what it can. `TicketPool.tick` is timed against a NAIVE
 *    baseline fed by the same generator and seed, in the same process: every tick it sorts all
 *    waiting tickets by rating and pairs neighbours that accept each other (bands and the region
 *    rule; no oldest-first, no choice of the best partner).
 *    Two profiles. With the default widening (±50, +10/s) a pool of thousands is so dense that
 *    nearly every ticket is matched at its first tick: the pool is replaced whole every tick and
 *    there is nothing to reuse. A pool of N stays waiting only if bands are narrow next to the
 *    gaps between ratings, so the second profile starts bands at ±0 and widens them by 10/N a
 *    second (0.001/s at 10k): then about 2% of the pool arrives and leaves each tick, the rest
 *    waits from tick to tick — the steady state an incremental pool is for.
 * 2. Time to match and match quality for a synthetic arrival stream: 50 tickets/s for simulated
 *    minutes on a fake clock, 1 s ticks, default widening; 1v1, and 2v2 with parties of two.
 *
 * A measurement, not a test: it prints figures and ratios and never fails on a missed target.
 * Options (environment): SIZES (`1000,10000,100000`), TICKS (measured ticks a size, 300; 60 from
 * 100k on, where p99 is then the slowest tick), WARMUP (ticks before measuring, 60; 20 from 100k
 * on), STREAM_MINUTES (10). The machine's load average is printed before and after: other work on
 * the same cores shows up in the tail.
 *
 * Garbage collection inside ticks is counted from the process's `gc` performance entries: the
 * young-generation collections (scavenges) that start inside a measured tick, out of all those
 * from the first measured tick to the last, their total pause, and the heap a tick allocates
 * (median over the ticks no collection fell in).
 */
import os from 'node:os';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import {
  type PairingRules,
  type Ticket,
  TicketPool,
  ticketRating,
  type Widening,
} from '../rooms/rules/matchmaking.ts';
import { seededRandom } from '../rooms/rules/random.ts';
import { fmt, markdownTable, ms, percentile } from './support.ts';

const SIZES = (process.env.SIZES ?? '1000,10000,100000').split(',').map(Number);
const TICKS = Number(process.env.TICKS ?? 300);
const WARMUP = Number(process.env.WARMUP ?? 60);
/** From this pool size on, fewer ticks: the naive baseline takes a good part of a second each. */
const LARGE = 100_000;
const ticksFor = (size: number): number => (size >= LARGE ? Math.min(TICKS, 60) : TICKS);
const warmupFor = (size: number): number => (size >= LARGE ? Math.min(WARMUP, 20) : WARMUP);
const STREAM_MINUTES = Number(process.env.STREAM_MINUTES ?? 10);
/** Arrivals each tick beyond those that bring the pool back to N, as a share of N. */
const EXTRA_ARRIVALS = 0.01;
/** The tickets of the first pool arrived at times spread over this long before the first tick. */
const PREFILL_AGE_MS = 120_000;

const TARGET_P99_MS = 5;
const TARGET_RATIO = 0.3;

const REGIONS = ['eu', 'na', 'asia', 'sa'] as const;
const REGION_WEIGHTS = [0.4, 0.35, 0.15, 0.1];

const DEFAULT_WIDENING: Widening = {
  initialBand: 50,
  growthPerSecond: 10,
  maxBand: 400,
  relaxRegionAfterMs: 30_000,
};

const rulesWith = (widening: Widening, teamSize = 1): PairingRules => ({
  teams: 2,
  teamSize,
  regions: REGIONS,
  widening,
  minQuality: 0.3,
});

// ---------------------------------------------------------------------------------------------
// A seeded stream of tickets
// ---------------------------------------------------------------------------------------------

class TicketSource {
  private readonly random: () => number;
  private next = 0;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  normal(mean: number, sd: number): number {
    return mean + sd * Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
  }

  /**
   * A ticket that arrived during the `withinMs` before `now` (the last second by default); a party
   * of `size` has close ratings.
   */
  ticket(now: number, size = 1, withinMs = 1000): Ticket {
    const id = this.next++;
    const centre = this.normal(1500, 300);
    const members = Array.from({ length: size }, (_, i) => ({
      userId: `u${id}.${i}`,
      rating: size === 1 ? centre : this.normal(centre, 60),
    }));
    let x = this.random();
    let region = 0;
    while (region < REGION_WEIGHTS.length - 1 && x >= REGION_WEIGHTS[region]!) x -= REGION_WEIGHTS[region++]!;
    return {
      id: `t${id}`,
      members,
      region: REGIONS[region]!,
      since: now - Math.floor(this.random() * withinMs),
    };
  }

  chance(p: number): boolean {
    return this.random() < p;
  }
}

// ---------------------------------------------------------------------------------------------
// The two matchmakers under measurement
// ---------------------------------------------------------------------------------------------

interface Matchmaker {
  add(ticket: Ticket): void;
  tick(now: number): number;
  readonly size: number;
}

class IncrementalMatchmaker implements Matchmaker {
  private readonly pool: TicketPool;
  constructor(rules: PairingRules) {
    this.pool = new TicketPool(rules);
  }
  add(ticket: Ticket): void {
    this.pool.add(ticket);
  }
  tick(now: number): number {
    return this.pool.tick(now).length;
  }
  get size(): number {
    return this.pool.size;
  }
}

/**
 * The naive baseline: each tick, sort every waiting ticket by rating and walk the sorted list,
 * pairing two neighbours when each lies in the other's band and the region rule allows; a pair
 * formed skips both. Ratings are computed once, at arrival (a cheaper baseline, not a dearer one).
 */
class NaiveMatchmaker implements Matchmaker {
  private readonly waiting = new Map<string, { ticket: Ticket; rating: number }>();
  constructor(private readonly widening: Widening) {}
  add(ticket: Ticket): void {
    this.waiting.set(ticket.id, { ticket, rating: ticketRating(ticket) });
  }
  tick(now: number): number {
    const { initialBand, growthPerSecond, maxBand, relaxRegionAfterMs } = this.widening;
    const half = (since: number) =>
      Math.min(maxBand, initialBand + (growthPerSecond * Math.max(0, now - since)) / 1000);
    const sorted = [...this.waiting.values()].sort((a, b) => a.rating - b.rating);
    let matches = 0;
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i]!;
      const b = sorted[i + 1]!;
      const gap = b.rating - a.rating;
      const regionOk =
        a.ticket.region === b.ticket.region ||
        now - a.ticket.since >= relaxRegionAfterMs ||
        now - b.ticket.since >= relaxRegionAfterMs;
      if (gap <= half(a.ticket.since) && gap <= half(b.ticket.since) && regionOk) {
        this.waiting.delete(a.ticket.id);
        this.waiting.delete(b.ticket.id);
        matches++;
        i++;
      }
    }
    return matches;
  }
  get size(): number {
    return this.waiting.size;
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Tick time at a steady state
// ---------------------------------------------------------------------------------------------

interface TickRun {
  /** Tick times in ms, sorted ascending. */
  times: Float64Array;
  /** Start and end (`performance.now()`) of each measured tick, in the order run. */
  windows: Float64Array;
  /** Heap used (bytes) after minus before each measured tick, in the order run. */
  heapDeltas: Float64Array;
  arrivalsPerTick: number;
  matchesPerTick: number;
  /** Mean tickets waiting when a tick starts. */
  waiting: number;
  /** Mean cost of `add`, in µs a ticket (outside the tick). */
  addMicros: number;
}

/** Runs warm-up and measured ticks holding the pool at `size` (+1% arrivals); times the measured ones. */
function steadyTicks(matchmaker: Matchmaker, size: number, seed: number): TickRun {
  const source = new TicketSource(seed);
  const extra = Math.max(1, Math.round(size * EXTRA_ARRIVALS));
  const times: number[] = [];
  const windows: number[] = [];
  const heapDeltas: number[] = [];
  let arrivals = 0;
  let matches = 0;
  let waiting = 0;
  let addMs = 0;
  const warmup = warmupFor(size);
  const measured = ticksFor(size);
  for (let tick = 0; tick < warmup + measured; tick++) {
    const now = tick * 1000;
    // The first pool has waited for up to PREFILL_AGE_MS already: no cohort of equal age whose
    // bands and regions would all widen at the same tick.
    const within = tick === 0 ? PREFILL_AGE_MS : 1000;
    const count = Math.max(0, size - matchmaker.size) + extra;
    const tickets = Array.from({ length: count }, () => source.ticket(now, 1, within));
    const addStarted = performance.now();
    for (const ticket of tickets) matchmaker.add(ticket);
    const addElapsed = performance.now() - addStarted;
    const waitingNow = matchmaker.size;
    const heapBefore = v8.getHeapStatistics().used_heap_size;
    const started = performance.now();
    const formed = matchmaker.tick(now);
    const ended = performance.now();
    const elapsed = ended - started;
    const heapAfter = v8.getHeapStatistics().used_heap_size;
    if (tick < warmup) continue;
    times.push(elapsed);
    windows.push(started, ended);
    heapDeltas.push(heapAfter - heapBefore);
    arrivals += count;
    matches += formed;
    waiting += waitingNow;
    addMs += addElapsed;
  }
  return {
    times: Float64Array.from(times).sort(),
    windows: Float64Array.from(windows),
    heapDeltas: Float64Array.from(heapDeltas),
    arrivalsPerTick: arrivals / measured,
    matchesPerTick: matches / measured,
    waiting: waiting / measured,
    addMicros: (addMs * 1000) / arrivals,
  };
}

/** The process's garbage collections, as `gc` performance entries (delivered by a later task). */
class GcLog {
  private readonly entries: { start: number; duration: number; minor: boolean }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      this.entries.push({
        start: entry.startTime,
        duration: entry.duration,
        minor: kind === constants.NODE_PERFORMANCE_GC_MINOR,
      });
    }
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /**
   * Young-generation collections that started inside the run's measured ticks, their pauses
   * summed, and the median heap a tick allocated among the ticks no collection fell in. Call a
   * little after the run (a timer later), so that its entries have been delivered.
   */
  inTicks(run: TickRun): { minor: number; all: number; pauseMs: number; allocatedKb: number } {
    const windows = run.windows;
    let all = 0;
    for (const entry of this.entries) {
      if (entry.minor && entry.start >= windows[0]! && entry.start <= windows[windows.length - 1]!) all++;
    }
    let minor = 0;
    let pauseMs = 0;
    const clean: number[] = [];
    for (let w = 0; w < windows.length; w += 2) {
      const start = windows[w]!;
      const end = windows[w + 1]!;
      let any = false;
      for (const entry of this.entries) {
        if (entry.start < start || entry.start > end) continue;
        any = true;
        if (!entry.minor) continue;
        minor++;
        pauseMs += entry.duration;
      }
      if (!any) clean.push(run.heapDeltas[w / 2]!);
    }
    const allocated = Float64Array.from(clean).sort();
    return { minor, all, pauseMs, allocatedKb: percentile(allocated, 50) / 1024 };
  }

  stop(): void {
    this.observer.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. A synthetic arrival stream: time to match and quality
// ---------------------------------------------------------------------------------------------

interface StreamRun {
  tickets: number;
  matches: number;
  /** Seconds from `since` to the tick that matched, sorted. */
  waits: Float64Array;
  qualities: Float64Array;
  left: number;
}

function stream(rules: PairingRules, perSecond: number, partyShare: number, seed: number): StreamRun {
  const source = new TicketSource(seed);
  const pool = new TicketPool(rules);
  const waits: number[] = [];
  const qualities: number[] = [];
  let tickets = 0;
  const seconds = STREAM_MINUTES * 60;
  for (let second = 0; second <= seconds; second++) {
    const now = second * 1000;
    // Normal(perSecond, 0.3 × perSecond) arrivals a second, never fewer than none.
    const count = Math.max(0, Math.round(source.normal(perSecond, 0.3 * perSecond)));
    for (let i = 0; i < count; i++) {
      const size = rules.teamSize > 1 && source.chance(partyShare) ? rules.teamSize : 1;
      pool.add(source.ticket(now, size));
      tickets++;
    }
    for (const match of pool.tick(now)) {
      qualities.push(match.quality);
      for (const ticket of match.teams.flat()) waits.push((now - ticket.since) / 1000);
    }
  }
  return {
    tickets,
    matches: qualities.length,
    waits: Float64Array.from(waits).sort(),
    qualities: Float64Array.from(qualities).sort(),
    left: pool.size,
  };
}

// ---------------------------------------------------------------------------------------------

const loadAverage = (): string =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const gc = new GcLog();
  console.log(
    `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}); ` +
      `${TICKS} measured ticks after ${WARMUP} below ${fmt(LARGE)}, ${ticksFor(LARGE)} after ${warmupFor(LARGE)} from it; ` +
      `load average ${loadAverage()}.`,
  );

  const profiles: [string, (size: number) => Widening][] = [
    [
      'narrow (±0, +10/N a second)',
      (size) => ({ ...DEFAULT_WIDENING, initialBand: 0, growthPerSecond: 10 / size }),
    ],
    ['default (±50, +10/s)', () => DEFAULT_WIDENING],
  ];
  const rows: string[][] = [];
  for (const [name, wideningFor] of profiles) {
    for (const size of SIZES) {
      const widening = wideningFor(size);
      const ours = steadyTicks(new IncrementalMatchmaker(rulesWith(widening)), size, size);
      const naive = steadyTicks(new NaiveMatchmaker(widening), size, size);
      await sleep(100);
      const ourGc = gc.inTicks(ours);
      const naiveGc = gc.inTicks(naive);
      const p50 = percentile(ours.times, 50);
      const p99 = percentile(ours.times, 99);
      const naiveP50 = percentile(naive.times, 50);
      const naiveP99 = percentile(naive.times, 99);
      rows.push([
        name,
        fmt(ours.waiting),
        `${fmt(ours.arrivalsPerTick)} / ${fmt(ours.matchesPerTick)}`,
        `${ms(p50)} / ${ms(p99)}`,
        `${ms(naiveP50)} / ${ms(naiveP99)}`,
        `${fmt(p50 / naiveP50, 2)}× / ${fmt(p99 / naiveP99, 2)}×`,
        `${fmt(ours.addMicros, 1)} µs`,
        `${fmt(ourGc.minor)} of ${fmt(ourGc.all)} (${ms(ourGc.pauseMs)}) / ${fmt(naiveGc.minor)} of ${fmt(naiveGc.all)} (${ms(naiveGc.pauseMs)})`,
        `${fmt(ourGc.allocatedKb)} KB / ${fmt(naiveGc.allocatedKb)} KB`,
      ]);
      console.log(`  measured ${name}, ${fmt(size)}`);
    }
  }
  console.log(
    `\nTick time at a steady state (1v1). Targets at 10k: p99 ≤ ${TARGET_P99_MS} ms and ≤ ${TARGET_RATIO}× naive.\n`,
  );
  console.log(
    markdownTable(
      [
        'widening',
        'waiting',
        'arrivals / matches a tick',
        'pool p50 / p99',
        'naive p50 / p99',
        'ratio p50 / p99',
        'pool add',
        'scavenges in ticks of all (their pause): pool / naive',
        'allocated a tick: pool / naive',
      ],
      rows,
    ),
  );

  const streams: [string, PairingRules, number][] = [
    ['1v1', rulesWith(DEFAULT_WIDENING), 0],
    ['2v2, 30% parties of two', rulesWith(DEFAULT_WIDENING, 2), 0.3],
  ];
  const streamRows = streams.map(([name, rules, partyShare], i) => {
    const run = stream(rules, 50, partyShare, 7 + i);
    return [
      name,
      `${fmt(run.tickets)} / ${fmt(run.matches)} / ${fmt(run.left)}`,
      `${fmt(percentile(run.waits, 50), 1)} s / ${fmt(percentile(run.waits, 90), 1)} s / ${fmt(percentile(run.waits, 99), 1)} s`,
      `${fmt(percentile(run.qualities, 50), 3)} / ${fmt(percentile(run.qualities, 10), 3)}`,
    ];
  });
  console.log(
    `\nArrival stream: 50 tickets/s for ${STREAM_MINUTES} simulated minute${STREAM_MINUTES === 1 ? '' : 's'}, 1 s ticks, default widening.\n`,
  );
  console.log(
    markdownTable(
      ['profile', 'tickets / matches / left', 'time to match p50 / p90 / p99', 'quality median / p10'],
      streamRows,
    ),
  );
  console.log(`\nLoad average at the end: ${loadAverage()}.`);
  gc.stop();
}

await main();

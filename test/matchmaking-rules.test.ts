import assert from 'node:assert/strict';
import {
  balanceTeams,
  bandAt,
  CROSS_REGION_QUALITY,
  type FormedMatch,
  matchQuality,
  mutuallyAccepted,
  type PairingRules,
  regionsAccepted,
  type Ticket,
  TicketPool,
  teamImbalance,
  ticketRating,
  WAIT_HISTORY,
} from '../rooms/rules/matchmaking.ts';
import { type Entry, Outward, RatingIndex } from '../rooms/rules/matchmaking-index.ts';
import { seededRandom } from '../rooms/rules/random.ts';

const WIDENING = { initialBand: 50, growthPerSecond: 10, maxBand: 400, relaxRegionAfterMs: 20_000 };

const profile = (overrides: Partial<PairingRules> = {}): PairingRules => ({
  teams: 2,
  teamSize: 1,
  regions: ['eu', 'na', 'asia', 'sa'],
  widening: WIDENING,
  minQuality: 0.3,
  ...overrides,
});

const solo = (id: string, rating: number, since = 0, region = 'eu'): Ticket => ({
  id,
  members: [{ userId: `u-${id}`, rating }],
  region,
  since,
});

const party = (id: string, ratings: number[], since = 0, region = 'eu'): Ticket => ({
  id,
  members: ratings.map((rating, i) => ({ userId: `u-${id}-${i}`, rating })),
  region,
  since,
});

function addAll(pool: TicketPool, tickets: Ticket[]): void {
  for (const ticket of tickets) assert.deepEqual(pool.add(ticket), { ok: true }, `${ticket.id} is queued`);
}

/** A match as sorted ticket ids per team, teams sorted: comparable whatever the order. */
const idsOf = (match: FormedMatch): string[][] =>
  match.teams
    .map((team) => team.map((ticket) => ticket.id).sort())
    .sort((a, b) => a[0]!.localeCompare(b[0]!));

/** The smallest team imbalance over every way of splitting whole tickets into the teams. */
function bestImbalance(tickets: readonly Ticket[], teams: number, teamSize: number): number {
  let best = Number.POSITIVE_INFINITY;
  const assigned: Ticket[][] = Array.from({ length: teams }, () => []);
  const loads = new Array<number>(teams).fill(0);
  const visit = (i: number): void => {
    if (i === tickets.length) {
      best = Math.min(best, teamImbalance(assigned));
      return;
    }
    const ticket = tickets[i]!;
    for (let team = 0; team < teams; team++) {
      if (loads[team]! + ticket.members.length > teamSize) continue;
      loads[team]! += ticket.members.length;
      assigned[team]!.push(ticket);
      visit(i + 1);
      assigned[team]!.pop();
      loads[team]! -= ticket.members.length;
    }
  };
  visit(0);
  return best;
}

describe('matchmaking rules', () => {
  describe('bands and quality', () => {
    it("a party's rating is the mean of its members'", () => {
      assert.equal(ticketRating(solo('a', 1234)), 1234);
      assert.equal(ticketRating(party('p', [1400, 1600, 1900])), 1633.3333333333333);
    });

    it("a ticket's band widens by growthPerSecond up to maxBand", () => {
      const ticket = solo('a', 1500, 10_000);
      assert.deepEqual(bandAt(ticket, WIDENING, 10_000), { min: 1450, max: 1550 });
      assert.deepEqual(bandAt(ticket, WIDENING, 13_000), { min: 1420, max: 1580 });
      assert.deepEqual(bandAt(ticket, WIDENING, 45_000), { min: 1100, max: 1900 });
      assert.deepEqual(bandAt(ticket, WIDENING, 46_000), { min: 1100, max: 1900 }, 'capped at maxBand');
      assert.deepEqual(bandAt(ticket, WIDENING, 5_000), { min: 1450, max: 1550 }, 'never below initialBand');
    });

    it('quality is 1 for identical ratings in one region and falls with the spread relative to maxBand', () => {
      const rules = profile();
      assert.equal(matchQuality([[solo('a', 1500)], [solo('b', 1500)]], rules), 1);
      assert.equal(matchQuality([[solo('a', 1500)], [solo('b', 1600)]], rules), 1 - 100 / 800);
      assert.equal(matchQuality([[solo('a', 1500)], [solo('b', 1900)]], rules), 0.5);
      assert.equal(
        matchQuality([[solo('a', 1500, 0, 'eu')], [solo('b', 1500, 0, 'na')]], rules),
        CROSS_REGION_QUALITY,
      );
      // 2v2: spread 200 (1400..1600), team means 1500 and 1500: imbalance 0.
      const balanced = [
        [solo('a', 1400), solo('d', 1600)],
        [solo('b', 1450), solo('c', 1550)],
      ];
      assert.equal(matchQuality(balanced, profile({ teamSize: 2 })), 1 - 200 / 1600);
      const lopsided = [
        [solo('a', 1400), solo('b', 1450)],
        [solo('c', 1550), solo('d', 1600)],
      ];
      assert.equal(matchQuality(lopsided, profile({ teamSize: 2 })), 1 - (200 + 150) / 1600);
    });

    it('balanceTeams refuses tickets that cannot be packed into whole teams', () => {
      assert.equal(balanceTeams([party('p', [1500, 1500]), party('q', [1500, 1500])], 2, 3), undefined);
      assert.equal(balanceTeams([solo('a', 1500), solo('b', 1500), solo('c', 1500)], 2, 2), undefined);
    });
  });

  describe('the pool', () => {
    it("two players inside each other's bands are matched; outside, they wait", () => {
      const pool = new TicketPool(profile());
      addAll(pool, [solo('a', 1500), solo('b', 1540), solo('c', 2000), solo('d', 2100)]);
      const first = pool.tick(0);
      assert.deepEqual(first.map(idsOf), [[['a'], ['b']]]);
      assert.equal(first[0]!.quality, 1 - 40 / 800);
      assert.deepEqual(pool.tick(4_000), [], 'at 4 s the bands are ±90: c and d are 100 apart');
      assert.equal(pool.size, 2);
      assert.deepEqual(pool.tick(5_000).map(idsOf), [[['c'], ['d']]], 'at 5 s the bands are ±100');
      assert.equal(pool.size, 0);
      assert.equal(pool.playerCount, 0);
    });

    it('acceptance is mutual: a newcomer waits until its own band reaches a veteran that accepts it', () => {
      const pool = new TicketPool(profile());
      addAll(pool, [solo('veteran', 1500, -60_000), solo('newcomer', 1700, 0)]);
      assert.deepEqual(pool.tick(0), [], "the veteran's ±400 covers 1700, the newcomer's ±50 not 1500");
      assert.deepEqual(pool.tick(14_000), [], 'newcomer ±190');
      assert.deepEqual(pool.tick(15_000).map(idsOf), [[['newcomer'], ['veteran']]], 'newcomer ±200');
    });

    it('a party of two in a 2×2 profile is on one team', () => {
      const pool = new TicketPool(profile({ teamSize: 2 }));
      addAll(pool, [party('duo', [1450, 1550]), solo('x', 1480), solo('y', 1520)]);
      const [match, ...rest] = pool.tick(0);
      assert.equal(rest.length, 0);
      assert.deepEqual(idsOf(match!), [['duo'], ['x', 'y']]);
      assert.equal(match!.quality, 1 - 40 / 1600, 'spread 40 (1480..1520), team means equal');
    });

    it('teams are balanced: the split minimises the gap between team means', () => {
      const pool = new TicketPool(profile({ teamSize: 2 }));
      const veteran = -60_000;
      addAll(pool, [solo('a', 1400, veteran), solo('b', 1450, veteran), solo('c', 1550, veteran)]);
      assert.deepEqual(pool.tick(0), [], 'three players do not make a 2v2');
      addAll(pool, [solo('d', 1600, veteran)]);
      const [match] = pool.tick(1_000);
      assert.deepEqual(idsOf(match!), [
        ['a', 'd'],
        ['b', 'c'],
      ]);
      assert.equal(teamImbalance(match!.teams), 0);

      const tickets = [party('p', [1300, 1500, 1400]), party('q', [1450, 1500]), solo('r', 1700)];
      const teams = balanceTeams(tickets, 2, 3)!;
      assert.equal(teamImbalance(teams), bestImbalance(tickets, 2, 3));
      assert.deepEqual(teams.map((team) => team.map((t) => t.id).sort()).sort(), [['p'], ['q', 'r']]);
    });

    it('a party larger than teamSize is refused, and so is an unknown region', () => {
      const pool = new TicketPool(profile({ teamSize: 2 }));
      const tooLarge = pool.add(party('trio', [1500, 1500, 1500]));
      assert.equal(tooLarge.ok, false);
      if (!tooLarge.ok) assert.equal(tooLarge.code, 'PARTY_TOO_LARGE');
      const elsewhere = pool.add(solo('a', 1500, 0, 'moon'));
      assert.equal(elsewhere.ok, false);
      if (!elsewhere.ok) {
        assert.equal(elsewhere.code, 'UNKNOWN_REGION');
        assert.match(elsewhere.message, /moon/);
      }
      assert.equal(pool.size, 0);
    });

    it('a user cannot hold two tickets', () => {
      const pool = new TicketPool(profile({ teamSize: 2 }));
      addAll(pool, [solo('a', 1500)]);
      const again = pool.add({ ...solo('a2', 1500), members: [{ userId: 'u-a', rating: 1500 }] });
      assert.equal(again.ok, false);
      if (!again.ok) assert.equal(again.code, 'ALREADY_QUEUED');
      const inParty = pool.add({
        ...party('p', [1500, 1500]),
        members: [
          { userId: 'u-new', rating: 1500 },
          { userId: 'u-a', rating: 1500 },
        ],
      });
      assert.equal(inParty.ok, false, 'nor be in a party while waiting alone');
      assert.equal(pool.ticketOf('u-new'), undefined, 'a refused ticket leaves nothing behind');
      const sameId = pool.add(solo('a', 1600));
      assert.equal(sameId.ok, false);
      assert.equal(pool.size, 1);
      assert.equal(pool.ticketOf('u-a')?.id, 'a');
      pool.remove('a');
      assert.deepEqual(pool.add({ ...solo('a2', 1500), members: [{ userId: 'u-a', rating: 1500 }] }), {
        ok: true,
      });
    });

    it('matched tickets are gone for every reader at once, and their ids and players can queue again', () => {
      const pool = new TicketPool(profile());
      addAll(pool, [solo('a', 1500), solo('b', 1510), solo('c', 2500)]);
      assert.equal(pool.tick(0).length, 1);
      assert.equal(pool.size, 1);
      assert.equal(pool.playerCount, 1);
      assert.equal(pool.ticketOf('u-a'), undefined);
      assert.equal(pool.status('b', 0), undefined);
      assert.equal(pool.remove('a'), undefined);
      assert.deepEqual(
        [...pool.tickets()].map((t) => t.id),
        ['c'],
      );
      // Requeued with the same ids, before and after other arrivals: listed in the order added.
      addAll(pool, [solo('b', 1510, 0), solo('d', 3000), solo('a', 1500, 0)]);
      assert.equal(pool.ticketOf('u-a')?.id, 'a');
      assert.deepEqual(
        [...pool.tickets()].map((t) => t.id),
        ['c', 'b', 'd', 'a'],
      );
      assert.equal(pool.add(solo('a', 1500)).ok, false, 'a live ticket is still refused twice');
      assert.deepEqual(pool.tick(1_000).map(idsOf), [[['a'], ['b']]]);
      assert.deepEqual(
        [...pool.tickets()].map((t) => t.id),
        ['c', 'd'],
      );
    });

    it("1v1 edges: a rating exactly at the band's edge is accepted, a nearer one that does not accept back is passed over", () => {
      const atEdge = new TicketPool(profile());
      addAll(atEdge, [solo('a', 1500), solo('b', 1550)]);
      assert.deepEqual(atEdge.tick(0).map(idsOf), [[['a'], ['b']]]);
      const beyond = new TicketPool(profile());
      addAll(beyond, [solo('a', 1500), solo('c', 1550.5)]);
      assert.deepEqual(beyond.tick(0), []);
      // old (±350) is the anchor; near (60 away, ±50) is in old's band but does not accept it;
      // far (80 away, ±150) does.
      const pool = new TicketPool(profile());
      addAll(pool, [solo('old', 1500, -30_000), solo('near', 1440), solo('far', 1580, -10_000)]);
      assert.deepEqual(pool.tick(0).map(idsOf), [[['far'], ['old']]]);
      assert.deepEqual(
        [...pool.tickets()].map((t) => t.id),
        ['near'],
      );
    });

    it('the oldest ticket is matched first', () => {
      const pool = new TicketPool(profile());
      // old (1540) accepts everyone near; young (1480) is 60 from old, beyond its own ±52 (±57 at 500).
      addAll(pool, [solo('old', 1540, -60_000), solo('young', 1480, -200)]);
      assert.deepEqual(pool.tick(0), []);
      // The newcomer (1500, ±50) accepts both; the nearer is young, but old has waited longer.
      addAll(pool, [solo('new', 1500, 500)]);
      assert.deepEqual(pool.tick(500).map(idsOf), [[['new'], ['old']]]);
      assert.deepEqual(
        [...pool.tickets()].map((t) => t.id),
        ['young'],
      );
    });

    it('region relaxes after the wait: same region before, any region after, for either ticket', () => {
      const pool = new TicketPool(profile());
      addAll(pool, [solo('eu', 1500, 0, 'eu'), solo('na', 1500, 0, 'na')]);
      assert.deepEqual(pool.tick(0), []);
      assert.deepEqual(pool.tick(19_000), []);
      const [match] = pool.tick(20_000);
      assert.deepEqual(idsOf(match!), [['eu'], ['na']]);
      assert.equal(match!.quality, CROSS_REGION_QUALITY);

      addAll(pool, [solo('waited', 1500, -20_000, 'asia'), solo('fresh', 1500, 30_000, 'sa')]);
      assert.deepEqual(
        pool.tick(30_000).map(idsOf),
        [[['fresh'], ['waited']]],
        'one relaxed ticket is enough',
      );
    });

    it('requeued ticket keeps its waiting time, and with it its band', () => {
      const pool = new TicketPool(profile());
      const ticket = solo('a', 1500, -20_000);
      addAll(pool, [ticket]);
      assert.deepEqual(pool.status('a', 0)?.band, { min: 1250, max: 1750 });
      assert.equal(pool.remove('a'), ticket);
      assert.equal(pool.status('a', 0), undefined);
      addAll(pool, [ticket]);
      const status = pool.status('a', 0)!;
      assert.deepEqual(status.band, { min: 1250, max: 1750 });
      assert.equal(status.waitedMs, 20_000);
      // A partner 240 away who has also waited: matched at once, as the earned band allows.
      addAll(pool, [solo('b', 1740, -20_000)]);
      assert.deepEqual(pool.tick(0).map(idsOf), [[['a'], ['b']]]);
    });

    it('a candidate match below minQuality is not formed', () => {
      const pool = new TicketPool(profile({ minQuality: 0.9 }));
      addAll(pool, [solo('a', 1500, -60_000), solo('b', 1600, -60_000), solo('c', 2000), solo('d', 2050)]);
      // a–b: 1 - 100/800 = 0.875 < 0.9; c–d: 0.9375.
      assert.deepEqual(pool.tick(0).map(idsOf), [[['c'], ['d']]]);
      assert.deepEqual(pool.tick(600_000), []);
      assert.equal(pool.size, 2);
    });

    it('reports the band, the pool size and an estimated wait drawn from recent matches', () => {
      const pool = new TicketPool(profile());
      addAll(pool, [solo('a', 1500, 0), party('far', [2500])]);
      assert.equal(pool.medianWaitMs(), null);
      assert.deepEqual(pool.status('a', 2_000), {
        band: { min: 1430, max: 1570 },
        poolSize: 2,
        estimatedWaitMs: null,
        waitedMs: 2_000,
      });
      for (const [i, wait] of [1_000, 3_000, 5_000, 7_000].entries()) {
        addAll(pool, [solo(`x${i}`, 1000, 10_000 - wait), solo(`y${i}`, 1000, 10_000 - wait)]);
      }
      assert.equal(pool.tick(10_000).length, 4);
      assert.equal(pool.medianWaitMs(), 4_000);
      assert.equal(pool.status('far', 10_000)?.estimatedWaitMs, 10_000 + 4_000, 'outwaited them all');
      assert.equal(pool.status('a', 10_000)?.estimatedWaitMs, 10_000 + 4_000);
      const fresh = solo('fresh', 3000, 10_000);
      addAll(pool, [fresh]);
      assert.equal(pool.status('fresh', 10_000)?.estimatedWaitMs, 4_000);
      assert.equal(pool.status('fresh', 14_000)?.estimatedWaitMs, 6_000, 'median of the waits ≥ 4 s');
    });

    it(`the estimate forgets all but the last ${WAIT_HISTORY} waits`, () => {
      const pool = new TicketPool(profile());
      for (let i = 0; i < WAIT_HISTORY; i++)
        addAll(pool, [solo(`a${i}`, 3000 * i, 0), solo(`b${i}`, 3000 * i, 0)]);
      pool.tick(60_000);
      assert.equal(pool.medianWaitMs(), 60_000);
      // Half of the window is replaced: the median sits between the old and the new waits.
      for (let i = 0; i < WAIT_HISTORY / 4; i++)
        addAll(pool, [solo(`c${i}`, 3000 * i, 0), solo(`d${i}`, 3000 * i, 0)]);
      pool.tick(1_000);
      assert.equal(pool.medianWaitMs(), (1_000 + 60_000) / 2);
    });

    it('refuses rules it cannot honour', () => {
      assert.throws(() => new TicketPool(profile({ teams: 1 })), RangeError);
      assert.throws(() => new TicketPool(profile({ teamSize: 0 })), RangeError);
      assert.throws(() => new TicketPool(profile({ regions: [] })), RangeError);
      assert.throws(() => new TicketPool(profile({ minQuality: 1.5 })), RangeError);
      assert.throws(() => new TicketPool(profile({ widening: { ...WIDENING, maxBand: 10 } })), RangeError);
    });
  });

  describe("the pool's rating index", () => {
    const entry = (seq: number, rating: number): Entry => ({
      ticket: solo(`e${seq}`, rating),
      rating,
      size: 1,
      since: 0,
      region: 'eu',
      seq,
      dead: false,
      nextCheck: 0,
      stale: false,
    });

    it('keeps entries in rating order (ties by arrival) through thousands of insertions and deaths', () => {
      const random = seededRandom(11);
      const index = new RatingIndex();
      let expected: Entry[] = [];
      for (let seq = 0; seq < 6_000; seq++) {
        // Whole ratings, so that ties are common.
        const added = entry(seq, Math.round(normal(random, 1500, 100)));
        index.insert(added);
        expected.push(added);
        if (random() < 0.4) {
          const gone = expected[Math.floor(random() * expected.length)]!;
          gone.dead = true;
          index.discard(gone);
          expected = expected.filter((e) => e !== gone);
        }
      }
      expected.sort((a, b) => a.rating - b.rating || a.seq - b.seq);
      const stored = index.chunks.flatMap((chunk) => chunk.entries);
      assert.deepEqual(
        stored.filter((e) => !e.dead).map((e) => e.seq),
        expected.map((e) => e.seq),
      );
      assert.equal(index.length, expected.length);
      assert.ok(index.chunks.length > 4, `${index.chunks.length} chunks`);
      assert.ok(
        stored.length < 2 * expected.length + index.chunks.length,
        `${stored.length} stored: dead are dropped`,
      );
      for (const chunk of index.chunks) {
        assert.deepEqual(
          [...chunk.ratings.subarray(0, chunk.length)],
          chunk.entries.map((e) => e.rating),
        );
      }
    });

    it('walks outwards nearest rating first, across chunks, within the bounds', () => {
      const random = seededRandom(12);
      const index = new RatingIndex();
      const all = Array.from({ length: 3_000 }, (_, seq) => entry(seq, normal(random, 1500, 300)));
      for (const e of all) index.insert(e);
      const walk = new Outward();
      for (const center of all.slice(0, 50)) {
        const lo = center.rating - 40;
        const hi = center.rating + 25;
        const seen: Entry[] = [];
        walk.start(index, center, lo, hi);
        for (let e = walk.next(); e; e = walk.next()) seen.push(e);
        const expected = all.filter((e) => e !== center && e.rating >= lo && e.rating <= hi);
        assert.deepEqual(
          seen.map((e) => e.seq).sort((a, b) => a - b),
          expected.map((e) => e.seq),
        );
        const distances = seen.map((e) => Math.abs(e.rating - center.rating));
        assert.deepEqual(
          distances,
          [...distances].sort((a, b) => a - b),
          'nearest first',
        );
      }
    });
  });

  describe('simulation', () => {
    it('1v1, ten simulated minutes: the same matches as re-examining everyone every tick, and none missed', () => {
      const rules = profile();
      const result = simulate(
        { rules, seconds: 600, arrivalsPerSecond: 8, partyWeights: [1], seed: 1 },
        (tick) => {
          assert.deepEqual(pairsOf(tick.matches), referencePairs(tick.before, tick.seqOf, rules, tick.now));
          assertNoMatchLeft(tick.after, rules, tick.now);
        },
      );
      assert.ok(result.added > 4_000, `${result.added} tickets`);
      assert.ok(result.matches > 1_500, `${result.matches} matches`);
      report('1v1', result);
    });

    it('1v1 in a pool of thousands (narrow, slowly widening bands): still the same matches', () => {
      const widening = { initialBand: 0, growthPerSecond: 0.2, maxBand: 40, relaxRegionAfterMs: 120_000 };
      const rules = profile({ widening });
      const sim = { rules, seconds: 60, arrivalsPerSecond: 300, partyWeights: [1], seed: 4 };
      const result = simulate(sim, (tick) => {
        assert.deepEqual(pairsOf(tick.matches), referencePairs(tick.before, tick.seqOf, rules, tick.now));
        assertNoMatchLeft(tick.after, rules, tick.now);
      });
      assert.ok(result.peakWaiting > 1_500, `${result.peakWaiting} waiting at the peak`);
      report('1v1, large pool', result);
    });

    it('2v2 with parties of two: exact teams, whole parties, balanced, and nobody left who could play', () => {
      const rules = profile({ teamSize: 2 });
      const result = simulate({
        rules,
        seconds: 600,
        arrivalsPerSecond: 6,
        partyWeights: [0.7, 0.3],
        seed: 2,
      });
      assert.ok(result.matches > 900, `${result.matches} matches`);
      report('2v2', result);
    });

    it('3v3 with parties of two and three, stricter quality', () => {
      const rules = profile({ teamSize: 3, minQuality: 0.6 });
      const weights = [0.5, 0.3, 0.2];
      const result = simulate({ rules, seconds: 300, arrivalsPerSecond: 6, partyWeights: weights, seed: 3 });
      assert.ok(result.matches > 300, `${result.matches} matches`);
      report('3v3', result);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Simulation: a seeded stream of arrivals, departures and requeues on a fake clock, 1 s ticks.
// ---------------------------------------------------------------------------------------------

/** Normal(mean, sd), by Box–Muller. */
const normal = (random: () => number, mean: number, sd: number): number =>
  mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** An index drawn with the given weights. */
function pick(random: () => number, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = random() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

interface Simulation {
  rules: PairingRules;
  /** Arrivals come for this long; then ticks go on, without arrivals, until everyone could have matched. */
  seconds: number;
  arrivalsPerSecond: number;
  /** Weights of party sizes 1, 2, … */
  partyWeights: readonly number[];
  seed: number;
}

interface TickView {
  now: number;
  matches: FormedMatch[];
  /** The tickets waiting before the tick, and after it (as the pool lists them). */
  before: ReadonlyMap<string, Ticket>;
  after: Ticket[];
  /** Each waiting ticket's arrival order in the pool (requeues count as new arrivals). */
  seqOf: ReadonlyMap<string, number>;
}

interface SimulationResult {
  added: number;
  matches: number;
  departed: number;
  qualities: number[];
  waits: number[];
  leftover: number;
  peakWaiting: number;
}

const REGION_WEIGHTS = [0.4, 0.35, 0.15, 0.1];
/** Chance that a waiting ticket leaves at a tick, and share of those who come back with the same ticket. */
const LEAVE_PER_TICK = 0.004;
const REQUEUE_SHARE = 0.3;

/**
 * Runs a simulation and asserts, at every tick, what must hold whatever the profile: the pool
 * holds exactly the tickets that were added and not yet matched or gone; every match has exact
 * teams of whole parties, balanced, of tickets that were waiting and accepted each other at that
 * tick; its quality is the documented one and at least minQuality; nobody is in two matches. At
 * the end, nobody is left who could still form a match with the others.
 */
function simulate(sim: Simulation, check?: (tick: TickView) => void): SimulationResult {
  const { rules } = sim;
  const { widening } = rules;
  const random = seededRandom(sim.seed);
  const pool = new TicketPool(rules);
  const waiting = new Map<string, Ticket>();
  const seqOf = new Map<string, number>();
  const state = new Map<string, 'waiting' | 'matched' | 'departed'>();
  const freeUsers: string[] = [];
  const result: SimulationResult = {
    added: 0,
    matches: 0,
    departed: 0,
    qualities: [],
    waits: [],
    leftover: 0,
    peakWaiting: 0,
  };
  let seq = 0;
  let users = 0;
  let requeued: Ticket[] = [];

  const queue = (ticket: Ticket): void => {
    assert.deepEqual(pool.add(ticket), { ok: true }, `${ticket.id} is queued`);
    waiting.set(ticket.id, ticket);
    seqOf.set(ticket.id, seq++);
    state.set(ticket.id, 'waiting');
  };
  const fullBandMs = ((widening.maxBand - widening.initialBand) / widening.growthPerSecond) * 1000;
  const fullWaitMs = Math.max(fullBandMs, widening.relaxRegionAfterMs);
  const endMs = sim.seconds * 1000 + fullWaitMs + 5_000;

  for (let now = 0; now <= endMs; now += 1000) {
    const arriving = now <= sim.seconds * 1000;
    for (const ticket of requeued) queue(ticket);
    requeued = [];
    const count = arriving ? Math.floor(sim.arrivalsPerSecond * 2 * random()) : 0;
    for (let i = 0; i < count; i++) {
      const size = pick(random, sim.partyWeights) + 1;
      const centre = normal(random, 1500, 300);
      const members = Array.from({ length: size }, () => ({
        userId: freeUsers.length > 0 && random() < 0.5 ? freeUsers.shift()! : `u${users++}`,
        rating: size === 1 ? centre : normal(random, centre, 60),
      }));
      const region = rules.regions[pick(random, REGION_WEIGHTS)]!;
      queue({ id: `t${result.added++}`, members, region, since: now - Math.floor(random() * 1000) });
    }
    if (arriving) {
      for (const ticket of [...waiting.values()]) {
        if (random() >= LEAVE_PER_TICK) continue;
        assert.equal(pool.remove(ticket.id), ticket);
        waiting.delete(ticket.id);
        state.set(ticket.id, 'departed');
        result.departed++;
        if (random() < REQUEUE_SHARE) requeued.push(ticket);
        else for (const member of ticket.members) freeUsers.push(member.userId);
      }
    }

    const before = new Map(waiting);
    result.peakWaiting = Math.max(result.peakWaiting, waiting.size);
    const matches = pool.tick(now);
    const inThisTick = new Set<string>();
    for (const match of matches) {
      assertMatchIsSound(match, rules, now, before);
      for (const ticket of match.teams.flat()) {
        assert.equal(state.get(ticket.id), 'waiting', `${ticket.id} was waiting, and is matched once`);
        state.set(ticket.id, 'matched');
        waiting.delete(ticket.id);
        result.waits.push(now - ticket.since);
        for (const member of ticket.members) {
          assert.ok(!inThisTick.has(member.userId), `${member.userId} is in one match only`);
          inThisTick.add(member.userId);
          assert.equal(pool.ticketOf(member.userId), undefined, 'a matched player no longer waits');
          freeUsers.push(member.userId);
        }
      }
      result.qualities.push(match.quality);
      result.matches++;
    }
    const after = [...pool.tickets()];
    assert.deepEqual(after.map((t) => t.id).sort(), [...waiting.keys()].sort(), 'the pool holds who waits');
    assert.equal(
      pool.playerCount,
      after.reduce((n, t) => n + t.members.length, 0),
    );
    // Nobody starves: a ticket whose band has reached maxBand and whose region has relaxed is
    // matched as soon as a match holding it can be formed.
    for (const ticket of after) {
      if (now - ticket.since < fullWaitMs) continue;
      const found = findMatch(after, rules, now, ticket);
      assert.equal(
        found,
        undefined,
        `${ticket.id} waits at ${now} beside ${found?.map((t) => t.id).join(', ')}`,
      );
    }
    check?.({ now, matches, before, after, seqOf });
  }

  // None lost: every ticket ever added is matched, gone, or still waiting — and then only because
  // no match can be made of the tickets left, every one of which has had its full band for a while.
  for (const [id, where] of state) assert.equal(where === 'waiting', waiting.has(id), id);
  const left = [...pool.tickets()];
  assert.equal(findMatch(left, rules, endMs), undefined, 'nobody starves: no match is left to form');
  result.leftover = left.length;
  return result;
}

/** Whether `b` lies within `a`'s band at `now`, computed from the documented widening. */
function inBandOf(a: Ticket, b: Ticket, rules: PairingRules, now: number): boolean {
  const { initialBand, growthPerSecond, maxBand } = rules.widening;
  const half = Math.min(maxBand, initialBand + (growthPerSecond * Math.max(0, now - a.since)) / 1000);
  return Math.abs(ticketRating(b) - ticketRating(a)) <= half + 1e-9;
}

function assertMatchIsSound(
  match: FormedMatch,
  rules: PairingRules,
  now: number,
  before: ReadonlyMap<string, Ticket>,
): void {
  const tickets = match.teams.flat();
  assert.equal(match.teams.length, rules.teams);
  for (const team of match.teams) {
    assert.equal(
      team.reduce((n, t) => n + t.members.length, 0),
      rules.teamSize,
      'each team has exactly teamSize players',
    );
  }
  assert.equal(new Set(tickets.map((t) => t.id)).size, tickets.length, 'a ticket is on one team');
  for (const ticket of tickets) assert.equal(before.get(ticket.id), ticket, 'a whole, waiting ticket');
  for (const a of tickets) {
    for (const b of tickets) {
      if (a === b) continue;
      assert.ok(inBandOf(a, b, rules, now), `${b.id} within ${a.id}'s band at ${now}`);
      assert.ok(mutuallyAccepted(a, b, rules.widening, now));
      const relaxed = (t: Ticket) => now - t.since >= rules.widening.relaxRegionAfterMs;
      assert.ok(a.region === b.region || relaxed(a) || relaxed(b), `${a.id} and ${b.id}: region rule`);
    }
  }
  assert.equal(match.quality, matchQuality(match.teams, rules));
  assert.ok(match.quality >= rules.minQuality && match.quality <= 1, `quality ${match.quality}`);
  const best = bestImbalance(tickets, rules.teams, rules.teamSize);
  assert.ok(teamImbalance(match.teams) <= best + 1e-9, 'the most balanced split');
}

/**
 * A match that could be formed now among `tickets` (holding `holding`, when given), found by an
 * exhaustive search; undefined when there is none.
 */
function findMatch(
  tickets: readonly Ticket[],
  rules: PairingRules,
  now: number,
  holding?: Ticket,
): Ticket[] | undefined {
  const players = rules.teams * rules.teamSize;
  const accepted = (a: Ticket, b: Ticket) =>
    mutuallyAccepted(a, b, rules.widening, now) && regionsAccepted(a, b, rules.widening, now);
  const group: Ticket[] = [];
  if (holding) {
    group.push(holding);
    tickets = tickets.filter((ticket) => ticket !== holding && accepted(holding, ticket));
  }
  const visit = (start: number, count: number): Ticket[] | undefined => {
    if (count === players) {
      const teams = balanceTeams(group, rules.teams, rules.teamSize);
      return teams && matchQuality(teams, rules) >= rules.minQuality ? [...group] : undefined;
    }
    for (let i = start; i < tickets.length; i++) {
      const ticket = tickets[i]!;
      if (count + ticket.members.length > players || !group.every((other) => accepted(other, ticket)))
        continue;
      group.push(ticket);
      const found = visit(i + 1, count + ticket.members.length);
      group.pop();
      if (found) return found;
    }
    return undefined;
  };
  return visit(0, holding?.members.length ?? 0);
}

/** In a 1v1: no two tickets left after a tick accept each other with enough quality. */
function assertNoMatchLeft(tickets: readonly Ticket[], rules: PairingRules, now: number): void {
  const near = new BandLookup(tickets, rules, now);
  for (const ticket of tickets) {
    const found = findMatch(near.inBandOf(ticket), rules, now, ticket);
    assert.equal(found, undefined, `${found?.map((t) => t.id).join(' and ')} could still play at ${now}`);
  }
}

const pairsOf = (matches: readonly FormedMatch[]): string[][] =>
  matches.map((match) =>
    match.teams
      .flat()
      .map((t) => t.id)
      .sort(),
  );

/**
 * The 1v1 pairs of a tick done the plain way: every waiting ticket, oldest first (then by arrival),
 * takes the partner of highest quality among all those who accept it and whom it accepts (ties to
 * the older), if that quality reaches minQuality.
 */
function referencePairs(
  waiting: ReadonlyMap<string, Ticket>,
  seqOf: ReadonlyMap<string, number>,
  rules: PairingRules,
  now: number,
): string[][] {
  const older = (a: Ticket, b: Ticket) => a.since - b.since || seqOf.get(a.id)! - seqOf.get(b.id)!;
  const order = [...waiting.values()].sort(older);
  const near = new BandLookup(order, rules, now);
  const taken = new Set<Ticket>();
  const pairs: string[][] = [];
  for (const anchor of order) {
    if (taken.has(anchor)) continue;
    let best: Ticket | undefined;
    let bestQuality = -1;
    for (const other of near.inBandOf(anchor)) {
      if (other === anchor || taken.has(other)) continue;
      if (!mutuallyAccepted(anchor, other, rules.widening, now)) continue;
      if (!regionsAccepted(anchor, other, rules.widening, now)) continue;
      const quality = matchQuality([[anchor], [other]], rules);
      if (quality < rules.minQuality) continue;
      if (quality > bestQuality || (quality === bestQuality && older(other, best!) < 0)) {
        best = other;
        bestQuality = quality;
      }
    }
    if (!best) continue;
    taken.add(anchor).add(best);
    pairs.push([anchor.id, best.id].sort());
  }
  return pairs;
}

/** Tickets sorted by rating, to list those within one ticket's band without looking at all. */
class BandLookup {
  private readonly sorted: Ticket[];
  private readonly ratings: number[];

  constructor(
    tickets: readonly Ticket[],
    private readonly rules: PairingRules,
    private readonly now: number,
  ) {
    this.sorted = [...tickets].sort((a, b) => ticketRating(a) - ticketRating(b));
    this.ratings = this.sorted.map(ticketRating);
  }

  /** Every ticket rated within `ticket`'s band (a partner must be), `ticket` included. */
  inBandOf(ticket: Ticket): Ticket[] {
    const { min, max } = bandAt(ticket, this.rules.widening, this.now);
    let lo = 0;
    let hi = this.ratings.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ratings[mid]! < min) lo = mid + 1;
      else hi = mid;
    }
    const found: Ticket[] = [];
    for (let i = lo; i < this.sorted.length && this.ratings[i]! <= max; i++) found.push(this.sorted[i]!);
    return found;
  }
}

const percentileOf = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

function report(name: string, result: SimulationResult): void {
  const median = percentileOf(result.qualities, 50);
  assert.ok(median >= 0 && median <= 1);
  console.log(
    `      ${name}: ${result.added} tickets, ${result.matches} matches, ${result.departed} departures, ` +
      `${result.peakWaiting} waiting at most, ${result.leftover} left; quality median ${median.toFixed(3)}, p10 ${percentileOf(result.qualities, 10).toFixed(3)}; ` +
      `wait p50 ${percentileOf(result.waits, 50) / 1000} s, p99 ${percentileOf(result.waits, 99) / 1000} s`,
  );
}

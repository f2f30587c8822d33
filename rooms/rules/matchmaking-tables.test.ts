import assert from 'node:assert/strict';
import type { FormedMatch, PairingRules, Ticket } from './matchmaking.ts';
import { mutuallyAccepted, regionsAccepted } from './matchmaking-quality.ts';
import { TablePool } from './matchmaking-tables.ts';
import { QueueTickets } from './matchmaking-tickets.ts';
import { seededRandom } from './random.ts';

const FILL_WAIT = 20_000;
const rules: PairingRules = {
  teams: 6,
  teamSize: 1,
  seats: { min: 2, max: 6, fillWaitMs: FILL_WAIT },
  regions: ['eu', 'na'],
  widening: { initialBand: 50, growthPerSecond: 10, maxBand: 400, relaxRegionAfterMs: 10_000 },
  minQuality: 0.2,
};

function ticket(id: string, userIds: string[], since = 0, rating = 1500, region = 'eu'): Ticket {
  return { id, members: userIds.map((userId) => ({ userId, rating })), region, since };
}

function solos(count: number, since = 0, prefix = 'u'): Ticket[] {
  return Array.from({ length: count }, (_, i) => ticket(`${prefix}${i}`, [`${prefix}${i}`], since + i));
}

function poolOf(tickets: readonly Ticket[], given: PairingRules = rules): TablePool {
  const pool = new TablePool(given);
  for (const t of tickets) assert.deepEqual(pool.add(t), { ok: true });
  return pool;
}

/** The players of a table, in seating order. */
const playersOf = (table: FormedMatch) => table.teams.flat().flatMap((t) => t.members.map((m) => m.userId));

describe('the matchmaking of tables (golf)', () => {
  it('starts a full table at once, with the longest-waiting players', () => {
    const pool = poolOf(solos(7));
    const tables = pool.tick(100);
    assert.equal(tables.length, 1);
    assert.deepEqual(playersOf(tables[0]!), ['u0', 'u1', 'u2', 'u3', 'u4', 'u5']);
    assert.equal(tables[0]!.quality, 1);
    assert.equal(pool.playerCount, 1, 'the seventh waits');
  });

  it('starts a table of the minimum once its first player has waited the fill wait, not a moment before', () => {
    const pool = poolOf(solos(3));
    assert.deepEqual(pool.tick(FILL_WAIT - 1), [], 'three players may yet become six');
    const [table] = pool.tick(FILL_WAIT);
    assert.deepEqual(playersOf(table!), ['u0', 'u1', 'u2']);
    assert.equal(pool.size, 0);
  });

  it('never starts a table below the minimum, however long they wait', () => {
    const pool = poolOf(solos(2), { ...rules, seats: { min: 3, max: 6, fillWaitMs: FILL_WAIT } });
    for (const now of [0, FILL_WAIT, 10 * FILL_WAIT, 1e9]) assert.deepEqual(pool.tick(now), []);
    assert.equal(pool.playerCount, 2);
  });

  it('keeps a party together at one table, on seats next to each other, and fills around it', () => {
    const party = ticket('p:party', ['ann', 'bob'], 0);
    const pool = poolOf([...solos(2, 5), party, ...solos(3, 10, 'v')]);
    const [table] = pool.tick(20);
    assert.ok(table, 'a party of two and four players fill a table of six');
    const seated = playersOf(table);
    assert.equal(seated.length, 6);
    assert.equal(seated.indexOf('bob') - seated.indexOf('ann'), 1);
    assert.deepEqual(seated.slice(0, 2), ['ann', 'bob'], 'the party waited longest: it is the anchor');
    assert.equal(pool.playerCount, 1);
  });

  it('skips a party that does not fit the seats left, and seats it at the next table', () => {
    const party = ticket('p:trio', ['ann', 'bob', 'cat'], 3);
    const pool = poolOf([...solos(3, 0), party, ...solos(3, 10, 'v')]);
    const tables = pool.tick(20);
    assert.equal(tables.length, 1);
    assert.deepEqual(playersOf(tables[0]!), ['u0', 'u1', 'u2', 'ann', 'bob', 'cat']);
    const [next] = pool.tick(10 + FILL_WAIT);
    assert.deepEqual(playersOf(next!), ['v0', 'v1', 'v2']);
  });

  it('refuses a party larger than a table, and a player who already waits', () => {
    const pool = poolOf(solos(1));
    const seven = ticket('p:big', ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    assert.deepEqual(pool.add(seven), {
      ok: false,
      code: 'PARTY_TOO_LARGE',
      message: 'A party of 7 does not fit a table of 6.',
    });
    assert.equal(pool.add(ticket('p:x', ['u0', 'z'])).ok, false);
    assert.equal(pool.playerCount, 1, 'nothing changed');
  });

  it('forms several full tables from a big pool in one tick, and the rest once they waited', () => {
    const pool = poolOf(solos(20));
    const tables = pool.tick(100);
    assert.equal(tables.length, 3);
    assert.deepEqual(
      tables.map((t) => playersOf(t).length),
      [6, 6, 6],
    );
    assert.deepEqual(pool.tick(FILL_WAIT - 1), []);
    const [last] = pool.tick(18 + FILL_WAIT);
    assert.deepEqual(playersOf(last!), ['u18', 'u19']);
  });

  it('widens by rating: players far apart sit together only once their bands have grown', () => {
    const pool = poolOf([ticket('a', ['a'], 0, 1500), ticket('b', ['b'], 0, 1800)]);
    // Half-width 50 + 10 a second: 300 apart after 25 s.
    assert.deepEqual(pool.tick(FILL_WAIT), []);
    assert.deepEqual(pool.tick(24_999), []);
    const [table] = pool.tick(25_000);
    assert.deepEqual(playersOf(table!), ['a', 'b']);
  });

  it('over a seeded crowd, seats nobody twice, keeps parties whole and seats only players who accept each other', () => {
    const random = seededRandom(17);
    const pool = new TablePool(rules);
    const seatedAt = new Map<string, number>();
    const waiting = new Map<string, Ticket>();
    let tables = 0;
    for (let now = 0; now < 120_000; now += 1_000) {
      for (let k = 0; k < 4; k++) {
        const id = `t${now}-${k}`;
        const size = random() < 0.2 ? 2 + Math.floor(random() * 3) : 1;
        const members = Array.from({ length: size }, (_, i) => ({
          userId: `${id}-${i}`,
          rating: 1200 + Math.round(random() * 600),
        }));
        const t: Ticket = { id, members, region: random() < 0.7 ? 'eu' : 'na', since: now };
        assert.equal(pool.add(t).ok, true);
        waiting.set(id, t);
      }
      for (const table of pool.tick(now)) {
        tables++;
        const seated = table.teams.flat();
        const players = playersOf(table);
        assert.ok(players.length >= 2 && players.length <= 6, `a table of ${players.length}`);
        if (players.length < 6)
          assert.ok(now - Math.min(...seated.map((t) => t.since)) >= FILL_WAIT, 'a short table waited');
        for (const t of seated) {
          assert.equal(waiting.get(t.id), t, 'a whole ticket, still waiting');
          waiting.delete(t.id);
          for (const other of seated) {
            if (other === t) continue;
            assert.ok(mutuallyAccepted(t, other, rules.widening, now), 'ratings within both bands');
            assert.ok(regionsAccepted(t, other, rules.widening, now), 'regions');
          }
        }
        for (const userId of players) {
          assert.equal(seatedAt.has(userId), false, `${userId} at two tables`);
          seatedAt.set(userId, now);
        }
      }
    }
    assert.ok(tables > 50, `${tables} tables`);
    assert.equal(pool.size, waiting.size);
  });

  it('hands the match room one seat a player, a party’s together, and tells each player its own seat', () => {
    const tickets = new QueueTickets(rules);
    const member = (userId: string) => ({ userId, name: userId, guest: false });
    tickets.add(ticket('p:party', ['ann', 'bob']), {
      members: [member('ann'), member('bob')],
      partyId: 'party',
      gone: false,
    });
    tickets.add(ticket('u:cat', ['cat'], 1), { members: [member('cat')], sessionId: 's-cat', gone: false });
    const [table] = tickets.pool.tick(FILL_WAIT);
    assert.ok(table);
    assert.deepEqual(tickets.seating(table), [[member('ann')], [member('bob')], [member('cat')]]);
    const offer = tickets.offer('room1', table, { queue: 'golf', game: 'golf', seatDeadline: 5 });
    const base = { queue: 'golf', game: 'golf', roomId: 'room1', quality: 1, seatDeadline: 5 };
    assert.deepEqual(offer.solo, [{ sessionId: 's-cat', seat: { ...base, team: 2, seat: 2 } }]);
    assert.deepEqual(tickets.seatedParties(table), [
      {
        partyId: 'party',
        seat: 0,
        members: [
          { userId: 'ann', seat: 0 },
          { userId: 'bob', seat: 1 },
        ],
      },
    ]);
    assert.deepEqual(offer.parties, [
      {
        partyId: 'party',
        notice: {
          type: 'match',
          match: base,
          seats: { ann: { team: 0, seat: 0 }, bob: { team: 1, seat: 1 } },
        },
      },
    ]);
  });
});

import assert from 'node:assert/strict';
import type { PairingRules, Ticket } from './matchmaking.ts';
import { entryTime, lateTick, QueueTickets, SINCE_MEMORY_MS, STALL_MS } from './matchmaking-tickets.ts';

const rules: PairingRules = {
  teams: 2,
  teamSize: 2,
  regions: ['eu', 'na'],
  widening: { initialBand: 100, growthPerSecond: 0, maxBand: 100, relaxRegionAfterMs: 20_000 },
  minQuality: 0,
};

function ticket(id: string, userIds: string[], since = 0): Ticket {
  return { id, members: userIds.map((userId) => ({ userId, rating: 1500 })), region: 'eu', since };
}

function member(userId: string) {
  return { userId, name: userId, guest: false };
}

/** Four players: a party of two and two solo players, who make one match of two teams of two. */
function fourWaiting() {
  const tickets = new QueueTickets(rules);
  tickets.add(ticket('p:party', ['ann', 'bob']), {
    members: [member('ann'), member('bob')],
    partyId: 'party',
    gone: false,
  });
  tickets.add(ticket('u:cat', ['cat']), { members: [member('cat')], sessionId: 's-cat', gone: false });
  tickets.add(ticket('u:dan', ['dan']), { members: [member('dan')], sessionId: 's-dan', gone: false });
  const [match] = tickets.pool.tick(1_000);
  assert.ok(match, 'the four make a match');
  return { tickets, match };
}

describe('the life of a queue ticket', () => {
  it('keeps the entry time of a queue’s last life when it is recent, else starts now', () => {
    assert.equal(entryTime(1_000, 5_000), 1_000);
    assert.equal(entryTime(1_000, 1_000 + SINCE_MEMORY_MS), 1_000 + SINCE_MEMORY_MS);
    assert.equal(entryTime(Number.NaN, 5_000), 5_000, 'nothing remembered');
    assert.equal(entryTime(0, 5_000), 5_000);
  });

  it('takes a tick later than its period by more than the stall margin for a stalled node', () => {
    assert.equal(lateTick(0, 1_000 + STALL_MS, 1_000), false);
    assert.equal(lateTick(0, 1_001 + STALL_MS, 1_000), true);
  });

  it('holds a ticket’s players until it is forgotten; a second ticket of one of them is refused', () => {
    const tickets = new QueueTickets(rules);
    const holder = { members: [member('ann')], sessionId: 's1', gone: false };
    assert.deepEqual(tickets.add(ticket('u:ann', ['ann']), holder), { ok: true });
    assert.ok(tickets.holds('ann'));
    const again = tickets.add(ticket('p:x', ['ann', 'bob']), {
      members: [member('ann'), member('bob')],
      gone: false,
    });
    assert.equal(again.ok ? undefined : again.code, 'ALREADY_QUEUED');
    assert.equal(tickets.holds('bob'), false, 'a refused ticket holds nobody');
    assert.equal(tickets.forget('u:ann'), holder);
    assert.equal(tickets.holds('ann'), false);
  });

  it('a waiting ticket taken out is removed; one being seated is only marked, and ends when the match reports', () => {
    const { tickets, match } = fourWaiting();
    tickets.add(ticket('u:eve', ['eve']), { members: [member('eve')], sessionId: 's-eve', gone: false });
    assert.equal(tickets.withdraw('u:eve'), 'removed');
    tickets.offer('room1', match, { queue: 'q', game: 'chess', seatDeadline: 16_000 });
    assert.equal(tickets.withdraw('u:cat'), 'marked');
    assert.ok(tickets.holds('cat'), 'the player may be taking the seat right now');
    assert.equal(tickets.withdraw('u:nobody'), undefined);
  });

  it('offers the first team white and the second black: a seat to each solo player, the seats to each party', () => {
    const { tickets, match } = fourWaiting();
    const offer = tickets.offer('room1', match, { queue: 'q', game: 'chess', seatDeadline: 16_000 });
    const base = { queue: 'q', game: 'chess', roomId: 'room1', quality: match.quality, seatDeadline: 16_000 };
    const partyTeam = match.teams.findIndex((team) => team.some((t) => t.id === 'p:party'));
    const partySeat = { team: partyTeam, seat: partyTeam, color: partyTeam === 0 ? 'white' : 'black' };
    const soloSeat = { team: 1 - partyTeam, seat: 1 - partyTeam, color: partyTeam === 0 ? 'black' : 'white' };
    assert.deepEqual(
      [...offer.solo].sort((a, b) => a.sessionId.localeCompare(b.sessionId)),
      [
        { sessionId: 's-cat', seat: { ...base, ...soloSeat } },
        { sessionId: 's-dan', seat: { ...base, ...soloSeat } },
      ],
    );
    assert.deepEqual(offer.parties, [
      { partyId: 'party', notice: { type: 'match', match: base, seats: { ann: partySeat, bob: partySeat } } },
    ]);
    assert.deepEqual(tickets.retold(), offer.parties, 'told again until the match reports');
  });

  it('a started match ends every ticket as matched, once', () => {
    const { tickets, match } = fourWaiting();
    tickets.offer('room1', match, { queue: 'q', game: 'chess', seatDeadline: 16_000 });
    const settled = tickets.settle({
      type: 'started',
      roomId: 'room1',
      seated: ['ann', 'bob', 'cat', 'dan'],
    });
    assert.deepEqual(settled?.fates.map((f) => [f.ticket.id, f.end]).sort(), [
      ['p:party', { type: 'matched', roomId: 'room1' }],
      ['u:cat', { type: 'matched', roomId: 'room1' }],
      ['u:dan', { type: 'matched', roomId: 'room1' }],
    ]);
    assert.deepEqual(tickets.retold(), []);
    assert.equal(
      tickets.settle({ type: 'started', roomId: 'room1', seated: [] }),
      undefined,
      'a repeat is ignored',
    );
  });

  it('a cancelled match ends the tickets of the absent and of those gone for good; the others wait again', () => {
    const { tickets, match } = fourWaiting();
    tickets.offer('room1', match, { queue: 'q', game: 'chess', seatDeadline: 16_000 });
    tickets.withdraw('u:dan');
    const settled = tickets.settle({
      type: 'cancelled',
      roomId: 'room1',
      seated: ['ann', 'cat'],
      absent: ['bob'],
    });
    assert.deepEqual(settled?.fates.map((f) => [f.ticket.id, f.end]).sort(), [
      ['p:party', { type: 'dequeued', reason: 'seat_expired' }],
      ['u:cat', undefined],
      ['u:dan', { type: 'dequeued', reason: 'left' }],
    ]);
    assert.equal(tickets.pool.size, 1, 'the one who came waits again');
    assert.equal(tickets.pool.tickets().next().value?.since, 0, 'with the time already waited');
  });

  it('a match whose room could not be created puts its tickets back', () => {
    const { tickets, match } = fourWaiting();
    assert.equal(tickets.pool.size, 0);
    tickets.unform(match);
    assert.equal(tickets.pool.size, 3);
  });

  it('tells a waiting ticket its band (rounded), the pool and whether it still waits for its own region', () => {
    const tickets = new QueueTickets(rules);
    tickets.add(ticket('u:ann', ['ann'], 0), { members: [member('ann')], sessionId: 's1', gone: false });
    const queue = { id: 'q', relaxRegionAfterMs: 20_000 };
    const status = tickets.status('u:ann', 5_000, queue);
    assert.deepEqual(status && { ...status, estimatedWaitMs: null }, {
      queue: 'q',
      band: { min: 1400, max: 1600 },
      poolSize: 1,
      estimatedWaitMs: null,
      waitedMs: 5_000,
      regionOnly: true,
    });
    assert.equal(tickets.status('u:ann', 20_000, queue)?.regionOnly, false);
    assert.equal(tickets.status('u:nobody', 0, queue), undefined);
  });
});

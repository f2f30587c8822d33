import assert from 'node:assert/strict';
import { GolfRooms, type GolfTable, Matchmaking, RookeryError } from '../client-sdk/index.ts';
import { forEachBackend } from './support/backends.ts';
import { newPlayer, type Player } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { waitUntil } from './support/wait.ts';

const defaults = {
  game: 'golf',
  teams: 2,
  teamSize: 1,
  regions: ['eu'],
  widening: { initialBand: 50, growthPerSecond: 100, maxBand: 400, relaxRegionAfterSeconds: 1 },
  minQuality: 0.2,
  tickMs: 100,
  seatTimeoutSeconds: 10,
  options: { holes: 1, turnMs: 60_000 },
};
const PROFILES = JSON.stringify({
  defaults,
  profiles: [
    // Five seats: three players alone and a party of two fill a table at once.
    { id: 'golf-five', label: 'Golf of five', rated: false, minSeats: 2, maxSeats: 5, fillWaitSeconds: 600 },
    { id: 'golf-rated', label: 'Golf rated', rated: true, minSeats: 2, maxSeats: 6, fillWaitSeconds: 0.5 },
    // Rated tables of two whose turns run out at once: the server plays a whole hole for the seats
    // (each turn made for a seat discards and turns up a card, so the hole ends).
    {
      id: 'golf-quick',
      label: 'Golf at once',
      rated: true,
      minSeats: 2,
      maxSeats: 2,
      fillWaitSeconds: 0.2,
      options: { holes: 1, turnMs: 50, flipMode: 'always' },
    },
    { id: 'golf-duo', label: 'Golf of two', rated: false, minSeats: 2, maxSeats: 2, seatTimeoutSeconds: 2 },
    { id: 'blitz', label: 'Blitz', game: 'chess', timeControl: '3+2', rated: false, options: {} },
  ],
});

interface Golfer extends Player {
  mm: Matchmaking;
  golf: GolfRooms;
}

async function golfer(url: string): Promise<Golfer> {
  const player = await newPlayer(url);
  const golf = new GolfRooms(player.rookery);
  return { ...player, golf, mm: new Matchmaking(player.rookery, player.chess, undefined, golf) };
}

/** The seat each table's own view gives, once it has come. */
async function seatsOf(tables: GolfTable[]): Promise<number[]> {
  await waitUntil(() => tables.every((t) => t.seat !== undefined));
  return tables.map((t) => t.seat!);
}

forEachBackend('golf queues', (backend) => {
  let server: TestGameServer;
  before(async function () {
    this.timeout(120_000);
    server = await startGameStack(backend, { QUEUE_PROFILES: PROFILES });
  });
  after(() => server?.close());

  it('three players alone and a party of two queue golf and sit at one table of five, the party side by side', async function () {
    this.timeout(30_000);
    const [lead, mate, x, y, z] = await Promise.all([1, 2, 3, 4, 5].map(() => golfer(server.url)));
    const party = await lead!.mm.createParty();
    const joined = await mate!.mm.joinParty(party.code);
    await waitUntil(() => party.state.members.size === 2);
    await Promise.all([party.setReady(true), joined.setReady(true)]);
    await party.queue('golf-five');
    const tables = await Promise.all([
      party.playNext(20_000, 'golf'),
      joined.playNext(20_000, 'golf'),
      ...[x, y, z].map((p) => p!.mm.play({ queue: 'golf-five', game: 'golf', timeoutMs: 20_000 })),
    ]);
    assert.equal(new Set(tables.map((t) => t.gameId)).size, 1, 'one table');
    const seats = await seatsOf(tables);
    assert.deepEqual([...seats].sort(), [0, 1, 2, 3, 4]);
    assert.equal(Math.abs(seats[0]! - seats[1]!), 1, 'the party sits side by side');
    const view = await tables[0]!.until((v) => v.status === 'playing');
    assert.equal(view.players, 5);
    assert.equal(view.holes, 1, "the profile's options");
    assert.equal(tables[0]!.room.state.rated, false);
    await Promise.all(tables.map((t) => t.leave()));
    await party.leave();
    await joined.leave();
  });

  it('a party of two at a rated table is told the result of each member’s own seat, in the message and the state', async function () {
    this.timeout(30_000);
    const [lead, mate] = await Promise.all([golfer(server.url), golfer(server.url)]);
    const party = await lead.mm.createParty();
    const joined = await mate.mm.joinParty(party.code);
    await waitUntil(() => party.state.members.size === 2);
    await Promise.all([party.setReady(true), joined.setReady(true)]);
    await party.queue('golf-quick');
    const tables = await Promise.all([party.playNext(20_000, 'golf'), joined.playNext(20_000, 'golf')]);
    assert.equal(tables[0].gameId, tables[1].gameId, 'one table');
    const [leadSeat, mateSeat] = await seatsOf(tables);
    assert.notEqual(leadSeat, mateSeat, 'a seat each');
    const [told, toldMate] = await Promise.all([party.nextResult(20_000), joined.nextResult(20_000)]);
    assert.deepEqual(toldMate, told, 'the whole party hears the same message');
    assert.equal(told.roomId, tables[0].gameId);
    assert.equal(told.termination, 'holes_played');
    assert.equal(told.results.length, 2);
    const [leadId, mateId] = await Promise.all([lead.rookery.me(), mate.rookery.me()]).then((m) =>
      m.map((u) => u.id),
    );
    const byUser = new Map(told.members.map((m) => [m.userId, m]));
    assert.deepEqual([...byUser.keys()].sort(), [leadId, mateId].sort(), 'a line for each member');
    for (const [member, seat] of [
      [leadId!, leadSeat!],
      [mateId!, mateSeat!],
    ] as const) {
      const result = told.results.find((r) => r.seat === seat)!;
      const { score, placing, rating } = result;
      assert.deepEqual(byUser.get(member), { userId: member, seat, score, placing, rating });
      assert.ok(rating, 'a rated table: each member’s own rating change');
    }
    // The state shows every member's line to anyone who looks later.
    await waitUntil(() => joined.state.lastResult.roomId === told.roomId);
    await waitUntil(() => joined.state.lastResult.members.size === 2);
    const shown = joined.state.lastResult.members.get(mateId!)!;
    const mateResult = told.results.find((r) => r.seat === mateSeat)!;
    assert.deepEqual(
      [shown.seat, shown.score, shown.placing, shown.ratingDiff],
      [mateSeat, mateResult.score, mateResult.placing, mateResult.rating!.diff],
    );
    await Promise.all(tables.map((t) => t.leave()));
    await party.leave();
    await joined.leave();
  });

  it('two players of a rated golf queue start a rated table of two once the fill wait is over', async function () {
    this.timeout(30_000);
    const [a, b] = await Promise.all([golfer(server.url), golfer(server.url)]);
    const statuses: number[] = [];
    const tables = await Promise.all([
      a.mm.play({ queue: 'golf-rated', game: 'golf', onStatus: (s) => statuses.push(s.poolSize) }),
      b.mm.play({ queue: 'golf-rated', game: 'golf' }),
    ]);
    assert.equal(tables[0].gameId, tables[1].gameId);
    assert.deepEqual((await seatsOf(tables)).sort(), [0, 1]);
    const view = await tables[0].until((v) => v.status === 'playing');
    assert.equal(view.players, 2, 'a table of the minimum');
    assert.equal(tables[0].room.state.rated, true);
    assert.equal(tables[0].room.state.pool, 'golf');
    await Promise.all(tables.map((t) => t.leave()));
  });

  it('refuses a party larger than the tables when it queues, with PARTY_TOO_LARGE', async () => {
    const [lead, b, c] = await Promise.all([1, 2, 3].map(() => golfer(server.url)));
    const party = await lead!.mm.createParty();
    const others = await Promise.all([b, c].map((p) => p!.mm.joinParty(party.code)));
    await waitUntil(() => party.state.members.size === 3);
    await Promise.all([party, ...others].map((p) => p.setReady(true)));
    const refusal = await party.queue('golf-duo').then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(refusal instanceof RookeryError);
    assert.equal(refusal.code, 'PARTY_TOO_LARGE');
    assert.match(refusal.message, /at most 2/);
    assert.equal(party.state.queue.status, 'idle');
    await Promise.all([party, ...others].map((p) => p.leave()));
  });

  it('a chess queue still seats chess, and asking a golf queue for chess names the game it plays', async function () {
    this.timeout(30_000);
    const [a, b] = await Promise.all([golfer(server.url), golfer(server.url)]);
    const [ga, gb] = await Promise.all([a.mm.play({ queue: 'blitz' }), b.mm.play({ queue: 'blitz' })]);
    assert.equal(ga.gameId, gb.gameId);
    await ga.until((s) => s.status === 'playing');
    assert.ok(ga.color);
    await Promise.all([ga.leave(), gb.leave()]);
    const [c, d] = await Promise.all([golfer(server.url), golfer(server.url)]);
    const wrong = await Promise.allSettled([
      c.mm.play({ queue: 'golf-duo' }),
      d.mm.play({ queue: 'golf-duo', game: 'golf', timeoutMs: 4_000 }),
    ]);
    assert.equal(wrong[0].status, 'rejected');
    const err = (wrong[0] as PromiseRejectedResult).reason as RookeryError;
    assert.equal(err.code, 'VALIDATION_FAILED');
    assert.match(err.message, /plays golf/);
  });
});

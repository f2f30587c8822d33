import assert from 'node:assert/strict';
import { Tournaments } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer, type Player, refused, sleep } from './support/chess.ts';
import type { TestGameServer } from './support/game.ts';
import type { client } from './support/server.ts';
import { auditOf, staffWithModerator } from './support/tournament-staff.ts';
import { assertWhiteWonEverything, playAll } from './support/tournaments.ts';

const TIMINGS = { TOURNAMENT_SEAT_DEADLINE: '20', TOURNAMENT_ROUND_GAP: '0' };

forEachBackend('a tournament started by hand', (backend: Backend) => {
  let server: TestGameServer;
  let api: ReturnType<typeof client>;
  let admin: string;
  let moderator: { id: string; token: string };

  staffWithModerator(backend, TIMINGS, (stack) => {
    ({ server, api, admin, moderator } = stack);
  });

  const startedEvents = (id: string) =>
    backend.sql<{ event: Record<string, unknown> }>(
      "select event from tournament_events where tournament_id = $1 and event->>'type' = 'started'",
      [id],
    );

  /** A swiss of one round without a start time, created by the first of `n` new players. */
  async function byHand(n: number): Promise<{ id: string; players: Player[]; clients: Tournaments[] }> {
    const players = await Promise.all(Array.from({ length: n }, () => newPlayer(server.url)));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const created = await clients[0]!.create({
      name: 'When I say so',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'swiss',
      rounds: 1,
      startsAt: null,
    });
    assert.equal(created.startsAt, null);
    assert.equal(created.status, 'upcoming');
    return { id: created.id, players, clients };
  }

  it('waits for its creator: anyone else is refused, the start pairs the round, a second start changes nothing', async function () {
    this.timeout(90_000);
    const { id, players, clients } = await byHand(2);
    const [creator, other] = clients as [Tournaments, Tournaments];
    assert.equal((await other.get(id)).startsAt, null);
    // Nothing starts it by itself: the room's ticks pass it by.
    await sleep(1_500);
    assert.equal((await other.get(id)).status, 'upcoming');

    await creator.join(id);
    await refused(creator.start(id), 'TOURNAMENT_TOO_FEW_PLAYERS', 409);
    await other.join(id);
    const lives = await Promise.all(clients.map((c) => c.follow(id)));
    await lives[0]!.until((s) => s.players === 2);
    assert.equal(lives[0]!.state.startsAt, 0);
    await refused(other.start(id), 'NOT_TOURNAMENT_CREATOR', 403);
    assert.equal((await startedEvents(id)).length, 0);

    const started = await creator.start(id);
    assert.equal(started.status, 'running');
    assert.equal(typeof started.startsAt, 'number');
    await refused(creator.start(id), 'TOURNAMENT_STARTED', 409);
    await refused(other.start(id), 'NOT_TOURNAMENT_CREATOR', 403);
    const events = await startedEvents(id);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.event.by, (await players[0]!.rookery.me()).id);
    assert.equal(events[0]!.event.staff, undefined);
    const row = await backend.sql<{ status: string; starts_at: Date }>(
      'select status, starts_at from tournaments where id = $1',
      [id],
    );
    assert.equal(row[0]!.status, 'running');
    assert.equal(new Date(row[0]!.starts_at).getTime(), started.startsAt);

    // The round is paired and played as after the clock's start.
    await Promise.all(players.map((p, i) => playAll(p, lives[i]!)));
    const t = await creator.get(id);
    assertWhiteWonEverything(t, 1, 1);
    assert.equal(t.startsAt, started.startsAt);
    await lives[0]!.until((s) => s.status === 'finished');
    assert.equal(lives[0]!.state.startsAt, started.startsAt);
    await refused(creator.start(id), 'TOURNAMENT_FINISHED', 409);
    assert.equal((await startedEvents(id)).length, 1);
    // A creator's start is no staff action.
    assert.deepEqual(await auditOf(api, admin, 'tournament.started', id), []);
    for (const live of lives) await live.leave().catch(() => undefined);
  });

  it('is for tournaments without a start time only', async () => {
    const player = await newPlayer(server.url);
    const tournaments = new Tournaments(player.rookery);
    const timed = await tournaments.create({
      name: 'At its time',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'round-robin',
      startsAt: Date.now() + 3_600_000,
    });
    await refused(tournaments.start(timed.id), 'TOURNAMENT_SCHEDULED');
    assert.equal((await tournaments.get(timed.id)).status, 'upcoming');
    await refused(tournaments.start('nosuchtournament'), 'TOURNAMENT_NOT_FOUND');
  });

  it("staff start someone else's tournament, and that start is audited", async function () {
    this.timeout(30_000);
    const { id, clients } = await byHand(2);
    for (const c of clients) await c.join(id);
    const reply = await api.post(`/api/tournaments/${id}/start`, {}, moderator.token);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.status, 'running');
    const [event] = await startedEvents(id);
    assert.deepEqual([event!.event.by, event!.event.staff], [moderator.id, true]);
    const audited = await auditOf(api, admin, 'tournament.started', id);
    assert.equal(audited.length, 1);
    assert.equal(audited[0]!.actorId, moderator.id);
    // A body is not taken.
    const odd = await api.post(`/api/tournaments/${id}/start`, { now: true }, moderator.token);
    assert.equal(odd.status, 400);
    assert.equal(odd.body.error.code, 'VALIDATION_FAILED');
  });
});

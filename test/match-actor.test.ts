import assert from 'node:assert/strict';
import { matchMaker } from '@colyseus/core';
import type { MatchOutcome } from '../rooms/shared/matches.ts';
import { MATCH_CLOSE_CODES } from '../schema/match.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { memberOf, newPlayer, sleep } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { highCardGame } from './support/games/high-card.ts';
import { bytesOf, type Seated, seat, watch } from './support/games/tap.ts';
import { waitUntil } from './support/wait.ts';

const GRACE_SECONDS = 1.5;
const GAME = 'highcard';

forEachBackend('the match actor, with a three-seat game of hidden cards', (backend: Backend) => {
  let server: TestGameServer;
  let url: string;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(
      backend,
      { CHESS_RECONNECT_GRACE: String(GRACE_SECONDS), CHESS_BOT_DELAY_MS: '10' },
      [highCardGame],
    );
    url = server.url;
  });
  after(() => server?.close());

  const tokenOf = async () => (await newPlayer(url)).rookery.accessToken();
  const tokens = (n: number) => Promise.all(Array.from({ length: n }, tokenOf));
  const eventTypes = async (gameId: string) =>
    (
      await backend.sql<{ type: string }>('select type from game_events where game_id = $1 order by seq', [
        gameId,
      ])
    ).map((r) => r.type);

  /** Three players in one private match, seated 0, 1, 2; it starts when the third sits. */
  async function threeSeated(options: Record<string, unknown> = {}): Promise<Seated[]> {
    const [a, b, c] = await tokens(3);
    const first = await seat(url, a!, { game: GAME, options: { private: true, seat: 0, ...options } });
    const second = await seat(url, b!, { game: GAME, roomId: first.room.roomId, options: { seat: 1 } });
    const third = await seat(url, c!, { game: GAME, roomId: first.room.roomId, options: { seat: 2 } });
    const seated = [first, second, third];
    await waitUntil(() => seated.every((s) => s.views.some((v) => v.status === 'playing')));
    return seated;
  }

  /** A match created as a matchmaker creates it: each of three new players' seats held. */
  async function heldMatch(reportTo: string, seatDeadlineMs: number) {
    const players = await Promise.all([0, 1, 2].map(() => newPlayer(url)));
    const members = await Promise.all(players.map(memberOf));
    const { roomId } = await server.rooms.matches.create({
      game: GAME,
      options: {},
      rated: false,
      teams: members.map((m) => [m]),
      seatDeadlineMs,
      reportTo,
      origin: 'queue',
    });
    return { players, members, roomId };
  }

  const until = (s: Seated, check: (view: ReturnType<Seated['shown']>) => boolean) =>
    waitUntil(() => check(s.shown()));

  it('seats three players, starts when the last sits, and refuses a fourth seat but lets them watch', async () => {
    const seated = await threeSeated();
    const id = seated[0]!.room.roomId;
    const [fourth] = await tokens(1);
    await assert.rejects(seat(url, fourth!, { game: GAME, roomId: id }), /SEAT_TAKEN/);
    const watcher = await seat(url, fourth!, { game: GAME, roomId: id, options: { spectate: true } });
    await waitUntil(() => watcher.room.state.spectators === 1);
    assert.equal(watcher.shown().status, 'playing');
    assert.equal(watcher.room.state.seats.size, 3);
    assert.deepEqual(await eventTypes(id), ['start']);
    for (const s of [...seated, watcher]) await s.room.leave();
  });

  it('gives each seat its own card, and no byte any other client receives ever holds it', async () => {
    const seated = await threeSeated();
    const id = seated[0]!.room.roomId;
    const anonymous = await seat(url, '', { game: GAME, roomId: id, options: { spectate: true } });
    const cards = seated.map((s, i) => {
      const card = s.views.at(-1)?.card;
      assert.ok(card, `seat ${i} sees its card`);
      assert.equal(s.views.at(-1)?.seat, i);
      return card;
    });
    assert.equal(new Set(cards).size, 3, 'three different cards');
    assert.equal(anonymous.views.length, 0, 'a spectator is sent no seat view');

    await seated[0]!.room.send('call');
    await until(seated[1]!, (v) => v.turn === 1);
    // Out of turn: refused, nothing changes.
    const refusal = new Promise((resolve) => seated[2]!.room.onMessage('error', resolve));
    seated[2]!.room.send('fold');
    assert.equal(((await refusal) as { code: string }).code, 'NOT_YOUR_TURN');
    seated[1]!.room.send('fold');
    await until(seated[2]!, (v) => v.turn === 2);
    seated[2]!.room.send('call');
    await waitUntil(() => [...seated, anonymous].every((s) => s.shown().status === 'ended'));
    const ended = anonymous.shown();
    assert.equal(ended.termination, 'showdown');
    const winner = ended.results.find((r) => r.placing === 1)!;
    assert.ok([0, 2].includes(winner.seat), 'a seat that called wins');
    assert.deepEqual(await eventTypes(id), ['start', 'call', 'fold', 'call']);

    const clients = [...seated, anonymous];
    for (const [i, card] of cards.entries()) {
      const needle = Buffer.from(JSON.stringify(card).slice(1, -1));
      for (const [j, other] of clients.entries()) {
        const bytes = bytesOf(other.room);
        assert.ok(bytes.length > 0);
        if (j === i) assert.ok(bytes.includes(needle), `seat ${i} received its own card`);
        else assert.ok(!bytes.includes(needle), `client ${j} never received the card of seat ${i}`);
      }
    }
    for (const s of clients) await s.room.leave();
  });

  it('folds a seat whose turn timer runs out, at the deadline, until the game ends', async () => {
    const seated = await threeSeated({ turnMs: 200 });
    const id = seated[0]!.room.roomId;
    await waitUntil(() => seated[0]!.shown().status === 'ended', 5_000);
    const ended = seated[0]!.shown();
    assert.equal(ended.termination, 'everyone_folded');
    assert.deepEqual(ended.choices, ['fold', 'fold', 'fold']);
    assert.deepEqual(
      ended.results.map((r) => r.score),
      [0, 0, 0],
    );
    assert.deepEqual(await eventTypes(id), ['start', 'timeout', 'timeout', 'timeout']);
    // The record takes the ending just after the players see it.
    await waitUntil(async () => {
      const [row] = await backend.sql<{ status: string }>('select status from games where id = $1', [id]);
      return row?.status === 'ended';
    });
    for (const s of seated) await s.room.leave();
  });

  it('cancels a match whose held seat is not taken in time, closing who came and telling its creator', async () => {
    const channel = `test-outcomes:${Date.now()}`;
    const outcomes: MatchOutcome[] = [];
    const listener = (outcome: MatchOutcome) => outcomes.push(outcome);
    await matchMaker.presence.subscribe(channel, listener);
    try {
      const { players, members, roomId } = await heldMatch(channel, 600);
      const came = await Promise.all(
        players
          .slice(0, 2)
          .map(async (p) => seat(url, await p.rookery.accessToken(), { game: GAME, roomId })),
      );
      assert.deepEqual(await Promise.all(came.map((s) => s.closed)), [
        MATCH_CLOSE_CODES.cancelled,
        MATCH_CLOSE_CODES.cancelled,
      ]);
      await waitUntil(() => outcomes.length > 0);
      assert.deepEqual(outcomes, [
        {
          type: 'cancelled',
          roomId,
          seated: [members[0]!.userId, members[1]!.userId],
          absent: [members[2]!.userId],
        },
      ]);
      await assert.rejects(
        seat(url, await players[2]!.rookery.accessToken(), { game: GAME, roomId }),
        /SEAT_EXPIRED|not found|expired/,
      );
      assert.deepEqual(await eventTypes(roomId), []);
    } finally {
      await matchMaker.presence.unsubscribe(channel, listener);
    }
  });

  it('keeps a dropped seat for the grace period with its card; once all others are gone too long, the last may claim', async function () {
    this.timeout(30_000);
    const seated = await threeSeated({ turnMs: 60_000 });
    const id = seated[0]!.room.roomId;
    const card = seated[0]!.views.at(-1)!.card;
    const token = seated[0]!.room.reconnectionToken;
    seated[0]!.room.connection.close(3000, 'network gone');
    await until(seated[1]!, () => seated[1]!.room.state.seats.get('0')?.connected === false);
    const { Client } = await import('@colyseus/sdk');
    const back = watch(await new Client(url).reconnect(token));
    await waitUntil(() => back.views.length > 0);
    assert.equal(back.views.at(-1)!.card, card, 'the same card after coming back');
    await until(seated[1]!, () => seated[1]!.room.state.seats.get('0')?.connected === true);

    const refusal = new Promise((resolve) => back.room.onMessage('error', resolve));
    back.room.send('victory:claim');
    assert.equal(((await refusal) as { code: string }).code, 'CLAIM_NOT_ALLOWED');
    await seated[1]!.room.leave();
    await seated[2]!.room.leave();
    await sleep(GRACE_SECONDS * 1000 + 200);
    back.room.send('victory:claim');
    await until(back, (v) => v.status === 'ended');
    assert.equal(back.shown().termination, 'abandoned');
    assert.deepEqual(
      back.shown().results.map((r) => [r.seat, r.placing]),
      [
        [0, 1],
        [1, 2],
        [2, 2],
      ],
    );
    assert.deepEqual(await eventTypes(id), ['start', 'claim']);
    await back.room.leave();
  });

  it('hands over a copy whose log another writer extended: its clients are closed with 4410', async () => {
    const seated = await threeSeated({ turnMs: 60_000 });
    const id = seated[0]!.room.roomId;
    const room = matchMaker.getLocalRoomById(id) as unknown as { handOver(): Promise<boolean> };
    assert.equal(await room.handOver(), false, 'nobody else wrote: the room keeps the match');
    await server.app.services.matches.append(id, 2, {
      v: 1,
      event: { type: 'call', at: Date.now(), seat: 0 },
    });
    assert.equal(await room.handOver(), true);
    assert.deepEqual(await Promise.all(seated.map((s) => s.closed)), [
      MATCH_CLOSE_CODES.moved,
      MATCH_CLOSE_CODES.moved,
      MATCH_CLOSE_CODES.moved,
    ]);
  });

  it("tells a match's creator its result once: a report it missed (its node, or the match's, was down) comes again until taken", async () => {
    const channel = `test-results:${Date.now()}`;
    const { players, roomId } = await heldMatch(channel, 10_000);
    const seated = await Promise.all(
      players.map(async (p) => seat(url, await p.rookery.accessToken(), { game: GAME, roomId })),
    );
    await waitUntil(() => seated.every((s) => s.views.some((v) => v.status === 'playing')));
    for (const [i, s] of seated.entries()) {
      await until(s, (v) => v.turn === i);
      s.room.send('call');
    }
    // Nobody listened when the room reported: the record keeps the result for its creator.
    await waitUntil(async () =>
      (await server.app.services.matches.pendingReports(100)).some((r) => r.gameId === roomId),
    );

    const heard: MatchOutcome[] = [];
    const taken: MatchOutcome[] = [];
    const creator = async (outcome: MatchOutcome) => {
      if (outcome.roomId !== roomId) return;
      heard.push(outcome);
      if (await server.rooms.matches.takeReport(outcome.roomId)) taken.push(outcome);
    };
    await matchMaker.presence.subscribe(channel, creator);
    const stop = server.cluster.reports.keep(100);
    try {
      await waitUntil(() => taken.length === 1);
      await sleep(400);
      assert.equal(taken.length, 1, 'taken once');
      const [report] = taken as Array<Extract<MatchOutcome, { type: 'finished' }>>;
      assert.equal(report!.termination, 'showdown');
      assert.deepEqual(
        report!.results.map((r) => r.seat),
        [0, 1, 2],
      );
      assert.equal(report!.results.filter((r) => r.placing === 1).length, 1);
      assert.deepEqual(
        seated[0]!
          .shown()
          .results.map((r) => r.seat)
          .sort(),
        [0, 1, 2],
      );
      const after = heard.length;
      await sleep(400);
      assert.equal(heard.length, after, 'a taken report is not sent again');
      assert.equal(await server.rooms.matches.takeReport(roomId), false, 'a repeat is no news');
    } finally {
      stop();
      await matchMaker.presence.unsubscribe(channel, creator);
      for (const s of seated) await s.room.leave();
    }
  });
});

import assert from 'node:assert/strict';
import { matchMaker } from '@colyseus/core';
import {
  CHESS_CLOSE_CODES,
  LobbyClient,
  Matchmaking,
  QUEUE_CLOSE_CODES,
  type QueueInfo,
  type QueueMatch,
  queueRoomId,
} from '../client-sdk/index.ts';
import type { PartyRoom } from '../rooms/party/PartyRoom.ts';
import type { QueueRoom } from '../rooms/queue/QueueRoom.ts';
import { finishedOutcome, LIVE_GAMES_CHANNEL, type LiveGameEvent } from '../rooms/shared/matches.ts';
import { partyChannel } from '../rooms/shared/parties.ts';
import { presencePartyStore } from '../server/cluster/party-store.ts';
import { forEachBackend } from './support/backends.ts';
import { newPlayer, type Player, refused, sleep } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { client } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

const SEAT_SECONDS = 1.5;
const defaults = {
  game: 'chess',
  teams: 2,
  teamSize: 1,
  regions: ['eu', 'na'],
  // Every newcomer has the same provisional rating: a narrow band still matches them at once.
  widening: { initialBand: 50, growthPerSecond: 100, maxBand: 400, relaxRegionAfterSeconds: 1 },
  minQuality: 0.2,
  tickMs: 100,
  seatTimeoutSeconds: SEAT_SECONDS,
};
const PROFILES = JSON.stringify({
  defaults,
  profiles: [
    { id: 'blitz-rated', label: 'Blitz 3+2 rated', timeControl: '3+2', rated: true },
    { id: 'blitz-casual', label: 'Blitz 3+2 casual', timeControl: '3+2', rated: false },
    { id: 'rapid-casual', label: 'Rapid 10+0 casual', timeControl: '10+0', rated: false },
    { id: 'pairs-casual', label: 'Consultation 5+3', timeControl: '5+3', rated: false, teamSize: 2 },
  ],
});

interface Queuer extends Player {
  mm: Matchmaking;
}

async function queuer(url: string, options: { guest?: boolean } = {}): Promise<Queuer> {
  const player = await newPlayer(url, options);
  return { ...player, mm: new Matchmaking(player.rookery, player.chess) };
}

/** A party of one, queued in `queue` and matched with a solo player: both games, the party playing. */
async function soloPartyPlaying(url: string, queue: string) {
  const [lead, solo] = await Promise.all([queuer(url), queuer(url)]);
  const party = await lead.mm.createParty();
  await party.setReady(true);
  await party.queue(queue);
  const [partyGame, soloGame] = await Promise.all([party.playNext(5000), solo.mm.play({ queue })]);
  await until(() => party.state.queue.status === 'playing');
  return { party, partyGame, soloGame };
}

/** A party of two, ready and queued in `pairs-casual`, and two more players to meet it there. */
async function pairQueued(url: string) {
  const [lead, mate, x, y] = await Promise.all([1, 2, 3, 4].map(() => queuer(url)));
  const party = await lead!.mm.createParty();
  const joined = await mate!.mm.joinParty(party.code);
  await until(() => party.state.members.size === 2);
  await Promise.all([party.setReady(true), joined.setReady(true)]);
  await party.queue('pairs-casual');
  return { mate: mate!, x: x!, y: y!, party, joined };
}

async function metric(url: string, line: RegExp): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const found = text.split('\n').find((l) => line.test(l));
  return found ? Number(found.split(' ').at(-1)) : 0;
}

forEachBackend('queue and party rooms', (backend) => {
  let server: TestGameServer;
  before(async () => {
    server = await startGameStack(backend, { QUEUE_PROFILES: PROFILES, PARTY_RECONNECT_GRACE: '1' });
  });
  after(async () => {
    await server?.close();
  });

  it('two players queueing blitz rated are seated in the same rated chess game and can play', async () => {
    const [a, b] = await Promise.all([queuer(server.url), queuer(server.url)]);
    const statuses: number[] = [];
    const [ga, gb] = await Promise.all([
      a.mm.play({ queue: 'blitz-rated', onStatus: (s) => statuses.push(s.poolSize) }),
      b.mm.play({ queue: 'blitz-rated' }),
    ]);
    assert.equal(ga.gameId, gb.gameId);
    const state = await ga.until((s) => s.status === 'playing');
    assert.equal(state.timeControl, '3+2');
    assert.equal(state.rated, true);
    const white = ga.color === 'white' ? ga : gb;
    const black = white === ga ? gb : ga;
    assert.notEqual(white.color, black.color);
    await white.move('e2e4');
    await black.until((s) => s.moves.length === 1);
    assert.ok(
      (await metric(server.url, /^rookery_queue_time_to_match_seconds_count\{queue="blitz-rated"\}/)) >= 2,
    );
    assert.ok((await metric(server.url, /^rookery_queue_match_quality_count\{queue="blitz-rated"\}/)) >= 1);
    await white.resign();
  });

  it('a waiting player is told the band, the pool size and the wait, and the band widens', async () => {
    const a = await queuer(server.url);
    const ticket = await a.mm.join('rapid-casual');
    const first = await ticket.inbox.next((m) => m.type === 'status');
    assert.ok(first.type === 'status');
    assert.equal(first.poolSize, 1);
    // The band is the rating ± 50, widened by 100 a second for the time already waited when the
    // status was made (a busy machine may take a few milliseconds to make it).
    const half = 50 + (100 * first.waitedMs) / 1000;
    assert.ok(
      Math.abs(first.band.min - (1500 - half)) <= 1 && Math.abs(first.band.max - (1500 + half)) <= 1,
      `band ${first.band.min}–${first.band.max} after ${first.waitedMs} ms`,
    );
    assert.ok(first.band.min <= 1450 && first.band.max >= 1550, 'never narrower than the initial band');
    assert.equal(first.regionOnly, true);
    await sleep(1200);
    const later = await ticket.inbox.next((m) => m.type === 'status' && m.waitedMs >= 1000);
    assert.ok(later.type === 'status');
    assert.ok(later.band.max > first.band.max, `band grew: ${later.band.max} > ${first.band.max}`);
    assert.equal(later.regionOnly, false);
    const queues = await client(server.url).get('/api/queues');
    assert.equal(queues.status, 200);
    const rapid = (queues.body as { queues: QueueInfo[] }).queues.find((q) => q.id === 'rapid-casual');
    assert.equal(rapid?.players, 1);
    assert.equal(rapid?.timeControl, '10+0');
    await ticket.cancel();
    await sleep(300);
    const after = await client(server.url).get('/api/queues');
    assert.equal(
      (after.body as { queues: QueueInfo[] }).queues.find((q) => q.id === 'rapid-casual')?.players,
      0,
    );
  });

  it('a player who does not take the seat loses the match; the other waits again with the time already waited', async () => {
    const [a, b, c] = await Promise.all([queuer(server.url), queuer(server.url), queuer(server.url)]);
    const expiredBefore = await metric(
      server.url,
      /^rookery_queue_seats_expired_total\{queue="blitz-casual"\}/,
    );
    const ta = await a.mm.join('blitz-casual');
    const tb = await b.mm.join('blitz-casual');
    const isMatch = (m: { type: string }) => m.type === 'match';
    const [ma, mb] = (await Promise.all([ta.inbox.next(isMatch), tb.inbox.next(isMatch)])) as QueueMatch[];
    assert.equal(ma!.roomId, mb!.roomId);
    const seated = await a.chess.joinGame(ma!.roomId);
    const closed = new Promise<number>((resolve) => seated.room.onLeave((code) => resolve(code)));
    // b never comes.
    const requeued = await ta.inbox.next((m) => m.type === 'requeued', (SEAT_SECONDS + 3) * 1000);
    assert.equal(requeued.type, 'requeued');
    assert.equal(await closed, CHESS_CLOSE_CODES.cancelled);
    const dequeued = await tb.inbox.next((m) => m.type === 'dequeued');
    assert.ok(dequeued.type === 'dequeued');
    assert.equal(dequeued.reason, 'seat_expired');
    await refused(b.chess.joinGame(ma!.roomId), 'GAME_NOT_FOUND');
    const status = await ta.inbox.next((m) => m.type === 'status');
    assert.ok(status.type === 'status');
    assert.ok(status.waitedMs >= SEAT_SECONDS * 1000, `kept its waiting time: ${status.waitedMs} ms`);
    assert.equal(
      await metric(server.url, /^rookery_queue_seats_expired_total\{queue="blitz-casual"\}/),
      expiredBefore + 1,
    );
    // Nothing was recorded for the cancelled match.
    assert.equal((await backend.sql('select 1 from games where id = $1', [ma!.roomId])).length, 0);
    // The one who waited again is matched with the next player.
    const [gc, again] = await Promise.all([
      c.mm.play({ queue: 'blitz-casual' }),
      ta.inbox.next(isMatch).then((m) => a.chess.joinGame((m as QueueMatch).roomId)),
    ]);
    assert.equal(gc.gameId, again.gameId);
    await ta.inbox.next((m) => m.type === 'matched');
    await gc.until((s) => s.status === 'playing');
    await gc.resign();
  });

  it('bad queue requests are refused with typed errors and leave no ticket', async () => {
    const a = await queuer(server.url);
    await refused(a.mm.join('no-such-queue'), 'UNKNOWN_QUEUE');
    await refused(a.mm.join('blitz-casual', { region: 'moon' }), 'UNKNOWN_REGION');
    const guest = await queuer(server.url, { guest: true });
    await refused(guest.mm.join('blitz-rated'), 'RATED_NEEDS_ACCOUNT');
    const ticket = await a.mm.join('rapid-casual');
    await refused(a.mm.join('rapid-casual'), 'ALREADY_QUEUED');
    await refused(a.mm.join('blitz-casual'), 'ALREADY_QUEUED');
    const party = await a.mm.createParty();
    await party.setReady(true);
    await refused(party.queue('blitz-casual'), 'ALREADY_QUEUED');
    assert.equal(party.state.queue.status, 'idle');
    await ticket.cancel();
    // Once the ticket is gone (the queue lets go of the player's claim as it hears the cancel)
    // the player may queue elsewhere.
    let other: Awaited<ReturnType<typeof a.mm.join>> | undefined;
    await waitUntil(
      async () => {
        other = await a.mm.join('blitz-casual').catch((err) => {
          if ((err as { code?: string }).code === 'ALREADY_QUEUED') return undefined;
          throw err;
        });
        return other !== undefined;
      },
      10_000,
      100,
    );
    assert.equal(other!.room.connection.isOpen, true);
    await other!.cancel();
    await party.leave();
  });

  it('a party that is gone leaves no subscription behind: nothing sent to it reaches a disposed room', async () => {
    const lead = await queuer(server.url);
    const party = await lead.mm.createParty();
    const channel = partyChannel(party.code);
    assert.deepEqual(await matchMaker.presence.channels(channel), [channel]);
    await party.leave();
    await waitUntil(async () => (await matchMaker.presence.channels(channel)).length === 0);
  });

  it('parties: join by code, ready check, leader rules, chat, kick and promote', async () => {
    const [lead, mate, third] = await Promise.all([
      queuer(server.url),
      queuer(server.url),
      queuer(server.url),
    ]);
    const party = await lead.mm.createParty();
    assert.match(party.code, /^[A-Z2-9]{6}$/);
    const joined = await mate.mm.joinParty(party.code.toLowerCase());
    await refused(third.mm.joinParty('ZZZZZZ'), 'PARTY_NOT_FOUND');
    const members = () => [...party.state.members.values()].map((m) => m.name).sort();
    await until(() => party.state.members.size === 2);
    assert.deepEqual(members(), [lead.username, mate.username].sort());
    assert.equal(party.state.leaderId, (await lead.rookery.session())!.user.id);
    // Only the leader queues, only a ready party, and only into a queue its size fits.
    await refused(joined.queue('blitz-casual'), 'NOT_PARTY_LEADER');
    await refused(party.queue('blitz-casual'), 'PARTY_NOT_READY');
    await party.setReady(true);
    await joined.setReady(true);
    await refused(party.queue('blitz-casual'), 'PARTY_TOO_LARGE');
    await refused(party.queue('nope'), 'UNKNOWN_QUEUE');
    assert.equal(party.state.queue.status, 'idle');
    // Chat reaches everyone; an empty line and a flood are refused.
    const heard = joined.inbox.next((m) => m.type === 'chat');
    await party.say('ready when you are');
    const line = await heard;
    assert.ok(line.type === 'chat');
    assert.equal(line.text, 'ready when you are');
    assert.equal(line.name, lead.username);
    await refused(party.say('   '), 'VALIDATION_FAILED');
    for (let i = 0; i < 4; i++) await party.say(`line ${i}`);
    await refused(party.say('one too many'), 'RATE_LIMITED');
    // Promote, then the new leader kicks the old one.
    const mateId = (await mate.rookery.session())!.user.id;
    const leadId = (await lead.rookery.session())!.user.id;
    await refused(joined.kick(leadId), 'NOT_PARTY_LEADER');
    await party.promote(mateId);
    await until(() => joined.state.leaderId === mateId);
    const kicked = new Promise<number>((resolve) => party.room.onLeave((code) => resolve(code)));
    await joined.kick(leadId);
    assert.equal(await kicked, 4403);
    await until(() => joined.state.members.size === 1);
    await joined.leave();
  });

  it('a party invitation reaches an online player through the lobby; an offline or unknown one is refused', async () => {
    const [lead, friend, offline] = await Promise.all([
      queuer(server.url),
      queuer(server.url),
      queuer(server.url),
    ]);
    const lobby = await LobbyClient.join(friend.rookery);
    const party = await lead.mm.createParty();
    await party.invite(friend.username.toUpperCase());
    const invite = await lobby.nextPartyInvite(5000);
    assert.equal(invite.partyId, party.code);
    assert.equal(invite.from.name, lead.username);
    const joined = await friend.mm.joinParty(invite.partyId);
    await until(() => party.state.members.size === 2);
    await refused(party.invite(offline.username), 'USER_NOT_ONLINE');
    await refused(party.invite('nobody-by-that-name'), 'USER_NOT_FOUND');
    await Promise.all([joined.leave(), party.leave(), lobby.leave()]);
  });

  it('a party queues as one ticket, plays its match, and is still together afterwards', async () => {
    const [lead, solo] = await Promise.all([queuer(server.url), queuer(server.url)]);
    const party = await lead.mm.createParty();
    await party.setReady(true);
    await party.queue('blitz-casual');
    await until(() => party.state.queue.status === 'searching');
    await until(() => party.state.queue.poolSize === 1);
    // The band is centred on the party's rating and widens from ±50.
    const { bandMin, bandMax } = party.state.queue;
    assert.ok(Math.abs(bandMin + bandMax - 3000) <= 1, `centred on 1500: ${bandMin}–${bandMax}`);
    assert.ok(bandMax >= 1550 && bandMax <= 1900, `band ${bandMin}–${bandMax}`);
    await refused(lead.mm.join('rapid-casual'), 'ALREADY_QUEUED');
    const [partyGame, soloGame] = await Promise.all([
      party.playNext(5000),
      solo.mm.play({ queue: 'blitz-casual' }),
    ]);
    assert.equal(partyGame.gameId, soloGame.gameId);
    await until(
      () => party.state.queue.status === 'playing' && party.state.queue.roomId === partyGame.gameId,
    );
    // The next match needs a new ready check.
    assert.equal([...party.state.members.values()][0]!.ready, false);
    await partyGame.until((s) => s.status === 'playing');
    await partyGame.resign();
    await until(() => party.state.queue.status === 'idle');
    assert.equal(party.room.connection.isOpen, true);
    assert.equal(party.state.members.size, 1);
    // Unqueue takes the ticket out.
    await party.setReady(true);
    await party.queue('rapid-casual');
    await until(() => party.state.queue.status === 'searching');
    await party.unqueue();
    await until(() => party.state.queue.status === 'idle');
    const dequeued = await party.inbox.next((m) => m.type === 'dequeued');
    assert.ok(dequeued.type === 'dequeued');
    assert.equal(dequeued.reason, 'cancelled');
    await party.leave();
  });

  it("a party is free again when its game's end is announced on the live-games channel", async () => {
    const { party, partyGame, soloGame } = await soloPartyPlaying(server.url, 'blitz-casual');
    // The announcement alone (a match whose report to the queue is lost still announces its end).
    const ended: LiveGameEvent = { type: 'ended', gameId: partyGame.gameId };
    await matchMaker.presence.publish(LIVE_GAMES_CHANNEL, ended);
    await until(() => party.state.queue.status === 'idle' && party.state.queue.roomId === '');
    await soloGame.resign();
    await partyGame.until((s) => s.status === 'ended');
    await party.leave();
  });

  it('a party rebuilt from a snapshot one step behind (saved while its match was being seated) knows its match started, and is idle when it ends', async () => {
    const [lead, solo] = await Promise.all([queuer(server.url), queuer(server.url)]);
    const party = await lead.mm.createParty();
    await party.setReady(true);
    await party.queue('blitz-casual');
    const soloPlays = solo.mm.play({ queue: 'blitz-casual' });
    const seat = await party.nextMatch(5000);
    const [partyGame, soloGame] = await Promise.all([lead.chess.joinGame(seat.roomId), soloPlays]);
    await until(() => party.state.queue.status === 'playing');
    // The party's node dies right after the match started, before the party saved that: its
    // snapshot still says `matched`, with the seats.
    const store = presencePartyStore(() => matchMaker.presence);
    const saved = (await store.load(party.code))!;
    const { roomId, queue, game, quality, seatDeadline, team, color } = seat;
    await store.save({
      ...saved,
      queue: { ...saved.queue, status: 'matched' },
      offer: {
        match: { queue, game, roomId, quality, seatDeadline },
        seats: { [party.state.leaderId]: { team, seat: team, color } },
      },
    });
    const first = party.room;
    await (matchMaker.getLocalRoomById(party.code) as unknown as PartyRoom).handOver();
    const stopKeeping = server.cluster.parties.keep(100);
    try {
      await until(
        () => party.room !== first && party.room.connection.isOpen && party.state?.queue?.roomId === roomId,
      );
      assert.equal(party.state.queue.status, 'playing');
      assert.equal(
        [...party.state.members.values()][0]!.ready,
        false,
        'the next match needs a new ready check',
      );
      await soloGame.resign();
      await partyGame.until((s) => s.status === 'ended');
      await until(() => party.state.queue.status === 'idle');
    } finally {
      stopKeeping();
    }
    await party.leave();
  });

  it('a member who opens the party again while its match is being seated is told the seat again, once, and the match starts', async () => {
    const { mate, x, y, party, joined: first } = await pairQueued(server.url);
    const others = Promise.all([x.mm.play({ queue: 'pairs-casual' }), y.mm.play({ queue: 'pairs-casual' })]);
    const seat = await first.nextMatch(5000);
    // The mate's page reloads before the seat is taken: a new connection to the party.
    const again = await new Matchmaking(mate.rookery, mate.chess).joinParty(party.code);
    const told = await again.nextMatch(5000);
    assert.deepEqual(
      [told.roomId, told.color, told.team, told.seatDeadline],
      [seat.roomId, seat.color, seat.team, seat.seatDeadline],
    );
    const [leadGame] = await Promise.all([party.playNext(5000), mate.chess.joinGame(told.roomId)]);
    await others;
    await leadGame.until((s) => s.status === 'playing');
    // The queue told the party its seats on every tick of the seating; the member saw them once.
    await assert.rejects(again.nextMatch(300), /no such message/);
    await leadGame.resign();
    await until(() => party.state.queue.status === 'idle');
    await Promise.all([party.leave(), again.leave()]);
  });

  it('a party of two queued into a two-team profile lands on one team, and either partner moves for it', async () => {
    const [lead, mate, x, y] = await Promise.all([
      queuer(server.url),
      queuer(server.url),
      queuer(server.url),
      queuer(server.url),
    ]);
    const party = await lead.mm.createParty();
    const joined = await mate.mm.joinParty(party.code);
    await until(() => party.state.members.size === 2);
    await Promise.all([party.setReady(true), joined.setReady(true)]);
    await party.queue('pairs-casual');
    const tx = await x.mm.join('pairs-casual');
    const ty = await y.mm.join('pairs-casual');
    const isMatch = (m: { type: string }) => m.type === 'match';
    const [ml, mm, mx, my] = (await Promise.all([
      party.nextMatch(5000),
      joined.nextMatch(5000),
      tx.inbox.next(isMatch),
      ty.inbox.next(isMatch),
    ])) as QueueMatch[];
    assert.equal(new Set([ml!.roomId, mm!.roomId, mx!.roomId, my!.roomId]).size, 1);
    assert.equal(ml!.team, mm!.team, 'the party is on one team');
    assert.equal(ml!.color, mm!.color);
    assert.equal(mx!.team, my!.team, 'the two solos make the other team');
    assert.notEqual(mx!.team, ml!.team);
    const [gl, gm, gx, gy] = await Promise.all(
      [lead, mate, x, y].map((p, i) => p.chess.joinGame([ml, mm, mx, my][i]!.roomId)),
    );
    await gl!.until((s) => s.status === 'playing');
    assert.equal(gl!.state.rated, false);
    const names = gl!.state.players.get(ml!.color!)!.name;
    assert.ok(names.includes(lead.username) && names.includes(mate.username), names);
    // The partner (not the captain) moves for the party's side; a solo moves for the other.
    const partyWhite = ml!.color === 'white';
    const [first, second] = partyWhite ? [gm!, gy!] : [gy!, gm!];
    await first.move('e2e4');
    await second.move('e7e5');
    await gx!.until((s) => s.moves.length === 2);
    await refused((partyWhite ? gl! : gx!).move('e5e4'), 'ILLEGAL_MOVE');
    await gl!.resign();
    await until(() => party.state.queue.status === 'idle');
    await Promise.all([party.leave(), joined.leave()]);
  });

  it("a party's match ends: every member is told the result once, the party shows it, and neither a repeated report nor a rebuild of the party changes that", async () => {
    const { x, y, party, joined } = await pairQueued(server.url);
    const others = Promise.all([x, y].map((p) => p.mm.play({ queue: 'pairs-casual' })));
    const [leadGame] = await Promise.all([party.playNext(5000), joined.playNext(5000)]);
    const [gx] = await others;
    await leadGame.until((s) => s.status === 'playing');
    const partyColor = leadGame.color!;
    // The other side resigns: the party wins.
    await gx!.resign();
    const [told, toldMate] = await Promise.all([party.nextResult(5000), joined.nextResult(5000)]);
    assert.deepEqual(toldMate, told);
    assert.equal(told.roomId, leadGame.gameId);
    assert.equal(told.queue, 'pairs-casual');
    assert.equal(told.termination, 'resignation');
    assert.equal(told.seat, partyColor === 'white' ? 0 : 1);
    assert.deepEqual(
      told.results.map((r) => [r.seat, r.placing, r.rating]),
      [
        [0, partyColor === 'white' ? 1 : 2, undefined],
        [1, partyColor === 'white' ? 2 : 1, undefined],
      ],
      'a casual match: each seat placed, nobody rated',
    );
    // A team plays one seat: each member's own line is the party's.
    assert.equal(told.members.length, 2);
    for (const member of told.members)
      assert.deepEqual(member, { userId: member.userId, seat: told.seat, score: 1, placing: 1 });
    const shown = () => ({ ...party.state.lastResult.toJSON() });
    const before = {
      roomId: told.roomId,
      queue: 'pairs-casual',
      termination: 'resignation',
      seat: told.seat,
      score: 1,
      placing: 1,
      ratingDiff: 0,
      members: Object.fromEntries(
        told.members.map((m) => [m.userId, { seat: told.seat, score: 1, placing: 1, ratingDiff: 0 }]),
      ),
    };
    // The state's patch may come just after the message.
    await until(() => [party, joined].every((p) => p.state.lastResult.roomId === told.roomId));
    assert.deepEqual(shown(), before);
    await until(() => party.state.queue.status === 'idle');

    // The report again, as the record's keeper would send it: the queue took it already.
    const report = finishedOutcome(told.roomId, { termination: told.termination, results: told.results });
    await matchMaker.presence.publish(`queue-outcomes:${queueRoomId('pairs-casual')}`, report);
    assert.equal(await server.rooms.matches.takeReport(told.roomId), false, 'taken once');
    // The party's node gives way: it is rebuilt from its snapshot, still showing the result.
    const first = party.room;
    const resent: unknown[] = [];
    await (matchMaker.getLocalRoomById(party.code) as unknown as PartyRoom).handOver();
    const stopKeeping = server.cluster.parties.keep(100);
    try {
      await until(
        () => party.room !== first && party.room.connection.isOpen && party.state?.members?.size > 0,
      );
      party.room.onMessage('result', (m) => resent.push(m));
      assert.deepEqual(shown(), before);
    } finally {
      stopKeeping();
    }
    await assert.rejects(party.nextResult(500), /no such message/);
    await assert.rejects(joined.nextResult(10), /no such message/);
    assert.deepEqual(resent, [], 'the rebuilt party does not tell it again');
    await Promise.all([party.leave(), joined.leave()]);
  });

  it("a party is told its match's result when its queue was away as the match ended: the record's report comes again, the queue's next copy takes it and tells the party once", async () => {
    const { party, partyGame, soloGame } = await soloPartyPlaying(server.url, 'rapid-casual');
    const queueId = queueRoomId('rapid-casual');
    await (matchMaker.getLocalRoomById(queueId) as unknown as QueueRoom).handOver();
    // The party resigns while no queue listens: the record keeps the result for it.
    await partyGame.until((s) => s.status === 'playing');
    await partyGame.resign();
    const pending = async () =>
      (await server.app.services.matches.pendingReports(100)).some((r) => r.gameId === partyGame.gameId);
    await waitUntil(pending, 5000, 50);
    await server.cluster.singletons.ensureAll();
    const stop = server.cluster.reports.keep(100);
    try {
      const told = await party.nextResult(5000);
      assert.equal(told.roomId, partyGame.gameId);
      assert.equal(told.results.find((r) => r.seat === told.seat)?.placing, 2);
      await until(() => party.state.lastResult.roomId === told.roomId);
      assert.equal(party.state.lastResult.placing, 2);
      await sleep(500);
      assert.equal(await pending(), false, 'the report was taken');
      await assert.rejects(party.nextResult(300), /no such message/);
    } finally {
      stop();
    }
    await soloGame.until((s) => s.status === 'ended');
    await party.leave();
  });

  it('a matched solo ticket ends with the queue closing its connection normally', async () => {
    const [a, b] = await Promise.all([queuer(server.url), queuer(server.url)]);
    const ta = await a.mm.join('blitz-casual');
    const closed = new Promise<number>((resolve) => ta.room.onLeave((code) => resolve(code)));
    const [ga] = await Promise.all([
      ta.inbox.next((m) => m.type === 'match').then((m) => a.chess.joinGame((m as QueueMatch).roomId)),
      b.mm.play({ queue: 'blitz-casual' }),
    ]);
    assert.equal(await closed, QUEUE_CLOSE_CODES.matched);
    await ga.until((s) => s.status === 'playing');
    await ga.resign();
  });
});

const until = (check: () => boolean, timeoutMs = 5000) => waitUntil(check, timeoutMs, 20);

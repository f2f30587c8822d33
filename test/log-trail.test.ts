import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { RegisteredGame } from '../rooms/games/registry.ts';
import { jsonStateBinding } from '../rooms/match/json-state.ts';
import { createLogger } from '../server/platform/logger.ts';
import { Trail } from '../server/platform/trail.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { memberOf, newPlayer, PASSWORD } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { highCard, SEATS } from './support/games/high-card.ts';
import { seat } from './support/games/tap.ts';
import { client } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

type Line = Record<string, unknown>;

/** High card with a bug: folding throws, so the room logs the failed message. */
const buggyCard: RegisteredGame = {
  module: {
    ...highCard,
    name: 'buggycard',
    command: (game, seatIndex, command, at) => {
      if (command.type === 'fold') throw new Error('a bug in the rules');
      return highCard.command(game, seatIndex, command, at);
    },
  },
  binding: jsonStateBinding('buggycard'),
};

/** A logger as the server makes it, whose lines the test reads. */
function capturedLog(trail: Trail) {
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const text of String(chunk).split('\n')) if (text.trim()) lines.push(JSON.parse(text));
      done();
    },
  });
  return { lines, log: createLogger({ level: 'info', pretty: false, trail, destination }) };
}

forEachBackend('one trail per action in the logs', (backend: Backend) => {
  let server: TestGameServer;
  let lines: Line[];

  before(async function () {
    this.timeout(120_000);
    const trail = new Trail();
    const captured = capturedLog(trail);
    lines = captured.lines;
    server = await startGameStack(backend, {}, [buggyCard], { log: captured.log, trail });
  });
  after(() => server?.close());

  it('puts the request id on every line of the work an HTTP call causes, and answers it', async () => {
    const player = await newPlayer(server.url);
    const api = client(server.url);
    const reqId = `trail-${Date.now()}`;
    const reply = await api.send(
      'POST',
      '/api/auth/login',
      { username: player.username, password: `${PASSWORD}!` },
      { 'x-request-id': reqId },
    );
    assert.equal(reply.status, 401);
    assert.equal(reply.headers.get('x-request-id'), reqId);
    await waitUntil(() => lines.some((l) => l.reqId === reqId && l.msg === 'request'));
    const ofRequest = lines.filter((l) => l.reqId === reqId);
    assert.deepEqual(ofRequest.map((l) => l.msg).sort(), ['login failed', 'request']);
    const serviceLine = ofRequest.find((l) => l.msg === 'login failed')!;
    assert.equal(serviceLine.username, player.username, 'the line logged by the service, deep in the work');
    assert.equal(JSON.stringify(serviceLine).match(/"reqId"/g)?.length, 1, 'the id once per line');

    const forged = await api.send('GET', '/health', undefined, {
      'x-request-id': 'not a sane id; drop table',
    });
    assert.match(forged.headers.get('x-request-id')!, /^[0-9a-f-]{36}$/);
  });

  it('puts the room, game and user ids on the log lines of a room, and the matchmaking request id on the join', async () => {
    const player = await newPlayer(server.url);
    const reqId = `join-${Date.now()}`;
    const reply = await client(server.url).send(
      'POST',
      '/matchmake/joinById/no-such-room',
      {},
      { 'x-request-id': reqId, authorization: `Bearer ${await player.rookery.accessToken()}` },
    );
    assert.equal(reply.status, 404);
    await waitUntil(() => lines.some((l) => l.reqId === reqId && l.msg === 'request'));
    const joinLine = lines.find((l) => l.reqId === reqId && l.msg === 'request')!;
    assert.equal(joinLine.route, '/matchmake/:method/:target');
    assert.equal(joinLine.status, 404);

    // A match whose held seat is never taken is cancelled by its timer: a line of the room's own.
    const other = await newPlayer(server.url);
    const { roomId } = await server.rooms.matches.create({
      game: 'chess',
      options: { timeControl: '5+3' },
      rated: false,
      teams: [[await memberOf(player)], [await memberOf(other)]],
      seatDeadlineMs: 300,
      origin: 'challenge',
    });
    await waitUntil(() =>
      lines.some((l) => l.msg?.toString().startsWith('match cancelled') && l.roomId === roomId),
    );
    const cancelled = lines.find(
      (l) => l.msg?.toString().startsWith('match cancelled') && l.roomId === roomId,
    )!;
    assert.equal(cancelled.gameId, roomId, "a match room's game id is its room id");
    assert.equal(cancelled.room, 'chess');
    assert.equal(cancelled.userId, undefined, 'a timer acts for no user');
    assert.equal(cancelled.reqId, undefined, 'nor for the request that created the room');
  });

  it("puts the room, game and sender's user ids on the lines of a message's work", async () => {
    const players = await Promise.all(Array.from({ length: SEATS }, () => newPlayer(server.url)));
    const tokens = await Promise.all(players.map((p) => p.rookery.accessToken()));
    const first = await seat(server.url, tokens[0]!, {
      game: 'buggycard',
      options: { private: true, seat: 0 },
    });
    const roomId = first.room.roomId;
    for (let i = 1; i < SEATS; i++)
      await seat(server.url, tokens[i]!, { game: 'buggycard', roomId, options: { seat: i } });
    await waitUntil(() => first.views.some((v) => v.status === 'playing'));
    const me = await players[0]!.rookery.me();
    first.room.send('fold');
    await waitUntil(() => lines.some((l) => l.msg === 'a message failed' && l.roomId === roomId));
    const failed = lines.find((l) => l.msg === 'a message failed' && l.roomId === roomId)!;
    assert.equal(failed.gameId, roomId);
    assert.equal(failed.userId, me.id);
    assert.equal(failed.type, 'fold');
  });
});

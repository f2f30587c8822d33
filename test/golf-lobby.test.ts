import assert from 'node:assert/strict';
import type { GolfTable, LobbyMatch } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { refused } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { enterLobby, type LobbyPlayer, leaveAll } from './support/lobby.ts';
import { waitUntil } from './support/wait.ts';

/** Each player takes the seat held for them at the golf table of their `match`. */
async function seatAll(players: LobbyPlayer[], matches: LobbyMatch[]): Promise<GolfTable[]> {
  const tables = await Promise.all(players.map((p, i) => p.lobby.joinMatch(matches[i]!, 'golf')));
  await waitUntil(() => tables.every((t) => t.seat !== undefined));
  return tables;
}

forEachBackend('golf in the lobby: seeks and challenges, through the real SDK', (backend: Backend) => {
  let server: TestGameServer;
  let url: string;

  before(async function () {
    this.timeout(120_000);
    server = await startGameStack(backend, { CHESS_BOT_DELAY_MS: '10' });
    url = server.url;
  });
  after(() => server?.close());

  it('a golf seek of three seats fills seat by seat and starts with every player at one table', async function () {
    this.timeout(30_000);
    const [host, ann, ben] = await Promise.all([enterLobby(url), enterLobby(url), enterLobby(url)]);
    const options = { holes: 2, superKings: true, flipMode: 'always' as const, turnMs: 60_000 };
    const seekId = await host.lobby.postSeek({ game: 'golf', seats: 3, options, rated: false });
    const shown = await ann.lobby.until((s) => s.seeks.has(seekId));
    const seek = shown.seeks.get(seekId)!;
    assert.deepEqual([seek.game, seek.seats, seek.computers, seek.timeControl], ['golf', 3, 0, '']);
    assert.equal(JSON.parse(seek.options).superKings, true);

    assert.deepEqual(await ann.lobby.acceptSeek(seekId), { ok: true, seatsLeft: 1 });
    await ben.lobby.until((s) => s.seeks.get(seekId)?.joined.length === 1);
    assert.deepEqual([...ben.lobby.state.seeks.get(seekId)!.joined], [ann.username]);
    await refused(ann.lobby.acceptSeek(seekId), 'OWN_SEEK');

    const taken = await ben.lobby.acceptSeek(seekId);
    assert.ok(taken.roomId, 'the last seat starts the table');
    await host.lobby.until((s) => !s.seeks.has(seekId));
    const players = [host, ann, ben];
    const matches = await Promise.all(players.map((p) => p.lobby.nextMatch(5_000)));
    assert.deepEqual(
      matches.map((m) => [m.roomId, m.game, m.seat, m.color, m.origin]),
      [0, 1, 2].map((seat) => [taken.roomId, 'golf', seat, undefined, 'seek']),
    );
    const tables = await seatAll(players, matches);
    assert.deepEqual(
      tables.map((t) => t.seat),
      [0, 1, 2],
    );
    const view = await tables[0]!.until((v) => v.status === 'playing');
    assert.deepEqual(
      [view.players, view.holes, view.rules.superKings, view.rules.flipMode],
      [3, 2, true, 'always'],
    );
    await Promise.all(tables.map((t) => t.leave()));
    await leaveAll(...players);
  });

  it('a golf seek with a computer seat starts once its open seats are taken; a place given up opens again', async function () {
    this.timeout(30_000);
    const [host, ann, ben] = await Promise.all([enterLobby(url), enterLobby(url), enterLobby(url)]);
    const seekId = await host.lobby.postSeek({
      game: 'golf',
      seats: 4,
      computers: 1,
      level: 'pair-hunter',
      options: { holes: 1, turnMs: 60_000 },
      rated: false,
    });
    assert.deepEqual(await ann.lobby.acceptSeek(seekId), { ok: true, seatsLeft: 1 });
    await ann.lobby.cancelSeek(seekId);
    await host.lobby.until((s) => s.seeks.get(seekId)?.joined.length === 0);
    assert.deepEqual(await ben.lobby.acceptSeek(seekId), { ok: true, seatsLeft: 1 });
    const { roomId } = await ann.lobby.acceptSeek(seekId);
    assert.ok(roomId);
    const players = [host, ben, ann];
    const matches = await Promise.all(players.map((p) => p.lobby.nextMatch(5_000)));
    assert.deepEqual(
      matches.map((m) => m.seat),
      [0, 1, 2],
      'the poster, then in the order they took their places',
    );
    const tables = await seatAll(players, matches);
    const view = await tables[0]!.until((v) => v.status === 'playing');
    assert.equal(view.players, 4);
    const bots = [...tables[0]!.room.state.seats.values()].filter((seat) => seat.bot !== '');
    assert.deepEqual(
      bots.map((seat) => seat.bot),
      ['pair-hunter'],
    );
    assert.equal(tables[0]!.room.state.rated, false);
    await Promise.all(tables.map((t) => t.leave()));
    await leaveAll(...players);
  });

  it('a golf challenge reaches the opponent with its rules, and its acceptance seats both at a table with the computer asked for', async function () {
    this.timeout(30_000);
    const [alice, bob] = await Promise.all([enterLobby(url), enterLobby(url)]);
    const created = await alice.rookery.challengeTo(bob.username, {
      game: 'golf',
      options: { holes: 1, jokers: true, eagleEye: true, turnMs: 60_000 },
      computers: 1,
      rated: false,
    });
    assert.deepEqual([created.game, created.timeControl, created.computers], ['golf', '', 1]);
    const offer = await bob.lobby.nextChallenge(5_000);
    assert.equal(offer.id, created.id);
    assert.equal(offer.game, 'golf');
    assert.equal(offer.options?.eagleEye, true);
    const { roomId } = await bob.lobby.acceptChallenge(offer.id);
    const matches = await Promise.all([alice, bob].map((p) => p.lobby.nextMatch(5_000)));
    assert.ok(matches.every((m) => m.roomId === roomId && m.game === 'golf' && m.origin === 'challenge'));
    const tables = await seatAll([alice, bob], matches);
    const view = await tables[0]!.until((v) => v.status === 'playing');
    assert.deepEqual([view.players, view.rules.eagleEye], [3, true]);
    const status = await alice.rookery.challengeStatus(created.id);
    assert.deepEqual([status.status, status.roomId, status.game], ['accepted', roomId, 'golf']);
    await Promise.all(tables.map((t) => t.leave()));
    await leaveAll(alice, bob);
  });

  it('a golf table is listed among the lobby’s live games with its game and every seat, and leaves the list when it ends', async function () {
    this.timeout(30_000);
    const [alice, bob, watcher] = await Promise.all([enterLobby(url), enterLobby(url), enterLobby(url)]);
    // Turns that run out quickly and turn up a card each: the hole ends by itself.
    const options = { holes: 1, flipMode: 'always' as const, turnMs: 400 };
    const created = await alice.rookery.challengeTo(bob.username, {
      game: 'golf',
      options,
      computers: 1,
      rated: false,
    });
    const offer = await bob.lobby.nextChallenge(5_000);
    const { roomId } = await bob.lobby.acceptChallenge(offer.id);
    assert.equal(created.id, offer.id);
    const matches = await Promise.all([alice, bob].map((p) => p.lobby.nextMatch(5_000)));
    const tables = await seatAll([alice, bob], matches);
    const state = await watcher.lobby.until((s) => s.games.has(roomId));
    const listed = state.games.get(roomId)!;
    assert.deepEqual(
      [listed.game, listed.category, listed.timeControl, listed.rated],
      ['golf', 'golf', '', false],
    );
    const seats = await Promise.all(tables.map((t) => t.seat!));
    const byName = new Map([
      [seats[0]!, alice.username],
      [seats[1]!, bob.username],
    ]);
    const players = [...listed.players];
    assert.deepEqual(
      players.map((p) => (p.bot ? 'computer' : p.name)),
      [0, 1, 2].map((seat) => byName.get(seat) ?? 'computer'),
      'every seat in order',
    );
    assert.equal(players.filter((p) => p.bot !== '').length, 1, 'one computer player');
    assert.equal(state.online.get(alice.userId)?.gameId, roomId, 'its players show as playing there');
    await watcher.lobby.until((s) => !s.games.has(roomId), 20_000);
    await Promise.all(tables.map((t) => t.leave()));
    await leaveAll(alice, bob, watcher);
  });

  it('refuses golf terms golf does not take, with the rule named, and changes nothing', async () => {
    const [alice, bob] = await Promise.all([enterLobby(url), enterLobby(url)]);
    const before = alice.lobby.state.seeks.size;
    const bad = alice.lobby.postSeek({ game: 'golf', options: { luckySwing: true }, rated: false });
    const err = await bad.then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    assert.equal(err?.code, 'VALIDATION_FAILED');
    assert.match(err?.message ?? '', /luckySwing/);
    await refused(
      alice.lobby.postSeek({ game: 'golf', seats: 3, computers: 1, rated: true }),
      'VALIDATION_FAILED',
    );
    await refused(alice.lobby.postSeek({ game: 'golf', seats: 9, rated: false }), 'VALIDATION_FAILED');
    await refused(
      alice.lobby.postSeek({ game: 'golf', timeControl: '3+2', rated: false }),
      'VALIDATION_FAILED',
    );
    await refused(
      alice.rookery.challengeTo(bob.username, { game: 'golf', options: { holes: 40 }, rated: false }),
      'VALIDATION_FAILED',
    );
    await refused(
      alice.rookery.challengeTo(bob.username, { game: 'tennis', rated: false }),
      'VALIDATION_FAILED',
    );
    assert.equal(alice.lobby.state.seeks.size, before);
    await leaveAll(alice, bob);
  });
});

import assert from 'node:assert/strict';
import { CloseCode, matchMaker } from '@colyseus/core';
import { Client as ColyseusClient } from '@colyseus/sdk';
import {
  LOBBY_CLOSE_CODES,
  LOBBY_ROOM_ID,
  LobbyClient,
  type LobbyState,
  toJoinError,
} from '../client-sdk/index.ts';
import { changesToSend } from '../rooms/actor/quiet-patches.ts';
import type { LobbyCalls } from '../rooms/shared/calls.ts';
import { finishedOutcome } from '../rooms/shared/matches.ts';
import { callRoom } from '../server/cluster/calls.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { refused, sleep } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { collected, enterLobby, errorsOf, leaveAll, seeksSeen } from './support/lobby.ts';
import { client } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

/** Long enough for a patch the room would have sent to arrive (the lobby patches at 20 Hz). */
const PATCH_MS = 150;

forEachBackend('the lobby room, through the real SDK', (backend: Backend) => {
  let server: TestGameServer;
  let url: string;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend);
    url = server.url;
  });
  after(() => server?.close());

  describe('presence', () => {
    it('shows who is online, once per user however many tabs, and forgets them when they leave', async () => {
      const alice = await enterLobby(url);
      const base = alice.lobby.state.onlineCount;
      const bob = await enterLobby(url);
      const seen = await alice.lobby.until((s) => s.online.has(bob.userId));
      assert.equal(seen.onlineCount, base + 1);
      // Two players of one process decode with the same classes (client-sdk/reflected-types.ts).
      assert.equal(bob.lobby.state.constructor, alice.lobby.state.constructor);
      assert.notEqual(bob.lobby.state, alice.lobby.state);
      const entry = seen.online.get(bob.userId)!;
      assert.equal(entry.name, bob.username);
      assert.equal(entry.status, 'idle');
      assert.equal(entry.gameId, '');
      assert.equal(entry.guest, false);

      // A second tab of Bob's: still one Bob.
      const bobAgain = await LobbyClient.join(bob.rookery);
      const second = await bobAgain.until((s) => s.online.has(bob.userId));
      assert.equal(second.onlineCount, base + 1);
      assert.equal(alice.lobby.state.onlineCount, base + 1);

      // Closing one tab keeps him online; the chat line proves the room went on past the leave.
      await bob.lobby.leave();
      await bobAgain.say('still here');
      await alice.lobby.until((s) => s.chat.some((l) => l.text === 'still here'));
      assert.ok(alice.lobby.state.online.has(bob.userId), 'online while a tab is open');
      assert.equal(alice.lobby.state.onlineCount, base + 1);

      await bobAgain.leave();
      const after = await alice.lobby.until((s) => !s.online.has(bob.userId));
      assert.equal(after.onlineCount, base);
      await leaveAll(alice);
    });

    it('shows a player who sits down to play as playing, with the game to watch, and lists the game', async () => {
      const watcher = await enterLobby(url);
      const white = await enterLobby(url);
      const black = await enterLobby(url);
      const [one, two] = await Promise.all([
        white.chess.play({ timeControl: '13+7', rated: true }),
        black.chess.play({ timeControl: '13+7', rated: true }),
      ]);
      await one.until((s) => s.status === 'playing');
      const gameId = one.gameId;
      assert.equal(two.gameId, gameId);

      const state = await watcher.lobby.until(
        (s) => s.games.has(gameId) && s.online.get(white.userId)?.status === 'playing',
      );
      assert.equal(state.online.get(white.userId)!.gameId, gameId);
      assert.equal(state.online.get(white.userId)!.game, 'chess');
      assert.equal(state.online.get(black.userId)!.status, 'playing');
      assert.equal(state.gamesCount, state.games.size, 'every live game is counted');
      const listed = state.games.get(gameId)!;
      assert.equal(listed.timeControl, '13+7');
      assert.equal(listed.category, 'rapid');
      assert.equal(listed.rated, true);
      assert.ok(listed.startedAt > 0);
      assert.equal(listed.game, 'chess');
      assert.deepEqual(
        [...listed.players].map((p) => p.name),
        [listed.white.name, listed.black.name],
        'its seats in order: white, then black',
      );
      const names = [listed.white.name, listed.black.name].sort();
      assert.deepEqual(names, [white.username, black.username].sort());
      assert.equal(listed.white.rating, 1500);
      assert.equal(listed.black.rating, 1500);

      await one.resign();
      const ended = await watcher.lobby.until((s) => !s.games.has(gameId));
      assert.equal(ended.online.get(white.userId)!.status, 'idle');
      assert.equal(ended.online.get(white.userId)!.gameId, '');
      assert.equal(ended.online.get(white.userId)!.game, '');
      assert.equal(ended.gamesCount, ended.games.size);
      assert.equal(ended.online.get(black.userId)!.status, 'idle');
      await Promise.all([one.leave(), two.leave()]);
      await leaveAll(watcher, white, black);
    });

    it('a lobby opened while games run lists them from the room listings, then follows them', async () => {
      const player = await enterLobby(url);
      const game = await player.chess.vsBot({ timeControl: '10+0', color: 'white' });
      await game.until((s) => s.status === 'playing');
      await player.lobby.until((s) => s.games.has(game.gameId));
      // The lobby goes away (its node stopped) and the cluster opens a new one.
      await player.lobby.leave();
      await matchMaker.getLocalRoomById(LOBBY_ROOM_ID)!.disconnect();
      while ((await matchMaker.query({ roomId: LOBBY_ROOM_ID })).length > 0) await sleep(20);
      await server.cluster.singletons.ensureAll();

      const again = await LobbyClient.join(player.rookery);
      const seen = await again.until((s) => s.online.has(player.userId));
      const listed = seen.games.get(game.gameId);
      assert.ok(listed, 'the running game is listed from the start');
      assert.equal(listed.black.bot, 'greedy');
      assert.equal(listed.white.name, player.username);
      assert.equal(seen.online.get(player.userId)!.status, 'playing');
      await game.resign();
      await again.until((s) => !s.games.has(game.gameId));
      await game.leave();
      await again.leave();
    });

    it('a client that stays while games start and end and people come and go keeps only what is listed now', async () => {
      const watcher = await enterLobby(url);
      const player = await enterLobby(url);
      for (let round = 0; round < 3; round++) {
        const passerby = await enterLobby(url, { guest: true });
        await watcher.lobby.until((s) => s.online.has(passerby.userId));
        const game = await player.chess.vsBot({ timeControl: '10+0', color: 'white' });
        await watcher.lobby.until((s) => s.games.has(game.gameId));
        await game.resign();
        await leaveAll(passerby);
        await watcher.lobby.until((s) => !s.games.has(game.gameId) && !s.online.has(passerby.userId));
        await game.leave();
      }
      // What the client's decoder keeps of each map: its entries now, not every key it was sent.
      const state = watcher.lobby.state;
      for (const map of [state.games, state.online, state.seeks]) {
        assert.deepEqual(Object.keys(map._collectionIndexes).sort(), [...map.keys()].sort());
      }
      await leaveAll(watcher, player);
    });

    it('with nobody acting, has nothing to send (its patch passes skip the connections), and the next change reaches everyone', async () => {
      const alice = await enterLobby(url);
      const bob = await enterLobby(url);
      await alice.lobby.until((s) => s.online.has(bob.userId));
      const room = matchMaker.getLocalRoomById(LOBBY_ROOM_ID)!;
      await waitUntil(() => !changesToSend(room));
      await bob.lobby.say('after a quiet while');
      await alice.lobby.until((s) => s.chat.some((l) => l.text === 'after a quiet while'));
      await leaveAll(alice, bob);
    });
  });

  describe('seeks', () => {
    it('a seek is seen by others; accepting it seats both players in a new game where they play', async () => {
      const poster = await enterLobby(url);
      const taker = await enterLobby(url);
      const seekId = await poster.lobby.postSeek({ timeControl: '5+3', rated: true });
      const other = await poster.lobby.postSeek({ timeControl: '1+0', rated: false });
      const seen = await taker.lobby.until((s) => s.seeks.has(seekId) && s.seeks.has(other));
      const seek = seen.seeks.get(seekId)!;
      assert.equal(seek.userId, poster.userId);
      assert.equal(seek.name, poster.username);
      assert.equal(seek.timeControl, '5+3');
      assert.equal(seek.category, 'blitz');
      assert.equal(seek.rated, true);
      assert.equal(seek.rating, 1500);
      assert.equal(seek.ratingMin, 0);

      const { roomId } = await taker.lobby.acceptSeek(seekId);
      const [a, b] = await Promise.all([poster.lobby.nextMatch(), taker.lobby.nextMatch()]);
      assert.equal(a.roomId, roomId);
      assert.equal(b.roomId, roomId);
      assert.notEqual(a.color, b.color);
      for (const m of [a, b]) {
        assert.equal(m.timeControl, '5+3');
        assert.equal(m.rated, true);
        assert.equal(m.origin, 'seek');
      }
      await taker.lobby.until((s) => !s.seeks.has(seekId));

      const [pg, tg] = await Promise.all([poster.lobby.joinMatch(a), taker.lobby.joinMatch(b)]);
      await pg.until((s) => s.status === 'playing');
      assert.equal(pg.color, a.color);
      const whiteGame = a.color === 'white' ? pg : tg;
      const blackGame = a.color === 'white' ? tg : pg;
      await whiteGame.move('e2e4');
      await blackGame.until((s) => s.moves.length === 1);
      assert.equal(blackGame.state.rated, true);
      // The poster sat down to play: their other seek is withdrawn.
      await taker.lobby.until((s) => !s.seeks.has(other));
      await whiteGame.resign();
      await Promise.all([pg.leave(), tg.leave()]);
      await leaveAll(poster, taker);
    });

    it('refuses what cannot be done with a typed code, and changes nothing', async () => {
      const poster = await enterLobby(url);
      const taker = await enterLobby(url);
      const guest = await enterLobby(url, { guest: true });
      const ranged = await poster.lobby.postSeek({ timeControl: '3+2', rated: true, ratingMin: 1600 });
      const casualRanged = await poster.lobby.postSeek({ timeControl: '3+2', rated: false, ratingMax: 1700 });
      const rated = await taker.lobby.postSeek({ timeControl: '10+5', rated: true });
      const allThree = (s: LobbyState) =>
        s.seeks.has(ranged) && s.seeks.has(casualRanged) && s.seeks.has(rated);
      await Promise.all([poster.lobby.until(allThree), guest.lobby.until(allThree)]);
      const before = seeksSeen(poster.lobby.state);
      const games = poster.lobby.state.games.size;

      await refused(poster.lobby.acceptSeek(ranged), 'OWN_SEEK');
      await refused(taker.lobby.acceptSeek(ranged), 'RATING_OUT_OF_RANGE');
      await refused(guest.lobby.acceptSeek(casualRanged), 'RATING_OUT_OF_RANGE');
      await refused(guest.lobby.acceptSeek(rated), 'RATED_NEEDS_ACCOUNT');
      await refused(guest.lobby.postSeek({ timeControl: '3+2', rated: true }), 'RATED_NEEDS_ACCOUNT');
      await refused(taker.lobby.acceptSeek('no-such-seek'), 'SEEK_NOT_FOUND');
      await refused(taker.lobby.cancelSeek(ranged), 'SEEK_NOT_FOUND');
      await refused(taker.lobby.postSeek({ timeControl: '3+999', rated: true }), 'VALIDATION_FAILED');
      await refused(taker.lobby.postSeek({ timeControl: 'blitz', rated: false }), 'VALIDATION_FAILED');
      await refused(
        taker.lobby.postSeek({ timeControl: '3+2', rated: true, ratingMin: 1800, ratingMax: 1200 }),
        'VALIDATION_FAILED',
      );
      await sleep(PATCH_MS);
      assert.equal(seeksSeen(poster.lobby.state), before);
      assert.equal(seeksSeen(guest.lobby.state), before);
      assert.equal(poster.lobby.state.games.size, games, 'no game was started');

      // A guest may post and take casual seeks.
      const casual = await guest.lobby.postSeek({ timeControl: '3+2', rated: false });
      const shown = await poster.lobby.until((s) => s.seeks.has(casual));
      assert.equal(shown.seeks.get(casual)!.guest, true);
      assert.equal(shown.seeks.get(casual)!.rating, 0);
      await guest.lobby.cancelSeek(casual);
      await poster.lobby.until((s) => !s.seeks.has(casual));
      await leaveAll(poster, taker, guest);
    });

    it("a user's seeks go when their last connection leaves", async () => {
      const poster = await enterLobby(url);
      const watcher = await enterLobby(url);
      const secondTab = await LobbyClient.join(poster.rookery);
      const seekId = await poster.lobby.postSeek({ timeControl: '2+1', rated: false });
      await watcher.lobby.until((s) => s.seeks.has(seekId));
      await poster.lobby.leave();
      await secondTab.say('one tab left');
      await watcher.lobby.until((s) => s.chat.some((l) => l.text === 'one tab left'));
      assert.ok(watcher.lobby.state.seeks.has(seekId), 'kept while a tab is open');
      await secondTab.leave();
      await watcher.lobby.until((s) => !s.seeks.has(seekId));
      await leaveAll(watcher);
    });
  });

  describe('direct challenges', () => {
    it('a challenge over HTTP reaches the opponent; accepting it seats both in a new game', async () => {
      const challenger = await enterLobby(url);
      const opponent = await enterLobby(url);
      const created = await challenger.rookery.challenge(opponent.username, '3+2', true);
      assert.equal(created.status, 'pending');
      assert.equal(created.from, challenger.username);
      assert.equal(created.to, opponent.username);
      assert.ok(Date.parse(created.expiresAt) > Date.now());

      const offer = await opponent.lobby.nextChallenge();
      assert.equal(offer.id, created.id);
      assert.equal(offer.from.userId, challenger.userId);
      assert.equal(offer.from.name, challenger.username);
      assert.equal(offer.from.rating, 1500);
      assert.equal(offer.timeControl, '3+2');
      assert.equal(offer.rated, true);
      assert.equal(offer.expiresAt, Date.parse(created.expiresAt));

      const { roomId } = await opponent.lobby.acceptChallenge(offer.id);
      const [a, b] = await Promise.all([challenger.lobby.nextMatch(), opponent.lobby.nextMatch()]);
      assert.equal(a.roomId, roomId);
      assert.equal(b.roomId, roomId);
      assert.notEqual(a.color, b.color);
      assert.equal(a.origin, 'challenge');
      const status = await challenger.rookery.challengeStatus(created.id);
      assert.equal(status.status, 'accepted');
      assert.equal(status.roomId, roomId);
      assert.equal((await opponent.rookery.challengeStatus(created.id)).roomId, roomId);
      await refused(opponent.lobby.acceptChallenge(offer.id), 'CHALLENGE_NOT_FOUND');

      const [ca, cb] = await Promise.all([challenger.lobby.joinMatch(a), opponent.lobby.joinMatch(b)]);
      await ca.until((s) => s.status === 'playing');
      const white = a.color === 'white' ? ca : cb;
      const black = a.color === 'white' ? cb : ca;
      await white.move('d2d4');
      await black.until((s) => s.moves.length === 1);
      await black.resign();
      await Promise.all([ca.leave(), cb.leave()]);
      await leaveAll(challenger, opponent);
    });

    it("a challenge's game ends: its status says finished, with each seat's player and result, and a repeated report changes nothing", async () => {
      const challenger = await enterLobby(url);
      const opponent = await enterLobby(url);
      const created = await challenger.rookery.challenge(opponent.username, '3+2', true);
      const offer = await opponent.lobby.nextChallenge();
      await opponent.lobby.acceptChallenge(offer.id);
      const [a, b] = await Promise.all([challenger.lobby.nextMatch(), opponent.lobby.nextMatch()]);
      const [ca, cb] = await Promise.all([challenger.lobby.joinMatch(a), opponent.lobby.joinMatch(b)]);
      await ca.until((s) => s.status === 'playing');
      const [white, black] = a.color === 'white' ? [ca, cb] : [cb, ca];
      const [whiteName, blackName] =
        a.color === 'white'
          ? [challenger.username, opponent.username]
          : [opponent.username, challenger.username];
      await white.move('e2e4');
      await black.until((s) => s.moves.length === 1);
      await black.resign();
      const statusOf = () => challenger.rookery.challengeStatus(created.id);
      await waitUntil(async () => (await statusOf()).status === 'finished', 5000, 50);
      const finished = await statusOf();
      assert.equal(finished.roomId, a.roomId);
      assert.equal(finished.result?.termination, 'resignation');
      const seats = finished.result!.seats;
      assert.deepEqual(
        seats.map((s) => [s.player, s.score, s.placing, s.rating?.before]),
        [
          [whiteName, 1, 1, 1500],
          [blackName, 0, 2, 1500],
        ],
      );
      assert.ok(
        seats[0]!.rating!.diff > 0 && seats[1]!.rating!.diff < 0,
        'the winner gains, the loser loses',
      );
      assert.deepEqual(await opponent.rookery.challengeStatus(created.id), finished, 'both players see it');

      // The report again, as the record's keeper would send it: the lobby took it already.
      const repeat = finishedOutcome(a.roomId, {
        termination: 'checkmate',
        results: [
          { seat: 0, score: 0, placing: 2 },
          { seat: 1, score: 1, placing: 1 },
        ],
      });
      await matchMaker.presence.publish(`lobby-results:${LOBBY_ROOM_ID}`, repeat);
      assert.equal(await server.rooms.matches.takeReport(a.roomId), false, 'taken once');
      await sleep(300);
      assert.deepEqual(await statusOf(), finished);
      await Promise.all([ca.leave(), cb.leave()]);
      await leaveAll(challenger, opponent);
    });

    it('a declined challenge is reported to the challenger, and its status says so', async () => {
      const challenger = await enterLobby(url);
      const opponent = await enterLobby(url);
      const created = await challenger.rookery.challenge(opponent.username, '10+0', false);
      const offer = await opponent.lobby.nextChallenge();
      await refused(challenger.lobby.declineChallenge(offer.id), 'CHALLENGE_NOT_FOUND');
      await opponent.lobby.declineChallenge(offer.id);
      const closed = await challenger.lobby.nextChallengeClosed();
      assert.deepEqual({ ...closed }, { id: created.id, reason: 'declined' });
      const status = await challenger.rookery.challengeStatus(created.id);
      assert.equal(status.status, 'declined');
      assert.equal(status.roomId, undefined);
      await refused(opponent.lobby.acceptChallenge(offer.id), 'CHALLENGE_NOT_FOUND');
      await leaveAll(challenger, opponent);
    });

    it('a challenge reaches every tab of the opponent, and a tab opened later', async () => {
      const challenger = await enterLobby(url);
      const opponent = await enterLobby(url);
      const otherTab = await LobbyClient.join(opponent.rookery);
      const created = await challenger.rookery.challenge(opponent.username, '5+0', false);
      assert.equal((await opponent.lobby.nextChallenge()).id, created.id);
      assert.equal((await otherTab.nextChallenge()).id, created.id);
      const lateTab = await LobbyClient.join(opponent.rookery);
      assert.equal((await lateTab.nextChallenge()).id, created.id);
      await opponent.lobby.declineChallenge(created.id);
      await Promise.all([otherTab.leave(), lateTab.leave()]);
      await leaveAll(challenger, opponent);
    });

    it('refuses a challenge to someone offline, unknown, oneself, or rated for a guest, with typed codes', async () => {
      const challenger = await enterLobby(url);
      const opponent = await enterLobby(url);
      const offline = await enterLobby(url);
      await offline.lobby.leave();
      const guest = await enterLobby(url, { guest: true });

      await refused(challenger.rookery.challenge(offline.username, '3+2', true), 'USER_NOT_ONLINE');
      await refused(challenger.rookery.challenge('nobody_here_at_all', '3+2', true), 'USER_NOT_FOUND');
      await refused(challenger.rookery.challenge(challenger.username, '3+2', true), 'VALIDATION_FAILED');
      await refused(challenger.rookery.challenge(opponent.username, '3+999', true), 'VALIDATION_FAILED');
      await refused(guest.rookery.challenge(opponent.username, '3+2', true), 'RATED_NEEDS_ACCOUNT');
      await refused(challenger.rookery.challenge(guest.username, '3+2', true), 'RATED_NEEDS_ACCOUNT');
      const api = client(url);
      assert.equal((await api.post('/api/challenges', { opponent: opponent.username })).status, 401);
      const token = await challenger.rookery.accessToken();
      const missing = await api.post(
        '/api/challenges',
        { opponent: opponent.username, timeControl: '3+2' },
        token,
      );
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error.code, 'VALIDATION_FAILED');

      // A guest may challenge to a casual game; only the two players may look it up.
      const casual = await guest.rookery.challenge(opponent.username, '3+2', false);
      assert.equal(casual.status, 'pending');
      await refused(challenger.rookery.challengeStatus(casual.id), 'CHALLENGE_NOT_FOUND');
      await refused(challenger.rookery.challengeStatus('no-such-challenge'), 'CHALLENGE_NOT_FOUND');
      assert.equal((await guest.rookery.challengeStatus(casual.id)).status, 'pending');
      const offer = await opponent.lobby.nextChallenge();
      assert.equal(offer.from.rating, 0, 'a guest has no rating');
      await opponent.lobby.declineChallenge(casual.id);
      await leaveAll(challenger, opponent, guest);
    });
  });

  describe('chat', () => {
    it('delivers lines to everyone, refuses empty, too long and too fast ones', async () => {
      const speaker = await enterLobby(url);
      const listener = await enterLobby(url);
      await speaker.lobby.say('  hello, lobby  ');
      const seen = await listener.lobby.until((s) => s.chat.some((l) => l.userId === speaker.userId));
      const line = seen.chat.at(-1)!;
      assert.equal(line.text, 'hello, lobby');
      assert.equal(line.name, speaker.username);
      assert.ok(line.at > 0 && line.id > 0);

      await refused(speaker.lobby.say('   '), 'VALIDATION_FAILED');
      await refused(speaker.lobby.say('x'.repeat(281)), 'VALIDATION_FAILED');
      await refused(speaker.lobby.say('two\nlines'), 'VALIDATION_FAILED');
      await speaker.lobby.say('y'.repeat(280));
      for (let i = 0; i < 3; i++) await speaker.lobby.say(`line ${i}`);
      await refused(speaker.lobby.say('one too many'), 'RATE_LIMITED');
      await sleep(PATCH_MS);
      const mine = listener.lobby.state.chat.filter((l) => l.userId === speaker.userId).map((l) => l.text);
      assert.deepEqual(mine, ['hello, lobby', 'y'.repeat(280), 'line 0', 'line 1', 'line 2']);
      // The limit is the speaker's: others still talk.
      await listener.lobby.say('my turn');
      await speaker.lobby.until((s) => s.chat.at(-1)?.text === 'my turn');
      await leaveAll(speaker, listener);
    });

    it('keeps the last 50 lines', async () => {
      const speakers = await Promise.all(Array.from({ length: 11 }, () => enterLobby(url)));
      for (let i = 0; i < 55; i++) await speakers[i % 11]!.lobby.say(`n${i}`);
      const state = await speakers[0]!.lobby.until((s) => s.chat.at(-1)?.text === 'n54');
      assert.equal(state.chat.length, 50);
      assert.equal(state.chat[0]!.text, 'n5');
      await leaveAll(...speakers);
    });
  });

  describe('other rooms', () => {
    it('reach a player through the lobby by name, in any letter case, but not as the lobby itself', async () => {
      const player = await enterLobby(url);
      const otherTab = await LobbyClient.join(player.rookery);
      const got = [player.lobby.room, otherTab.room].map(
        (room) => new Promise((resolve) => room.onMessage('party:invite', resolve)),
      );
      const deliver = (username: string, type: string, message: object) =>
        callRoom<LobbyCalls>(LOBBY_ROOM_ID).deliver(username, type, message);
      assert.equal(await deliver(player.username.toUpperCase(), 'party:invite', { partyId: 'ABC234' }), true);
      assert.deepEqual(await Promise.all(got), [{ partyId: 'ABC234' }, { partyId: 'ABC234' }]);
      assert.equal(await deliver('nobody_here_at_all', 'party:invite', {}), false);
      assert.equal(await deliver(player.username, 'match', { roomId: 'forged' }), false);
      await otherTab.leave();
      await leaveAll(player);
      assert.equal(await deliver(player.username, 'party:invite', {}), false, 'gone from the lobby');
    });
  });

  describe('joining and abuse', () => {
    it('refuses a join without a token, and a lobby created by a client', async () => {
      const colyseus = new ColyseusClient(url);
      await assert.rejects(colyseus.joinById(LOBBY_ROOM_ID, {}), (err: unknown) => {
        assert.equal(toJoinError(err).code, 'UNAUTHENTICATED');
        return true;
      });
      const player = await enterLobby(url);
      colyseus.auth.token = await player.rookery.accessToken();
      await assert.rejects(colyseus.create('lobby', {}), (err: unknown) => {
        assert.equal(toJoinError(err).code, 'FORBIDDEN');
        return true;
      });
      await leaveAll(player);
    });

    it('answers unknown and malformed messages with BAD_MESSAGE and keeps working', async () => {
      const player = await enterLobby(url);
      const other = await enterLobby(url);
      const errors = errorsOf(player.lobby.room);
      const before = seeksSeen(other.lobby.state);
      player.lobby.room.send('teleport', { to: 'e4' });
      player.lobby.room.send('chat', { text: 42 });
      player.lobby.room.send('seek:create', { timeControl: '3+2', rated: 'yes' });
      player.lobby.room.send('seek:accept', 'everything');
      player.lobby.room.send('chat', { text: 'hi', extra: true });
      await collected(errors, 5);
      assert.deepEqual(
        errors.map((e) => e.code),
        ['BAD_MESSAGE', 'BAD_MESSAGE', 'BAD_MESSAGE', 'BAD_MESSAGE', 'BAD_MESSAGE'],
      );
      assert.deepEqual(
        errors.map((e) => e.request),
        [undefined, 'chat', 'seek:create', 'seek:accept', 'chat'],
      );
      await sleep(PATCH_MS);
      assert.equal(seeksSeen(other.lobby.state), before);
      await player.lobby.say('still welcome');
      await other.lobby.until((s) => s.chat.at(-1)?.text === 'still welcome');
      await leaveAll(player, other);
    });

    it('disconnects a client that keeps sending garbage', async () => {
      const player = await enterLobby(url);
      const watcher = await enterLobby(url);
      const closed = new Promise<number>((resolve) => player.lobby.room.onLeave((code) => resolve(code)));
      const waiting = player.lobby.nextMatch();
      for (let i = 0; i < 25; i++) {
        player.lobby.room.send('seek:cancel', { seekId: 7 });
        await sleep(60);
      }
      assert.equal(await closed, LOBBY_CLOSE_CODES.abuse);
      await assert.rejects(waiting, /closed the connection \(4400\)/, 'a waiter is told the lobby is gone');
      await watcher.lobby.until((s) => !s.online.has(player.userId));
      await leaveAll(watcher);
    });
  });

  // Last in the file: the lobby is closed and made again.
  describe('made again', () => {
    it('a client whose lobby is gone a moment (not found until the cluster makes it again) joins the new one by itself', async () => {
      const player = await enterLobby(url);
      const closed: number[] = [];
      player.lobby.onClose((code) => closed.push(code));
      const before = player.lobby.room;
      const left = new Promise<number>((resolve) => before.onLeave(resolve));
      await matchMaker.getLocalRoomById(LOBBY_ROOM_ID)?.disconnect(CloseCode.SERVER_SHUTDOWN);
      assert.equal(await left, CloseCode.SERVER_SHUTDOWN);
      // The client's tries meanwhile find no lobby (ROOM_NOT_FOUND): it keeps trying.
      await waitUntil(async () => (await matchMaker.query({ roomId: LOBBY_ROOM_ID })).length === 0);
      await sleep(800);
      assert.deepEqual(closed, [], 'the client did not give up while the lobby was missing');
      await server.cluster.singletons.ensureAll();
      await waitUntil(() => player.lobby.room !== before && player.lobby.room.connection.isOpen, 10_000);
      await player.lobby.until((s) => s.online.has(player.userId));
      assert.deepEqual(closed, []);
      await player.lobby.leave();
      assert.deepEqual(closed, [CloseCode.CONSENTED]);
    });
  });
});

import assert from 'node:assert/strict';
import { LobbyClient, type LobbyState, Matchmaking } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { refused } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { type Frame, framesOf } from './support/games/tap.ts';
import { enterLobby, type LobbyPlayer, leaveAll } from './support/lobby.ts';
import { client } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

/** Whether any byte of `frames` names the player (their user id or their name). */
function named(frames: readonly Frame[], who: LobbyPlayer): boolean {
  const bytes = Buffer.concat(frames.map((f) => f.bytes));
  return bytes.includes(who.userId) || bytes.includes(who.username);
}

/** Everything of `who` the state shows: online, their seeks, their chat lines. */
function traces(state: LobbyState, who: LobbyPlayer): string[] {
  return [
    ...(state.online.has(who.userId) ? ['online'] : []),
    ...[...state.seeks.values()].filter((s) => s.userId === who.userId).map((s) => `seek ${s.id}`),
    ...state.chat.filter((l) => l.userId === who.userId).map((l) => `line ${l.text}`),
  ];
}

forEachBackend('a block in the lobby and in parties, through the real SDK', (backend: Backend) => {
  let server: TestGameServer;
  let url: string;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend);
    url = server.url;
  });
  after(() => server?.close());

  const block = async (by: LobbyPlayer, whom: LobbyPlayer) => {
    const res = await client(url).post(
      '/api/me/blocks',
      { username: whom.username },
      await by.rookery.accessToken(),
    );
    assert.equal(res.status, 201);
  };
  const unblock = async (by: LobbyPlayer, whom: LobbyPlayer) => {
    const res = await client(url).delete(`/api/me/blocks/${whom.userId}`, await by.rookery.accessToken());
    assert.equal(res.status, 204);
  };

  it('a blocked user is sent nothing of the blocker (online, seeks, chat) from the block on, live both ways, while others see everything', async () => {
    const ben = await enterLobby(url);
    const cleo = await enterLobby(url);
    const ann = await enterLobby(url);
    const seekId = await ann.lobby.postSeek({ timeControl: '7+0', rated: false });
    await ann.lobby.say('hello from ann');
    const all = ['online', `seek ${seekId}`, 'line hello from ann'];
    await ben.lobby.until((s) => traces(s, ann).length === 3);
    assert.deepEqual(traces(ben.lobby.state, ann), all, 'before the block Ben sees Ann');

    // Ann blocks Ben: her entries leave what Ben is shown, and nothing of hers reaches him again.
    await block(ann, ben);
    await ben.lobby.until((s) => traces(s, ann).length === 0);
    const fromBlock = framesOf(ben.lobby.room).length;
    const later = await ann.lobby.postSeek({ timeControl: '9+0', rated: false });
    await ann.lobby.say('ben cannot read this');
    // Nor does the page of everyone online list her, asked by name or not.
    const page = await ben.lobby.onlinePage({ query: ann.username });
    assert.deepEqual(page, { players: [], next: null });
    assert.ok((await ben.lobby.onlinePage()).players.some((p) => p.userId === cleo.userId));
    await ann.lobby.leave();
    const annAgain = await LobbyClient.join(ann.rookery);
    await annAgain.say('back again');
    // A new tab of Ben's: its first state (the join payload) has none of Ann either.
    const benTab = await LobbyClient.join(ben.rookery);
    await cleo.lobby.until((s) => s.chat.some((l) => l.text === 'back again') && s.online.has(ann.userId));
    await cleo.lobby.say('cleo checks in');
    for (const room of [ben.lobby, benTab]) {
      await room.until((s) => s.chat.some((l) => l.text === 'cleo checks in'));
      assert.deepEqual(traces(room.state, ann), []);
      assert.equal(room.state.seeks.has(later), false);
    }
    assert.equal(named(framesOf(ben.lobby.room).slice(fromBlock), ann), false, 'no later message names Ann');
    assert.equal(named(framesOf(benTab.room), ann), false, 'no message of the new tab names Ann');
    // Ben knew her first seek's id: it is not there for him.
    await refused(ben.lobby.acceptSeek(later), 'SEEK_NOT_FOUND');
    await refused(benTab.acceptSeek(seekId), 'SEEK_NOT_FOUND');

    // Cleo sees all of Ann; Ann still sees Ben (the block hides the blocker, not the blocked).
    assert.deepEqual(traces(cleo.lobby.state, ann).sort(), [
      'line back again',
      'line ben cannot read this',
      'line hello from ann',
      'online',
    ]);
    await annAgain.until((s) => s.online.has(ben.userId));
    assert.deepEqual(
      (await annAgain.onlinePage({ query: ben.username })).players.map((p) => p.userId),
      [ben.userId],
    );

    // Ann lifts the block: both of Ben's tabs see her again, live.
    const again = await annAgain.postSeek({ timeControl: '4+0', rated: false });
    await unblock(ann, ben);
    for (const room of [ben.lobby, benTab]) {
      const seen = await room.until((s) => s.online.has(ann.userId) && s.seeks.has(again));
      assert.ok(traces(seen, ann).includes('line back again'));
    }
    await annAgain.leave();
    await benTab.leave();
    await leaveAll(ben, cleo);
  });

  it('a block made while the blocked user is not in the lobby holds from their first state', async () => {
    const ann = await enterLobby(url);
    await ann.lobby.postSeek({ timeControl: '6+0', rated: false });
    await ann.lobby.say('before ben comes');
    const ben = await enterLobby(url);
    await ben.lobby.until((s) => s.online.has(ann.userId));
    await ben.lobby.leave();
    await block(ann, ben);
    const back = await LobbyClient.join(ben.rookery);
    await back.until((s) => s.online.has(ben.userId));
    await ann.lobby.say('after ben came back');
    await back.say('ben is back');
    await back.until((s) => s.chat.some((l) => l.text === 'ben is back'));
    assert.deepEqual(traces(back.state, ann), []);
    assert.equal(named(framesOf(back.room), ann), false);
    await back.leave();
    await leaveAll(ann);
  });

  it('users who come in at the same moment are each kept from their own blockers only', async () => {
    const [ann, ben, cleo, dan, eve, fay] = await Promise.all([
      enterLobby(url),
      enterLobby(url),
      enterLobby(url),
      enterLobby(url),
      enterLobby(url),
      enterLobby(url),
    ]);
    await leaveAll(ben, cleo, dan, eve);
    // Ann blocks Ben and Dan; Eve blocks Cleo. Then the four come back at the same moment.
    await block(ann, ben);
    await block(ann, dan);
    await block(eve, cleo);
    await eve.lobby.leave();
    const eveBack = await LobbyClient.join(eve.rookery);
    await ann.lobby.say('ann speaks');
    await eveBack.say('eve speaks');
    const [benBack, cleoBack, danBack] = await Promise.all([
      LobbyClient.join(ben.rookery),
      LobbyClient.join(cleo.rookery),
      LobbyClient.join(dan.rookery),
    ]);
    // Fay, whom nobody blocks, speaks after they are all in: once each sees her line, each has
    // been sent all it will be of the others' lines before it.
    await fay.lobby.say('all in');
    const seen = async (lobby: LobbyClient) =>
      lobby.until((s) => s.chat.some((l) => l.text === 'all in') && s.online.has(lobby.userId));
    for (const lobby of [benBack, cleoBack, danBack]) await seen(lobby);
    const hidden = (lobby: LobbyClient, who: LobbyPlayer) => traces(lobby.state, who).length === 0;
    assert.ok(hidden(benBack, ann) && hidden(danBack, ann), 'Ben and Dan are not shown Ann');
    assert.ok(!hidden(benBack, eve) && !hidden(danBack, eve), 'Ben and Dan are shown Eve');
    assert.ok(hidden(cleoBack, eve), 'Cleo is not shown Eve');
    assert.ok(!hidden(cleoBack, ann), 'Cleo is shown Ann');
    assert.equal(named(framesOf(benBack.room), ann), false);
    assert.equal(named(framesOf(cleoBack.room), eve), false);
    await Promise.all([benBack, cleoBack, danBack, eveBack].map((l) => l.leave()));
    await leaveAll(ann, fay);
  });

  it("a blocked user can neither join the blocker's party by its code or invitation, nor invite the blocker; others can", async () => {
    const ann = await enterLobby(url);
    const ben = await enterLobby(url);
    const cleo = await enterLobby(url);
    const [annMm, benMm, cleoMm] = [ann, ben, cleo].map((p) => new Matchmaking(p.rookery, p.chess));
    const party = await annMm!.createParty();
    await block(ann, ben);

    // Ben has the code (from before, or from anyone): the party refuses him, and is unchanged.
    await refused(benMm!.joinParty(party.code), 'BLOCKED');
    // Cleo joins; a party with any member who blocks Ben refuses him, whoever leads it.
    const cleoIn = await cleoMm!.joinParty(party.code);
    await waitUntil(() => party.state.members.size === 2);
    await refused(benMm!.joinParty(party.code), 'BLOCKED');
    assert.deepEqual([...party.state.members.keys()].sort(), [ann.userId, cleo.userId].sort());

    // Ben's own party cannot invite Ann; Cleo's invitation of Ben goes through to his lobby.
    const bens = await benMm!.createParty();
    await refused(bens.invite(ann.username), 'BLOCKED');
    await cleoIn.leave();
    const cleos = await cleoMm!.createParty();
    await cleos.invite(ben.username);
    const invite = await ben.lobby.nextPartyInvite(5_000);
    assert.equal(invite.partyId, cleos.code);

    // The block lifted, Ben joins Ann's party by its code.
    await unblock(ann, ben);
    const benIn = await benMm!.joinParty(party.code);
    await waitUntil(() => party.state.members.has(ben.userId));
    await Promise.all([benIn.leave(), bens.leave(), cleos.leave(), party.leave()]);
    await leaveAll(ann, ben, cleo);
  });
});

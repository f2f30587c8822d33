import assert from 'node:assert/strict';
import { LobbyClient, RookeryError } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import type { TestGameServer } from './support/game.ts';
import { enterLobby, leaveAll } from './support/lobby.ts';
import { type client, fingerprint, uniqueName } from './support/server.ts';
import { staffStack } from './support/staff.ts';
import { waitUntil } from './support/wait.ts';

forEachBackend('staff in the lobby chat: mutes and deleted lines', (backend: Backend) => {
  let server: TestGameServer;
  let api: ReturnType<typeof client>;
  let admin: string;
  const adminName = uniqueName('root');

  staffStack(backend, adminName, (stack) => {
    ({ server, api, admin } = stack);
  });

  it('a muted player’s lines are refused with MUTED until unmuted; others chat on', async () => {
    const [loud, other] = [await enterLobby(server.url), await enterLobby(server.url)];
    await loud.lobby.say('hello');
    const muted = await api.post(
      `/api/admin/users/${loud.username}/mute`,
      { reason: 'spam', minutes: 30 },
      admin,
    );
    assert.equal(muted.status, 200, JSON.stringify(muted.body));
    assert.equal(muted.body.muted, true);
    await assert.rejects(
      loud.lobby.say('still here'),
      (err: unknown) => err instanceof RookeryError && err.code === 'MUTED',
    );
    await other.lobby.say('fine');
    await loud.lobby.leave();
    const unmuted = await api.post(`/api/admin/users/${loud.username}/unmute`, { reason: 'appeal' }, admin);
    assert.equal(unmuted.body.muted, false);
    const again = await LobbyClient.join(loud.rookery, { chess: loud.chess });
    await again.say('thanks');
    await again.leave();
    await leaveAll(other);
  });

  it('a muted player who comes back later is still muted (the lobby reads the record)', async () => {
    const player = await enterLobby(server.url);
    await player.lobby.leave();
    assert.equal(
      (await api.post(`/api/admin/users/${player.username}/mute`, { reason: 'flood', minutes: 5 }, admin))
        .status,
      200,
    );
    const lobby = await LobbyClient.join(player.rookery, { chess: player.chess });
    // The record is read before the join is accepted: the very first line is refused.
    await assert.rejects(
      lobby.say('x'),
      (err: unknown) => err instanceof RookeryError && err.code === 'MUTED',
    );
    await lobby.leave();
  });

  it('of players coming in at the same moment, the muted ones are muted and the others chat', async () => {
    const players = await Promise.all([1, 2, 3, 4].map(() => enterLobby(server.url)));
    await leaveAll(...players);
    for (const muted of [players[0]!, players[2]!]) {
      const res = await api.post(
        `/api/admin/users/${muted.username}/mute`,
        { reason: 'flood', minutes: 5 },
        admin,
      );
      assert.equal(res.status, 200);
    }
    const lobbies = await Promise.all(players.map((p) => LobbyClient.join(p.rookery, { chess: p.chess })));
    const said = await Promise.all(
      lobbies.map((lobby, i) =>
        lobby.say(`line ${i}`).then(
          () => 'said',
          (err: unknown) => (err instanceof RookeryError ? err.code : String(err)),
        ),
      ),
    );
    assert.deepEqual(said, ['MUTED', 'said', 'MUTED', 'said']);
    await Promise.all(lobbies.map((lobby) => lobby.leave()));
  });

  it('staff delete a chat line: it leaves everyone’s chat, and the audit keeps what it said', async () => {
    const [author, reader] = [await enterLobby(server.url), await enterLobby(server.url)];
    const text = `rude words ${uniqueName()}`;
    await author.lobby.say(text);
    await waitUntil(() => [...reader.lobby.state.chat].some((l) => l.text === text));
    const line = [...reader.lobby.state.chat].find((l) => l.text === text)!;

    const before = await fingerprint(backend);
    const bad = await api.send('DELETE', `/api/admin/chat/${line.id}`, JSON.stringify({}), {
      authorization: `Bearer ${admin}`,
      'content-type': 'application/json',
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
    assert.equal(await fingerprint(backend), before);

    const del = await api.send('DELETE', `/api/admin/chat/${line.id}`, JSON.stringify({ reason: 'insult' }), {
      authorization: `Bearer ${admin}`,
      'content-type': 'application/json',
    });
    assert.equal(del.status, 200, JSON.stringify(del.body));
    await waitUntil(() => ![...reader.lobby.state.chat].some((l) => l.text === text));
    const gone = await api.send('DELETE', `/api/admin/chat/${line.id}`, JSON.stringify({ reason: 'again' }), {
      authorization: `Bearer ${admin}`,
      'content-type': 'application/json',
    });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'CHAT_LINE_NOT_FOUND');
    const audit = await api.get(`/api/admin/audit?action=chat.message_deleted&actor=${adminName}`, admin);
    assert.equal(audit.body.entries[0].details.text, text);
    assert.equal(audit.body.entries[0].details.reason, 'insult');
    // A player may not.
    const player = await api.send('DELETE', `/api/admin/chat/${line.id}`, JSON.stringify({ reason: 'x' }), {
      authorization: `Bearer ${await reader.rookery.accessToken()}`,
      'content-type': 'application/json',
    });
    assert.equal(player.status, 403);
    await leaveAll(author, reader);
  });
});

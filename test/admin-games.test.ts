import assert from 'node:assert/strict';
import { type Backend, forEachBackend } from './support/backends.ts';
import { PASSWORD, playMoves, refused, startGame, tournamentGame } from './support/chess.ts';
import type { TestGameServer } from './support/game.ts';
import { type client, fingerprint, uniqueName } from './support/server.ts';
import { staffStack } from './support/staff.ts';
import { waitUntil } from './support/wait.ts';

type Staff = { action: string; reason: string; termination?: string };

/** Every `staff` message a player's connection is sent. */
function staffMessages(room: { onMessage(type: string, cb: (m: Staff) => void): void }): Staff[] {
  const seen: Staff[] = [];
  room.onMessage('staff', (m) => seen.push(m));
  return seen;
}

forEachBackend('staff commands to live games, through the match actor', (backend: Backend) => {
  let server: TestGameServer;
  let api: ReturnType<typeof client>;
  let admin: string;
  let moderator: string;
  const adminName = uniqueName('root');

  staffStack(backend, adminName, (stack) => {
    ({ server, api, admin } = stack);
  });
  before(async () => {
    const modName = uniqueName('mod');
    await api.post('/api/auth/register', { username: modName, password: PASSWORD });
    await api.post(`/api/admin/users/${modName}/roles`, { roles: ['moderator'], reason: 'new staff' }, admin);
    moderator = (await api.post('/api/auth/login', { username: modName, password: PASSWORD })).body
      .accessToken;
  });

  const events = (gameId: string) =>
    backend.sql<{ type: string }>(
      `select event->>'type' as type from game_events where game_id = $1 order by seq`,
      [gameId],
    );

  it('a moderator pauses a game: players are told, moves wait; resume gives the time back in the log', async () => {
    const game = await startGame(server.url);
    const told = staffMessages(game.white.room);
    await playMoves(game, ['e2e4', 'e7e5']);
    const list = await api.get('/api/admin/games', moderator);
    assert.equal(list.status, 200);
    assert.ok(list.body.live.some((g: { gameId: string }) => g.gameId === game.id));

    const pause = await api.post(`/api/admin/games/${game.id}/pause`, { reason: 'dispute' }, moderator);
    assert.equal(pause.status, 200, JSON.stringify(pause.body));
    assert.equal(pause.body.status, 'paused');
    await waitUntil(() => told.some((m) => m.action === 'paused' && m.reason === 'dispute'));
    // Everyone sees the clocks stand: none runs, white's shows what it had at the pause.
    const stood = await game.black.until((s) => s.pausedAt > 0);
    assert.equal(stood.clockRunning, '');
    assert.equal(stood.clockAt, stood.pausedAt);
    const whiteAtPause = stood.clockWhite;
    assert.deepEqual(game.black.clocks(Date.now() + 60_000), {
      white: whiteAtPause,
      black: stood.clockBlack,
    });
    await refused(game.white.move('g1f3'), 'GAME_PAUSED');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const again = await api.post(`/api/admin/games/${game.id}/pause`, { reason: 'twice' }, moderator);
    assert.equal(again.status, 400);

    const resume = await api.post(`/api/admin/games/${game.id}/resume`, { reason: 'settled' }, moderator);
    assert.equal(resume.body.status, 'playing');
    await waitUntil(() => told.some((m) => m.action === 'resumed'));
    assert.deepEqual(
      (await events(game.id)).slice(-2).map((e) => e.type),
      ['staff:pause', 'resume'],
    );
    const running = await game.black.until((s) => s.pausedAt === 0 && s.clockRunning === 'white');
    assert.ok(
      whiteAtPause - running.clockWhite < 1_000,
      `the pause is not charged to white (${whiteAtPause} at the pause, ${running.clockWhite} after)`,
    );
    await game.white.move('g1f3');

    const audit = await api.get(`/api/admin/audit?action=game.paused`, admin);
    assert.equal(audit.body.entries[0].details.gameId, game.id);
    assert.equal(audit.body.entries[0].details.reason, 'dispute');
  });

  it('an admin ends a game with an adjudicated result: the record keeps it, placings from the scores', async () => {
    const game = await startGame(server.url);
    const told = staffMessages(game.black.room);
    await game.white.move('d2d4');
    const bad = await api.post(`/api/admin/games/${game.id}/adjudicate`, { reason: 'x', scores: [1] }, admin);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
    const byModerator = await api.post(
      `/api/admin/games/${game.id}/adjudicate`,
      { reason: 'x', scores: [1, 0] },
      moderator,
    );
    assert.equal(byModerator.status, 403);

    const ended = await api.post(
      `/api/admin/games/${game.id}/adjudicate`,
      { reason: 'engine use', scores: [1, 0] },
      admin,
    );
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    assert.equal(ended.body.status, 'ended');
    await waitUntil(() => told.some((m) => m.action === 'ended' && m.termination === 'adjudicated'));
    // Everyone watching sees the game ended, its clocks stopped, as after any other ending.
    const shown = await game.black.until((s) => s.status === 'ended');
    assert.deepEqual(
      [shown.result, shown.termination, shown.winner, shown.clockRunning],
      ['1-0', 'adjudicated', 'white', ''],
    );
    const [row] = await backend.sql<{ status: string; termination: string; result: string }>(
      "select status, termination, record->>'result' as result from games where id = $1",
      [game.id],
    );
    assert.deepEqual(row, { status: 'ended', termination: 'adjudicated', result: '1-0' });
    assert.equal((await events(game.id)).at(-1)?.type, 'staff:end');
    const pgn = (await api.get(`/api/games/${game.id}/pgn`)).body as string;
    assert.match(pgn, /\[Result "1-0"\]/);
    assert.match(pgn, /\[Termination "Adjudication"\]/);
    assert.match(pgn, /1\. d4 1-0\s*$/);
    const places = await backend.sql<{ seat: number; place: number }>(
      'select seat, place from game_players where game_id = $1 order by seat',
      [game.id],
    );
    assert.deepEqual(
      places.map((p) => [p.seat, p.place]),
      [
        [0, 1],
        [1, 2],
      ],
    );
    await refused(game.black.move('d7d5'), 'GAME_OVER');
    const after = await api.post(`/api/admin/games/${game.id}/abort`, { reason: 'late' }, admin);
    assert.ok([404, 409].includes(after.status), JSON.stringify(after.body));
  });

  it('refuses scores chess cannot end with, changing nothing; a paused game is adjudicated as its clocks stood', async () => {
    const game = await startGame(server.url, { timeControl: '3+0' });
    await playMoves(game, ['e2e4', 'c7c5']);
    const before = await events(game.id);
    for (const scores of [
      [0.7, 0.3],
      [1, 1],
      [0, 0],
    ]) {
      const refusal = await api.post(
        `/api/admin/games/${game.id}/adjudicate`,
        { reason: 'x', scores },
        admin,
      );
      assert.equal(refusal.status, 400, JSON.stringify(scores));
      assert.equal(refusal.body.error.code, 'VALIDATION_FAILED');
      assert.match(refusal.body.error.message, /1-0, ½-½ or 0-1/);
    }
    assert.deepEqual(await events(game.id), before, 'nothing was written');
    assert.equal(game.white.state.status, 'playing');

    const paused = await api.post(`/api/admin/games/${game.id}/pause`, { reason: 'dispute' }, moderator);
    assert.equal(paused.status, 200);
    const stood = await game.black.until((s) => s.pausedAt > 0);
    const atPause = stood.clockWhite;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const drawn = await api.post(
      `/api/admin/games/${game.id}/adjudicate`,
      { reason: 'dispute settled', scores: [0.5, 0.5] },
      admin,
    );
    assert.equal(drawn.status, 200, JSON.stringify(drawn.body));
    const shown = await game.white.until((s) => s.status === 'ended');
    assert.deepEqual([shown.result, shown.termination, shown.winner], ['1/2-1/2', 'adjudicated', '']);
    assert.ok(
      shown.clockWhite > atPause - 1_000,
      `the pause is not charged to white (${atPause} at the pause, ${shown.clockWhite} at the end)`,
    );
    assert.deepEqual(
      (await events(game.id)).slice(before.length).map((e) => e.type),
      ['staff:pause', 'resume', 'staff:end'],
    );
  });

  it("an adjudicated game of an arena keeps each seat's moves and berserk, as the arena's berserk point needs", async () => {
    // Created as a tournament creates an arena's game: seats held, berserk allowed by the server.
    const game = await tournamentGame(server.url, server.cluster.serverKey.current, { berserk: true });
    const { white, black } = game;
    await white.until((s) => s.status === 'playing' && s.berserkAllowed);
    await white.berserk();
    await playMoves(game, ['e2e4', 'g8f6', 'd2d4', 'f6g8', 'g1f3', 'g8f6', 'f1c4', 'f6g8', 'b1c3']);
    await black.until((s) => s.moves.length === 9);

    const ended = await api.post(
      `/api/admin/games/${game.id}/adjudicate`,
      { reason: 'opponent left the venue', scores: [1, 0] },
      admin,
    );
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    const seats = () =>
      backend.sql<{ seat: number; score: number; moves: number | null; berserk: boolean | null }>(
        'select seat, score, moves, berserk from game_players where game_id = $1 order by seat',
        [game.id],
      );
    await waitUntil(async () => (await seats()).every((r) => r.score !== null));
    assert.deepEqual(
      (await seats()).map((r) => [r.seat, Number(r.score), r.moves, r.berserk]),
      [
        [0, 1, 5, true],
        [1, 0, 4, false],
      ],
    );
  });

  it('an admin aborts a game: ended without a result', async () => {
    const game = await startGame(server.url);
    const abort = await api.post(`/api/admin/games/${game.id}/abort`, { reason: 'stuck' }, admin);
    assert.equal(abort.status, 200, JSON.stringify(abort.body));
    const [row] = await backend.sql<{ termination: string }>('select termination from games where id = $1', [
      game.id,
    ]);
    assert.equal(row?.termination, 'aborted_by_staff');
    const shown = await game.white.until((s) => s.status === 'ended');
    assert.deepEqual([shown.result, shown.termination], ['*', 'aborted_by_staff']);
    const [record] = await backend.sql<{ result: string }>(
      "select record->>'result' as result from games where id = $1",
      [game.id],
    );
    assert.equal(record?.result, '*');
  });

  it('refuses anonymous (401), players (403) and bad input (400) on every admin route, changing nothing', async () => {
    const game = await startGame(server.url);
    const player = await game.players.white.rookery.accessToken();
    const target = game.players.black.username;
    const routes: Array<[string, string, object | undefined]> = [
      ['GET', '/api/admin/users', undefined],
      ['GET', `/api/admin/users/${target}`, undefined],
      ['GET', '/api/admin/audit', undefined],
      ['GET', '/api/admin/games', undefined],
      ['GET', '/api/admin/system', undefined],
      ...['ban', 'unban', 'unmute', 'kick', 'revoke-sessions', 'require-password-change'].map(
        (a): [string, string, object] => ['POST', `/api/admin/users/${target}/${a}`, { reason: 'r' }],
      ),
      ['POST', `/api/admin/users/${target}/mute`, { reason: 'r', minutes: 5 }],
      ['POST', `/api/admin/users/${target}/notes`, { body: 'n' }],
      ['POST', `/api/admin/users/${target}/roles`, { roles: ['admin'], reason: 'r' }],
      ...['pause', 'resume', 'abort', 'restore'].map((a): [string, string, object] => [
        'POST',
        `/api/admin/games/${game.id}/${a}`,
        { reason: 'r' },
      ]),
      ['POST', `/api/admin/games/${game.id}/adjudicate`, { reason: 'r', scores: [1, 0] }],
      ['DELETE', '/api/admin/chat/1', { reason: 'r' }],
    ];
    const before = await fingerprint(backend);
    for (const [method, path, body] of routes) {
      const json = body === undefined ? undefined : JSON.stringify(body);
      const anonymous = await api.send(
        method,
        path,
        json,
        json ? { 'content-type': 'application/json' } : {},
      );
      assert.equal(anonymous.status, 401, `${method} ${path}`);
      assert.equal(anonymous.body.error.code, 'UNAUTHENTICATED');
      const asPlayer = await api.send(method, path, json, {
        authorization: `Bearer ${player}`,
        ...(json ? { 'content-type': 'application/json' } : {}),
      });
      assert.equal(asPlayer.status, 403, `${method} ${path}`);
      assert.equal(asPlayer.body.error.code, 'FORBIDDEN');
      if (method !== 'GET') {
        const bad = await api.send(method, path, JSON.stringify({ reason: '', extra: 1 }), {
          authorization: `Bearer ${admin}`,
          'content-type': 'application/json',
        });
        assert.equal(bad.status, 400, `${method} ${path}: ${JSON.stringify(bad.body)}`);
        assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
      }
    }
    assert.equal(await fingerprint(backend), before);
  });

  it('the system page: nodes with clients and rooms, queues, live games, log appends', async () => {
    // The node list is Colyseus's per-process figures, written every few seconds; the suites of one
    // test process share a process id, so a stack that stopped before may have removed them.
    let system = await api.get('/api/admin/system', moderator);
    const listsSelf = (body: typeof system.body) =>
      body.nodes?.some((n: { self: boolean; rooms: number }) => n.self && n.rooms >= 1);
    await waitUntil(
      async () => {
        system = await api.get('/api/admin/system', moderator);
        return system.status === 200 && listsSelf(system.body);
      },
      15_000,
      250,
    );
    assert.equal(system.status, 200, JSON.stringify(system.body));
    assert.ok(system.body.nodes.length >= 1);
    assert.ok(listsSelf(system.body));
    assert.ok(Array.isArray(system.body.queues));
    assert.equal(typeof system.body.self.rssBytes, 'number');
    assert.ok(system.body.logAppend.count > 0);
  });
});

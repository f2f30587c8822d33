import assert from 'node:assert/strict';
import { type StaffNotice, type TournamentClient, Tournaments } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer, type Player, refused, sleep } from './support/chess.ts';
import type { TestGameServer } from './support/game.ts';
import type { client } from './support/server.ts';
import { auditOf, rebuildTournamentRoom, seen, staffWithModerator } from './support/tournament-staff.ts';
import { playAll } from './support/tournaments.ts';
import { waitUntil } from './support/wait.ts';

const TIMINGS = { TOURNAMENT_SEAT_DEADLINE: '20', TOURNAMENT_ROUND_GAP: '0' };

forEachBackend('staff commands to a tournament', (backend: Backend) => {
  let server: TestGameServer;
  let api: ReturnType<typeof client>;
  let admin: string;
  let moderator: { id: string; token: string };

  staffWithModerator(backend, TIMINGS, (stack) => {
    ({ server, api, admin, moderator } = stack);
  });

  const eventsOf = (id: string, type: string) =>
    backend.sql<{ event: Record<string, unknown> }>(
      "select event from tournament_events where tournament_id = $1 and event->>'type' = $2 order by seq",
      [id, type],
    );

  /** `n` players in a new tournament starting in a second, each following its room. */
  async function entered(
    n: number,
    format: { format: 'swiss'; rounds: number } | { format: 'round-robin'; double?: boolean },
    startsInMs = 1_000,
  ): Promise<{ id: string; players: Player[]; clients: Tournaments[]; lives: TournamentClient[] }> {
    const players = await Promise.all(Array.from({ length: n }, () => newPlayer(server.url)));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const { id } = await clients[0]!.create({
      name: 'Staff at work',
      game: 'chess',
      options: { timeControl: '5+3' },
      startsAt: Date.now() + startsInMs,
      ...format,
    });
    for (const c of clients) await c.join(id);
    const lives = await Promise.all(clients.map((c) => c.follow(id)));
    return { id, players, clients, lives };
  }

  /**
   * What the staff routes could change of a tournament and of its game `gameId`: their rows,
   * the tournament's log, the game's players and events, its players' ratings and the audit log.
   * The other tournaments of the run's database play on meanwhile.
   */
  async function mine(id: string, gameId = 'g1'): Promise<string> {
    const rows = await backend.sql(
      `select (select t::text from tournaments t where id = $1) as row,
              (select string_agg(e::text, '|' order by seq) from tournament_events e where tournament_id = $1) as log,
              (select string_agg(a::text, '|' order by id) from audit_log a) as audit,
              (select g::text from games g where id = $2) as game,
              (select string_agg(p::text, '|' order by seat) from game_players p where game_id = $2) as seats,
              (select string_agg(e::text, '|' order by seq) from game_events e where game_id = $2) as moves,
              (select string_agg(r::text, '|' order by user_id, pool) from ratings r
                 where user_id in (select user_id from game_players where game_id = $2)) as ratings`,
      [id, gameId],
    );
    return JSON.stringify(rows);
  }

  async function followAgain(clients: Tournaments[], id: string): Promise<TournamentClient[]> {
    const lives = await Promise.all(clients.map((c) => c.follow(id)));
    await Promise.all(lives.map((l) => l.until((s) => s.tournamentId === id && s.standings.length > 0)));
    return lives;
  }

  it('a paused tournament plays on its game but pairs no new round until resumed; players are told, and a rebuilt room is still paused', async function () {
    this.timeout(120_000);
    const { id, players, clients, lives: first } = await entered(2, { format: 'round-robin', double: true });
    const notices = await Promise.all(first.map((l) => l.nextGame(20_000)));

    const pause = await api.post(
      `/api/admin/tournaments/${id}/pause`,
      { reason: 'checking a report' },
      moderator.token,
    );
    assert.equal(pause.status, 200, JSON.stringify(pause.body));
    assert.equal(pause.body.paused, true);
    for (const live of first) {
      const told = await live.nextStaff(5_000);
      assert.deepEqual([told.action, told.reason], ['paused', 'checking a report']);
    }
    await first[0]!.until((s) => s.paused);
    const twice = await api.post(`/api/admin/tournaments/${id}/pause`, { reason: 'again' }, moderator.token);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'TOURNAMENT_PAUSED');

    // The game being played goes on to its end, and its result counts.
    const games = await Promise.all(players.map((p, i) => p.chess.joinGame(notices[i]!.gameId)));
    await Promise.all(games.map((g) => g.until((s) => s.status === 'playing')));
    await games[notices.findIndex((n) => n.seat === 1)]!.resign();
    await first[0]!.until((s) => s.boards[0]?.result === '1-0');
    for (const g of games) await g.leave();
    // Several ticks of the room's clock pass: round 2 is not paired.
    await sleep(3_000);
    assert.equal(first[0]!.state.round, 1);
    assert.equal((await eventsOf(id, 'round-paired')).length, 1);

    // Rebuilt from its log, the room is the same: still paused, round 2 not paired.
    const before = seen(first[0]!.state);
    const read = await clients[0]!.get(id);
    for (const live of first) await live.leave();
    await rebuildTournamentRoom(server, id);
    const lives = await followAgain(clients, id);
    assert.deepEqual(seen(lives[0]!.state), before);
    assert.deepEqual(await clients[0]!.get(id), read);
    assert.equal(lives[0]!.state.paused, true);

    const resume = await api.post(
      `/api/admin/tournaments/${id}/resume`,
      { reason: 'all clear' },
      moderator.token,
    );
    assert.equal(resume.status, 200, JSON.stringify(resume.body));
    assert.equal(resume.body.paused, false);
    for (const live of lives) assert.equal((await live.nextStaff(5_000)).action, 'resumed');
    const played = await Promise.all(players.map((p, i) => playAll(p, lives[i]!)));
    assert.deepEqual(
      played.map((g) => g.map((n) => n.round)),
      [[2], [2]],
    );
    const done = await clients[0]!.get(id);
    assert.equal(done.status, 'finished');
    assert.equal(done.rounds.length, 2);

    const [paused] = await auditOf(api, admin, 'tournament.paused', id);
    assert.equal(paused?.actorId, moderator.id);
    assert.equal(paused?.details.reason, 'checking a report');
    assert.equal((await auditOf(api, admin, 'tournament.resumed', id)).length, 1);
    for (const live of lives) await live.leave();
  });

  it('ended early during a round, a tournament lets that round finish, takes its results and pairs no other', async function () {
    this.timeout(120_000);
    const { id, players, clients, lives } = await entered(2, { format: 'round-robin', double: true });
    const notices = await Promise.all(lives.map((l) => l.nextGame(20_000)));

    const byModerator = await api.post(
      `/api/admin/tournaments/${id}/end`,
      { reason: 'late' },
      moderator.token,
    );
    assert.equal(byModerator.status, 403);
    const end = await api.post(`/api/admin/tournaments/${id}/end`, { reason: 'the venue closes' }, admin);
    assert.equal(end.status, 200, JSON.stringify(end.body));
    assert.equal(end.body.endedEarly, true);
    assert.equal(end.body.status, 'running', 'its round is being played');
    assert.equal((await lives[1]!.nextStaff(5_000)).action, 'ended-early');
    await lives[1]!.until((s) => s.endedEarly);

    const games = await Promise.all(players.map((p, i) => p.chess.joinGame(notices[i]!.gameId)));
    await Promise.all(games.map((g) => g.until((s) => s.status === 'playing')));
    await games[notices.findIndex((n) => n.seat === 1)]!.resign();
    await lives[0]!.until((s) => s.status === 'finished', 20_000);

    const done = await clients[0]!.get(id);
    assert.equal(done.rounds.length, 1, 'no round after the end');
    assert.deepEqual(
      done.standings.map((r) => r.score),
      [1, 0],
    );
    const [finished] = await eventsOf(id, 'finished');
    assert.equal(finished?.event.reason, 'ended-early');
    const again = await api.post(`/api/admin/tournaments/${id}/end`, { reason: 'twice' }, admin);
    assert.equal(again.body.error.code, 'TOURNAMENT_FINISHED');
    assert.equal((await auditOf(api, admin, 'tournament.ended_early', id)).length, 1);
    for (const g of games) await g.leave();
    for (const live of lives) await live.leave();
  });

  it('a disqualified player loses the game being played by forfeit, its match stops, later rounds go without them, they cannot rejoin, and a rebuilt room is the same', async function () {
    this.timeout(150_000);
    const { id, players, clients, lives: first } = await entered(4, { format: 'swiss', rounds: 2 });
    const notices = await Promise.all(first.map((l) => l.nextGame(20_000)));
    const games = await Promise.all(players.map((p, i) => p.chess.joinGame(notices[i]!.gameId)));
    await Promise.all(games.map((g) => g.until((s) => s.status === 'playing')));
    const victim = notices.findIndex((n) => n.board === 0 && n.seat === 1);
    const victimId = (await players[victim]!.rookery.me()).id;
    const forfeited = notices[victim]!.gameId;
    const stopped: StaffNotice[] = [];
    games[victim]!.onStaff((n) => stopped.push(n));

    const out = await api.post(
      `/api/admin/tournaments/${id}/players/${victimId}/disqualify`,
      { reason: 'abuse in the chat' },
      moderator.token,
    );
    assert.equal(out.status, 200, JSON.stringify(out.body));
    const row = out.body.standings.find((r: { userId: string }) => r.userId === victimId);
    assert.deepEqual([row.withdrawn, row.disqualified], [true, true]);
    assert.deepEqual(out.body.rounds[0].boards[0].result, { white: 1, black: 0, forfeit: true });
    for (const live of first) {
      const told = await live.nextStaff(5_000);
      assert.deepEqual([told.action, told.userId], ['disqualified', victimId]);
    }
    // Its match is stopped, without a result; the tournament keeps the forfeit.
    await waitUntil(() => stopped.some((n) => n.action === 'ended' && n.termination === 'aborted_by_staff'));
    assert.equal((await api.get(`/api/games/${forfeited}`)).body.termination, 'aborted_by_staff');
    await waitUntil(async () => {
      const [game] = await backend.sql<{ taken: boolean }>(
        'select reported_at is not null as taken from games where id = $1',
        [forfeited],
      );
      return game?.taken === true;
    });
    const [result] = (await eventsOf(id, 'result')).filter((e) => e.event.gameId === forfeited);
    assert.deepEqual(result?.event.result, { white: 1, black: 0, forfeit: true });
    assert.equal((await eventsOf(id, 'result')).filter((e) => e.event.gameId === forfeited).length, 1);

    // The other board plays on; the next round pairs the three others.
    const other = notices.findIndex((n) => n.board === 1 && n.seat === 1);
    await games[other]!.resign();
    for (const g of games) await g.leave();
    await first[0]!.until((s) => s.round === 2 && s.boards.every((b) => b.gameId !== ''), 20_000);
    const round2 = (await clients[0]!.get(id)).rounds[1]!;
    assert.ok(!round2.boards.some((b) => b.white === victimId || b.black === victimId));
    assert.ok(round2.byes.some((b) => b.userId === victimId && b.kind === 'zero-bye'));
    await refused(clients[victim]!.join(id), 'PLAYER_DISQUALIFIED');

    const before = seen(first[0]!.state);
    for (const live of first) await live.leave();
    await rebuildTournamentRoom(server, id);
    const rest = [0, 1, 2, 3].filter((i) => i !== victim);
    const lives = await followAgain(
      rest.map((i) => clients[i]!),
      id,
    );
    assert.deepEqual(seen(lives[0]!.state), before);
    await Promise.all(rest.map((i, k) => playAll(players[i]!, lives[k]!)));

    const done = await clients[0]!.get(id);
    assert.equal(done.status, 'finished');
    assert.equal(done.standings.at(-1)?.userId, victimId);
    assert.equal(done.standings.at(-1)?.score, 0);
    const [audited] = await auditOf(api, admin, 'tournament.player_disqualified', id);
    assert.equal(audited?.targetId, victimId);
    assert.equal(audited?.details.reason, 'abuse in the chat');
    for (const live of lives) await live.leave();
  });

  it('an admin adjudicates a tournament game through its match: the game and the standings take the result once, and again changes nothing', async function () {
    this.timeout(120_000);
    const { id, players, clients, lives } = await entered(2, { format: 'round-robin' });
    const notices = await Promise.all(lives.map((l) => l.nextGame(20_000)));
    const gameId = notices[0]!.gameId;
    const games = await Promise.all(players.map((p, i) => p.chess.joinGame(notices[i]!.gameId)));
    await Promise.all(games.map((g) => g.until((s) => s.status === 'playing')));
    const path = `/api/admin/tournaments/${id}/games/${gameId}/adjudicate`;
    const told: StaffNotice[] = [];
    games[0]!.onStaff((n) => told.push(n));

    assert.equal((await api.post(path, { reason: 'x', scores: [0.5, 0.5] }, moderator.token)).status, 403);
    for (const scores of [[1, 1], [0.7, 0.3], [1], [1, 0, 0]]) {
      const bad = await api.post(path, { reason: 'x', scores }, admin);
      assert.equal(bad.status, 400, JSON.stringify(scores));
      assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
    }
    const unknown = await api.post(
      `/api/admin/tournaments/${id}/games/nope/adjudicate`,
      { reason: 'x', scores: [1, 0] },
      admin,
    );
    assert.equal(unknown.body.error.code, 'GAME_NOT_FOUND');

    const judged = await api.post(path, { reason: 'the clock broke', scores: [0.5, 0.5] }, admin);
    assert.equal(judged.status, 200, JSON.stringify(judged.body));
    assert.deepEqual(judged.body.rounds[0].boards[0].result, { white: 0.5, black: 0.5, forfeit: false });
    await waitUntil(() => told.some((n) => n.action === 'ended' && n.termination === 'adjudicated'));
    const record = (await api.get(`/api/games/${gameId}`)).body;
    assert.equal(record.termination, 'adjudicated');
    await lives[0]!.until((s) => s.status === 'finished', 20_000);
    await waitUntil(async () => {
      const [game] = await backend.sql<{ taken: boolean }>(
        'select reported_at is not null as taken from games where id = $1',
        [gameId],
      );
      return game?.taken === true;
    });

    // Again: refused, and nothing at all changes (log, game, ratings, audit).
    const prints = await mine(id, gameId);
    const again = await api.post(path, { reason: 'the clock broke', scores: [1, 0] }, admin);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'GAME_OVER');
    assert.equal(await mine(id, gameId), prints);

    const done = await clients[0]!.get(id);
    assert.deepEqual(
      done.standings.map((r) => r.score),
      [0.5, 0.5],
    );
    assert.equal((await eventsOf(id, 'result')).length, 1, 'the result is in the log once');
    const audited = await auditOf(api, admin, 'tournament.game_adjudicated', id);
    assert.equal(audited.length, 1);
    assert.deepEqual(audited[0]?.details.scores, [0.5, 0.5]);
    for (const g of games) await g.leave();
    for (const live of lives) await live.leave();
  });

  it('refuses anonymous callers (401), players (403) and bad input (400) on every tournament staff route, changing nothing', async function () {
    this.timeout(60_000);
    // Upcoming for the whole test: nothing of its own changes the record while it is compared.
    const { id, players, lives } = await entered(2, { format: 'swiss', rounds: 3 }, 3_600_000);
    for (const live of lives) await live.leave();
    const player = await players[0]!.rookery.accessToken();
    const someone = (await players[1]!.rookery.me()).id;
    const routes: Array<[string, string, object | undefined]> = [
      ['GET', '/api/admin/tournaments', undefined],
      ...['pause', 'resume', 'end'].map((a): [string, string, object] => [
        'POST',
        `/api/admin/tournaments/${id}/${a}`,
        { reason: 'r' },
      ]),
      ['POST', `/api/admin/tournaments/${id}/players/${someone}/disqualify`, { reason: 'r' }],
      ['POST', `/api/admin/tournaments/${id}/games/g1/adjudicate`, { reason: 'r', scores: [1, 0] }],
    ];
    const before = await mine(id);
    for (const [method, path, body] of routes) {
      const json = body === undefined ? undefined : JSON.stringify(body);
      const type: Record<string, string> = json ? { 'content-type': 'application/json' } : {};
      const anonymous = await api.send(method, path, json, type);
      assert.equal(anonymous.status, 401, `${method} ${path}`);
      const asPlayer = await api.send(method, path, json, { authorization: `Bearer ${player}`, ...type });
      assert.equal(asPlayer.status, 403, `${method} ${path}`);
      assert.equal(asPlayer.body.error.code, 'FORBIDDEN');
      if (method === 'GET') continue;
      const bad = await api.send(method, path, JSON.stringify({ reason: '', extra: 1 }), {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
      });
      assert.equal(bad.status, 400, `${method} ${path}: ${JSON.stringify(bad.body)}`);
      assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
    }
    const unknown = await api.post('/api/admin/tournaments/nope12/pause', { reason: 'r' }, admin);
    assert.equal(unknown.body.error.code, 'TOURNAMENT_NOT_FOUND');
    const stranger = await api.post(
      `/api/admin/tournaments/${id}/players/00000000-0000-4000-8000-000000000000/disqualify`,
      { reason: 'r' },
      admin,
    );
    assert.equal(stranger.body.error.code, 'NOT_JOINED');
    assert.equal((await api.get('/api/admin/tournaments?status=paused', admin)).status, 400);
    assert.equal(await mine(id), before);
    // Staff see it in their list, with its state.
    const listed = (await api.get('/api/admin/tournaments', moderator.token)).body.tournaments;
    assert.ok(listed.some((t: { id: string; paused: boolean }) => t.id === id && t.paused === false));
    // In pages too, each page's `next` the start of the one after it.
    const paged: string[] = [];
    for (let next: string | null = null, pages = 0; pages === 0 || next !== null; pages += 1) {
      assert.ok(pages < 100, 'the pages end');
      const query: string = `/api/admin/tournaments?limit=1${next ? `&after=${encodeURIComponent(next)}` : ''}`;
      const page = await api.get(query, moderator.token);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      paged.push(...page.body.tournaments.map((t: { id: string }) => t.id));
      next = page.body.next;
    }
    assert.ok(paged.includes(id));
    assert.equal(new Set(paged).size, paged.length, 'none twice');
    assert.equal((await api.get('/api/admin/tournaments?after=nope', moderator.token)).status, 400);
  });
});

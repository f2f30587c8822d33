import assert from 'node:assert/strict';
import { type BracketMatchDto, type TournamentDto, Tournaments } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { restartableServer, untilReady } from './support/restart.ts';
import { fourPlayersOneGameIn, playAll, rejoinAndResign } from './support/tournaments.ts';
import { waitUntil } from './support/wait.ts';

/** Every game of the tournament's rounds, with its match: as the bracket lists them too. */
function gamesOfRounds(t: TournamentDto) {
  return t.rounds.flatMap((r) =>
    r.boards.map((b) => ({
      match: b.match,
      round: r.round,
      board: b.board,
      gameId: b.gameId,
      result: b.result,
    })),
  );
}

function matchesOf(t: TournamentDto): Map<string, BracketMatchDto> {
  return new Map(t.bracket!.rounds.flatMap((r) => r.matches.map((m) => [m.id, m] as const)));
}

const WHITE_WON = { white: 1, black: 0, forfeit: false };

forEachBackend('a knockout tournament room', (backend: Backend) => {
  let server: TestGameServer;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, { TOURNAMENT_SEAT_DEADLINE: '20', TOURNAMENT_ROUND_GAP: '0' });
  });
  after(() => server?.close());

  it('plays 4 players, matches of two games and a match for third place, to the end: the bracket as played', async function () {
    this.timeout(180_000);
    const players = await Promise.all([0, 1, 2, 3].map(() => newPlayer(server.url)));
    const ids = await Promise.all(players.map(async (p) => (await p.rookery.me()).id));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const created = await clients[0]!.create({
      name: 'Cup of four',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'knockout',
      knockout: { games: 2, thirdPlace: true },
      startsAt: Date.now() + 1_500,
    });
    assert.equal(created.format, 'knockout');
    // Equal ratings keep the order of entry: the players are seeds 1 to 4.
    for (const c of clients) await c.join(created.id);
    const lives = await Promise.all(clients.map((c) => c.follow(created.id)));

    // The room shows each player their match: seed 1 against seed 4 in the first semi-final.
    const [s1, s2, s3, s4] = ids as [string, string, string, string];
    await lives[3]!.until((s) =>
      s.matches.some(
        (m) => m.id === 'W1-1' && m.a === s1 && m.b === s4 && m.status === 'playing' && m.game === 1,
      ),
    );

    // Black resigns every game: each match goes 1–1 and white wins the sudden-death game, side a's.
    const played = await Promise.all(players.map((p, i) => playAll(p, lives[i]!)));
    for (const games of played) assert.equal(games.length, 6, 'three games in each of two matches');

    const t = await clients[0]!.get(created.id);
    assert.equal(t.status, 'finished');
    assert.equal(t.rounds.length, 6);
    const m = matchesOf(t);
    assert.deepEqual(
      t.bracket!.rounds.map((r) => [r.part, r.round, r.matches.map((x) => x.id)]),
      [
        ['main', 1, ['W1-1', 'W1-2']],
        ['main', 2, ['W2-1']],
        ['third', 2, ['3RD']],
      ],
    );
    const expected: Record<string, [string, string, number, number]> = {
      'W1-1': [s1, s4, 1, 4],
      'W1-2': [s2, s3, 2, 3],
      'W2-1': [s1, s2, 1, 2],
      '3RD': [s4, s3, 4, 3],
    };
    for (const [id, [a, b, seedA, seedB]] of Object.entries(expected)) {
      const match = m.get(id)!;
      assert.deepEqual(match.a, {
        kind: 'player',
        userId: a,
        name: match.a.kind === 'player' ? match.a.name : '',
        seed: seedA,
      });
      assert.deepEqual(match.b, {
        kind: 'player',
        userId: b,
        name: match.b.kind === 'player' ? match.b.name : '',
        seed: seedB,
      });
      assert.equal(match.status, 'decided');
      assert.equal(match.winner, a, `${id} goes to side a`);
      assert.equal(match.decidedBy, 'games');
      assert.deepEqual(match.score, { a: 2, b: 1 });
      assert.deepEqual(
        match.games.map((g) => [g.game, g.kind, g.white, g.result]),
        [
          [1, 'regular', a, WHITE_WON],
          [2, 'regular', b, WHITE_WON],
          [3, 'sudden-death', a, WHITE_WON],
        ],
      );
    }
    assert.equal(t.bracket!.champion, s1);
    // The bracket's games are the rounds' games, each once.
    const fromRounds = gamesOfRounds(t);
    const fromBracket = [...m.values()].flatMap((x) =>
      x.games.map((g) => ({
        match: { id: x.id, game: g.game },
        round: g.round,
        board: g.board,
        gameId: g.gameId,
        result: g.result,
      })),
    );
    const key = (g: { round: number; board: number }) => g.round * 100 + g.board;
    assert.deepEqual(
      [...fromBracket].sort((x, y) => key(x) - key(y)),
      fromRounds,
    );
    // Final standings by the stage reached: the champion, the finalist, then the third-place match.
    assert.deepEqual(
      t.standings.map((r) => [r.rank, r.userId]),
      [
        [1, s1],
        [2, s2],
        [3, s4],
        [4, s3],
      ],
    );
    // Every result is in the log once, and every report was taken.
    const results = await backend.sql<{ game: string }>(
      "select event->>'gameId' as game from tournament_events where tournament_id = $1 and event->>'type' = 'result'",
      [created.id],
    );
    assert.equal(results.length, 12);
    assert.equal(new Set(results.map((r) => r.game)).size, 12);
    const untaken = await backend.sql(
      'select id from games where id = any($1::text[]) and reported_at is null',
      [fromRounds.map((g) => g.gameId)],
    );
    assert.equal(untaken.length, 0);
    // The live state shows the same bracket and the final places.
    await lives[0]!.until((s) => s.status === 'finished' && s.matches.every((x) => x.status === 'decided'));
    const live = lives[0]!.state;
    assert.deepEqual(
      [...live.matches].map((x) => [x.id, x.a, x.b, x.scoreA, x.scoreB, x.winner]),
      [...m.values()].map((x) => [x.id, expected[x.id]![0], expected[x.id]![1], 2, 1, expected[x.id]![0]]),
    );
    await waitUntil(() => lives[0]!.state.standings[0]?.userId === s1);
    for (const l of lives) await l.leave().catch(() => undefined);
  });
});

forEachBackend('a knockout survives the death of its process', (backend: Backend) => {
  const node = restartableServer(backend, 'server/main.ts', { TOURNAMENT_ROUND_GAP: '0' });

  it('is rebuilt from its log mid-bracket after kill -9: no result lost or counted twice, and the final is played', async function () {
    this.timeout(180_000);
    let server = await node.start();
    const { players, ids, clients, created, lives, notices } = await fourPlayersOneGameIn(server.url, {
      name: 'Restarted cup',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'knockout',
    });
    // Seeds 1–4 and 2–3: the first semi-final is over, the second is being played when the node dies.
    for (const l of lives) await l.leave().catch(() => undefined);
    assert.equal(await server.stop('SIGKILL'), null, 'the process was killed');
    server = await node.start();
    await untilReady(server.url);

    const during = await clients[0]!.get(created.id);
    assert.equal(during.status, 'running');
    const semis = matchesOf(during);
    assert.deepEqual([semis.get('W1-1')!.status, semis.get('W1-1')!.winner], ['decided', ids[0]]);
    assert.deepEqual(
      [semis.get('W1-2')!.status, semis.get('W1-2')!.games[0]!.gameId],
      ['playing', notices[1]!.gameId],
    );
    assert.deepEqual(semis.get('W2-1')!.b, { kind: 'pending', from: 'winner', match: 'W1-2' });

    // The second semi-final is played on after the restart: seed 3 (black) resigns.
    await rejoinAndResign(players[2]!, notices[2]!.gameId);

    // The final, between seeds 1 and 2.
    const finalists = await Promise.all([0, 1].map((i) => clients[i]!.follow(created.id)));
    const final = await Promise.all([0, 1].map((i) => playAll(players[i]!, finalists[i]!)));
    assert.deepEqual(
      final.map((g) => g.map((n) => n.opponent.userId)),
      [[ids[1]], [ids[0]]],
    );
    const t = await clients[0]!.get(created.id);
    assert.equal(t.status, 'finished');
    assert.equal(t.bracket!.champion, ids[0]);
    assert.deepEqual(
      t.standings.map((r) => [r.rank, r.userId]),
      [
        [1, ids[0]],
        [2, ids[1]],
        [3, ids[2]],
        [3, ids[3]],
      ],
    );
    const results = await node.read((sql) =>
      sql<{ game: string }>(
        "select event->>'gameId' as game from tournament_events where tournament_id = $1 and event->>'type' = 'result'",
        [created.id],
      ),
    );
    assert.equal(results.length, 3, 'three results in the log');
    assert.equal(new Set(results.map((r) => r.game)).size, 3, 'each game once');
    for (const l of finalists) await l.leave().catch(() => undefined);
  });
});

import assert from 'node:assert/strict';
import { type GroupDto, type TournamentDto, Tournaments } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { restartableServer, untilReady } from './support/restart.ts';
import { fourPlayersOneGameIn, playAll, rejoinAndResign } from './support/tournaments.ts';

const WHITE_WON = { white: 1, black: 0, forfeit: false };

/** A group's members' points over the group stage's games, from the rounds themselves. */
function groupPoints(t: TournamentDto, group: GroupDto): Map<string, number> {
  const points = new Map(group.standings.map((r) => [r.userId, 0]));
  for (const r of t.rounds.slice(0, group.rounds))
    for (const b of r.boards) {
      if (!points.has(b.white)) continue;
      points.set(b.white, points.get(b.white)! + b.result!.white);
      points.set(b.black, points.get(b.black)! + b.result!.black);
    }
  return points;
}

forEachBackend('a groups-then-knockout tournament room', (backend: Backend) => {
  let server: TestGameServer;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, { TOURNAMENT_SEAT_DEADLINE: '20', TOURNAMENT_ROUND_GAP: '0' });
  });
  after(() => server?.close());

  it('plays 8 players in 2 groups of 4, the top 2 of each into a bracket, to its champion', async function () {
    this.timeout(240_000);
    const players = await Promise.all(Array.from({ length: 8 }, () => newPlayer(server.url)));
    const ids = await Promise.all(players.map(async (p) => (await p.rookery.me()).id));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const created = await clients[0]!.create({
      name: 'Little world cup',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'groups-knockout',
      groups: { count: 2, advance: 2 },
      startsAt: Date.now() + 2_000,
      capacity: 8,
    });
    assert.equal(created.format, 'groups-knockout');
    assert.deepEqual(created.groups?.options, { count: 2, size: null, advance: 2 });
    // Equal ratings keep the order of entry: the players are seeds 1 to 8.
    for (const c of clients) await c.join(created.id);
    const lives = await Promise.all(clients.map((c) => c.follow(created.id)));

    // Black resigns every game: white wins them all, in the groups and in the bracket.
    const played = await Promise.all(players.map((p, i) => playAll(p, lives[i]!)));

    const t = await clients[0]!.get(created.id);
    assert.equal(t.status, 'finished');
    const stage = t.groups!;
    assert.equal(stage.stage, 'knockout');
    // The serpentine draw: seeds 1, 4, 5, 8 and 2, 3, 6, 7.
    const seeds = (...n: number[]) => n.map((k) => ids[k - 1]!).sort();
    assert.deepEqual(
      stage.groups.map((g) => [g.name, g.rounds, g.standings.map((r) => r.userId).sort()]),
      [
        ['A', 3, seeds(1, 4, 5, 8)],
        ['B', 3, seeds(2, 3, 6, 7)],
      ],
    );
    // Three group rounds of both groups' games together, then the semi-finals and the final.
    assert.equal(t.rounds.length, 5);
    assert.deepEqual(
      t.rounds.map((r) => r.boards.length),
      [4, 4, 4, 2, 1],
    );
    for (const r of t.rounds.slice(0, 3)) {
      assert.ok(r.boards.every((b) => b.match === null));
      // No game across the groups.
      for (const b of r.boards)
        assert.ok(
          stage.groups.some((g) => [b.white, b.black].every((p) => g.standings.some((x) => x.userId === p))),
        );
    }
    for (const r of t.rounds) for (const b of r.boards) assert.deepEqual(b.result, WHITE_WON);
    // Each group's table: by score (its own games), and the top two of it went on.
    for (const g of stage.groups) {
      const points = groupPoints(t, g);
      assert.deepEqual(
        g.standings.map((r) => r.score),
        g.standings.map((r) => points.get(r.userId)),
      );
      const scores = g.standings.map((r) => r.score);
      assert.deepEqual(
        scores,
        [...scores].sort((x, y) => y - x),
      );
      assert.equal(
        scores.reduce((x, y) => x + y, 0),
        6,
      );
      assert.deepEqual(
        g.qualified,
        g.standings.slice(0, 2).map((r) => r.userId),
      );
    }
    // The bracket: each group's winner meets the other group's runner-up.
    const [a, b] = stage.groups.map((g) => g.qualified) as [string[], string[]];
    const bracket = t.bracket!;
    const side = (x: (typeof bracket.rounds)[number]['matches'][number]['a']) =>
      x.kind === 'player' ? [x.userId, x.seed] : null;
    assert.deepEqual(
      bracket.rounds.map((r) => r.matches.map((m) => [m.id, side(m.a), side(m.b), m.winner])),
      [
        [
          ['W1-1', [a[0], 1], [b[1], 4], a[0]],
          ['W1-2', [b[0], 2], [a[1], 3], b[0]],
        ],
        [['W2-1', [a[0], 1], [b[0], 2], a[0]]],
      ],
    );
    assert.equal(bracket.champion, a[0]);
    // Standings: the bracket by the stage reached, then the groups' thirds, then their fourths.
    const third = stage.groups.map((g) => g.standings[2]!.userId).sort();
    const fourth = stage.groups.map((g) => g.standings[3]!.userId).sort();
    assert.deepEqual(
      t.standings.map((r) => r.rank),
      [1, 2, 3, 3, 5, 5, 7, 7],
    );
    assert.deepEqual(
      t.standings.slice(0, 2).map((r) => r.userId),
      [a[0], b[0]],
    );
    assert.deepEqual(
      t.standings
        .slice(2, 4)
        .map((r) => r.userId)
        .sort(),
      [a[1], b[1]].sort(),
    );
    assert.deepEqual(
      t.standings
        .slice(4, 6)
        .map((r) => r.userId)
        .sort(),
      third,
    );
    assert.deepEqual(
      t.standings
        .slice(6)
        .map((r) => r.userId)
        .sort(),
      fourth,
    );
    // Every player played their three group games; the finalists two more, the semi-finalists one.
    const gamesOf = new Map(ids.map((id, i) => [id, played[i]!.length]));
    for (const id of ids) {
      const expected = id === a[0] || id === b[0] ? 5 : id === a[1] || id === b[1] ? 4 : 3;
      assert.equal(gamesOf.get(id), expected);
    }
    // Every result is in the log once; the stages are events of the log.
    const events = await backend.sql<{ type: string; game: string | null }>(
      "select event->>'type' as type, event->>'gameId' as game from tournament_events where tournament_id = $1 order by seq",
      [created.id],
    );
    const results = events.filter((e) => e.type === 'result');
    assert.equal(results.length, 15);
    assert.equal(new Set(results.map((r) => r.game)).size, 15);
    assert.equal(events.filter((e) => e.type === 'groups-drawn').length, 1);
    assert.equal(events.filter((e) => e.type === 'knockout-seeded').length, 1);
    // The live state shows the bracket as played and the final standings.
    await lives[0]!.until((s) => s.status === 'finished' && s.matches.length === 3);
    assert.equal(lives[0]!.state.format, 'groups-knockout');
    assert.deepEqual(
      [...lives[0]!.state.matches].map((m) => [m.id, m.winner]),
      [
        ['W1-1', a[0]],
        ['W1-2', b[0]],
        ['W2-1', a[0]],
      ],
    );
    for (const l of lives) await l.leave().catch(() => undefined);
  });
});

forEachBackend('a groups-knockout survives the death of its process', (backend: Backend) => {
  const node = restartableServer(backend, 'server/main.ts', { TOURNAMENT_ROUND_GAP: '0' });

  it('is rebuilt from its log mid-group-stage after kill -9: the same groups, no result lost or counted twice, and its bracket played', async function () {
    this.timeout(180_000);
    let server = await node.start();
    const { players, ids, clients, created, lives, notices } = await fourPlayersOneGameIn(server.url, {
      name: 'Restarted little cup',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'groups-knockout',
      groups: { count: 2, advance: 1 },
    });
    // Groups of seeds 1 and 4, and 2 and 3: group A's game is over, group B's is being played when the node dies.
    const before = await clients[0]!.get(created.id);
    for (const l of lives) await l.leave().catch(() => undefined);
    assert.equal(await server.stop('SIGKILL'), null, 'the process was killed');
    server = await node.start();
    await untilReady(server.url);

    const during = await clients[0]!.get(created.id);
    assert.equal(during.status, 'running');
    assert.deepEqual(during.groups, before.groups, 'the same groups and tables');
    assert.equal(during.groups!.stage, 'groups');
    assert.equal(during.bracket, null);

    // Group B's game is played on after the restart: seed 3 (black) resigns.
    await rejoinAndResign(players[2]!, notices[2]!.gameId);

    // The group winners, seeds 1 and 2, meet in the final.
    const finalists = await Promise.all([0, 1].map((i) => clients[i]!.follow(created.id)));
    const final = await Promise.all([0, 1].map((i) => playAll(players[i]!, finalists[i]!)));
    assert.deepEqual(
      final.map((g) => g.map((n) => n.opponent.userId)),
      [[ids[1]], [ids[0]]],
    );
    const t = await clients[0]!.get(created.id);
    assert.equal(t.status, 'finished');
    assert.deepEqual(
      t.groups!.groups.map((g) => g.qualified),
      [[ids[0]], [ids[1]]],
    );
    assert.equal(t.bracket!.champion, ids[0]);
    const events = await node.read((sql) =>
      sql<{ type: string; game: string | null }>(
        "select event->>'type' as type, event->>'gameId' as game from tournament_events where tournament_id = $1 order by seq",
        [created.id],
      ),
    );
    const results = events.filter((e) => e.type === 'result');
    assert.equal(results.length, 3, 'three results in the log');
    assert.equal(new Set(results.map((r) => r.game)).size, 3, 'each game once');
    assert.equal(events.filter((e) => e.type === 'groups-drawn').length, 1);
    assert.equal(events.filter((e) => e.type === 'knockout-seeded').length, 1);
    for (const l of finalists) await l.leave().catch(() => undefined);
  });
});

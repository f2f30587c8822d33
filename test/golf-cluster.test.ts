import assert from 'node:assert/strict';
import { Client } from '@colyseus/sdk';
import pg from 'pg';
import { applyGolf, createGolf, type Golf } from '../rooms/games/golf/game.ts';
import { DEFAULTS } from '../rooms/games/golf/options.ts';
import { type GolfView, golfView } from '../rooms/games/golf/view.ts';
import { serverKeyOf } from '../rooms/shared/server-key.ts';
import type { GolfOptions } from '../schema/golf.ts';
import type { MatchState } from '../schema/match.state.ts';
import { parseKeySet } from '../server/platform/keys.ts';
import type { MatchEvent } from '../server/services/ports.ts';
import { memberOf, newPlayer, sleep } from './support/chess.ts';
import { type Deployment, newDeployment } from './support/cluster.ts';
import { playGolfSeat } from './support/games/golf-player.ts';
import type { ServerProcess } from './support/process.ts';
import { waitUntil } from './support/wait.ts';

const SCRIPT = 'test/support/games/server.ts';

/**
 * A game of Golf outlives the node that hosts it, as chess does: two nodes as processes
 * (PostgreSQL + Redis), two people and a computer player at a table with house rules; the
 * table's node is killed with SIGKILL mid-hole; the game is rebuilt on the node that is left with
 * the same state, each player comes back to it and it is played to the end.
 */
describe('a game of golf survives kill -9 of its node', function () {
  this.timeout(180_000);
  const adminUrl = process.env.TEST_POSTGRES_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!adminUrl || !redisUrl) {
    it('needs TEST_POSTGRES_URL and TEST_REDIS_URL');
    return;
  }
  let deployment: Deployment;
  let nodes: ServerProcess[] = [];
  let env: Record<string, string>;

  const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    const c = new pg.Client({ connectionString: deployment.databaseUrl });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  };

  before(async () => {
    deployment = await newDeployment(adminUrl, redisUrl, `rookery_golf_cluster_${process.pid}`, {
      script: SCRIPT,
      env: { CHESS_BOT_DELAY_MS: '20' },
    });
    ({ nodes, env } = deployment);
    await deployment.startNode();
    await deployment.startNode();
  });
  after(async () => {
    await deployment?.close('SIGKILL');
  });

  /** The game as the log holds it. */
  async function logged(id: string, options: GolfOptions): Promise<Golf> {
    const rows = await sql<{ event: MatchEvent }>(
      'select event from game_events where game_id = $1 order by seq',
      [id],
    );
    return rows.reduce((game, { event }) => {
      const next = applyGolf(game, typeof event === 'string' ? JSON.parse(event) : event);
      assert.ok(next.ok);
      return next.value;
    }, createGolf(options));
  }

  it('is rebuilt on the node that is left with the same state; its players come back and it is played to the end', async () => {
    const [entry, other] = nodes as [ServerProcess, ServerProcess];
    const accounts = await Promise.all([0, 1].map(() => newPlayer(entry.url)));
    const tokens = await Promise.all(accounts.map((a) => a.rookery.accessToken()));
    const members = await Promise.all(accounts.map(memberOf));
    const serverKey = serverKeyOf((await parseKeySet(env.AUTH_KEYS!)).roomKeys).current;
    const options: GolfOptions = {
      ...DEFAULTS,
      players: 3,
      holes: 3,
      turnMs: 60_000,
      jokers: true,
      flipMode: 'endgame',
      knockBonus: true,
    };
    const held = [{ members: [members[0]!] }, { members: [members[1]!] }, { bot: 'risk-taker' }];
    const client = (url: string, token: string) => {
      const c = new Client(url);
      c.auth.token = token;
      return c;
    };
    // What seat 0 was sent before its node was killed.
    let views0: GolfView[] = [];
    // Seat 0 plays two turns, then waits: the game stops at its turn, and its node is killed.
    const first = await client(entry.url, tokens[0]!).create<MatchState>('golf', {
      ...options,
      serverKey,
      held,
      seat: 0,
    });
    const id = first.roomId;
    const turnsOfZero = () =>
      new Set(
        views0
          .filter((v) => v.turn === 0 && v.phase === 'choose' && v.status === 'playing')
          .map((v) => `${v.hole}:${v.turns}`),
      ).size;
    views0 = playGolfSeat(first, 0, 1, () => turnsOfZero() <= 2);
    const second = await client(entry.url, tokens[1]!).joinById<MatchState>(id, { seat: 1 });
    playGolfSeat(second, 1, 2);
    await waitUntil(() => turnsOfZero() >= 3, 60_000, 50).catch((err) => {
      throw new Error(`${err}: last view ${JSON.stringify(views0.at(-1))}`);
    });
    const before = await logged(id, options);
    assert.equal(before.status, 'playing');
    assert.equal(before.turn, 0, 'the game waits for seat 0');

    const port = new URL(first.connection.url!).port;
    const host = nodes.find((n) => new URL(n.url).port === port)!;
    const survivor = host === entry ? other : entry;
    assert.equal(await host.stop('SIGKILL'), null, 'the node was killed');

    // Each player finds the game again through the node that is left, by its id.
    const rejoin = async (token: string, seat: number) => {
      for (let tries = 0; ; tries++) {
        try {
          return await client(survivor.url, token).joinById<MatchState>(id, { seat });
        } catch (err) {
          assert.ok(tries < 60, `the game came back: ${err}`);
          await sleep(500);
        }
      }
    };
    const back0 = await rejoin(tokens[0]!, 0);
    const seen = playGolfSeat(back0, 0, 3);
    const back1 = await rejoin(tokens[1]!, 1);
    playGolfSeat(back1, 1, 4);
    await waitUntil(() => seen.length > 0, 20_000);
    const restored = golfView(before, 0);
    assert.deepEqual(
      { ...seen[0]!, deadline: null },
      { ...restored, deadline: null },
      'the same state, seat 0 to play',
    );

    await waitUntil(
      () => (JSON.parse(back1.state.view || '{}') as GolfView).status === 'ended',
      120_000,
      100,
    );
    const after = await logged(id, options);
    assert.equal(after.status, 'ended');
    assert.equal(after.termination, 'holes_played');
    assert.equal(after.played.length, 3);
    assert.equal(back1.state.view, JSON.stringify(golfView(after, 'spectator')));
    const kept = await sql<{ status: string }>('select status from games where id = $1', [id]);
    assert.equal(kept.length, 1);
    await back0.leave();
    await back1.leave();
  });
});

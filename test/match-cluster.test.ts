import assert from 'node:assert/strict';
import type { MatchOutcome } from '../rooms/shared/matches.ts';
import { serverKeyOf } from '../rooms/shared/server-key.ts';
import { Database } from '../server/db/database.ts';
import { openOrm } from '../server/db/orm.ts';
import { parseKeySet } from '../server/platform/keys.ts';
import { createPresence } from '../server/platform/presence.ts';
import { MatchService } from '../server/services/match.service.ts';
import { memberOf, newPlayer, sleep } from './support/chess.ts';
import { type Deployment, newDeployment } from './support/cluster.ts';
import { type Seated, seat } from './support/games/tap.ts';
import type { ServerProcess } from './support/process.ts';
import { waitUntil } from './support/wait.ts';

const GAME = 'highcard';
/** The server as it runs, with the test game hosted besides the release's. */
const SCRIPT = 'test/support/games/server.ts';

/**
 * Two nodes of one deployment as processes (PostgreSQL + Redis), and the test as the creator of a
 * match: it listens where the match reports and takes the result as a queue or a tournament would.
 */
describe("a match's result reaches its creator once, though the match's node died as it ended", function () {
  this.timeout(120_000);
  const adminUrl = process.env.TEST_POSTGRES_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!adminUrl || !redisUrl) {
    it('needs TEST_POSTGRES_URL and TEST_REDIS_URL');
    return;
  }
  let deployment: Deployment;
  let nodes: ServerProcess[];
  let env: Record<string, string>;
  let records: MatchService;
  let closeRecords: () => Promise<void>;
  let presence: ReturnType<typeof createPresence>['presence'];

  before(async () => {
    deployment = await newDeployment(adminUrl, redisUrl, `rookery_match_cluster_${process.pid}`, {
      script: SCRIPT,
      env: { MATCHMAKE_RATE_IP_POINTS: '100000', MATCHMAKE_RATE_USER_POINTS: '100000' },
    });
    ({ nodes, env } = deployment);
    await deployment.startNode();
    await deployment.startNode();
    const orm = await openOrm({ kind: 'postgres', url: deployment.databaseUrl });
    records = new MatchService(new Database(orm));
    closeRecords = () => orm.close();
    ({ presence } = createPresence(redisUrl, deployment.prefix));
  });
  after(async () => {
    await Promise.all((deployment?.nodes ?? []).map((n) => n.stop('SIGKILL')));
    await closeRecords?.();
    presence?.shutdown();
    await deployment?.close();
  });

  it('is taken exactly once, from the node that is left, by a creator that missed what the room said', async () => {
    const [entry] = nodes;
    const players = await Promise.all([0, 1, 2].map(() => newPlayer(entry!.url)));
    const tokens = await Promise.all(players.map((p) => p.rookery.accessToken()));
    const members = await Promise.all(players.map(memberOf));
    const channel = `test-creator:${Date.now()}`;

    const serverKey = serverKeyOf((await parseKeySet(env.AUTH_KEYS!)).roomKeys).current;
    const held = members.map((m) => ({ members: [m] }));
    const options = { serverKey, held, reportTo: channel, seatDeadlineMs: 20_000, turnMs: 60_000 };
    const first = await seat(entry!.url, tokens[0]!, { game: GAME, options });
    const id = first.room.roomId;
    const seated: Seated[] = [first];
    for (const token of tokens.slice(1))
      seated.push(await seat(entry!.url, token, { game: GAME, roomId: id }));
    await waitUntil(() => seated.every((s) => s.views.some((v) => v.status === 'playing')));

    for (const [i, s] of seated.entries()) {
      await waitUntil(() => s.shown().turn === i);
      s.room.send('call');
    }
    await waitUntil(() => seated[0]!.shown().status === 'ended');
    // The match's node dies as the game ends: the result may or may not be recorded, and the
    // room may or may not have told its creator.
    const port = new URL(first.room.connection.url!).port;
    const host = nodes.find((n) => new URL(n.url).port === port)!;
    assert.equal(await host.stop('SIGKILL'), null, 'the node was killed');

    // The creator (down while the match ended, say) listens from now on: whatever the room said
    // is lost, and the result comes from the node that is left.
    const taken: MatchOutcome[] = [];
    await presence.subscribe(channel, async (outcome: MatchOutcome) => {
      if (outcome.type === 'finished' && (await records.reportDelivered(outcome.roomId))) taken.push(outcome);
    });

    await waitUntil(() => taken.length === 1, 30_000, 100);
    const [report] = taken as Array<Extract<MatchOutcome, { type: 'finished' }>>;
    assert.equal(report!.roomId, id);
    assert.equal(report!.termination, 'showdown');
    assert.deepEqual(report!.results.map((r) => r.seat).sort(), [0, 1, 2]);
    // A keeper round later, nothing is pending and nothing more was taken.
    await sleep(6_000);
    assert.equal(taken.length, 1, 'taken once');
    assert.ok(!(await records.pendingReports(100)).some((r) => r.gameId === id), 'nothing pending');
    assert.equal(await records.reportDelivered(id), false, 'a repeat is no news');
  });
});

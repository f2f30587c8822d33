import assert from 'node:assert/strict';
import { LocalPresence, type Presence } from '@colyseus/core';
import { createPresence } from '../../server/platform/presence.ts';
import { waitUntil } from '../../test/support/wait.ts';
import { GameEnds } from './game-ends.ts';
import type { LiveGamesMessage } from './live-announcements.ts';
import { LIVE_GAMES_CHANNEL, type LiveGameEvent, type LiveGameSummary } from './matches.ts';

const ended = (gameId: string): LiveGameEvent => ({ type: 'ended', gameId });
const started = (gameId: string): LiveGameEvent => ({ type: 'started', game: { gameId } as LiveGameSummary });

/** The two presences a node runs on: in the process, and Redis (when TEST_REDIS_URL names one). */
const presences: Array<{ name: string; open(): { presence: Presence; close(): unknown } | undefined }> = [
  {
    name: 'local presence',
    open: () => {
      const presence = new LocalPresence();
      return { presence, close: () => presence.shutdown() };
    },
  },
  {
    name: 'Redis presence',
    open: () => {
      const url = process.env.TEST_REDIS_URL;
      if (!url) return undefined;
      const { presence, driver } = createPresence(url, `rookery_test_ends_${process.pid}`);
      return { presence, close: () => Promise.all([presence.shutdown(), driver.shutdown()]) };
    },
  },
];

for (const { name, open } of presences) {
  describe(`GameEnds, over the ${name}`, () => {
    let presence: Presence;
    let close: (() => unknown) | undefined;
    let ends: GameEnds;
    /** The ends each watch was told of, by the watch's name. */
    let told: Record<string, string[]>;
    let sentinel: Awaited<ReturnType<GameEnds['watch']>>;
    let sentinels = 0;

    const watch = async (who: string) => {
      told[who] = [];
      return ends.watch((gameId) => told[who]!.push(gameId));
    };
    /** Publishes `events`, then waits until a later end has come through (the channel keeps order). */
    const publish = async (...events: LiveGamesMessage[]) => {
      for (const event of events) await presence.publish(LIVE_GAMES_CHANNEL, event);
      const seen = told.sentinel!.length;
      await presence.publish(LIVE_GAMES_CHANNEL, ended(`sentinel-${sentinels}`));
      await waitUntil(() => told.sentinel!.length > seen, 5_000);
      sentinel.follow(`sentinel-${++sentinels}`);
    };

    before(function () {
      const opened = open();
      if (!opened) this.skip();
      ({ presence, close } = opened as NonNullable<typeof opened>);
    });
    after(() => close?.());

    beforeEach(async () => {
      ends = new GameEnds(() => presence);
      told = {};
      sentinel = await watch('sentinel');
      sentinel.follow(`sentinel-${sentinels}`);
    });
    afterEach(() => sentinel.close());

    it('hears the channel once however many rooms wait, and hands an end only to the rooms that follow the game', async () => {
      const [a, b, c] = [await watch('a'), await watch('b'), await watch('c')];
      if (presence instanceof LocalPresence)
        assert.equal(presence.subscriptions.listenerCount(LIVE_GAMES_CHANNEL), 1, 'one listener');
      a.follow('g1');
      b.follow('g1');
      c.follow('g2');
      await publish(started('g1'), ended('g9'), ended('g1'));
      assert.deepEqual([told.a, told.b, told.c], [['g1'], ['g1'], []]);
      // A party matched into its next game follows that one instead.
      a.follow('g3');
      c.follow('');
      // A node's batch of a moment's events, as its announcer publishes them.
      await publish([ended('g1'), ended('g2'), ended('g3')]);
      assert.deepEqual([told.a, told.b, told.c], [['g1', 'g3'], ['g1', 'g1'], []]);
      assert.deepEqual(ends.size, { games: 3, watches: 4 }, 'g1, g3 and the sentinel');
      for (const w of [a, b, c]) w.close();
      a.close();
      await publish(ended('g3'), ended('g1'));
      assert.deepEqual(
        [told.a, told.b, told.c],
        [['g1', 'g3'], ['g1', 'g1'], []],
        'closed watches hear nothing',
      );
      assert.deepEqual(ends.size, { games: 1, watches: 1 });
    });

    it('stops hearing the channel with its last watch, and hears it again with the next', async () => {
      sentinel.close();
      assert.deepEqual(ends.size, { games: 0, watches: 0 });
      if (presence instanceof LocalPresence)
        assert.equal(presence.subscriptions.listenerCount(LIVE_GAMES_CHANNEL), 0, 'no listener left');
      sentinel = await watch('sentinel');
      sentinel.follow(`sentinel-${sentinels}`);
      const a = await watch('a');
      a.follow('g1');
      await publish(ended('g1'));
      assert.deepEqual(told.a, ['g1']);
      a.close();
      sentinel.close();
    });
  });
}

import assert from 'node:assert/strict';
import { LocalPresence } from '@colyseus/core';
import { waitUntil } from '../../test/support/wait.ts';
import { LiveGameAnnouncer, type LiveGamesMessage, liveGameEvents } from './live-announcements.ts';
import { LIVE_GAMES_CHANNEL, type LiveGameEvent, type LiveGameSummary } from './matches.ts';

const started = (gameId: string): LiveGameEvent => ({ type: 'started', game: { gameId } as LiveGameSummary });
const ended = (gameId: string): LiveGameEvent => ({ type: 'ended', gameId });

describe('LiveGameAnnouncer', () => {
  let presence: LocalPresence;
  let heard: LiveGamesMessage[];
  const listener = (message: LiveGamesMessage) => heard.push(message);

  beforeEach(async () => {
    presence = new LocalPresence();
    heard = [];
    await presence.subscribe(LIVE_GAMES_CHANNEL, listener);
  });

  it("publishes a moment's starts and ends as one message, in the order they came", async () => {
    const errors: unknown[] = [];
    const announcer = new LiveGameAnnouncer(
      () => presence,
      (err) => errors.push(err),
      30,
    );
    announcer.announce(started('a'));
    announcer.announce(started('b'));
    announcer.announce(ended('a'));
    assert.deepEqual(heard, [], 'nothing before the moment is over');
    await waitUntil(() => heard.length > 0);
    assert.deepEqual(heard, [[started('a'), started('b'), ended('a')]]);
    // The next event starts the next batch.
    announcer.announce(ended('b'));
    await waitUntil(() => heard.length > 1);
    assert.deepEqual(heard[1], [ended('b')]);
    assert.deepEqual(errors, []);
  });

  it('publishes at once what it holds when flushed, and nothing when it holds nothing', async () => {
    const announcer = new LiveGameAnnouncer(
      () => presence,
      (err) => assert.fail(String(err)),
      60_000,
    );
    announcer.flush();
    announcer.announce(started('c'));
    announcer.flush();
    await waitUntil(() => heard.length > 0);
    announcer.flush();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(heard, [[started('c')]]);
  });

  it('reads a lone event (a node of an earlier version) as a batch of one', () => {
    assert.deepEqual(liveGameEvents(ended('x')), [ended('x')]);
    assert.deepEqual(liveGameEvents([started('y'), ended('y')]), [started('y'), ended('y')]);
  });
});

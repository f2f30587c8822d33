import assert from 'node:assert/strict';
import type { LoggedEvent } from '../../server/services/ports.ts';
import { chessModule } from '../games/chess/module.ts';
import { chessStateBinding } from '../games/chess/state.ts';
import { gameReplays } from './replay.ts';
import { PAUSE_EVENT } from './staff.ts';

const chess = chessModule({ firstMoveMs: 30_000, defaultTimeControl: '5+3' });
const replays = gameReplays({
  get: (name: string) => (name === 'chess' ? { module: chess, binding: chessStateBinding } : undefined),
});

/** A log of events in order, numbered from 1. */
const logOf = (events: Array<Record<string, unknown> & { type: string; at: number }>): LoggedEvent[] =>
  events.map((event, i) => ({ seq: i + 1, v: 1, event }));

describe("a game's log replayed outside its room", () => {
  const log = logOf([
    { type: 'start', at: 1_000 },
    { type: 'move', at: 2_000, by: 'white', uci: 'e2e4' },
    { type: 'move', at: 3_000, by: 'black', uci: 'e7e5' },
    { type: PAUSE_EVENT, at: 4_000 },
    { type: 'resume', at: 60_000, since: 4_000 },
    { type: 'move', at: 61_000, by: 'white', uci: 'g1f3' },
    { type: 'resign', at: 62_000, by: 'black' },
  ]);
  const context = { gameId: 'g', rated: false, pool: 'blitz', names: ['a', 'b'], ratings: [] };

  it("passes over staff's pause, which changes no game, and gives the paused time back through the resume", () => {
    const replayed = replays.replay('chess', { timeControl: '5+3' }, log, context);
    assert.ok(replayed.ok);
    assert.equal(replayed.status, 'ended');
    assert.equal(replayed.record?.result, '1-0');
    // One entry of kept data an event, none for the pause.
    assert.equal(replayed.derived.length, log.length);
    assert.equal(replayed.derived[3], undefined);
    // White's clock ran 1 s before the pause and 1 s after it: the 56 s between are nobody's.
    assert.deepEqual(replayed.derived[5], { san: 'Nf3', clock: { white: 301_000, black: 300_000 } });
  });

  it('shows no frame for the pause', () => {
    const framed = replays.frames('chess', { timeControl: '5+3' }, log);
    assert.ok(framed.ok);
    assert.ok(!framed.frames.some((f) => f.seq === 4));
    assert.deepEqual([...new Set(framed.frames.map((f) => f.seq))], [1, 2, 3, 5, 6, 7]);
  });

  it('still refuses a log with a gap at a pause', () => {
    const gapped = log.filter((e) => e.seq !== 4);
    const refused = replays.replay('chess', { timeControl: '5+3' }, gapped, context);
    assert.deepEqual(refused, { ok: false, seq: 5, message: 'event 5 follows event 3' });
  });
});

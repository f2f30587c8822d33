import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import {
  chooseBotCommand,
  ENGINE_WAIT_MS,
  engineWaitMs,
  MIN_ENGINE_WAIT_MS,
} from '../rooms/games/chess/bot-engine.ts';
import type { EngineError } from '../rooms/games/chess/engine.ts';
import { applyEvent, type ChessGame, newGame } from '../rooms/games/chess/game.ts';
import { playUci, startPosition } from '../rooms/games/chess/position.ts';
import { parseTimeControl } from '../rooms/games/chess/time-control.ts';
import type { BotLevel, Color } from '../schema/chess.ts';
import { EnginePool, threadNice } from '../server/engine/pool.ts';
import { DEFAULT_ENGINE_SETTINGS, type EnginePoolSettings } from '../server/engine/settings.ts';
import { createLogger } from '../server/platform/logger.ts';

const log = createLogger({ level: 'silent', pretty: false });
const SCHOLARS_MATE_IN_ONE = 'r1bqkb1r/pppp1ppp/2n2n2/4p2Q/2B1P3/8/PPPP1PPP/RNB1K1NR w KQkq - 4 4';
/** White to move with a queen against a bare king: winning for white, lost for black. */
const QUEEN_UP = '4k3/8/8/8/8/8/3Q4/4K3 w - - 0 60';
/** A shallow search that any machine answers at once. */
const QUICK_SEARCH = { fen: QUEEN_UP, skill: 5, depth: 4, movetimeMs: 50, priority: 'move' } as const;

function pool(settings: Partial<EnginePoolSettings> = {}, roomsWaited?: () => number | undefined) {
  const registry = new Registry();
  const engine = new EnginePool(
    { ...DEFAULT_ENGINE_SETTINGS, cpuShare: 1, ...settings },
    log,
    registry,
    roomsWaited,
  );
  const metric = async (name: string) => {
    const text = await registry.metrics();
    return text.split('\n').filter((line) => line.startsWith(name));
  };
  return { engine, metric };
}

/** A started game (from `fen`), with `ucis` played. */
function game(ucis: string[] = [], fen?: string): ChessGame {
  const tc = parseTimeControl('10+0');
  assert.ok(tc.ok);
  let g = newGame({ timeControl: tc.value, firstMoveMs: 60_000, initialFen: fen });
  let at = 1;
  const step = (event: Parameters<typeof applyEvent>[1]) => {
    const next = applyEvent(g, event);
    assert.ok(next.ok, JSON.stringify(event));
    g = next.value;
  };
  step({ type: 'start', at } as Parameters<typeof applyEvent>[1]);
  for (const uci of ucis) step({ type: 'move', at: ++at, by: g.turn, uci });
  return g;
}

describe('the chess engine pool (Stockfish in worker threads)', function () {
  this.timeout(120_000);

  it('finds a mate in one and says so in its score', async () => {
    const { engine, metric } = pool();
    try {
      const answer = await engine.search({
        fen: SCHOLARS_MATE_IN_ONE,
        skill: 20,
        depth: 10,
        movetimeMs: 500,
        priority: 'move',
      });
      assert.equal(answer.bestMove, 'h5f7');
      assert.deepEqual(answer.score, { mate: 1 });
      assert.deepEqual(await metric('rookery_engine_searches_total'), [
        'rookery_engine_searches_total{outcome="ok"} 1',
      ]);
      assert.match((await metric('rookery_engine_cpu_seconds_total'))[0]!, /^\S+ (0\.\d*[1-9]|[1-9])/);
      assert.deepEqual(await metric('rookery_engine_queue_length'), ['rookery_engine_queue_length 0']);
    } finally {
      await engine.close();
    }
  });

  it("runs its workers at the lowest scheduling priority on Linux, and leaves the rooms' thread at its own", async function () {
    assert.equal(threadNice({ ...DEFAULT_ENGINE_SETTINGS, nice: 19 }, 'darwin'), undefined);
    assert.equal(threadNice({ ...DEFAULT_ENGINE_SETTINGS, nice: null }, 'linux'), undefined);
    assert.equal(threadNice({ ...DEFAULT_ENGINE_SETTINGS, nice: 12 }, 'linux'), 12);
    if (process.platform !== 'linux') this.skip();
    // Each thread's nice value, from the kernel's own record of this process's threads.
    const niceOf = () =>
      new Map(
        readdirSync('/proc/self/task').map((tid) => {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          return [Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
        }),
      );
    const mainBefore = niceOf().get(process.pid);
    const before = new Set(niceOf().keys());
    for (const nice of [19, null] as const) {
      const { engine, metric } = pool({ nice });
      try {
        const answer = await engine.search(QUICK_SEARCH);
        assert.ok(answer.bestMove);
        const engineThreads = [...niceOf()].filter(([tid]) => !before.has(tid)).map(([, n]) => n);
        assert.equal(niceOf().get(process.pid), mainBefore, 'the event loop keeps its priority');
        if (nice === 19) {
          assert.ok(engineThreads.includes(19), `a thread at nice 19 among ${engineThreads}`);
          assert.deepEqual(await metric('rookery_engine_thread_nice'), ['rookery_engine_thread_nice 19']);
        } else {
          assert.ok(!engineThreads.includes(19), `no thread at nice 19 among ${engineThreads}`);
          assert.deepEqual(await metric('rookery_engine_thread_nice'), ['rookery_engine_thread_nice 0']);
        }
      } finally {
        await engine.close();
      }
    }
  });

  it('rests longer while the rooms wait for a core, and less again once they do not', async () => {
    // The rooms' wait as the kernel would count it: a second of waiting before the second search.
    const waits = [0, 1_000, 1_000, 1_000];
    let look = 0;
    // What is read is the share, not the search: the worker at the process's priority, and time
    // enough to answer, so a run of the whole suite that keeps both cores busy does not starve it.
    const { engine, metric } = pool(
      { cpuShare: 0.5, nice: null, timeoutMs: 30_000 },
      () => waits[Math.min(look++, waits.length - 1)],
    );
    try {
      const shares: string[] = [];
      for (let i = 0; i < 3; i++) {
        await engine.search(QUICK_SEARCH);
        shares.push(...(await metric('rookery_engine_cpu_share')));
      }
      assert.deepEqual(shares, [
        'rookery_engine_cpu_share 0.5',
        'rookery_engine_cpu_share 0.25',
        'rookery_engine_cpu_share 0.35',
      ]);
    } finally {
      await engine.close();
    }
  });

  it('refuses a search beyond its queue at once, and one that overruns its time', async () => {
    // A grace below zero gives each search 500 ms less than its own 2 s: Stockfish searches to its
    // movetime, so it cannot answer in time, however fast or slow the machine is.
    const { engine } = pool({ queueLimit: 2, timeoutMs: -500 });
    try {
      const long = {
        fen: startPosition().fen,
        skill: 20,
        depth: 30,
        movetimeMs: 2000,
        priority: 'move' as const,
      };
      // The worker is ended and replaced, each time.
      const timedOut = (err: EngineError) => err.reason === 'timeout';
      const first = assert.rejects(engine.search(long), timedOut);
      const second = assert.rejects(engine.search(long), timedOut);
      await assert.rejects(engine.search(long), (err: EngineError) => err.reason === 'busy');
      await first;
      await second;
    } finally {
      await engine.close();
    }
  });
});

describe('a search that waits too long for a worker', function () {
  this.timeout(120_000);
  // Each pool below keeps its share as configured (a whole core): a loaded machine would have its
  // one worker rest between searches, and the searches here must find it busy, not resting.

  /** A search of the start position that keeps the one worker for `movetimeMs`. */
  const long = (movetimeMs: number) => ({
    fen: startPosition().fen,
    skill: 20,
    depth: 30,
    movetimeMs,
    priority: 'move' as const,
  });

  it('is given up at its waitMs while the worker is taken, and one taken in time is answered', async () => {
    const { engine, metric } = pool({ workers: 1 }, () => undefined);
    try {
      // Loaded and warm first, so the next search holds the worker at once.
      await engine.search(QUICK_SEARCH);
      let longDone = false;
      const busy = engine.search(long(1500)).finally(() => {
        longDone = true;
      });
      await assert.rejects(engine.search({ ...QUICK_SEARCH, waitMs: 100 }), (err: EngineError) => {
        assert.equal(err.reason, 'busy');
        assert.match(err.message, /no engine worker was free within 100 ms/);
        return true;
      });
      assert.equal(longDone, false, 'given up while the worker was still searching');
      assert.equal(engine.queued(), 0, 'taken out of the queue');
      // Waiting long enough, the next search is answered once the worker is free.
      const answered = await engine.search({ ...QUICK_SEARCH, waitMs: 30_000 });
      assert.ok(answered.bestMove);
      assert.ok((await busy).bestMove);
      assert.deepEqual(await metric('rookery_engine_searches_total{outcome="busy"}'), [
        'rookery_engine_searches_total{outcome="busy"} 1',
      ]);
    } finally {
      await engine.close();
    }
  });

  it('makes a starved bot play its fallback move at once, and counts it', async () => {
    const { engine, metric } = pool({ workers: 1 }, () => undefined);
    try {
      const g = game(['e2e4', 'e7e5']);
      await engine.search(QUICK_SEARCH);
      let longDone = false;
      const busy = engine.search(long(3000)).finally(() => {
        longDone = true;
      });
      // 10 minutes on the clock: stockfish-8 may wait its move time (1 s), not the 3 s search.
      const command = await chooseBotCommand(g, 'white', 'stockfish-8', () => 0.5, engine);
      assert.equal(longDone, false, 'answered while the worker was still searching');
      assert.equal(command.type, 'move');
      const uci = (command.payload as { uci: string }).uci;
      assert.ok(playUci(startPosition(g.fen), uci).ok, `${uci} is not legal`);
      assert.deepEqual(await metric('rookery_engine_fallback_moves_total'), [
        'rookery_engine_fallback_moves_total{reason="busy"} 1',
      ]);
      await busy;
    } finally {
      await engine.close();
    }
  });

  it('waits for the engine to load, however short its waitMs', async () => {
    const { engine, metric } = pool({ workers: 1 }, () => undefined);
    try {
      // No worker yet: this search starts one, and loading the engine takes far longer than 1 ms.
      const answer = await engine.search({ ...QUICK_SEARCH, waitMs: 1 });
      assert.ok(answer.bestMove);
      assert.deepEqual(await metric('rookery_engine_searches_total{outcome="busy"}'), []);
    } finally {
      await engine.close();
    }
  });

  it('may wait about a second or the move time, less with little on its clock, never below the floor', () => {
    assert.equal(engineWaitMs(100, 600_000), ENGINE_WAIT_MS);
    assert.equal(engineWaitMs(3000, 600_000), 3000);
    assert.equal(engineWaitMs(1000, 10_000), 500);
    assert.equal(engineWaitMs(300, 100), MIN_ENGINE_WAIT_MS);
  });
});

describe('the Stockfish bot', function () {
  this.timeout(600_000);

  it('at its strongest level beats the greedy bot, with either colour', async () => {
    // The pool's share stays as configured: a loaded machine (the other suites of a run) would
    // have it rest up to nineteen times each search's length, and the level's play is the same.
    const { engine } = pool({}, () => undefined);
    try {
      for (const strong of ['white', 'black'] as Color[]) {
        let g = game();
        let at = 10;
        while (g.status === 'playing' && g.moves.length < 200) {
          const level: BotLevel = g.turn === strong ? 'stockfish-8' : 'greedy';
          const command = await chooseBotCommand(g, g.turn, level, () => 0.5, engine);
          assert.equal(command.type, 'move');
          const next = applyEvent(g, {
            type: 'move',
            at: ++at,
            by: g.turn,
            uci: (command.payload as { uci: string }).uci,
          });
          assert.ok(next.ok);
          g = next.value;
        }
        assert.equal(g.status, 'ended', `no result after ${g.moves.length} plies`);
        assert.equal(g.winner, strong, `${strong} did not win: ${g.termination}`);
      }
    } finally {
      await engine.close();
    }
  });

  it('plays a legal fallback move when its worker is killed mid-search, and counts it', async () => {
    const { engine, metric } = pool();
    try {
      const g = game(['e2e4', 'e7e5']);
      // Loaded and warm first, so the kill lands in the search.
      await engine.search({ fen: g.fen, skill: 0, depth: 1, movetimeMs: 50, priority: 'move' });
      const thinking = chooseBotCommand(g, 'white', 'stockfish-8', () => 0.5, engine);
      await new Promise((resolve) => setTimeout(resolve, 100));
      engine.killWorkers();
      const command = await thinking;
      assert.equal(command.type, 'move');
      const uci = (command.payload as { uci: string }).uci;
      assert.ok(playUci(startPosition(g.fen), uci).ok, `${uci} is not legal`);
      assert.deepEqual(await metric('rookery_engine_fallback_moves_total'), [
        'rookery_engine_fallback_moves_total{reason="crashed"} 1',
      ]);
      // The next search has a new worker.
      const again = await engine.search({ fen: g.fen, skill: 0, depth: 1, movetimeMs: 50, priority: 'move' });
      assert.ok(again.bestMove);
    } finally {
      await engine.close();
    }
  });

  it('takes a draw when it is lost, declines when it is winning, and answers without an engine by material', async () => {
    const { engine } = pool();
    try {
      // White (the offerer) has a queen; black's bot is lost and takes it.
      const offeredToLosing = { ...game([], QUEEN_UP), drawOffer: 'white' as const };
      assert.equal(
        (await chooseBotCommand(offeredToLosing, 'black', 'stockfish-4', Math.random, engine)).type,
        'draw:accept',
      );
      // Black offers on white's turn; white's bot, a queen up, plays on.
      const offeredToWinning = { ...game([], QUEEN_UP), drawOffer: 'black' as const };
      assert.equal(
        (await chooseBotCommand(offeredToWinning, 'white', 'stockfish-4', Math.random, engine)).type,
        'draw:decline',
      );
      // The greedy bot reads material: behind, it takes the draw; level, it plays on.
      assert.equal(
        (await chooseBotCommand(offeredToLosing, 'black', 'greedy', Math.random, undefined)).type,
        'draw:accept',
      );
      const level = { ...game(['e2e4']), drawOffer: 'white' as const };
      assert.equal(
        (await chooseBotCommand(level, 'black', 'greedy', Math.random, undefined)).type,
        'draw:decline',
      );
    } finally {
      await engine.close();
    }
  });
});

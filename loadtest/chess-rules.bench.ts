/**
 * `npm run bench:rules`: what the chess rules cost a move, pure code on one core.
 *
 * GAMES (200) random games (seeded; every legal move equally likely, promotions to a queen, until
 * the game ends or 300 half-moves) are written down once as UCI, then played again ROUNDS (7)
 * times each way, alternated, on the same moves:
 * - **ours**: `playUci` (`rooms/games/chess/position.ts`), as a match room plays every move;
 * - **chessops' helpers**: the same answers (SAN, FEN, the end) from chessops' own calls, each
 *   working out what it needs itself: `isLegal`, `makeSanAndPlay` (which asks for the outcome and
 *   the check again), `makeFen(pos.toSetup())` (a copy of the board), and the end asked once more.
 *   This was `playUci` until the rules handed one context to every question.
 * Prints the CPU a move (median of the rounds) and the bytes allocated a move (V8's sampling heap
 * profiler, the objects already collected counted too), and their ratios. Never fails.
 */
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { Chess, normalizeMove } from 'chessops/chess';
import { makeFen } from 'chessops/fen';
import { makeSanAndPlay } from 'chessops/san';
import type { NormalMove } from 'chessops/types';
import { parseUci } from 'chessops/util';
import { playUci, startPosition, type TrackedPosition } from '../rooms/games/chess/position.ts';
import { seededRandom } from '../rooms/rules/random.ts';
import { allocationsByPlace } from './alloc-profile.ts';
import { randomMove } from './random-move.ts';
import { fmt, markdownTable, numberOption, ownCpuMs, percentile } from './support.ts';

const GAMES = numberOption('GAMES', 200, 1);
const ROUNDS = numberOption('ROUNDS', 7, 1);

/** A random game's moves in UCI, as a player sends them. */
function randomGame(random: () => number): string[] {
  const pos = Chess.default();
  const ucis: string[] = [];
  while (ucis.length < 300 && !pos.isEnd()) {
    const { move, uci } = randomMove(pos, random)!;
    ucis.push(uci);
    pos.play(move);
  }
  return ucis;
}

interface Step {
  san: string;
  fen: string;
  ended: boolean;
}

/** A move the way chessops' helpers give each answer (the baseline). */
function byChessopsHelpers(pos: Chess, text: string): { next: Chess; step: Step } {
  const move = normalizeMove(pos, parseUci(text) as NormalMove) as NormalMove;
  if (!pos.isLegal(move)) throw new Error(`${text} is not legal`);
  const next = pos.clone();
  const san = makeSanAndPlay(next, move);
  const fen = makeFen(next.toSetup());
  const ctx = next.ctx();
  const ended = !next.hasDests(ctx) || next.isInsufficientMaterial();
  return { next, step: { san, fen, ended } };
}

function playAllOurs(games: readonly string[][]): Step[] {
  const steps: Step[] = [];
  for (const game of games) {
    let position: TrackedPosition = startPosition();
    for (const uci of game) {
      const ply = playUci(position, uci);
      if (!ply.ok) throw new Error(`${uci}: ${ply.message}`);
      position = ply.value.after;
      steps.push({ san: ply.value.san, fen: position.fen, ended: ply.value.end !== null });
    }
  }
  return steps;
}

function playAllHelpers(games: readonly string[][]): Step[] {
  const steps: Step[] = [];
  for (const game of games) {
    let pos = Chess.default();
    for (const uci of game) {
      const { next, step } = byChessopsHelpers(pos, uci);
      pos = next;
      steps.push(step);
    }
  }
  return steps;
}

function cpuMs(work: () => unknown): number {
  const before = ownCpuMs();
  work();
  return ownCpuMs() - before;
}

/** Bytes allocated by `work`, by V8's sampling heap profiler (collected objects counted too). */
async function allocatedBytes(session: Session, work: () => unknown): Promise<number> {
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 512,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  work();
  const { profile } = await session.post('HeapProfiler.stopSampling');
  return allocationsByPlace(profile.head).total;
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

async function main(): Promise<void> {
  console.log(`# bench:rules — ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
  const random = seededRandom(7);
  const games = Array.from({ length: GAMES }, () => randomGame(random));
  const moves = games.reduce((n, g) => n + g.length, 0);
  console.log(`${fmt(GAMES)} random games, ${fmt(moves)} half-moves, ${ROUNDS} rounds each way, alternated`);

  // Both ways give the same answers, move for move, or the comparison would mean nothing.
  const ours = playAllOurs(games);
  const theirs = playAllHelpers(games);
  for (const [i, step] of ours.entries()) {
    const other = theirs[i]!;
    if (step.san !== other.san || step.fen !== other.fen || step.ended !== other.ended)
      throw new Error(`move ${i}: ours ${JSON.stringify(step)}, chessops' helpers ${JSON.stringify(other)}`);
  }

  const cpu = { ours: [] as number[], helpers: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    cpu.helpers.push(cpuMs(() => playAllHelpers(games)));
    cpu.ours.push(cpuMs(() => playAllOurs(games)));
  }
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  const bytes = {
    helpers: await allocatedBytes(session, () => playAllHelpers(games)),
    ours: await allocatedBytes(session, () => playAllOurs(games)),
  };
  session.disconnect();

  const usOurs = (median(cpu.ours) * 1000) / moves;
  const usHelpers = (median(cpu.helpers) * 1000) / moves;
  const rows = [
    [
      "chessops' helpers",
      `${fmt(usHelpers, 1)} µs`,
      `${fmt(bytes.helpers / moves / 1024, 1)} KiB`,
      'baseline',
    ],
    [
      'ours (`playUci`)',
      `${fmt(usOurs, 1)} µs`,
      `${fmt(bytes.ours / moves / 1024, 1)} KiB`,
      `CPU ${fmt(usOurs / usHelpers, 2)}×, allocated ${fmt(bytes.ours / bytes.helpers, 2)}×`,
    ],
  ];
  console.log(markdownTable(['way', 'CPU a move (median)', 'allocated a move', 'ratio'], rows));
  console.log(
    `rounds (ms, all moves): chessops' helpers ${cpu.helpers.map((v) => fmt(v)).join(', ')}; ours ${cpu.ours.map((v) => fmt(v)).join(', ')}`,
  );
}

await main();

/**
 * The bot games of `npm run bench:chess` (`BOT_SHARE`): a child process in which `games` guests
 * each play the server's bot at `level` (white, random legal moves after a uniform think time),
 * a new game as soon as one ends, for as long as the process lives. It measures nothing of the
 * human games: it is the load the engine puts on the server beside them, and it counts the bot's
 * replies it saw.
 *
 * Protocol (IPC, as `chess-players.ts`): configuration as JSON in argv[2]; `ready` once every game
 * is open; on `report`, `result` with the bot's replies seen and the games that ended.
 */
// First: the SDK loaded by the imports below takes its WebSocket from the global then.
import './node-websocket.ts';
import { Chess } from 'chessops/chess';
import { parseFen } from 'chessops/fen';
import { type ChessGameClient, ChessRooms, type ChessState, RookeryClient } from '../client-sdk/index.ts';
import type { BotLevel } from '../schema/chess.ts';
import { randomMove } from './random-move.ts';

export interface BotGamesConfig {
  url: string;
  games: number;
  level: BotLevel;
  thinkMinMs: number;
  thinkMaxMs: number;
  timeControl: string;
}

export interface BotGamesResult {
  type: 'result';
  /** The bot's moves seen by its opponents. */
  botMoves: number;
  ended: number;
  firstFailure: string | undefined;
}

const config = JSON.parse(process.argv[2] ?? '{}') as BotGamesConfig;
let botMoves = 0;
let ended = 0;
let firstFailure: string | undefined;
let stopped = false;

const think = () => config.thinkMinMs + Math.random() * (config.thinkMaxMs - config.thinkMinMs);

/** One guest against the bot, game after game. */
async function seat(rooms: ChessRooms): Promise<void> {
  const game: ChessGameClient = await rooms.vsBot({
    level: config.level,
    color: 'white',
    timeControl: config.timeControl,
  });
  let plies = 0;
  let scheduled = -1;
  let timer: NodeJS.Timeout | undefined;
  let over = false;
  const onState = (state: ChessState) => {
    if (over) return;
    if (state.status === 'ended') {
      over = true;
      ended += 1;
      clearTimeout(timer);
      void game.leave().finally(() => {
        if (!stopped) seat(rooms).catch(fail);
      });
      return;
    }
    if (state.status !== 'playing') return;
    const seen = state.moves.length;
    // The bot plays black: its moves make the count even.
    if (seen > plies && seen % 2 === 0) botMoves += 1;
    plies = Math.max(plies, seen);
    if (state.turn !== 'white' || scheduled === seen) return;
    scheduled = seen;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const pos = Chess.fromSetup(parseFen(state.fen).unwrap()).unwrap();
      const chosen = randomMove(pos);
      if (chosen) game.move(chosen.uci).catch(fail);
    }, think());
  };
  game.room.onStateChange(onState);
  await game.until((s) => s.status === 'playing');
  onState(game.state);
}

function fail(reason: unknown): void {
  firstFailure ??= reason instanceof Error ? reason.message : String(reason);
}

async function main(): Promise<void> {
  for (let i = 0; i < config.games; i++) {
    const rookery = new RookeryClient({ baseUrl: config.url });
    await rookery.guest();
    await seat(new ChessRooms(rookery));
  }
  process.send?.({ type: 'ready', games: config.games });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'report') return;
    stopped = true;
    process.send?.({ type: 'result', botMoves, ended, firstFailure } satisfies BotGamesResult);
  });
}

process.on('SIGTERM', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
main().catch((err: unknown) => {
  process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  setTimeout(() => process.exit(1), 100);
});

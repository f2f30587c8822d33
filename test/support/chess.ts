import assert from 'node:assert/strict';
import type { ChessState, Color, PlayOptions } from '../../client-sdk/index.ts';
import { type ChessGameClient, ChessRooms, RookeryClient, RookeryError } from '../../client-sdk/index.ts';
import { uniqueName } from './server.ts';

export const PASSWORD = 'correct horse battery';

export interface Player {
  rookery: RookeryClient;
  chess: ChessRooms;
  username: string;
}

/** A registered player with the client SDK, as a Node program would be. */
export async function newPlayer(baseUrl: string, options: { guest?: boolean } = {}): Promise<Player> {
  const rookery = new RookeryClient({ baseUrl });
  const username = uniqueName();
  const user = options.guest
    ? await rookery.guest()
    : await rookery.register({ username, password: PASSWORD });
  return { rookery, chess: new ChessRooms(rookery), username: user.username };
}

/** A player as the server holds a seat for them (a matchmaker's match). */
export async function memberOf(player: Player): Promise<{ userId: string; name: string; guest: boolean }> {
  const me = await player.rookery.me();
  return { userId: me.id, name: player.username, guest: me.guest };
}

export interface TwoPlayerGame {
  white: ChessGameClient;
  black: ChessGameClient;
  players: Record<Color, Player>;
  id: string;
}

/** Two players in one private game (white opened it, black joined by id), started. */
export async function startGame(
  baseUrl: string,
  options: { timeControl?: string; rated?: boolean; guest?: boolean } = {},
): Promise<TwoPlayerGame> {
  const a = await newPlayer(baseUrl, { guest: options.guest });
  const b = await newPlayer(baseUrl, { guest: options.guest });
  const white = await a.chess.challenge({
    timeControl: options.timeControl ?? '5+3',
    rated: options.rated,
    color: 'white',
  });
  const black = await b.chess.joinGame(white.gameId);
  await white.until((s) => s.status === 'playing');
  await black.until((s) => s.status === 'playing');
  return { white, black, players: { white: a, black: b }, id: white.gameId };
}

/**
 * Two new players in a game created as a tournament creates its games: each seat held for its
 * player, under the server's key `serverKey`; `server` adds the other options only a server gives
 * (`berserk`, `reportTo`). Resolves once white sees it played.
 */
export async function tournamentGame(
  baseUrl: string,
  serverKey: string,
  server: { berserk?: boolean; reportTo?: string } = {},
): Promise<TwoPlayerGame> {
  const [a, b] = await Promise.all([newPlayer(baseUrl), newPlayer(baseUrl)]);
  const held = [{ members: [await memberOf(a)] }, { members: [await memberOf(b)] }];
  const options = { timeControl: '3+2', serverKey, held, seatDeadlineMs: 30_000, ...server };
  const white = await a.chess.challenge(options as PlayOptions);
  const black = await b.chess.joinGame(white.gameId);
  await white.until((s) => s.status === 'playing');
  return { white, black, players: { white: a, black: b }, id: white.gameId };
}

/** Plays `ucis` alternately from white, each accepted before the next is sent. */
export async function playMoves(
  game: TwoPlayerGame,
  ucis: string[],
  firstColor: Color = 'white',
): Promise<void> {
  let color = firstColor;
  for (const uci of ucis) {
    await (color === 'white' ? game.white : game.black).move(uci);
    color = color === 'white' ? 'black' : 'white';
  }
  const total = Math.max(game.white.state.moves.length, game.black.state.moves.length);
  await Promise.all([
    game.white.until((s) => s.moves.length >= total),
    game.black.until((s) => s.moves.length >= total),
  ]);
}

/** Waits until both players see the game ended, and returns what they both see. */
export async function bothSeeEnd(game: TwoPlayerGame): Promise<ChessState> {
  const seen = await Promise.all([
    game.white.until((s) => s.status === 'ended' && s.result !== ''),
    game.black.until((s) => s.status === 'ended' && s.result !== ''),
  ]);
  const [w, b] = seen;
  assert.equal(w.result, b.result);
  assert.equal(w.termination, b.termination);
  assert.equal(w.fen, b.fen);
  return w;
}

/** Asserts `action` is refused with `code` (and, when given, the HTTP `status`). */
export async function refused(action: Promise<unknown>, code: string, status?: number): Promise<void> {
  await assert.rejects(action, (err: unknown) => {
    assert.ok(err instanceof RookeryError, `expected a RookeryError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (status !== undefined) assert.equal(err.status, status, err.message);
    return true;
  });
}

/** A snapshot of what a client sees of a game, to compare before and after a refused action. */
export function snapshot(state: ChessState) {
  return JSON.stringify({
    fen: state.fen,
    moves: [...state.moves],
    status: state.status,
    turn: state.turn,
    drawOffer: state.drawOffer,
    result: state.result,
    clockWhite: state.clockWhite,
    clockBlack: state.clockBlack,
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

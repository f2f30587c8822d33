/**
 * The seating loop of `bench:cluster`: pairs of guests, each pair in a closed loop (white opens a
 * private game, black takes the seat, both see `playing`, then white aborts and both leave). It
 * runs in the bench's own process, or in player processes of their own (`seat-players.ts`), so
 * that the players' CPU is not charged to the process that reads the clock.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type ChessGameClient, ChessRooms, RookeryClient } from '../client-sdk/index.ts';
import type { Color } from '../schema/chess.ts';

export async function guest(baseUrl: string): Promise<RookeryClient> {
  const rookery = new RookeryClient({ baseUrl });
  await rookery.guest();
  return rookery;
}

/** White opens a private game through `whiteRooms`, black takes the seat through `blackRooms`. */
export async function openGame(
  whiteRooms: ChessRooms,
  blackRooms: ChessRooms,
  timeControl: string,
): Promise<Record<Color, ChessGameClient>> {
  const white = await whiteRooms.challenge({ timeControl, rated: false, color: 'white' });
  try {
    const black = await blackRooms.joinGame(white.gameId);
    await Promise.all([
      white.until((s) => s.status === 'playing'),
      black.until((s) => s.status === 'playing'),
    ]);
    return { white, black };
  } catch (err) {
    await white.leave().catch(() => undefined);
    throw err;
  }
}

/** Leaves a room without the SDK trying to reconnect to it. */
export async function leaveQuietly(game: ChessGameClient | undefined): Promise<void> {
  if (!game) return;
  game.room.reconnection.enabled = false;
  // A room whose connection is already closed would wait for a leave that never comes.
  if (!game.room.connection?.isOpen) return;
  await Promise.race([game.leave().catch(() => undefined), sleep(2000)]);
}

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export interface SeatPair {
  white: ChessRooms;
  black: ChessRooms;
}

/**
 * `count` pairs of guests; pair i plays white through node `(first + i) mod n` of `urls` and black
 * through the next, so the pairs are spread over the nodes.
 */
export function seatPairs(urls: readonly string[], count: number, first = 0): Promise<SeatPair[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const whiteUrl = urls[(first + i) % urls.length]!;
      const blackUrl = urls[(first + i + 1) % urls.length]!;
      const [white, black] = await Promise.all([guest(whiteUrl), guest(blackUrl)]);
      return { white: new ChessRooms(white, whiteUrl), black: new ChessRooms(black, blackUrl) };
    }),
  );
}

/** What the loops of one process saw while `counting`; `stop` ends them after their game. */
export interface SeatTally {
  counting: boolean;
  stop: boolean;
  seated: number;
  failed: number;
  firstFailure: string | undefined;
  /** Open → both seated, ms, of the games seated while counting. */
  seatMs: number[];
}

export function newTally(): SeatTally {
  return { counting: false, stop: false, seated: 0, failed: 0, firstFailure: undefined, seatMs: [] };
}

/** One pair's closed loop, until `tally.stop`. */
export async function seatLoop(pair: SeatPair, tally: SeatTally, timeControl: string): Promise<void> {
  while (!tally.stop) {
    const t0 = performance.now();
    let games: Record<Color, ChessGameClient> | undefined;
    try {
      games = await openGame(pair.white, pair.black, timeControl);
      // Counted when seated within the window, as a throughput is.
      if (tally.counting) {
        tally.seatMs.push(performance.now() - t0);
        tally.seated += 1;
      }
      await games.white.abort();
    } catch (err) {
      if (tally.counting) tally.failed += 1;
      tally.firstFailure ??= errorText(err);
    } finally {
      await Promise.all([leaveQuietly(games?.white), leaveQuietly(games?.black)]);
    }
  }
}

/**
 * An arena tournament as a value: who is in, who is playing, who is free or paused, each player's
 * sheet; changed only by the functions below, each taking the time. A room stores its events and
 * replays them through these functions after a restart.
 */

import { type FreePlayer, pairWave } from './arena-pairing.ts';
import { type ArenaGameResult, type ArenaSheet, EMPTY_SHEET, scoreGame } from './arena-scoring.ts';

export interface ArenaSettings {
  readonly startsAt: number;
  readonly endsAt: number;
  /** Time between pairing waves (ms). */
  readonly waveMs: number;
  readonly berserkMinMoves?: number;
}

export interface ArenaPlayer {
  readonly id: string;
  readonly rating: number;
  readonly sheet: ArenaSheet;
  readonly status: 'free' | 'playing' | 'paused';
  /** Asked to pause during a game: paused when it ends. */
  readonly pausing: boolean;
  readonly freeSince: number;
  /** Games with white minus games with black: the lower gets white. */
  readonly colourBalance: number;
  readonly lastOpponent: string | null;
}

export interface ArenaGame {
  readonly id: string;
  readonly white: string;
  readonly black: string;
  readonly startedAt: number;
}

export interface Arena {
  readonly settings: ArenaSettings;
  readonly players: ReadonlyMap<string, ArenaPlayer>;
  readonly games: ReadonlyMap<string, ArenaGame>;
  readonly gamesStarted: number;
}

export type ArenaFailure = 'not-running' | 'unknown-player' | 'already-joined' | 'unknown-game';
export type ArenaUpdate = { ok: true; arena: Arena } | { ok: false; error: ArenaFailure };

export const createArena = (settings: ArenaSettings): Arena => ({
  settings,
  players: new Map(),
  games: new Map(),
  gamesStarted: 0,
});

const running = (a: Arena, now: number) => now >= a.settings.startsAt && now < a.settings.endsAt;
const withPlayer = (a: Arena, p: ArenaPlayer): Arena => ({ ...a, players: new Map(a.players).set(p.id, p) });

/** Joins, or rejoins after a pause: the player is free from now on. */
export function join(a: Arena, id: string, rating: number, now: number): ArenaUpdate {
  if (now >= a.settings.endsAt) return { ok: false, error: 'not-running' };
  const p = a.players.get(id);
  if (p && p.status !== 'paused') return { ok: false, error: 'already-joined' };
  const base = p ?? { id, rating, sheet: EMPTY_SHEET, lastOpponent: null, colourBalance: 0 };
  return { ok: true, arena: withPlayer(a, { ...base, status: 'free', pausing: false, freeSince: now }) };
}

/** Pauses a free player (not paired again until they rejoin); a player in a game pauses after it. */
export function pause(a: Arena, id: string): ArenaUpdate {
  const p = a.players.get(id);
  if (!p) return { ok: false, error: 'unknown-player' };
  if (p.status === 'playing') return { ok: true, arena: withPlayer(a, { ...p, pausing: true }) };
  return { ok: true, arena: withPlayer(a, { ...p, status: 'paused' }) };
}

/** The standings: by points, then by rating; ranks from 0. */
export function standings(a: Arena): ArenaPlayer[] {
  return [...a.players.values()].sort(
    (x, y) => y.sheet.points - x.sheet.points || y.rating - x.rating || x.id.localeCompare(y.id),
  );
}

/** The time of the wave at or after `now`. */
export const nextWaveAt = (a: Arena, now: number): number =>
  a.settings.startsAt +
  Math.ceil(Math.max(0, now - a.settings.startsAt) / a.settings.waveMs) * a.settings.waveMs;

/** A pairing wave at `now`: the free players are paired and their games begin. */
export function wave(a: Arena, now: number): { arena: Arena; started: ArenaGame[] } {
  if (!running(a, now)) return { arena: a, started: [] };
  const table = standings(a);
  const free: FreePlayer[] = table.flatMap((p, rank) =>
    p.status === 'free'
      ? [{ id: p.id, rank, rating: p.rating, lastOpponent: p.lastOpponent, freeSince: p.freeSince }]
      : [],
  );
  if (free.length < 2) return { arena: a, started: [] };
  const players = new Map(a.players);
  const games = new Map(a.games);
  const started: ArenaGame[] = [];
  let n = a.gamesStarted;
  for (const [x, y] of pairWave(free, { standings: table.length })) {
    // White to the player who has had it less; between equals, to the better ranked.
    const [white, black] = players.get(y)!.colourBalance < players.get(x)!.colourBalance ? [y, x] : [x, y];
    const game = { id: `g${++n}`, white, black, startedAt: now };
    games.set(game.id, game);
    started.push(game);
    players.set(white, {
      ...players.get(white)!,
      status: 'playing',
      colourBalance: players.get(white)!.colourBalance + 1,
    });
    players.set(black, {
      ...players.get(black)!,
      status: 'playing',
      colourBalance: players.get(black)!.colourBalance - 1,
    });
  }
  return { arena: { ...a, players, games, gamesStarted: n }, started };
}

/** A game's end: both sheets are scored and both players are free again (or stay paused). */
export function finishGame(
  a: Arena,
  gameId: string,
  results: { readonly white: ArenaGameResult; readonly black: ArenaGameResult },
  now: number,
): ArenaUpdate {
  const game = a.games.get(gameId);
  if (!game) return { ok: false, error: 'unknown-game' };
  const players = new Map(a.players);
  for (const [id, other, r] of [
    [game.white, game.black, results.white],
    [game.black, game.white, results.black],
  ] as const) {
    const p = players.get(id)!;
    players.set(id, {
      ...p,
      sheet: scoreGame(p.sheet, r, a.settings.berserkMinMoves),
      status: p.pausing || p.status === 'paused' ? 'paused' : 'free',
      pausing: false,
      freeSince: now,
      lastOpponent: other,
    });
  }
  const games = new Map(a.games);
  games.delete(gameId);
  return { ok: true, arena: { ...a, players, games } };
}

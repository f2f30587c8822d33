/**
 * An arena on the tournament's log, as Lichess plays it: from the start until the end of its
 * duration the free players (entered, not paused, not in a game) are paired in waves, `waveMs`
 * apart; each wave is a `round-paired` event whose boards are its games, and a wave's round ends
 * when its last game does, so waves overlap. Players join late, pause (a withdrawal while the
 * arena runs) and come back (joining again) with their score and streak. At the end no game
 * starts; the games running finish and count, then the arena is finished. Scores follow
 * `arena/arena-scoring.ts` (2, 1, 0; doubled on fire; a berserk point), the standings break ties
 * by performance. Nothing here reads a clock.
 */
import type { ArenaOptions, ArenaPlayerStatus, ArenaStandingDto } from '../../../schema/tournaments.ts';
import { type FreePlayer, pairWave } from './arena/arena-pairing.ts';
import { type ArenaGameResult, type ArenaSheet, EMPTY_SHEET, scoreGame } from './arena/arena-scoring.ts';
import type { FormatRules } from './format-rules.ts';
import type { StandingRow } from './standings.ts';
import { startTimeOf } from './start-time.ts';
import { ratingDifference } from './tie-breaks.ts';
import type { Board, GameResult, Tournament, TournamentEvent, TournamentPlayer } from './tournament.ts';

type Decision =
  | { ok: true; events: TournamentEvent[] }
  | { ok: false; code: 'TOURNAMENT_FINISHED' | 'NOT_JOINED'; message: string };

export const DEFAULT_ARENA_WAVE_MS = 5_000;

export const arenaOptionsOf = (t: Tournament): ArenaOptions =>
  t.settings.arena ?? { minutes: 60, waveMs: DEFAULT_ARENA_WAVE_MS, berserk: false };

/** When the arena stops starting games (ms since the epoch); null until one started by hand starts. */
export function arenaEndsAt(t: Tournament): number | null {
  const from = startTimeOf(t);
  return from === null ? null : from + Math.round(arenaOptionsOf(t).minutes * 60_000);
}

/** Whether a running arena's time is up (a running arena has started: it has its end). */
const overAt = (t: Tournament, at: number): boolean => at >= (arenaEndsAt(t) ?? Number.POSITIVE_INFINITY);

interface Played {
  readonly round: number;
  readonly board: Board;
  readonly colour: 'white' | 'black';
}

/** Every player's games in the order played (a player is in one game at a time), in one pass. */
function gamesByPlayer(t: Tournament): Map<string, Played[]> {
  const games = new Map<string, Played[]>(t.players.map((p) => [p.userId, []]));
  for (const r of t.rounds)
    for (const board of r.boards) {
      games.get(board.white)?.push({ round: r.round, board, colour: 'white' });
      games.get(board.black)?.push({ round: r.round, board, colour: 'black' });
    }
  return games;
}

function statusOf(p: TournamentPlayer, games: readonly Played[]): ArenaPlayerStatus {
  if (games.some((g) => !g.board.result)) return 'playing';
  return p.paused || p.withdrawn ? 'paused' : 'free';
}

/** What one game was for one side, as arena scoring reads it. */
function arenaResult(t: Tournament, g: Played): ArenaGameResult {
  const r = g.board.result!;
  const other = g.colour === 'white' ? 'black' : 'white';
  const outcome = r[g.colour] > r[other] ? 'win' : r[g.colour] < r[other] ? 'loss' : 'draw';
  const berserk = arenaOptionsOf(t).berserk && (r.berserk?.[g.colour] ?? false);
  return { outcome, berserk, moves: r.moves?.[g.colour] ?? 0 };
}

/** A player's sheet after the games with results, in the order played. */
const sheetOf = (t: Tournament, games: readonly Played[]): ArenaSheet =>
  games.filter((g) => g.board.result).reduce((sheet, g) => scoreGame(sheet, arenaResult(t, g)), EMPTY_SHEET);

/** Performance over the games played (forfeits left out): opponents' average plus `dp`. */
function performance(games: readonly Played[], ratingOf: (id: string) => number): number {
  const played = games.filter((g) => g.board.result && !g.board.result.forfeit);
  if (played.length === 0) return 0;
  const opponents = played.map((g) => ratingOf(g.colour === 'white' ? g.board.black : g.board.white));
  const scored = played.reduce((sum, g) => sum + g.board.result![g.colour], 0);
  const average = opponents.reduce((a, b) => a + b, 0) / played.length;
  return Math.round(average + ratingDifference(scored / played.length));
}

export interface ArenaStanding extends StandingRow {
  readonly arena: ArenaStandingDto;
}

/** The standings by arena score, then performance; players level on both share a rank. */
export function arenaStandings(t: Tournament): ArenaStanding[] {
  const games = gamesByPlayer(t);
  const ratings = new Map(t.players.map((p) => [p.userId, p.rating]));
  const ratingOf = (id: string) => ratings.get(id) ?? 0;
  const rows = t.players.map((p, index) => {
    const mine = games.get(p.userId) ?? [];
    const sheet = sheetOf(t, mine);
    let streak = 0;
    for (const e of [...sheet.entries].reverse()) {
      if (e.outcome !== 'win') break;
      streak += 1;
    }
    const arena: ArenaStandingDto = {
      sheet: sheet.entries.map((e) => e.points),
      streak,
      fire: sheet.onFire,
      status: statusOf(p, mine),
      paused: !!p.paused || p.withdrawn,
      performance: performance(mine, ratingOf),
    };
    return { id: p.userId, index, score: sheet.points, arena };
  });
  const compare = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
    b.score - a.score || b.arena.performance - a.arena.performance;
  const sorted = [...rows].sort((a, b) => compare(a, b) || a.index - b.index);
  return sorted.map((r, i) => {
    let rank = i + 1;
    while (rank > 1 && compare(sorted[rank - 2]!, r) === 0) rank -= 1;
    return { rank, id: r.id, score: r.score, tieBreaks: {}, arena: r.arena };
  });
}

/** Joining a running arena: until its end; a paused player comes back. Null: the usual checks. */
export function arenaJoin(t: Tournament, userId: string, at: number): Decision | null {
  if (t.status !== 'running') return null;
  if (overAt(t, at)) return { ok: false, code: 'TOURNAMENT_FINISHED', message: 'the arena is over' };
  const p = t.players.find((x) => x.userId === userId);
  if (p?.paused) return { ok: true, events: [{ type: 'player-returned', at, userId }] };
  return null;
}

/** A withdrawal from a running arena is a pause: the player keeps their place and may come back. */
export function arenaPause(t: Tournament, userId: string, at: number): Decision {
  const p = t.players.find((x) => x.userId === userId);
  if (!p || p.paused) return { ok: false, code: 'NOT_JOINED', message: 'you are not playing in this arena' };
  return { ok: true, events: [{ type: 'player-paused', at, userId }] };
}

/**
 * What time asks of a running arena: a wave when `waveMs` has passed since the last one (the
 * first at the start) and two or more players are free; at the end, once no game is running, the finish.
 */
export function arenaNext(t: Tournament, now: number): TournamentEvent[] {
  // Ended early by staff: no more waves; `finishIfEndedEarly` finishes it once its games are over.
  if (t.status !== 'running' || t.staff.endedEarlyAt !== null) return [];
  if (overAt(t, now)) return endIfQuiet(t, now);
  const last = t.rounds.at(-1);
  // The first wave comes at the start; the next ones `waveMs` after the one before.
  if (last && now < last.pairedAt + arenaOptionsOf(t).waveMs) return [];
  const boards = pairArenaWave(t);
  if (boards.length === 0) return [];
  return [{ type: 'round-paired', at: now, round: (last?.round ?? 0) + 1, boards, byes: [] }];
}

/** The free players paired by `pairWave`; white to the one who has had it less. */
export function pairArenaWave(t: Tournament): Array<{ white: string; black: string }> {
  const table = arenaStandings(t);
  const games = gamesByPlayer(t);
  const players = new Map(t.players.map((p) => [p.userId, p]));
  const free: FreePlayer[] = table.flatMap((row, rank) => {
    const p = players.get(row.id)!;
    if (row.arena.status !== 'free') return [];
    const lastGame = games.get(p.userId)!.at(-1);
    const lastOpponent = lastGame
      ? lastGame.colour === 'white'
        ? lastGame.board.black
        : lastGame.board.white
      : null;
    const freeSince = Math.max(p.joinedAt, p.returnedAt ?? 0, lastGame?.board.resultAt ?? 0);
    return [{ id: p.userId, rank, rating: p.rating, lastOpponent, freeSince }];
  });
  if (free.length < 2) return [];
  const balance = (id: string) => games.get(id)!.reduce((sum, g) => sum + (g.colour === 'white' ? 1 : -1), 0);
  return pairWave(free, { standings: table.length }).map(([x, y]) =>
    balance(y) < balance(x) ? { white: y, black: x } : { white: x, black: y },
  );
}

/**
 * The result of the arena game `gameId`: its wave's end when it was the wave's last game, and the
 * arena's end when it was the last game running after the end. A player who did not come to their
 * game is paused, as one who left. Nothing for a game not the arena's, or already in.
 */
export function arenaResultEvents(
  t: Tournament,
  gameId: string,
  result: GameResult,
  at: number,
): TournamentEvent[] {
  const round = t.rounds.find((r) => r.boards.some((b) => b.gameId === gameId));
  const board = round?.boards.findIndex((b) => b.gameId === gameId) ?? -1;
  if (!round || round.boards[board]!.result) return [];
  const events: TournamentEvent[] = [{ type: 'result', at, round: round.round, board, gameId, result }];
  if (round.boards.every((b, i) => i === board || b.result))
    events.push({ type: 'round-ended', at, round: round.round });
  const b = round.boards[board]!;
  if (result.forfeit)
    for (const [userId, points] of [
      [b.white, result.white],
      [b.black, result.black],
    ] as const) {
      const p = t.players.find((x) => x.userId === userId);
      if (points === 0 && p && !p.paused) events.push({ type: 'player-paused', at, userId });
    }
  const running = t.rounds.some((r) => r.boards.some((x) => x !== b && !x.result));
  if (overAt(t, at) && !running) events.push({ type: 'finished', at, reason: 'completed' });
  return events;
}

function endIfQuiet(t: Tournament, now: number): TournamentEvent[] {
  const running = t.rounds.some((r) => r.boards.some((b) => !b.result));
  return running ? [] : [{ type: 'finished', at: now, reason: 'completed' }];
}

/** The arena: waves of its own pace from the start to its end, entries and pauses while it runs. */
export const ARENA: FormatRules = {
  called: 'an arena',
  lateEntries: true,
  halfPointByes: false,
  startsShortHanded: true,
  overlappingRounds: true,
  enter: arenaJoin,
  leaveRunning: arenaPause,
  totalRounds: () => null,
  due: arenaNext,
  resultEvents: arenaResultEvents,
  standings: arenaStandings,
};

/**
 * Tie-breaks as FIDE defines them (Handbook C.07, the 2023 regulations), in our reading:
 * - an opponent's score for Buchholz and Sonneborn–Berger is their *adjusted* score: points from
 *   games played, and every round they did not play counted as a draw;
 * - a round the player did not play counts against a dummy opponent whose score is the player's
 *   own final score;
 * - cuts drop the lowest contributions (median also drops the highest).
 */
import { TOURNAMENT_TIE_BREAKS, type TournamentTieBreak } from '../../../schema/tournaments.ts';
import { byId, type PlayerRecord, scoreOf } from './crosstable.ts';

// The vocabulary is the wire's (schema/tournaments.ts), named here as the computation reads it.
export const TIE_BREAKS = TOURNAMENT_TIE_BREAKS;
export type TieBreak = TournamentTieBreak;

/** FIDE's table of rating differences by fractional score (B.02, 8.1a), for p from 0.50 to 1.00. */
const DP = [
  0, 7, 14, 21, 29, 36, 43, 50, 57, 65, 72, 80, 87, 95, 102, 110, 117, 125, 133, 141, 149, 158, 166, 175, 184,
  193, 202, 211, 220, 230, 240, 251, 262, 273, 284, 296, 309, 322, 336, 351, 366, 383, 401, 422, 444, 470,
  501, 538, 589, 677, 800,
];

/** The rating difference for a fractional score p (0..1), rounded to two decimals first. */
export function ratingDifference(p: number): number {
  const hundredths = Math.round(p * 100);
  return hundredths >= 50 ? DP[hundredths - 50]! : -DP[50 - hundredths]!;
}

/** A player's score with every unplayed round counted as a draw: what they are worth as an opponent. */
export const adjustedScore = (p: PlayerRecord): number =>
  p.rounds.reduce((s, r) => s + (r.played ? r.points : 0.5), 0);

/** Per round: the opponent's adjusted score, or the player's own score for a round not played. */
function opponentValues(p: PlayerRecord, find: (id: string) => PlayerRecord): number[] {
  const own = scoreOf(p);
  return p.rounds.map((r) => (r.played ? adjustedScore(find(r.opponent)) : own));
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const sortedAsc = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** Computes one tie-break for every player. */
export function tieBreakValues(tb: TieBreak, players: readonly PlayerRecord[]): Map<string, number> {
  const find = byId(players);
  const out = new Map<string, number>();
  if (tb === 'direct-encounter') return directEncounter(players);
  for (const p of players) out.set(p.id, value(tb, p, find));
  return out;
}

function value(
  tb: Exclude<TieBreak, 'direct-encounter'>,
  p: PlayerRecord,
  find: (id: string) => PlayerRecord,
): number {
  const played = p.rounds.filter((r) => r.played);
  switch (tb) {
    case 'buchholz':
      return sum(opponentValues(p, find));
    case 'buchholz-cut1':
      return sum(sortedAsc(opponentValues(p, find)).slice(1));
    case 'median-buchholz': {
      const v = sortedAsc(opponentValues(p, find));
      return v.length <= 2 ? 0 : sum(v.slice(1, -1));
    }
    case 'sonneborn-berger': {
      const v = opponentValues(p, find);
      return sum(p.rounds.map((r, i) => v[i]! * r.points));
    }
    case 'wins':
      return p.rounds.filter((r) => r.points === 1).length;
    case 'games-won':
      return played.filter((r) => r.points === 1).length;
    case 'wins-with-black':
      return played.filter((r) => r.points === 1 && r.colour === 'black').length;
    case 'average-rating-of-opponents':
      return averageRatingOfOpponents(p, find);
    case 'performance-rating': {
      if (played.length === 0) return 0;
      const pts = sum(played.map((r) => r.points));
      return averageRatingOfOpponents(p, find) + ratingDifference(pts / played.length);
    }
  }
}

function averageRatingOfOpponents(p: PlayerRecord, find: (id: string) => PlayerRecord): number {
  const ratings = p.rounds.flatMap((r) => (r.played ? [find(r.opponent).rating] : []));
  return ratings.length === 0 ? 0 : Math.round(sum(ratings) / ratings.length);
}

/**
 * Direct encounter: among players level on points, the points each scored in games between them,
 * when every pair of them has met; a group whose members have not all met stays level (0).
 */
function directEncounter(players: readonly PlayerRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  const groups = new Map<number, PlayerRecord[]>();
  for (const p of players) groups.set(scoreOf(p), [...(groups.get(scoreOf(p)) ?? []), p]);
  for (const group of groups.values()) {
    const ids = new Set(group.map((p) => p.id));
    const met = (a: PlayerRecord, b: string) => a.rounds.some((r) => r.played && r.opponent === b);
    const complete = group.every((a) => group.every((b) => a === b || met(a, b.id)));
    for (const p of group) {
      const pts = p.rounds.reduce((s, r) => s + (r.played && ids.has(r.opponent) ? r.points : 0), 0);
      out.set(p.id, group.length > 1 && complete ? pts : 0);
    }
  }
  return out;
}

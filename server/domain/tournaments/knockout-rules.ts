/**
 * A knockout tournament as its log makes it. The bracket is not stored: it follows from the
 * tournament's options and its seeds (fixed at the start, by rating), and what happened in it
 * follows from the games of the log, each tagged with its match. Each round of the tournament is
 * one game of every match that can be played at the time; a match of several games gets its next
 * game in the round after, so a winner goes on as soon as their match is decided. Nothing here
 * reads a clock or writes anything: `tournament-rules.ts` turns these answers into events.
 */
import type { BracketMatchStatus, KnockoutOptions } from '../../../schema/tournaments.ts';
import { type Bracket, doubleElimination, singleElimination } from './bracket.ts';
import {
  type BracketState,
  type MatchResult,
  type MatchStatus,
  type MatchView,
  placings,
  resolveBracket,
} from './bracket-state.ts';
import type { FormatRules, KnockoutStage } from './format-rules.ts';
import { type GameKind, type GameScore, knockoutMatchStatus } from './knockout-match.ts';
import { roundResultEvents } from './round-records.ts';
import type { StandingRow } from './standings.ts';
import {
  applyEvent,
  type Board,
  type GameResult,
  type MatchGame,
  type Tournament,
  type TournamentEvent,
} from './tournament.ts';

/** A knockout's options where its creator gave none. */
export const DEFAULT_KNOCKOUT: KnockoutOptions = {
  elimination: 'single',
  games: 1,
  tieBreakGames: 0,
  tieBreakSets: 1,
  decider: 'sudden-death',
  thirdPlace: false,
  grandFinalReset: true,
};

export const knockoutOptionsOf = (t: Tournament): KnockoutOptions => t.settings.knockout ?? DEFAULT_KNOCKOUT;

/** The bracket of `players` seeds as the options shape it. */
export function bracketFor(options: KnockoutOptions, players: number): Bracket {
  return options.elimination === 'double'
    ? doubleElimination(players, { grandFinalReset: options.grandFinalReset })
    : singleElimination(players, { thirdPlace: options.thirdPlace });
}

/** A game of a match, and where the tournament's rounds hold it. */
export interface KnockoutGame {
  readonly round: number;
  readonly board: number;
  readonly game: number;
  readonly kind: GameKind;
  readonly at: Board;
}

/** How a match was decided: over the board (forfeits are games), by a withdrawal, or by a bye. */
export type DecidedBy = 'games' | 'withdrawal' | 'bye';

export interface KnockoutMatch {
  readonly view: MatchView;
  readonly games: readonly KnockoutGame[];
  /** Points of sides a and b over the games with a result. */
  readonly score: readonly [number, number];
  readonly decidedBy: DecidedBy | null;
  /** The game to make next: the match is being played and none of its games is on. */
  readonly next: { readonly game: number; readonly kind: GameKind; readonly aHasWhite: boolean } | null;
}

export interface KnockoutView {
  readonly options: KnockoutOptions;
  /** The bracket's players in seed order. */
  readonly seeds: readonly string[];
  readonly bracket: Bracket;
  readonly state: BracketState;
  /** Every match of the bracket, in its order. */
  readonly matches: ReadonlyMap<string, KnockoutMatch>;
  /** Every match decided, a walkover or void: nothing is left to play. */
  readonly complete: boolean;
}

/** A match's status in the API's and the room's words. */
export const BRACKET_STATUS: Readonly<Record<MatchStatus, BracketMatchStatus>> = {
  waiting: 'waiting',
  ready: 'playing',
  done: 'decided',
  walkover: 'walkover',
  void: 'void',
};

type Placed = { round: number; board: number; at: Board & { match: MatchGame } };

/**
 * The bracket of `stage` with the results so far (undefined without a stage, or with fewer than
 * two seeds: before the start). The games of the log tagged with a match are the bracket's; the
 * others (a group stage's) are not. A match is decided by its games first; a match that its games
 * have not decided and of which no game is on is lost by a player who withdrew (by both if both did).
 */
export function bracketView(t: Tournament, stage: KnockoutStage | undefined): KnockoutView | undefined {
  if (!stage || stage.seeds.length < 2) return undefined;
  const { options, seeds } = stage;
  const bracket = bracketFor(options, seeds.length);
  const placed = new Map<string, Placed[]>();
  for (const r of t.rounds)
    r.boards.forEach((at, board) => {
      if (!at.match) return;
      const list = placed.get(at.match.id) ?? [];
      list.push({ round: r.round, board, at: at as Placed['at'] });
      placed.set(at.match.id, list);
    });
  const withdrawn = new Set(t.players.filter((p) => p.withdrawn).map((p) => p.userId));
  const results: Record<string, MatchResult> = {};
  const by = new Map<string, DecidedBy>();
  let state = resolveBracket(bracket, seeds, results);
  // A decision can make a later match ready, which a withdrawal may decide in turn.
  for (let changed = true; changed; ) {
    changed = false;
    for (const v of state.matches.values()) {
      if (v.status !== 'ready') continue;
      const decided = decide(options, v, placed.get(v.match.id) ?? [], withdrawn);
      if (!decided) continue;
      results[v.match.id] = decided.result;
      by.set(v.match.id, decided.by);
      changed = true;
    }
    if (changed) state = resolveBracket(bracket, seeds, results);
  }
  const matches = new Map<string, KnockoutMatch>();
  for (const v of state.matches.values())
    matches.set(v.match.id, matchOf(options, v, placed.get(v.match.id) ?? [], by.get(v.match.id)));
  const complete = [...state.matches.values()].every((v) => v.status !== 'waiting' && v.status !== 'ready');
  return { options, seeds, bracket, state, matches, complete };
}

/** Side a's score in a game (null: neither scored, a game both lost by forfeit). */
function scoreOfA(v: MatchView, at: Board): GameScore | null {
  const r = at.result!;
  if (r.forfeit && r.white === 0 && r.black === 0) return null;
  const [a, b] = at.white === v.a ? [r.white, r.black] : [r.black, r.white];
  return a > b ? 1 : a < b ? 0 : 0.5;
}

type NextGame = NonNullable<KnockoutMatch['next']>;

/** What a match's games say: decided (by them), a game on, or the next game to make. */
type Reading = {
  games: KnockoutGame[];
  score: [number, number];
  outcome: { decided: MatchResult } | { on: true } | { next: NextGame };
};

/**
 * Reads a match's games in order. Games after the one that decided it (only a result changed
 * afterwards could leave any) do not count.
 */
function read(options: KnockoutOptions, v: MatchView, placed: readonly Placed[]): Reading {
  const scores: GameScore[] = [];
  const score: [number, number] = [0, 0];
  const games: KnockoutGame[] = [];
  for (const g of placed) {
    const before = knockoutMatchStatus(options, scores);
    if (before.status === 'decided') break;
    games.push({ round: g.round, board: g.board, game: g.at.match.game, kind: before.kind, at: g.at });
    const r = g.at.result;
    if (!r) return { games, score, outcome: { on: true } };
    const aWhite = g.at.white === v.a;
    score[0] += aWhite ? r.white : r.black;
    score[1] += aWhite ? r.black : r.white;
    const s = scoreOfA(v, g.at);
    if (s === null) return { games, score, outcome: { decided: 'neither' } };
    scores.push(s);
  }
  const status = knockoutMatchStatus(options, scores);
  if (status.status === 'decided') return { games, score, outcome: { decided: status.winner } };
  return {
    games,
    score,
    outcome: { next: { game: status.game, kind: status.kind, aHasWhite: status.aHasWhite } },
  };
}

function decide(
  options: KnockoutOptions,
  v: MatchView,
  placed: readonly Placed[],
  withdrawn: ReadonlySet<string>,
): { result: MatchResult; by: DecidedBy } | undefined {
  const { outcome } = read(options, v, placed);
  if ('decided' in outcome) return { result: outcome.decided, by: 'games' };
  if ('on' in outcome) return undefined;
  const outA = withdrawn.has(v.a as string);
  const outB = withdrawn.has(v.b as string);
  if (!outA && !outB) return undefined;
  return { result: outA && outB ? 'neither' : outA ? 'b' : 'a', by: 'withdrawal' };
}

function matchOf(
  options: KnockoutOptions,
  v: MatchView,
  placed: readonly Placed[],
  decidedBy: DecidedBy | undefined,
): KnockoutMatch {
  const { games, score, outcome } = read(options, v, placed);
  const next = v.status === 'ready' && 'next' in outcome ? outcome.next : null;
  const by = v.status === 'walkover' ? 'bye' : v.status === 'done' ? (decidedBy ?? null) : null;
  return { view: v, games, score, decidedBy: by, next };
}

/** The next round's games: the next game of every match being played, in the bracket's order. */
function bracketPairing(
  view: KnockoutView | undefined,
): Array<{ white: string; black: string; match: MatchGame }> {
  if (!view) return [];
  return [...view.matches.values()].flatMap((m) => {
    if (!m.next) return [];
    const [a, b] = [m.view.a as string, m.view.b as string];
    const [white, black] = m.next.aHasWhite ? [a, b] : [b, a];
    return [{ white, black, match: { id: m.view.match.id, game: m.next.game } }];
  });
}

/** Round `round` of a bracket: the next game of every match being played, or the finish when none is left. */
export function bracketRound(view: KnockoutView | undefined, round: number, at: number): TournamentEvent[] {
  const boards = bracketPairing(view);
  if (boards.length === 0) return [{ type: 'finished', at, reason: 'completed' }];
  return [{ type: 'round-paired', at, round, boards, byes: [] }];
}

/**
 * The events of a result in a bracket's round (the result, the end of its round), and the end of
 * the tournament when they decide its last match.
 */
export function bracketResultEvents(
  t: Tournament,
  gameId: string,
  result: GameResult,
  at: number,
  stageOf: (t: Tournament) => KnockoutStage | undefined,
): TournamentEvent[] {
  const events = roundResultEvents(t, gameId, result, at);
  if (!events.some((e) => e.type === 'round-ended')) return events;
  const after = events.reduce(applyEvent, t);
  if (!bracketView(after, stageOf(after))?.complete) return events;
  return [...events, { type: 'finished', at, reason: 'completed' }];
}

/** Every player's points over the games they played (forfeits included), in every round. */
export function pointsOf(t: Tournament): Map<string, number> {
  const points = new Map<string, number>();
  const add = (id: string, p: number) => points.set(id, (points.get(id) ?? 0) + p);
  for (const r of t.rounds)
    for (const b of r.boards)
      if (b.result) {
        add(b.white, b.result.white);
        add(b.black, b.result.black);
      }
  return points;
}

/**
 * The standings of a bracket's players: by the stage reached (the champion first, the other
 * finalist second, then the third-place match's winner and loser, or the losing semi-finalists
 * sharing third, …); players still in share the first rank until it is decided. Score: their
 * points over the games they played (forfeits included). Equal places keep the seeds' order.
 * Before the bracket exists, every player is ranked first, in order of entry.
 */
export function bracketStandings(t: Tournament, stage: KnockoutStage | undefined): StandingRow[] {
  const points = pointsOf(t);
  const view = bracketView(t, stage);
  const ids = view && stage ? stage.seeds : t.players.map((p) => p.userId);
  const places =
    view && stage ? placings(view.bracket, view.state, stage.seeds) : new Map<string, number | null>();
  return ids
    .map((id, seed) => ({ id, seed, rank: places.get(id) ?? 1 }))
    .sort((x, y) => x.rank - y.rank || x.seed - y.seed)
    .map(({ id, rank }) => ({ rank, id, score: points.get(id) ?? 0, tieBreaks: {} }));
}

/** A knockout seeds its bracket by rating at the start. */
const knockoutStage = (t: Tournament): KnockoutStage => ({ seeds: t.seeds, options: knockoutOptionsOf(t) });

/** The knockout: one bracket of every player, a round being one game of every match on. */
export const KNOCKOUT: FormatRules = {
  called: 'a knockout',
  lateEntries: false,
  halfPointByes: false,
  startsShortHanded: false,
  overlappingRounds: false,
  // As many rounds as its matches need: one game of each match a round.
  totalRounds: () => null,
  pairRound: (t, round, at) => bracketRound(bracketView(t, knockoutStage(t)), round, at),
  resultEvents: (t, gameId, result, at) => bracketResultEvents(t, gameId, result, at, knockoutStage),
  standings: (t) => bracketStandings(t, knockoutStage(t)),
  knockoutStage,
};

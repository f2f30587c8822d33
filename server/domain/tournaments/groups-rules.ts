/**
 * Groups then knockout (the World Cup shape) on the tournament's log. At the start the players
 * are drawn into groups by serpentine seeding (`groups-drawn`); every group plays its round robin
 * (`groups.ts`), all groups' round n together as the tournament's round n, and a group's table is
 * ordered by score, then the tournament's tie-breaks. Once the longest table is played, the top
 * players of every group are seeded into a knockout bracket (`knockout-seeded`: winners first,
 * then runners-up, …), which is then played exactly as a knockout (`knockout-rules.ts`). Both
 * stages are events of the log, so a rebuilt tournament has the same groups and the same bracket.
 */
import type { GroupsOptions } from '../../../schema/tournaments.ts';
import type { FormatRules, KnockoutStage } from './format-rules.ts';
import { drawGroups, groupSchedule, knockoutSeeds } from './groups.ts';
import {
  bracketResultEvents,
  bracketRound,
  bracketStandings,
  bracketView,
  DEFAULT_KNOCKOUT,
  pointsOf,
} from './knockout-rules.ts';
import { roundEntry, roundResultEvents } from './round-records.ts';
import { scheduledRound } from './round-robin-rules.ts';
import { type StandingRow, standings } from './standings.ts';
import { applyEvent, playerOf, type Tournament, type TournamentEvent } from './tournament.ts';

/** Groups of four, two of each going on, where the creator said nothing. */
export const DEFAULT_GROUPS: GroupsOptions = { count: null, size: 4, advance: 2 };

export const groupsOptionsOf = (t: Tournament): GroupsOptions => t.settings.groups ?? DEFAULT_GROUPS;

/**
 * How many groups `players` players make: the number asked, or as many as groups of at most
 * `size` need; never more than one group for every two players (fewer entered than the groups
 * were made for: the groups are fewer, not smaller than two).
 */
export function groupCount(options: GroupsOptions, players: number): number {
  const wanted = options.count ?? Math.ceil(players / Math.max(2, options.size ?? 2));
  return Math.max(1, Math.min(wanted, Math.floor(players / 2)));
}

/** A group's rounds: its Berger table's, twice over in a double round robin. */
const roundsOf = (t: Tournament, group: readonly string[]) => groupSchedule(group, t.settings.double).length;

/** The rounds of the group stage: the longest group's table (a smaller group rests at the end). */
export function groupStageRounds(t: Tournament): number {
  return Math.max(0, ...(t.groups ?? []).map((g) => roundsOf(t, g)));
}

/**
 * A group's table after the rounds of its round robin that have ended: by score, then the
 * tournament's tie-breaks, computed among the group's own games; players level on everything
 * keep the seeds' order.
 */
export function groupStandings(t: Tournament, group: readonly string[]): StandingRow[] {
  const rounds = roundsOf(t, group);
  const played = t.rounds.filter((r) => r.ended && r.round <= rounds);
  const records = group.map((id) => ({
    id,
    rating: playerOf(t, id)?.rating ?? 0,
    rounds: played.map((r) => roundEntry(r, id)),
  }));
  return standings(records, t.settings.tieBreaks);
}

/** Who of a group goes on: the top `advance` of its final table who have not withdrawn. */
export function qualifiersOf(t: Tournament, group: readonly string[]): string[] {
  const order = groupStandings(t, group).map((r) => r.id);
  return order.filter((id) => !playerOf(t, id)?.withdrawn).slice(0, groupsOptionsOf(t).advance);
}

const stageOf = (t: Tournament): KnockoutStage | undefined =>
  t.knockoutSeeds ? { seeds: t.knockoutSeeds, options: t.settings.knockout ?? DEFAULT_KNOCKOUT } : undefined;

/** Round `round` of the group stage: that round of every group whose table has it. */
function groupRound(t: Tournament, round: number, at: number): TournamentEvent[] {
  const active = t.seeds.filter((id) => !playerOf(t, id)?.withdrawn);
  if (active.length < 2) return [{ type: 'finished', at, reason: 'completed' }];
  const parts = (t.groups ?? []).flatMap((group) => {
    const scheduled = groupSchedule(group, t.settings.double)[round - 1];
    return scheduled ? [scheduledRound(t, scheduled)] : [];
  });
  const boards = parts.flatMap((p) => p.boards);
  const byes = parts.flatMap((p) => p.byes);
  return [{ type: 'round-paired', at, round, boards, byes }];
}

/**
 * The next round: of the groups while their tables last; then the knockout's seeds from the
 * groups' final tables and the bracket's first round; then the bracket's next.
 */
function pairRound(t: Tournament, round: number, at: number): TournamentEvent[] {
  if (t.knockoutSeeds) return bracketRound(bracketView(t, stageOf(t)), round, at);
  if (round <= groupStageRounds(t)) return groupRound(t, round, at);
  const { advance } = groupsOptionsOf(t);
  const orders = (t.groups ?? []).map((g) => qualifiersOf(t, g));
  const seeded: TournamentEvent = { type: 'knockout-seeded', at, seeds: knockoutSeeds(orders, advance) };
  const after = applyEvent(t, seeded);
  return [seeded, ...bracketRound(bracketView(after, stageOf(after)), round, at)];
}

/**
 * The standings of the whole tournament: the knockout's players by the stage they reached, then
 * the players the groups left behind, by their place in their group (all the thirds share a rank,
 * then the fourths, …; within a place by score). During the group stage, everyone by group
 * place. Score: all the points a player made, groups and knockout.
 */
function groupsKnockoutStandings(t: Tournament): StandingRow[] {
  if (!t.groups) return bracketStandings(t, undefined);
  const points = pointsOf(t);
  const seeds = t.knockoutSeeds ?? [];
  // A lone qualifier (too few players came for more groups) has no bracket to play: they won it.
  const bracket =
    seeds.length === 1
      ? [{ rank: 1, id: seeds[0]!, score: points.get(seeds[0]!) ?? 0, tieBreaks: {} }]
      : seeds.length > 1
        ? bracketStandings(t, stageOf(t))
        : [];
  const through = new Set(bracket.map((r) => r.id));
  // A place is a row of the group's table, in the order that decided who went on.
  const rest = t.groups
    .flatMap((g) => groupStandings(t, g).map((r, place) => ({ ...r, place })))
    .filter((r) => !through.has(r.id))
    .map((r) => ({ ...r, score: points.get(r.id) ?? 0, seed: t.seeds.indexOf(r.id) }))
    .sort((a, b) => a.place - b.place || b.score - a.score || a.seed - b.seed);
  const below = rest.map(({ place, id, score, tieBreaks }) => ({
    rank: bracket.length + 1 + rest.filter((r) => r.place < place).length,
    id,
    score,
    tieBreaks,
  }));
  return [...bracket, ...below];
}

/** Groups then knockout: no late entries, no byes asked; rounds not counted in advance. */
export const GROUPS_KNOCKOUT: FormatRules = {
  called: 'a tournament of groups then a knockout',
  lateEntries: false,
  halfPointByes: false,
  startsShortHanded: false,
  overlappingRounds: false,
  totalRounds: () => null,
  afterStart: (t, at) => {
    const entrants = t.seeds.map((id) => ({ id, rating: playerOf(t, id)!.rating }));
    const groups = drawGroups(entrants, groupCount(groupsOptionsOf(t), entrants.length));
    return [{ type: 'groups-drawn', at, groups }];
  },
  pairRound,
  resultEvents: (t, gameId, result, at) =>
    t.knockoutSeeds
      ? bracketResultEvents(t, gameId, result, at, stageOf)
      : roundResultEvents(t, gameId, result, at),
  standings: groupsKnockoutStandings,
  knockoutStage: stageOf,
};

/**
 * Groups then knockout (the World Cup shape): players are drawn into groups by serpentine seeding
 * (group 1 takes seeds 1 and 2G, group 2 seeds 2 and 2G − 1, …), each group plays a round robin,
 * and the top k of every group go into a knockout bracket: all group winners first, then all
 * runners-up, and so on, each place in group order. With an even number of groups the standard
 * bracket order then never pairs two players of one group in the first knockout round.
 */

import { bergerTable, type RoundRobinRound } from './round-robin.ts';
import { bracketOrder, bracketSize, type Entrant, seedByRating } from './seeding.ts';

/** Draws the entrants (by rating) into `count` groups whose sizes differ by one at most. */
export function drawGroups(entrants: readonly Entrant[], count: number): string[][] {
  if (!Number.isInteger(count) || count < 1 || count * 2 > entrants.length)
    throw new RangeError(`${entrants.length} players cannot make ${count} groups of two or more`);
  const groups: string[][] = Array.from({ length: count }, () => []);
  seedByRating(entrants).forEach((e, i) => {
    const lap = Math.floor(i / count);
    const at = i % count;
    groups[lap % 2 === 0 ? at : count - 1 - at]!.push(e.id);
  });
  return groups;
}

/** A group's schedule: its Berger table with draw numbers replaced by the group's members. */
export function groupSchedule(
  group: readonly string[],
  double = false,
): { round: number; games: [string, string][]; bye: string | null }[] {
  return bergerTable(group.length, { double }).map((r: RoundRobinRound) => ({
    round: r.round,
    games: r.boards.map((b) => [group[b.white - 1]!, group[b.black - 1]!] as [string, string]),
    bye: r.bye === null ? null : group[r.bye - 1]!,
  }));
}

/** The knockout seeds from the groups' final orders: every group's winner in group order, then every runner-up, … */
export function knockoutSeeds(finalOrders: readonly (readonly string[])[], perGroup: number): string[] {
  const seeds: string[] = [];
  for (let place = 0; place < perGroup; place++)
    for (const order of finalOrders) if (order[place] !== undefined) seeds.push(order[place]!);
  return seeds;
}

/** First-round meetings of the knockout between players of one group (none with an even number of groups). */
export function sameGroupFirstRound(
  finalOrders: readonly (readonly string[])[],
  perGroup: number,
): [string, string][] {
  const seeds = knockoutSeeds(finalOrders, perGroup);
  const groupOf = new Map(finalOrders.flatMap((o, g) => o.map((id) => [id, g] as const)));
  const order = bracketOrder(bracketSize(seeds.length));
  const clashes: [string, string][] = [];
  for (let i = 0; i < order.length; i += 2) {
    const [a, b] = [seeds[order[i]! - 1], seeds[order[i + 1]! - 1]];
    if (a && b && groupOf.get(a) === groupOf.get(b)) clashes.push([a, b]);
  }
  return clashes;
}

import type { Ticket } from './matchmaking.ts';
import { ticketRating } from './matchmaking-quality.ts';

/**
 * Assignments tried before `balanceTeams` settles for the best split found so far. Exhaustive for
 * matches of up to about 12 tickets; beyond, the first splits tried are the greedy ones (each
 * ticket, largest parties first, onto the lightest team with room), so the answer stays good.
 */
const SPLIT_BUDGET = 20_000;

interface Item {
  ticket: Ticket;
  size: number;
  /** Sum of the members' ratings. */
  sum: number;
}

/**
 * Splits whole tickets into `teams` teams of exactly `teamSize` players each, choosing the split
 * that minimises the difference between the highest and lowest team mean rating. Parties are kept
 * whole. Undefined when the tickets do not add up to `teams × teamSize` players or cannot be packed
 * (e.g. two parties of 2 for teams of 3).
 *
 * @example balanceTeams([a1500, b1400, c1600, d1500], 2, 2) // [[c1600, b1400], [a1500, d1500]] (some order)
 */
export function balanceTeams(
  tickets: readonly Ticket[],
  teams: number,
  teamSize: number,
): Ticket[][] | undefined {
  const items: Item[] = tickets.map((ticket) => ({
    ticket,
    size: ticket.members.length,
    sum: ticketRating(ticket) * ticket.members.length,
  }));
  let players = 0;
  for (const item of items) players += item.size;
  if (players !== teams * teamSize) return undefined;
  items.sort((a, b) => b.size - a.size || b.sum - a.sum);

  const loads = new Array<number>(teams).fill(0);
  const sums = new Array<number>(teams).fill(0);
  const assignment = new Array<number>(items.length).fill(0);
  let best: number[] | undefined;
  let bestSpread = Number.POSITIVE_INFINITY;
  let nodes = 0;

  const visit = (index: number): void => {
    if (nodes++ >= SPLIT_BUDGET || bestSpread === 0) return;
    if (index === items.length) {
      const spread = Math.max(...sums) - Math.min(...sums);
      if (spread < bestSpread) {
        bestSpread = spread;
        best = assignment.slice();
      }
      return;
    }
    const item = items[index]!;
    const order = sums.map((_, team) => team).sort((a, b) => sums[a]! - sums[b]!);
    let triedEmpty = false;
    for (const team of order) {
      if (loads[team]! + item.size > teamSize) continue;
      // Empty teams are interchangeable: trying one of them is enough.
      if (loads[team] === 0) {
        if (triedEmpty) continue;
        triedEmpty = true;
      }
      loads[team]! += item.size;
      sums[team]! += item.sum;
      assignment[index] = team;
      visit(index + 1);
      loads[team]! -= item.size;
      sums[team]! -= item.sum;
    }
  };
  visit(0);

  if (!best) return undefined;
  const result: Ticket[][] = Array.from({ length: teams }, () => []);
  for (let i = 0; i < items.length; i++) result[best[i]!]!.push(items[i]!.ticket);
  return result;
}

/** The highest minus the lowest team mean rating (each team's mean over its members); 0 for one team. */
export function teamImbalance(teams: readonly (readonly Ticket[])[]): number {
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (const team of teams) {
    let sum = 0;
    let players = 0;
    for (const ticket of team) {
      sum += ticketRating(ticket) * ticket.members.length;
      players += ticket.members.length;
    }
    if (players === 0) continue;
    const mean = sum / players;
    if (mean < lowest) lowest = mean;
    if (mean > highest) highest = mean;
  }
  return highest === Number.NEGATIVE_INFINITY ? 0 : highest - lowest;
}

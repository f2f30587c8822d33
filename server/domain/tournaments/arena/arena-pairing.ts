/**
 * An arena's pairing wave: the free players are paired by a minimum-cost matching in which a pair
 * costs its distance in the standings (weighted more near the top) plus its rating difference; two
 * players who just played each other are not paired again while others are free. Large waves are
 * cut into blocks of neighbours in the standings, each matched on its own, so a wave of a thousand
 * players costs a few milliseconds.
 */
import { maximumWeightMatching, type WeightedEdge } from '../weighted-matching.ts';

export interface FreePlayer {
  readonly id: string;
  /** Position in the standings, from 0 (the leader). */
  readonly rank: number;
  readonly rating: number;
  /** The opponent of the player's last game, if any. */
  readonly lastOpponent: string | null;
  /** When the player became free (ms): the one left out of an odd wave is the latest to arrive. */
  readonly freeSince: number;
}

export interface ArenaPairingOptions {
  /** Players in the standings (for the rank weight); defaults to the number of free players. */
  readonly standings?: number;
  /** Most players matched together; larger waves are cut into blocks. */
  readonly blockSize?: number;
}

/** A pair's cost: closeness in the standings matters more at the top, then closeness in rating. */
export function pairCost(a: FreePlayer, b: FreePlayer, standings: number): number {
  const top = Math.min(a.rank, b.rank);
  const rankFactor = 300 + (1700 * Math.max(0, standings - top)) / Math.max(1, standings);
  return Math.abs(a.rank - b.rank) * rankFactor + Math.abs(a.rating - b.rating);
}

const justPlayed = (a: FreePlayer, b: FreePlayer) => a.lastOpponent === b.id || b.lastOpponent === a.id;

/** Pairs a wave; each pair lists the better-ranked player first. */
export function pairWave(free: readonly FreePlayer[], options: ArenaPairingOptions = {}): [string, string][] {
  const players = [...free].sort((a, b) => a.rank - b.rank || a.id.localeCompare(b.id));
  const standings = options.standings ?? players.length;
  const blockSize = Math.max(4, options.blockSize ?? 40);
  const pairs: [string, string][] = [];
  let carry: FreePlayer[] = [];
  for (let start = 0; start < players.length; start += blockSize) {
    const rest = players.length - (start + blockSize);
    // A short last block joins the one before, so no block is too small to avoid a rematch.
    const end = rest > 0 && rest < blockSize / 2 ? players.length : start + blockSize;
    const block = [...carry, ...players.slice(start, end)];
    const matched = matchBlock(block, standings, free.length >= 3);
    pairs.push(...matched.pairs);
    carry = matched.left;
    if (end === players.length) break;
  }
  return pairs;
}

/**
 * One block: most pairs first; then, when someone must wait (an odd block), the one who became free
 * last; then the smallest total cost. Three digits of one number weight.
 */
function matchBlock(block: FreePlayer[], standings: number, avoidRematch: boolean) {
  const raw: { a: number; b: number; cost: number }[] = [];
  for (let i = 0; i < block.length; i++)
    for (let j = i + 1; j < block.length; j++) {
      if (avoidRematch && justPlayed(block[i]!, block[j]!)) continue;
      raw.push({ a: i, b: j, cost: pairCost(block[i]!, block[j]!, standings) });
    }
  const top = Math.max(0, ...raw.map((e) => e.cost)) + 1;
  const costDigit = (block.length + 1) * top;
  const waitDigit = (block.length + 1) * costDigit;
  const edges: WeightedEdge[] = raw.map((e) => ({
    a: e.a,
    b: e.b,
    weight: waitDigit * (block.length + 1) + (top - e.cost),
  }));
  if (block.length % 2 === 1) {
    // A waiting vertex: whoever is matched to it waits; the latest to arrive is the cheapest to leave.
    const arrival = [...block].sort((x, y) => x.freeSince - y.freeSince || y.rank - x.rank);
    for (const [i, p] of block.entries())
      edges.push({
        a: i,
        b: block.length,
        weight: waitDigit * (block.length + 1) + arrival.indexOf(p) * costDigit,
      });
  }
  const mate = maximumWeightMatching(block.length + (block.length % 2), edges);
  const pairs: [string, string][] = [];
  const left: FreePlayer[] = [];
  block.forEach((p, i) => {
    const m = mate[i]!;
    if (m === -1 || m === block.length) left.push(p);
    else if (i < m) pairs.push([p.id, block[m]!.id]);
  });
  return { pairs, left };
}

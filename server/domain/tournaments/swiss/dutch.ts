/**
 * The FIDE Dutch system (Handbook C.04.3, the rules in force from July 2025), one bracket at a time
 * from the top score down. Each bracket is paired by a maximum-weight matching over the bracket
 * and every player below it (so the round can always be completed, criterion C4), whose weights
 * put FIDE's criteria one above the other (dutch-weights.ts). A first pass finds how many pairs
 * the bracket makes; a second adds the order in which FIDE lists candidate pairings, so that among
 * equally good pairings the one FIDE would reach first is kept.
 *
 * Absolute criteria, never broken: no two players meet twice; no pairing-allocated bye for a player
 * who already had one or scored a win without playing; two players with the same absolute colour
 * preference never meet, unless one of them is a topscorer in the last round.
 */

import { maximumWeightMatching, type WeightedEdge } from '../weighted-matching.ts';
import { colourOfHigher } from './colours.ts';
import { type BracketContext, BYE, edgeWeight, type OrderDigits, scales } from './dutch-weights.ts';
import type { SwissColour, SwissEntrant, SwissPlayerState } from './swiss-player.ts';
import { swissStates } from './swiss-player.ts';

export interface DutchRequest {
  readonly entrants: readonly SwissEntrant[];
  /** The round to pair, from 1. */
  readonly round: number;
  readonly totalRounds: number;
  /** The colour of the top player in round 1. */
  readonly initialColour: SwissColour;
}

export interface DutchPairing {
  /** Boards in FIDE's order: by the higher score, the partner's score, then rank. */
  readonly boards: readonly { readonly white: number; readonly black: number }[];
  /** The player given the pairing-allocated bye, if the number to pair is odd. */
  readonly bye: number | null;
}

export type DutchResult = { ok: true; pairing: DutchPairing } | { ok: false; error: 'no-valid-pairing' };

export function pairDutch(request: DutchRequest): DutchResult {
  const states = swissStates(request.entrants);
  const active = request.entrants
    .filter((e) => !e.absent)
    .map((e) => states.get(e.id)!)
    .sort((a, b) => b.score - a.score || a.id - b.id);
  const rank = new Map(active.map((p, i) => [p.id, i]));
  const lastRound = request.round >= request.totalRounds;
  const isTopscorer = (id: number) => lastRound && states.get(id)!.score > (request.round - 1) / 2;
  const compatible = (a: SwissPlayerState, b: SwissPlayerState) =>
    !a.opponents.has(b.id) &&
    !(
      a.strength === 3 &&
      b.strength === 3 &&
      a.preference === b.preference &&
      !isTopscorer(a.id) &&
      !isTopscorer(b.id)
    );
  const scores = [...new Set(active.map((p) => p.score))];
  const maxScore = Math.max(0, ...active.map((p) => p.score));
  const maxUnplayed = Math.max(0, ...active.map((p) => p.unplayed));
  const radix = BigInt(2 * active.length + 5);
  const boards: { white: number; black: number }[] = [];
  let bye: number | null = null;
  let moved: SwissPlayerState[] = [];
  for (const [g, score] of scores.entries()) {
    const residents = active.filter((p) => p.score === score);
    const bracket = [...moved, ...residents];
    const below = active.filter((p) => p.score < score);
    const nextGroup = new Set(below.filter((p) => p.score === scores[g + 1]).map((p) => p.id));
    const base = {
      states,
      rank,
      bracket: new Set(bracket.map((p) => p.id)),
      nextGroup,
      lowestScore: score,
      isTopscorer,
      initial: request.initialColour,
      maxScore,
      maxUnplayed,
      radix,
    };
    const vertices = [...bracket, ...below];
    const plain = { ...base, order: null };
    const first = solve(plain, vertices, compatible);
    if (!first) return { ok: false, error: 'no-valid-pairing' };
    // Moved-down players first, each taking the earliest partner that keeps the best pairing.
    const fixed = new Map<number, number>();
    const floated = new Set<number>();
    const staysOut = (a: number, b: number) =>
      (floated.has(a) && base.bracket.has(b)) || (floated.has(b) && base.bracket.has(a));
    let rest = vertices;
    let fixedWeight = 0n;
    for (const m of moved) {
      const candidates = [...residents, ...moved.filter((q) => rank.get(q.id)! > rank.get(m.id)!), null];
      for (const c of candidates) {
        if (c && (fixed.has(c.id) || !compatible(m, c))) continue;
        if (!c) floated.add(m.id);
        const trial = c
          ? solve(
              plain,
              rest.filter((p) => p !== m && p !== c),
              compatible,
              staysOut,
            )
          : solve(plain, rest, compatible, staysOut);
        const forced = c ? edgeWeight(plain, scales(plain), m.id, c.id) : 0n;
        const weight = trial && fixedWeight + forced + trial.weight;
        if (trial && weight === first.weight) {
          if (c) {
            fixed.set(m.id, c.id);
            fixed.set(c.id, m.id);
            rest = rest.filter((p) => p !== m && p !== c);
            fixedWeight += forced;
          }
          break;
        }
        if (!c) throw new Error(`moved-down player ${m.id} has no place in the best pairing`);
      }
    }
    const remainder = bracket.filter((p) => !fixed.has(p.id) && !moved.includes(p));
    const settled = solve(plain, rest, compatible, staysOut)!;
    const order = orderDigits(remainder, settled.mate);
    const final = solve({ ...base, order }, rest, compatible, staysOut)!;
    const mate = new Map([...final.mate, ...fixed]);
    moved = [];
    for (const p of bracket) {
      const partner = mate.get(p.id)!;
      if (base.bracket.has(partner)) {
        if (rank.get(p.id)! < rank.get(partner)!) {
          const q = states.get(partner)!;
          const c = colourOfHigher(p, q, request.initialColour);
          boards.push(c === 'white' ? { white: p.id, black: q.id } : { white: q.id, black: p.id });
        }
      } else if (partner === BYE && below.length === 0) bye = p.id;
      else moved.push(p);
    }
  }
  const score = (id: number) => states.get(id)!.score;
  const key = (b: { white: number; black: number }) => {
    const [h, l] = rank.get(b.white)! < rank.get(b.black)! ? [b.white, b.black] : [b.black, b.white];
    return [score(h), score(l), rank.get(h)!] as const;
  };
  boards.sort((x, y) => {
    const [a, b] = [key(x), key(y)];
    return b[0] - a[0] || b[1] - a[1] || a[2] - b[2];
  });
  return { ok: true, pairing: { boards, bye } };
}

/** Solves one bracket's matching; null when the round cannot be completed. */
function solve(
  ctx: BracketContext,
  players: readonly SwissPlayerState[],
  compatible: (a: SwissPlayerState, b: SwissPlayerState) => boolean,
  forbidden: (a: number, b: number) => boolean = () => false,
): { mate: Map<number, number>; weight: bigint } | null {
  const withBye = players.length % 2 === 1;
  const index = new Map<number, number>();
  const ids: number[] = [];
  for (const p of players) {
    index.set(p.id, ids.length);
    ids.push(p.id);
  }
  if (withBye) ids.push(BYE);
  const scale = scales(ctx);
  const edges: WeightedEdge[] = [];
  for (let i = 0; i < players.length; i++) {
    const a = players[i]!;
    for (let j = i + 1; j < players.length; j++) {
      const b = players[j]!;
      if (compatible(a, b) && !forbidden(a.id, b.id))
        edges.push({ a: i, b: j, weight: edgeWeight(ctx, scale, a.id, b.id) });
    }
    if (withBye && a.byeAllowed)
      edges.push({ a: i, b: players.length, weight: edgeWeight(ctx, scale, a.id, BYE) });
  }
  const mate = maximumWeightMatching(ids.length, edges);
  if (mate.some((m) => m === -1)) return null;
  let weight = 0n;
  for (const e of edges) if (mate[e.a] === e.b) weight += e.weight;
  return { mate: new Map(ids.map((id, i) => [id, ids[mate[i]!]!])), weight };
}

/**
 * FIDE's candidate order inside what is left of a bracket once its moved-down players are paired:
 * S1 is its first players, as many as the pairs it makes; pairs of S1 with S2 come first (fewest
 * exchanges), then each S1 player takes S2 in order, then the players after it; then the lowest
 * players float first. Everyone else prefers by rank.
 */
function orderDigits(remainder: SwissPlayerState[], mate: Map<number, number>): OrderDigits {
  const inside = new Set(remainder.map((p) => p.id));
  const pairs = remainder.filter((p) => inside.has(mate.get(p.id)!)).length / 2;
  const s1 = remainder.slice(0, pairs);
  const s2 = remainder.slice(pairs);
  const preference = new Map<number, Map<number, number>>();
  const list = (ids: SwissPlayerState[]) => new Map(ids.map((p, i) => [p.id, i]));
  remainder.forEach((p, i) => {
    const below = remainder.slice(i + 1);
    if (i < pairs) preference.set(p.id, list([...s2, ...below.filter((q) => !s2.includes(q))]));
    else preference.set(p.id, list(below));
  });
  const inS1 = new Set(s1.map((p) => p.id));
  const crosses = (a: number, b: number) => inS1.has(a) !== inS1.has(b);
  return {
    position: new Map(remainder.map((p, i) => [p.id, i])),
    crosses,
    preference,
    digits: 2 * remainder.length + 1,
  };
}

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

import { colourOfHigher } from './colours.ts';
import {
  add,
  bracketGraph,
  key,
  natural,
  neg,
  orderDigits,
  same,
  solve,
  type Weight,
  zeroOf,
} from './dutch-bracket.ts';
import { BYE } from './dutch-weights.ts';
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
  const first = firstRound(request);
  if (first) return { ok: true, pairing: first };
  return pairRound(request, false) ?? pairRound(request, true) ?? { ok: false, error: 'no-valid-pairing' };
}

/**
 * Before anyone has a result, every pair is allowed and every criterion is met by FIDE's first
 * candidate: the top half against the bottom half in order, the initial colour to the top player
 * and alternating down the boards, the bye to the last player.
 */
function firstRound(request: DutchRequest): DutchPairing | null {
  if (request.entrants.some((e) => e.rounds.length > 0)) return null;
  const ids = request.entrants
    .filter((e) => !e.absent)
    .map((e) => e.id)
    .sort((a, b) => a - b);
  const bye = ids.length % 2 === 1 ? ids.pop()! : null;
  const half = ids.length / 2;
  const flip = request.initialColour === 'white' ? 'black' : 'white';
  const boards = ids.slice(0, half).map((top, i) => {
    const other = ids[half + i]!;
    const topColour = top % 2 === 1 ? request.initialColour : flip;
    return topColour === 'white' ? { white: top, black: other } : { white: other, black: top };
  });
  return { boards, bye };
}

/**
 * Players far below a bracket almost never change how it is paired, only whether the round can be
 * completed: a first attempt looks down through the next score group and a few players more
 * (and keeps only the pairs near FIDE's first candidate in a large bracket),
 * and if any bracket then cannot be completed the round is paired again looking all the way down.
 */
function horizonOf(below: SwissPlayerState[], bracketSize: number): SwissPlayerState[] {
  const next = below.filter((p) => p.score === below[0]?.score).length;
  let k = Math.min(Math.max(2 * bracketSize + 8, 24), Math.max(next + 16, 24));
  if (below.length <= k + 1) return below;
  if (k % 2 !== below.length % 2) k += 1;
  return below.slice(0, k);
}

function pairRound(request: DutchRequest, exact: boolean): DutchResult | null {
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
    };
    const vertices = [...bracket, ...(exact ? below : horizonOf(below, bracket.length))];
    const graph = bracketGraph(base, vertices, compatible, !exact);
    const plain = graph.weights();
    const first = solve(plain, vertices);
    if (!first) return exact ? { ok: false, error: 'no-valid-pairing' } : null;
    // Every best pairing uses only pairs that are tight under the first matching's optimal duals,
    // so the passes that choose among best pairings look at those pairs alone.
    const tightPairs = first.tight();
    const tight = new Map([...plain].filter(([k]) => tightPairs.has(k)));
    // Moved-down players first, each taking the earliest partner that keeps the best pairing.
    const fixed = new Map<number, number>();
    const floated = new Set<number>();
    const staysOut = (a: number, b: number) =>
      (floated.has(a) && base.bracket.has(b)) || (floated.has(b) && base.bracket.has(a));
    let rest = vertices;
    let fixedWeight: Weight = zeroOf(first.weight);
    for (const m of moved) {
      const candidates = [...residents, ...moved.filter((q) => rank.get(q.id)! > rank.get(m.id)!), null];
      for (const c of candidates) {
        if (c && (fixed.has(c.id) || !tight.has(key(m.id, c.id)))) continue;
        if (!c) floated.add(m.id);
        const trial = solve(tight, c ? rest.filter((p) => p !== m && p !== c) : rest, staysOut);
        const forced = c ? tight.get(key(m.id, c.id))! : zeroOf(first.weight);
        if (trial && same(add(add(fixedWeight, forced), trial.weight), first.weight)) {
          if (c) {
            fixed.set(m.id, c.id);
            fixed.set(c.id, m.id);
            rest = rest.filter((p) => p !== m && p !== c);
            fixedWeight = add(fixedWeight, forced);
          }
          break;
        }
        if (!c) throw new Error(`moved-down player ${m.id} has no place in the best pairing`);
      }
    }
    const remainder = bracket.filter((p) => !fixed.has(p.id) && !moved.includes(p));
    // Every best pairing makes as many pairs in the bracket (C6), so the remainder's count is known.
    const bracketPairs = bracket.filter((p) => base.bracket.has(first.mate.get(p.id)!)).length / 2;
    const pairs = bracketPairs - fixed.size / 2;
    const mate = new Map([
      ...(natural(tight, remainder, pairs, rest, staysOut, add(first.weight, neg(fixedWeight))) ??
        solve(graph.ordered(orderDigits(remainder, pairs), tight), rest, staysOut)!.mate),
      ...fixed,
    ]);
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
  const boardKey = (b: { white: number; black: number }) => {
    const [h, l] = rank.get(b.white)! < rank.get(b.black)! ? [b.white, b.black] : [b.black, b.white];
    return [score(h), score(l), rank.get(h)!] as const;
  };
  boards.sort((x, y) => {
    const [a, b] = [boardKey(x), boardKey(y)];
    return b[0] - a[0] || b[1] - a[1] || a[2] - b[2];
  });
  return { ok: true, pairing: { boards, bye } };
}

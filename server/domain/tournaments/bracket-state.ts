/**
 * What a bracket's results mean: who plays in each match, which matches are walkovers (a bye on
 * one side), which are void (nobody on either side, or a reset that was not needed), who is
 * champion, and where everyone finished. A pure fold over the matches in their order.
 */
import type { Bracket, BracketMatch, Source } from './bracket.ts';

export type Side = 'a' | 'b';

/** How a match was decided: a side won, or neither goes on (both lost it, as by a double forfeit). */
export type MatchResult = Side | 'neither';

/** A side is a player id, `null` when it is known to be empty (a bye), `undefined` when not known yet. */
export type Slot = string | null | undefined;

export type MatchStatus = 'waiting' | 'ready' | 'done' | 'walkover' | 'void';

export interface MatchView {
  readonly match: BracketMatch;
  readonly a: Slot;
  readonly b: Slot;
  readonly status: MatchStatus;
  readonly winner: Slot;
  readonly loser: Slot;
}

export interface BracketState {
  readonly matches: ReadonlyMap<string, MatchView>;
  /** The champion once the last match is settled. */
  readonly champion: string | null;
}

/**
 * Reads a bracket with its results.
 * @param seeded player ids in seed order (seed 1 first); seeds beyond it are byes.
 * @param results the winning side of each match that has been decided, by match id; `neither`
 *   when both lost it (the next match of each is then a walkover, or void).
 */
export function resolveBracket(
  bracket: Bracket,
  seeded: readonly string[],
  results: Readonly<Record<string, MatchResult>>,
): BracketState {
  if (seeded.length !== bracket.players)
    throw new RangeError(`the bracket has ${bracket.players} seeds, got ${seeded.length} players`);
  const views = new Map<string, MatchView>();
  const slot = (s: Source): Slot => {
    if (s.kind === 'seed') return s.seed <= seeded.length ? seeded[s.seed - 1]! : null;
    const v = views.get(s.match);
    if (!v) throw new Error(`match source ${s.match} comes after its use`);
    return s.kind === 'winner' ? v.winner : v.loser;
  };
  for (const match of bracket.matches) {
    const a = slot(match.a);
    const b = slot(match.b);
    const gate = match.onlyIf ? views.get(match.onlyIf.match) : undefined;
    const outcome =
      gate && match.onlyIf ? gated(gate, results[match.onlyIf.match] === match.onlyIf.side) : undefined;
    views.set(match.id, { match, a, b, ...(outcome ?? played(a, b, results[match.id])) });
  }
  return { matches: views, champion: championOf(bracket, views) };
}

type Outcome = Pick<MatchView, 'status' | 'winner' | 'loser'>;

/** A match played only if an earlier one went a given way: waiting, void, or played as usual. */
function gated(gate: MatchView, needed: boolean): Outcome | undefined {
  if (gate.status === 'void' || gate.status === 'walkover')
    return { status: 'void', winner: null, loser: null };
  if (gate.status !== 'done') return { status: 'waiting', winner: undefined, loser: undefined };
  return needed ? undefined : { status: 'void', winner: null, loser: null };
}

function played(a: Slot, b: Slot, result: MatchResult | undefined): Outcome {
  if (a === undefined || b === undefined) return { status: 'waiting', winner: undefined, loser: undefined };
  if (a === null && b === null) return { status: 'void', winner: null, loser: null };
  if (a === null || b === null) return { status: 'walkover', winner: a ?? b, loser: null };
  if (result === undefined) return { status: 'ready', winner: undefined, loser: undefined };
  if (result === 'neither') return { status: 'done', winner: null, loser: null };
  return { status: 'done', winner: result === 'a' ? a : b, loser: result === 'a' ? b : a };
}

function championOf(bracket: Bracket, views: Map<string, MatchView>): string | null {
  if (bracket.kind === 'double') {
    const reset = views.get('GF2');
    const final = views.get('GF')!;
    if (reset && reset.status === 'done') return reset.winner as string;
    if (final.status === 'done' || final.status === 'walkover')
      return reset && reset.status !== 'void' ? null : (final.winner as string);
    return null;
  }
  const last = [...views.values()].filter((v) => v.match.part === 'main').at(-1)!;
  return last.status === 'done' || last.status === 'walkover' ? (last.winner as string) : null;
}

/**
 * Final places once a bracket is complete, shared by the players knocked out at the same stage
 * (the two losing semi-finalists are joint third when no match for third place is played; both
 * players of a match neither won are out at its stage). Players still in the running have no place
 * yet, and the players already out are placed below them all.
 */
export function placings(
  bracket: Bracket,
  state: BracketState,
  seeded: readonly string[],
): Map<string, number | null> {
  const stage = new Map<string, number>();
  const k = Math.log2(bracket.size);
  for (const v of state.matches.values()) {
    if (v.status !== 'done' && v.status !== 'walkover') continue;
    const { part, round } = v.match;
    const key =
      bracket.kind === 'single'
        ? part === 'third'
          ? k - 0.75
          : round
        : part === 'losers'
          ? round
          : part === 'main'
            ? -1
            : 1000;
    // A loser of the winners' bracket of a double elimination drops into the losers' bracket.
    if (v.loser && (part !== 'main' || bracket.kind === 'single')) stage.set(v.loser, key);
    if (v.status === 'done' && v.winner === null) for (const p of [v.a, v.b]) stage.set(p as string, key);
    if (part === 'third' && v.winner) stage.set(v.winner, k - 0.5);
  }
  if (state.champion) stage.set(state.champion, Number.POSITIVE_INFINITY);
  const running = seeded.filter((id) => !stage.has(id)).length;
  const out = new Map<string, number | null>();
  for (const id of seeded) {
    const key = stage.get(id);
    if (key === undefined) out.set(id, null);
    else out.set(id, 1 + [...stage.values()].filter((x) => x > key).length + running);
  }
  return out;
}

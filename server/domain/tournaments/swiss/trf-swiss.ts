/**
 * From a TRF file to the Dutch system's request, and from its pairing to the engines' output
 * format (the number of pairs, then `white black` per line, a bye as `N 0`).
 */
import type { DutchPairing, DutchRequest } from './dutch.ts';
import type { SwissColour, SwissEntrant, SwissRound } from './swiss-player.ts';
import type { TrfResult, TrfRound, TrfTournament } from './trf.ts';

const GAME_POINTS: Record<string, number> = { '1': 1, '=': 0.5, '0': 0, W: 1, D: 0.5, L: 0 };

function roundOf(r: TrfRound): TrfResult<SwissRound> {
  const colour: SwissColour | null = r.colour === 'w' ? 'white' : r.colour === 'b' ? 'black' : null;
  if (r.result in GAME_POINTS) {
    if (r.opponent === null || colour === null)
      return { ok: false, error: 'a game needs an opponent and a colour' };
    return {
      ok: true,
      value: { kind: 'game', opponent: r.opponent, colour, points: GAME_POINTS[r.result]! },
    };
  }
  const unplayed: Record<string, [SwissRound['kind'], number]> = {
    '+': ['forfeit-win', 1],
    '-': ['forfeit-loss', 0],
    H: ['half-bye', 0.5],
    F: ['full-bye', 1],
    U: ['pairing-bye', 1],
    Z: ['zero-bye', 0],
  };
  const [kind, points] = unplayed[r.result]!;
  return { ok: true, value: { kind, opponent: r.opponent, colour, points } };
}

/** The round a TRF file asks to pair: one after the last round in which anyone was paired. */
export function roundToPair(t: TrfTournament): number {
  let last = 0;
  for (const p of t.players)
    p.rounds.forEach((r, i) => {
      if (r.opponent !== null || r.result === 'U') last = Math.max(last, i + 1);
    });
  return last + 1;
}

export function dutchRequestOf(
  t: TrfTournament,
): TrfResult<DutchRequest & { readonly numbering: readonly number[] }> {
  if (t.totalRounds === null) return { ok: false, error: 'the total number of rounds (XXR) is missing' };
  const round = roundToPair(t);
  if (round > t.totalRounds) return { ok: false, error: `all ${t.totalRounds} rounds are paired` };
  // With `XXC rank` the players are numbered by the order of their lines.
  const numbering = t.pairByRank
    ? t.players.map((p) => p.number)
    : t.players.map((p) => p.number).sort((a, b) => a - b);
  const idOf = new Map(numbering.map((n, i) => [n, t.pairByRank ? i + 1 : n]));
  const entrants: SwissEntrant[] = [];
  for (const p of t.players) {
    const rounds: SwissRound[] = [];
    for (let i = 0; i < round - 1; i++) {
      const parsed = roundOf(p.rounds[i] ?? { opponent: null, colour: '-', result: 'Z' });
      if (!parsed.ok) return { ok: false, error: `player ${p.number}, round ${i + 1}: ${parsed.error}` };
      const r = parsed.value;
      rounds.push(r.opponent === null ? r : { ...r, opponent: idOf.get(r.opponent)! });
    }
    const pending = p.rounds[round - 1];
    const absent = pending !== undefined && pending.opponent === null;
    const total = rounds.reduce((s, r) => s + r.points, 0);
    const pendingPoints = absent
      ? roundOf(pending).ok
        ? (roundOf(pending) as { value: SwissRound }).value.points
        : 0
      : 0;
    if (Math.abs(total - p.points) > 1e-9 && Math.abs(total + pendingPoints - p.points) > 1e-9)
      return { ok: false, error: `the score for player ${p.number} does not match the game results` };
    entrants.push({ id: idOf.get(p.number)!, rating: p.rating, rounds, absent });
  }
  const initialColour = t.initialColour ?? inferInitialColour(t);
  if (initialColour === null)
    return { ok: false, error: 'please configure the initial piece colours (XXC white1 or black1)' };
  return { ok: true, value: { entrants, round, totalRounds: t.totalRounds, initialColour, numbering } };
}

/** Without `XXC`: the round-1 colour of the lowest pairing number who played round 1. */
function inferInitialColour(t: TrfTournament): SwissColour | null {
  const first = [...t.players]
    .sort((a, b) => a.number - b.number)
    .find((p) => p.rounds[0] && (p.rounds[0].colour === 'w' || p.rounds[0].colour === 'b'));
  if (!first) return null;
  return first.rounds[0]!.colour === 'w' ? 'white' : 'black';
}

/** The pairing in the engines' output format, with the file's own pairing numbers. */
export function formatPairing(p: DutchPairing, numbering: readonly number[], byRank: boolean): string {
  const out = (id: number) => (byRank ? numbering[id - 1]! : id);
  const lines = p.boards.map((b) => `${out(b.white)} ${out(b.black)}`);
  if (p.bye !== null) lines.push(`${out(p.bye)} 0`);
  return `${[String(lines.length), ...lines].join('\n')}\n`;
}

/**
 * The swiss on the tournament's log: a set number of rounds, each paired by the Dutch system
 * (FIDE C.04.3) from the rounds before; players may enter late (zero-point byes for the rounds
 * missed) and ask in advance for a half-point bye. Standings by score, then the tie-breaks.
 */

import type { RoundEntry } from './crosstable.ts';
import type { FormatRules } from './format-rules.ts';
import { countedRound, type Paired, records, roundEntry, roundResultEvents } from './round-records.ts';
import { standings } from './standings.ts';
import { pairDutch } from './swiss/dutch.ts';
import type { SwissEntrant, SwissRound } from './swiss/swiss-player.ts';
import { playerOf, type Tournament } from './tournament.ts';

function swissRound(t: Tournament, round: number): Paired | null {
  const number = (id: string) => t.seeds.indexOf(id) + 1;
  const absentKind = (id: string) => {
    const p = playerOf(t, id)!;
    if (p.withdrawn) return 'zero-bye' as const;
    return p.byes.includes(round) ? ('half-bye' as const) : null;
  };
  const entrants: SwissEntrant[] = t.seeds.map((id) => ({
    id: number(id),
    rating: playerOf(t, id)!.rating,
    rounds: t.rounds.map((r) => swissEntry(roundEntry(r, id), number)),
    absent: absentKind(id) !== null,
  }));
  const initialColour = 'white';
  const paired = pairDutch({ entrants, round, totalRounds: t.totalRounds ?? round, initialColour });
  if (!paired.ok) return null;
  const idOf = (n: number) => t.seeds[n - 1]!;
  const byes: Paired['byes'] = t.seeds.flatMap((id) => {
    const kind = absentKind(id);
    return kind ? [{ userId: id, kind }] : [];
  });
  if (paired.pairing.bye !== null) byes.push({ userId: idOf(paired.pairing.bye), kind: 'pairing-bye' });
  const boards = paired.pairing.boards.map((b) => ({ white: idOf(b.white), black: idOf(b.black) }));
  return { boards, byes };
}

function swissEntry(e: RoundEntry, number: (id: string) => number): SwissRound {
  if (e.played) return { kind: 'game', opponent: number(e.opponent), colour: e.colour, points: e.points };
  const opponent = e.opponent === null ? null : number(e.opponent);
  return { kind: e.kind, opponent, colour: e.colour, points: e.points };
}

export const SWISS: FormatRules = {
  called: 'a swiss',
  lateEntries: true,
  halfPointByes: true,
  startsShortHanded: false,
  overlappingRounds: false,
  totalRounds: (t) => t.settings.rounds ?? 1,
  pairRound: (t, round, at) => countedRound(t, round, at, () => swissRound(t, round)),
  resultEvents: roundResultEvents,
  standings: (t) => standings(records(t), t.settings.tieBreaks),
};

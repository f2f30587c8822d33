/**
 * A swiss tournament as FIDE's Tournament Report File: every player by pairing number (the seeds),
 * with the rounds whose results are in, so any endorsed engine can check or pair the next round.
 */
import type { RoundEntry } from './crosstable.ts';
import { roundEntry } from './round-records.ts';
import { makeTrf, type TrfRound } from './swiss/trf.ts';
import type { Tournament } from './tournament.ts';
import { standingsOf } from './tournament-rules.ts';

const UNPLAYED_CODE = {
  'pairing-bye': 'U',
  'full-bye': 'F',
  'half-bye': 'H',
  'zero-bye': 'Z',
  'forfeit-win': '+',
  'forfeit-loss': '-',
} as const;

export function tournamentTrf(t: Tournament): string {
  const number = (id: string) => t.seeds.indexOf(id) + 1;
  const ranks = new Map(standingsOf(t).map((row) => [row.id, row.rank]));
  const done = t.rounds.filter((r) => r.ended);
  const players = t.seeds.map((id) => {
    const p = t.players.find((x) => x.userId === id)!;
    const rounds = done.map((r) => trfRound(roundEntry(r, id), number));
    const points = done.reduce((sum, r) => sum + roundEntry(r, id).points, 0);
    return { number: number(id), name: p.name, rating: p.rating, points, rank: ranks.get(id) ?? 0, rounds };
  });
  return makeTrf({
    name: t.settings.name,
    totalRounds: t.totalRounds,
    initialColour: 'white',
    pairByRank: false,
    players,
  });
}

function trfRound(e: RoundEntry, number: (id: string) => number): TrfRound {
  const opponent = e.opponent === null ? null : number(e.opponent);
  const colour = e.colour === 'white' ? 'w' : e.colour === 'black' ? 'b' : '-';
  if (e.played) return { opponent, colour, result: e.points === 1 ? '1' : e.points === 0 ? '0' : '=' };
  return { opponent, colour, result: UNPLAYED_CODE[e.kind] };
}

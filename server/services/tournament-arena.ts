import type { TournamentDto } from '../../schema/tournaments.ts';
import { arenaEndsAt, arenaOptionsOf } from '../domain/tournaments/arena-rules.ts';
import type { Tournament } from '../domain/tournaments/tournament.ts';

/** An arena's options and end as `GET /api/tournaments/:id` shows them (null for other formats). */
export function arenaDto(t: Tournament): TournamentDto['arena'] {
  if (t.settings.format !== 'arena') return null;
  return { ...arenaOptionsOf(t), endsAt: arenaEndsAt(t) };
}

import type { TournamentState } from '../../schema/tournament.state.ts';
import { arenaEndsAt, arenaOptionsOf, arenaStandings } from '../../server/domain/tournaments/arena-rules.ts';
import { startTimeOf } from '../../server/domain/tournaments/start-time.ts';
import type { Tournament } from '../../server/domain/tournaments/tournament.ts';

/**
 * Shows an arena in the synced state: its end, the seconds left, and each standing's status
 * (free, playing, paused), pause, streak and fire, after every change; the other formats have none of it.
 */
export function projectArena(state: TournamentState, t: Tournament, now: number): void {
  if (t.settings.format !== 'arena') return;
  projectArenaClock(state, t, now);
  const rows = new Map(arenaStandings(t).map((r) => [r.id, r.arena]));
  for (const into of state.standings) {
    const row = rows.get(into.userId);
    if (row)
      Object.assign(into, { status: row.status, paused: row.paused, streak: row.streak, fire: row.fire });
  }
}

/** The arena's end and the whole seconds left (0 once finished): on every tick. */
export function projectArenaClock(state: TournamentState, t: Tournament, now: number): void {
  if (t.settings.format !== 'arena') return;
  const endsAt = arenaEndsAt(t);
  const startsAt = startTimeOf(t);
  // An arena started by hand has its whole duration ahead of it until it starts.
  if (endsAt === null || startsAt === null) {
    Object.assign(state, { endsAt: 0, secondsLeft: Math.round(arenaOptionsOf(t).minutes * 60) });
    return;
  }
  const left = Math.ceil((endsAt - Math.max(now, startsAt)) / 1000);
  Object.assign(state, { endsAt, secondsLeft: t.status === 'finished' ? 0 : Math.max(0, left) });
}

import { z } from 'zod';
import type { ArenaOptions } from '../../../schema/tournaments.ts';
import { DEFAULT_ARENA_WAVE_MS } from '../../domain/tournaments/arena-rules.ts';

/**
 * An arena's options in `POST /api/tournaments` (`arena`): its duration in minutes (a fraction
 * is allowed, down to a quarter of a minute), the time between pairing waves in ms, and whether
 * players may berserk.
 */
export const ArenaBody = z
  .strictObject({
    minutes: z
      .number()
      .min(0.25)
      .max(24 * 60),
    waveMs: z.number().int().min(1_000).max(60_000).default(DEFAULT_ARENA_WAVE_MS),
    berserk: z.boolean().default(false),
  })
  .transform((a): ArenaOptions => ({ minutes: a.minutes, waveMs: a.waveMs, berserk: a.berserk }));

/** What an arena's body must and must not say (added to the tournament body's checks). */
export function arenaRefinements(
  t: { format: string; arena?: unknown; rounds?: number; double: boolean; tieBreaks?: unknown[] },
  ctx: z.RefinementCtx,
): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (t.format !== 'arena') {
    if (t.arena !== undefined) issue('arena', 'arena options are for an arena');
    return;
  }
  if (t.arena === undefined) issue('arena', 'an arena needs its duration: arena.minutes');
  if (t.rounds !== undefined) issue('rounds', 'an arena runs for a time: give arena.minutes, not rounds');
  if (t.double) issue('double', 'an arena has no double');
  if (t.tieBreaks !== undefined && t.tieBreaks.length > 0)
    issue('tieBreaks', 'an arena breaks ties by performance: give no tie-breaks');
}

import { z } from 'zod';
import type { TablesOptions } from '../../../schema/tournaments.ts';
import { defaultTablePoints, tablePointsProblem } from '../../domain/tournaments/tables-rules.ts';

/**
 * A tournament of tables in `POST /api/tournaments` (`tables`): the seats at a table (three or
 * more, within the game's limits, which the game checks) and the points by place, first place first (by default
 * size − 1 down to 0).
 */
export const TablesBody = z
  .strictObject({
    // Three at least: with tables of two, an odd number of players could not all be seated.
    size: z.number().int().min(3).max(16),
    points: z.array(z.number().min(0).max(100)).min(2).max(16).optional(),
  })
  .superRefine((t, ctx) => {
    const problem = t.points && tablePointsProblem(t.points, t.size);
    if (problem) ctx.addIssue({ code: 'custom', path: ['points'], message: problem });
  })
  .transform((t): TablesOptions => ({ size: t.size, points: t.points ?? defaultTablePoints(t.size) }));

/** What a tournament of tables' body must and must not say (added to the tournament body's checks). */
export function tablesRefinements(
  t: { format: string; tables?: unknown; rounds?: number; double: boolean; tieBreaks?: unknown[] },
  ctx: z.RefinementCtx,
): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (t.format !== 'tables') {
    if (t.tables !== undefined) issue('tables', 'table options are for format "tables"');
    return;
  }
  if (t.tables === undefined) issue('tables', 'a tournament of tables needs its table size: tables.size');
  if (t.rounds === undefined) issue('rounds', 'a tournament of tables needs its number of rounds');
  if (t.double) issue('double', 'a tournament of tables has no double');
  if (t.tieBreaks !== undefined && t.tieBreaks.length > 0)
    issue('tieBreaks', 'a tournament of tables breaks ties by tables won: give no tie-breaks');
}

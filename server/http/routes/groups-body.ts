import { z } from 'zod';
import type { GroupsOptions } from '../../../schema/tournaments.ts';

/**
 * A groups-then-knockout's groups in `POST /api/tournaments` (`groups`): their number (`count`)
 * or their size at most (`size`), one of the two, and how many of each go on (`advance`).
 */
export const GroupsBody = z
  .strictObject({
    count: z.number().int().min(1).max(64).optional(),
    size: z.number().int().min(2).max(64).optional(),
    advance: z.number().int().min(1).max(32).default(2),
  })
  .refine((g) => (g.count === undefined) !== (g.size === undefined), {
    path: ['count'],
    message: 'give the number of groups (count) or their size (size): one of the two',
  })
  .refine((g) => g.size === undefined || g.advance <= g.size, {
    path: ['advance'],
    message: 'no more players go on from a group than it holds: advance must be at most size',
  })
  .transform((g): GroupsOptions => ({ count: g.count ?? null, size: g.size ?? null, advance: g.advance }));

/** What a groups-then-knockout's body must and must not say (added to the tournament body's checks). */
export function groupsRefinements(
  t: { format: string; groups?: GroupsOptions; rounds?: number; capacity: number },
  ctx: z.RefinementCtx,
): void {
  const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (t.format !== 'groups-knockout') {
    if (t.groups !== undefined) issue(['groups'], 'groups are for a groups-knockout');
    return;
  }
  if (t.rounds !== undefined)
    issue(['rounds'], 'a groups-knockout plays its groups’ tables, then its bracket: give no rounds');
  const g = t.groups;
  if (g === undefined) {
    issue(['groups'], 'a groups-knockout needs its groups: groups.count or groups.size');
    return;
  }
  const { capacity } = t;
  if (g.count !== null) {
    if (capacity < 2 * g.count)
      issue(
        ['groups', 'count'],
        `${g.count} groups need ${2 * g.count} players at least: the capacity is ${capacity}`,
      );
    else if (g.advance > Math.floor(capacity / g.count))
      issue(
        ['groups', 'advance'],
        `${g.count} groups of ${capacity} players hold ${Math.floor(capacity / g.count)} each at least: no more can go on`,
      );
  }
  if (g.size !== null && g.size > capacity)
    issue(['groups', 'size'], `a group of ${g.size} needs ${g.size} players: the capacity is ${capacity}`);
  const most = g.count ?? Math.ceil(capacity / (g.size ?? capacity));
  if (most * g.advance < 2)
    issue(
      ['groups', 'advance'],
      'the knockout needs two players at least: more groups, or more going on from each',
    );
}

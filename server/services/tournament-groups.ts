import type { GroupStageDto, StandingDto } from '../../schema/tournaments.ts';
import { groupSchedule } from '../domain/tournaments/groups.ts';
import { groupStandings, groupsOptionsOf } from '../domain/tournaments/groups-rules.ts';
import type { StandingRow } from '../domain/tournaments/standings.ts';
import type { Tournament } from '../domain/tournaments/tournament.ts';

/** `"A"` for the first group, `"B"` for the second, … `"AA"` after `"Z"`. */
export function groupName(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : groupName(Math.floor(index / 26) - 1) + letter;
}

/**
 * A groups-then-knockout's group stage as `GET /api/tournaments/:id` shows it: each group with
 * its table and who went on (null for the other formats).
 */
export function groupStageDto(
  t: Tournament,
  standingDtos: (rows: readonly StandingRow[]) => StandingDto[],
): GroupStageDto | null {
  if (t.settings.format !== 'groups-knockout') return null;
  const groups = t.groups ?? [];
  const seeded = t.knockoutSeeds !== undefined;
  return {
    options: groupsOptionsOf(t),
    double: t.settings.double,
    stage: t.groups === undefined ? null : seeded ? 'knockout' : 'groups',
    groups: groups.map((group, i) => ({
      name: groupName(i),
      rounds: groupSchedule(group, t.settings.double).length,
      standings: standingDtos(groupStandings(t, group)),
      qualified: groupStandings(t, group)
        .map((r) => r.id)
        .filter((id) => t.knockoutSeeds?.includes(id)),
    })),
  };
}

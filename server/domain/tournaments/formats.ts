/**
 * The formats a tournament plays, one entry each (`format-rules.ts` says what an entry decides).
 * Adding a format is adding its entry here and its name to `TOURNAMENT_FORMATS`.
 */
import type { TournamentFormat } from '../../../schema/tournaments.ts';
import { ARENA } from './arena-rules.ts';
import type { FormatRules } from './format-rules.ts';
import { GROUPS_KNOCKOUT } from './groups-rules.ts';
import { bracketView, KNOCKOUT, type KnockoutView } from './knockout-rules.ts';
import { ROUND_ROBIN } from './round-robin-rules.ts';
import { SWISS } from './swiss-rules.ts';
import { TABLES } from './tables-rules.ts';
import type { Tournament } from './tournament.ts';

/**
 * Built on first use, not when this module loads: the formats' modules and the log's share
 * imports (`tournament.ts` folds staff events, whose rules ask the format), so whichever of them
 * loads first, every entry is defined by the time a tournament asks for its format.
 */
let formats: Readonly<Record<TournamentFormat, FormatRules>> | undefined;

const table = (): Readonly<Record<TournamentFormat, FormatRules>> => {
  formats ??= {
    swiss: SWISS,
    'round-robin': ROUND_ROBIN,
    knockout: KNOCKOUT,
    arena: ARENA,
    'groups-knockout': GROUPS_KNOCKOUT,
    tables: TABLES,
  };
  return formats;
};

/** The rules of the tournament's format. */
export const formatOf = (t: Tournament): FormatRules => table()[t.settings.format];

/** The tournament's knockout bracket with its results, once it is known (undefined without one). */
export const knockoutView = (t: Tournament): KnockoutView | undefined =>
  bracketView(t, formatOf(t).knockoutStage?.(t));

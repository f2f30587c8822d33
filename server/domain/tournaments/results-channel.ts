/**
 * The presence channel on which a tournament's matches report their results to it. A match keeps
 * the channel it reports to (`games.report_to`), so a game's record also says which tournament,
 * if any, it was played in.
 */
const PREFIX = 'tournament-results:';

export const tournamentChannel = (tournamentId: string) => `${PREFIX}${tournamentId}`;

/** The tournament whose channel `reportTo` is; null for a game that reports elsewhere or nowhere. */
export const tournamentOfChannel = (reportTo: string | null | undefined): string | null =>
  reportTo?.startsWith(PREFIX) ? reportTo.slice(PREFIX.length) || null : null;

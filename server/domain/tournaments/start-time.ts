import type { Tournament } from './tournament.ts';

/**
 * When the tournament starts or started: its start time, or for one started by hand the moment
 * it was (null until then). An arena's duration counts from here. A module of its own, importing
 * only types, so that any module may read it without taking part in the formats' import cycle.
 */
export const startTimeOf = (t: Tournament): number | null => t.settings.startsAt ?? t.startedAt;

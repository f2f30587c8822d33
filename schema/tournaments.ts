/**
 * The tournament's wire vocabulary: formats, statuses, the room's messages and close codes, and
 * the DTOs of `/api/tournaments`, shared by the server and the client SDK.
 */

/** The formats a tournament room plays (the pure formats of `server/domain/tournaments/`). */
export const TOURNAMENT_FORMATS = ['swiss', 'round-robin'] as const;
export type TournamentFormat = (typeof TOURNAMENT_FORMATS)[number];

/** Where a tournament stands: players join while `upcoming`; `finished` is final. */
export const TOURNAMENT_STATUSES = ['upcoming', 'running', 'finished'] as const;
export type TournamentStatus = (typeof TOURNAMENT_STATUSES)[number];

/** The tie-breaks a tournament may order (FIDE C.07), as `server/domain/tournaments/tie-breaks.ts`. */
export const TOURNAMENT_TIE_BREAKS = [
  'buchholz',
  'buchholz-cut1',
  'median-buchholz',
  'sonneborn-berger',
  'direct-encounter',
  'wins',
  'games-won',
  'wins-with-black',
  'average-rating-of-opponents',
  'performance-rating',
] as const;
export type TournamentTieBreak = (typeof TOURNAMENT_TIE_BREAKS)[number];

/**
 * Who may enter a tournament: anyone (`public`, listed for all), or a private one, listed only for
 * its creator and its invited and entered players and reached by its id: with its password, or
 * by the creator's invitation only.
 */
export const TOURNAMENT_ACCESS = ['public', 'password', 'invitation'] as const;
export type TournamentAccess = (typeof TOURNAMENT_ACCESS)[number];

/** What staff did to a tournament, as its room tells everyone watching (`staff` message). */
export const TOURNAMENT_STAFF_ACTIONS = ['paused', 'resumed', 'ended-early', 'disqualified'] as const;
export type TournamentStaffAction = (typeof TOURNAMENT_STAFF_ACTIONS)[number];

export interface TournamentStaffNotice {
  action: TournamentStaffAction;
  reason: string;
  /** ms since the epoch. */
  at: number;
  /** The player disqualified. */
  userId?: string;
}

/** Who may create tournaments (`TOURNAMENT_CREATORS`). */
export const TOURNAMENT_CREATORS = ['anyone', 'staff'] as const;
export type TournamentCreators = (typeof TOURNAMENT_CREATORS)[number];

/** The room's close codes. */
export const TOURNAMENT_CLOSE_CODES = {
  /** Too many refused messages. */
  abuse: 4400,
  /** Another copy of the tournament took over: look it up again. */
  moved: 4410,
} as const;

/** What the `tournament` room sends a player. */
export interface TournamentGameNotice {
  tournamentId: string;
  round: number;
  board: number;
  /** The match room to join by id. */
  gameId: string;
  game: string;
  /** The player's seat: 0 (white in chess) or 1. */
  seat: number;
  opponent: { userId: string; name: string };
}

/** One standing, with its tie-break values in the tournament's order. */
export interface StandingDto {
  rank: number;
  userId: string;
  name: string;
  rating: number;
  score: number;
  tieBreaks: Partial<Record<TournamentTieBreak, number>>;
  withdrawn: boolean;
  /** Withdrawn by staff, for good. */
  disqualified: boolean;
}

export interface BoardDto {
  board: number;
  white: string;
  black: string;
  gameId: string | null;
  /** Points of each side once the result is in (`forfeit`: not played). */
  result: { white: number; black: number; forfeit: boolean } | null;
}

export interface RoundDto {
  round: number;
  boards: BoardDto[];
  /** Players not paired this round, with what the round gave them. */
  byes: Array<{ userId: string; kind: string; points: number }>;
  ended: boolean;
}

export interface TournamentSummaryDto {
  id: string;
  name: string;
  game: string;
  format: TournamentFormat;
  status: TournamentStatus;
  timeControl: string | null;
  rated: boolean;
  /** ms since the epoch. */
  startsAt: number;
  players: number;
  capacity: number;
  /** Rounds to play (a round robin knows them once it starts: null before). */
  totalRounds: number | null;
  createdBy: string;
  access: TournamentAccess;
  /** Staff paused it: no round is paired and no game made until it is resumed. */
  paused: boolean;
  /** Staff ended it early: no further round; it finishes once the round being played is over. */
  endedEarly: boolean;
}

export interface TournamentDto extends TournamentSummaryDto {
  tieBreaks: TournamentTieBreak[];
  standings: StandingDto[];
  rounds: RoundDto[];
  currentRound: number;
  /** An invitation-only tournament's invited players (names), for its creator and staff only. */
  invited?: string[];
}

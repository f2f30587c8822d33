/**
 * The tournament's wire vocabulary: formats, statuses, the room's messages and close codes, and
 * the DTOs of `/api/tournaments`, shared by the server and the client SDK.
 */

/** The formats a tournament room plays (the pure formats of `server/domain/tournaments/`). */
export const TOURNAMENT_FORMATS = [
  'swiss',
  'round-robin',
  'knockout',
  'arena',
  'groups-knockout',
  'tables',
] as const;
export type TournamentFormat = (typeof TOURNAMENT_FORMATS)[number];

/** The formats whose every game is two players, one on each side (chess). */
export const TWO_SEAT_FORMATS: readonly TournamentFormat[] = [
  'swiss',
  'round-robin',
  'knockout',
  'arena',
  'groups-knockout',
];

/** A knockout is lost once (`single`) or twice (`double`: a losers' bracket and a grand final). */
export const KNOCKOUT_ELIMINATIONS = ['single', 'double'] as const;
export type KnockoutElimination = (typeof KNOCKOUT_ELIMINATIONS)[number];

/** What decides a knockout match still level after its tie-break sets. */
export const KNOCKOUT_DECIDERS = ['sudden-death', 'armageddon'] as const;
export type KnockoutDecider = (typeof KNOCKOUT_DECIDERS)[number];

/** How a knockout is played (`server/domain/tournaments/bracket.ts`, `knockout-match.ts`). */
export interface KnockoutOptions {
  elimination: KnockoutElimination;
  /** Regular games of a match; it ends as soon as one side cannot be caught. */
  games: number;
  /** Games of each tie-break set played while the match is level (0: none). */
  tieBreakGames: number;
  /** Tie-break sets at most, before the decider. */
  tieBreakSets: number;
  /** `sudden-death`: games until one is decisive; `armageddon`: one game, a draw goes to black. */
  decider: KnockoutDecider;
  /** Single elimination: the losing semi-finalists play for third place (else they share it). */
  thirdPlace: boolean;
  /** Double elimination: a second grand final when the losers' finalist wins the first. */
  grandFinalReset: boolean;
}

/**
 * How a groups-then-knockout tournament makes its groups (`server/domain/tournaments/groups.ts`):
 * a number of groups, or groups of at most `size` players, drawn by serpentine seeding at the
 * start; each plays a round robin (twice with the tournament's `double`), and the top `advance` of
 * every group go on to the knockout, played with the tournament's `knockout` options.
 */
export interface GroupsOptions {
  /** The number of groups (null: from `size`); fewer when there are not two players for each. */
  count: number | null;
  /** Players in a group at most (null: from `count`). */
  size: number | null;
  /** Players of each group who go on to the knockout. */
  advance: number;
}

/** How an arena is played (`server/domain/tournaments/arena-rules.ts`). */
export interface ArenaOptions {
  /** How long games are started for, from the start; games running at the end finish and count. */
  minutes: number;
  /** The time between pairing waves of the free players (ms). */
  waveMs: number;
  /** Whether a player may halve their own clock for an extra point on a win. */
  berserk: boolean;
}

/**
 * How a tournament of tables is played (`server/domain/tournaments/tables-rules.ts`): each round
 * seats the players by standing at tables of `size`, each table one match of a game of several
 * seats (golf).
 */
export interface TablesOptions {
  /** Seats at a table; tables of a round differ by one player at most, the larger ones first. */
  size: number;
  /**
   * Points by place at a full table, first place first (`size` entries, never rising). A smaller
   * table gives the last entries: its last place scores what a full table's last place does.
   */
  points: number[];
}

/** Where an arena player is: waiting for the next wave, in a game, or paused (not paired). */
export const ARENA_PLAYER_STATUSES = ['free', 'playing', 'paused'] as const;
export type ArenaPlayerStatus = (typeof ARENA_PLAYER_STATUSES)[number];

/** An arena player's standing beyond the score: the sheet, the streak and whether on fire. */
export interface ArenaStandingDto {
  /** Points of each game, in the order played (doubled on fire, plus a berserk point). */
  sheet: number[];
  /** Wins in a row up to now. */
  streak: number;
  /** On fire: the next game counts double. */
  fire: boolean;
  status: ArenaPlayerStatus;
  /**
   * The player paused (they are not paired until they join again), also while the game they
   * paused in is still played (`status` then says `playing`).
   */
  paused: boolean;
  /** The tie-break: average rating of opponents plus the rating difference for the fraction scored. */
  performance: number;
}

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
  /** The player's seat: 0 (white in chess) or 1; at a table, 0 to its size − 1. */
  seat: number;
  /** The other player of a two-seat game; at a table, the player in the next seat. */
  opponent: { userId: string; name: string };
  /** At a table (format `tables`): everyone else seated there, in seat order. */
  opponents?: Array<{ userId: string; name: string }>;
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
  /** An arena's sheet, streak and status (null for the other formats). */
  arena: ArenaStandingDto | null;
}

/** A game's points for each side once it is in (`forfeit`: not played). */
export interface GameResultDto {
  white: number;
  black: number;
  forfeit: boolean;
  /** A game of an arena that allows berserk: who went berserk, and the moves each side made. */
  berserk?: { white: boolean; black: boolean };
  moves?: { white: number; black: number };
}

/** One seat of a table once its result is in: its place (1 is best; equal places share). */
export interface TablePlacingDto {
  userId: string;
  place: number;
  points: number;
  /** Did not take the seat: placed last, with the last place's points. */
  absent: boolean;
}

export interface BoardDto {
  board: number;
  white: string;
  black: string;
  gameId: string | null;
  result: GameResultDto | null;
  /** A knockout's game: its match in the bracket and its number in the match (null otherwise). */
  match: { id: string; game: number } | null;
  /**
   * A table (format `tables`): its players in seat order (`white` and `black` are its first two),
   * and once its result is in, each seat's place and points in seat order; null otherwise.
   */
  table: { seats: string[]; placings: TablePlacingDto[] | null } | null;
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
  /**
   * ms since the epoch. Null for a tournament its creator starts by hand while it waits for that
   * start; once started, the moment it started.
   */
  startsAt: number | null;
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

/** A page of a tournament list (`GET /api/tournaments`, `GET /api/admin/tournaments`). */
export interface TournamentPageDto {
  tournaments: TournamentSummaryDto[];
  /** Where the next page starts (pass it back as `after`), or null on the last page. */
  next: string | null;
}

/** `GET /api/tournaments`: a page of the tournaments, and who may create one on this server. */
export interface TournamentListDto extends TournamentPageDto {
  creators: TournamentCreators;
}

export interface TournamentDto extends TournamentSummaryDto {
  tieBreaks: TournamentTieBreak[];
  standings: StandingDto[];
  rounds: RoundDto[];
  currentRound: number;
  /** A knockout's options (null for the other formats). */
  knockout: KnockoutOptions | null;
  /** A knockout's bracket once it has started (null before, and for the other formats). */
  bracket: BracketDto | null;
  /** An invitation-only tournament's invited players (names), for its creator and staff only. */
  invited?: string[];
  /**
   * An arena's options and its end (ms since the epoch; null until an arena started by hand
   * starts); null for the other formats.
   */
  arena: (ArenaOptions & { endsAt: number | null }) | null;
  /** A tournament of tables: the table size and the points by place (null for the other formats). */
  tables: TablesOptions | null;
  /**
   * The lowest and highest rating in the tournament's pool a player may have to enter (null: no
   * limit); with either, guests and provisional ratings may not enter.
   */
  ratingMin: number | null;
  ratingMax: number | null;
  /** A groups-then-knockout's options and groups (null for the other formats). */
  groups: GroupStageDto | null;
}

/** The group stage of a groups-then-knockout tournament. */
export interface GroupStageDto {
  options: GroupsOptions;
  /** Each group plays its round robin twice, colours reversed. */
  double: boolean;
  /** `groups` until every group has played its table, then `knockout`; null before the start. */
  stage: 'groups' | 'knockout' | null;
  /** Drawn at the start (empty before). */
  groups: GroupDto[];
}

export interface GroupDto {
  /** `"A"`, `"B"`, … */
  name: string;
  /** Rounds of its round robin (rounds 1 to `rounds` of the tournament). */
  rounds: number;
  /** Its table: by score, then the tournament's tie-breaks (ranks within the group). */
  standings: StandingDto[];
  /** Who went on to the knockout, in the order of its table (empty until the group stage is over). */
  qualified: string[];
}

/** The parts of a bracket: the single or winners' bracket, the losers' bracket, and the finals. */
export const BRACKET_PARTS = ['main', 'losers', 'third', 'final', 'reset'] as const;
export type BracketPart = (typeof BRACKET_PARTS)[number];

/** `playing`: both players known, not decided yet (a game on, or the next to be made). */
export const BRACKET_MATCH_STATUSES = ['waiting', 'playing', 'decided', 'walkover', 'void'] as const;
export type BracketMatchStatus = (typeof BRACKET_MATCH_STATUSES)[number];

export type KnockoutGameKind = 'regular' | 'tie-break' | 'sudden-death' | 'armageddon';

/** One side of a match: a seeded player, a bye, or the winner or loser of a match not decided yet. */
export type BracketSlotDto =
  | { kind: 'player'; userId: string; name: string; seed: number }
  | { kind: 'bye' }
  | { kind: 'pending'; from: 'winner' | 'loser'; match: string };

export interface BracketGameDto {
  /** Its number in the match, from 1. */
  game: number;
  kind: KnockoutGameKind;
  /** Where it is in the tournament's `rounds`. */
  round: number;
  board: number;
  gameId: string | null;
  white: string;
  black: string;
  result: GameResultDto | null;
}

export interface BracketMatchDto {
  /** `W1-3` (winners' or single bracket, round 1, match 3), `L2-1`, `3RD`, `GF`, `GF2`. */
  id: string;
  a: BracketSlotDto;
  b: BracketSlotDto;
  status: BracketMatchStatus;
  /** Points of each side over the match's games. */
  score: { a: number; b: number };
  games: BracketGameDto[];
  /** The player who goes on (null until decided, and when neither does). */
  winner: string | null;
  /** Over the board (forfeits count as games), by a withdrawal, or by a bye. */
  decidedBy: 'games' | 'withdrawal' | 'bye' | null;
}

export interface BracketRoundDto {
  part: BracketPart;
  /** Round within its part, from 1. */
  round: number;
  matches: BracketMatchDto[];
}

export interface BracketDto {
  elimination: KnockoutElimination;
  /** Slots of the first round (a power of two); the seeds beyond the players are byes. */
  size: number;
  /** In the order they are played: every match comes after the matches it takes its players from. */
  rounds: BracketRoundDto[];
  champion: string | null;
}

import type {
  BotLevel,
  Category,
  ChessEvent,
  ClockPair,
  GameResult,
  Termination,
} from '../../schema/chess.ts';
import type { ErrorCode } from '../../schema/errors.ts';
import type { ChallengeDto, GameTerms } from '../../schema/lobby.ts';
import type { SessionEnding } from '../../schema/moderation.ts';
import type { QueueInfo } from '../../schema/queues.ts';
import type { TournamentFormat } from '../../schema/tournaments.ts';

/** What the services need from the outside world, as interfaces; `server/platform` implements them. */

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the time of a verification without an account, against user enumeration by timing. */
  verifyDecoy(password: string): Promise<void>;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A fixed-window counter per key (an IP address, an account). */
export interface RateLimiter {
  /** Counts one event for `key` and says whether it is still within the limit. */
  consume(key: string): Promise<RateDecision>;
  /** Says whether `key` is within the limit, without counting. */
  check(key: string): Promise<RateDecision>;
  reset(key: string): Promise<void>;
}

/**
 * Limits counted for one event in turn (a matchmaking request: its address, then its user), as
 * `consume` on each in order would: those before the one that refuses count it, those after do not.
 */
export interface LimitsInTurn {
  /**
   * `keys[i]` is the event's key for the i-th limit (undefined: that limit does not apply); the
   * index of the limit that refused it, if one did.
   */
  consume(
    keys: ReadonlyArray<string | undefined>,
  ): Promise<{ refusedBy: number; retryAfterSeconds: number } | null>;
}

/** The time, injected so that tests and replays control it. */
export type Clock = () => Date;

/** What an access token says about its bearer. */
export interface AccessClaims {
  userId: string;
  username: string;
  roles: Array<'user' | 'moderator' | 'admin'>;
  guest: boolean;
  /** The session (refresh family) the token was issued to; absent on tokens issued before sessions were named. */
  sessionId?: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
  /** When the token was issued, ms since the epoch (compared with the user's session epoch). */
  issuedAt: number;
  /** Staff require a new password: the token serves only to read the account and set one. */
  passwordChange?: boolean;
}

/**
 * Sessions ended before their access tokens expire: their tokens are refused from then on, on
 * every node. An entry lasts as long as an access token can.
 */
export interface SessionRevocations {
  revoke(sessionIds: readonly string[]): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
}

/** Issues and checks short-lived access tokens (signed JWTs). */
export interface AccessTokens {
  readonly ttlSeconds: number;
  issue(claims: Omit<AccessClaims, 'exp' | 'issuedAt'>): Promise<string>;
  /** The claims of a valid token; an `AppError` TOKEN_EXPIRED or TOKEN_INVALID otherwise. */
  verify(token: string): Promise<AccessClaims>;
}

/** A user's sessions ended by moderation, at `at` (ms since the epoch). */
export interface SessionEnd {
  userId: string;
  why: SessionEnding;
  at: number;
}

/**
 * Ends users' sessions on every node at once: `banned` and `revoked` move the user's session
 * epoch (tokens issued before it are refused); every ending closes the user's room connections.
 */
export interface SessionGuard {
  end(end: SessionEnd): Promise<void>;
  /** Why a token of `userId` issued at `issuedAt` (ms) is refused, or undefined when it is not. */
  refusal(userId: string, issuedAt: number): SessionEnding | undefined;
  /** Hears every ending, from any node. */
  onEnded(listener: (end: SessionEnd) => void): void;
}

// ---- games -----------------------------------------------------------------------------------

/** Who sits on one side of a game: an account (or guest), or the server bot. */
export interface SeatedPlayer {
  /** null for the bot. */
  userId: string | null;
  name: string;
  bot: BotLevel | null;
}

/** What a game is, fixed when it starts (both seats taken). */
export interface GameStart {
  /** The room id, which is also the game id. */
  id: string;
  white: SeatedPlayer;
  black: SeatedPlayer;
  /** `"3+2"`. */
  timeControl: string;
  initialMs: number;
  incrementMs: number;
  category: Category;
  rated: boolean;
  /** Server time of the `start` event, ms since the epoch. */
  startedAt: number;
}

/** A player's rating in one category, as shown next to their name. */
export interface RatingView {
  rating: number;
  rd: number;
  provisional: boolean;
  games: number;
}

export interface GameEnding {
  result: GameResult;
  termination: Termination;
  /** ms since the epoch. */
  endedAt: number;
  /** With headers and `[%clk]` comments. */
  pgn: string;
  /** The final position. */
  fen: string;
}

/** The rating change of one side of a rated game. */
export interface RatingChange {
  before: number;
  after: number;
  diff: number;
  provisional: boolean;
}

export interface FinishedGame {
  result: GameResult;
  termination: Termination;
  /** Absent for casual games and for the bot's side. */
  ratings: { white?: RatingChange; black?: RatingChange };
}

/** A game as the record holds it: enough to rebuild its room. */
export interface StoredGame {
  start: GameStart;
  status: 'playing' | 'ended';
  /** In order, starting with the `start` event (seq 1). */
  events: ChessEvent[];
}

/**
 * The record of games: the append-only event log and the result. Rooms write through it; every
 * method may be called again after a crash or a retry without changing what it did the first time.
 *
 * @deprecated The chess room's view of the record, kept on top of the generic tables until the
 * generic match room replaces the chess room; new code writes through {@link MatchRecords}.
 */
export interface GameRecords {
  ratingOf(userId: string, category: Category): Promise<RatingView>;
  /** Writes the game row and its `start` event (seq 1) in one transaction. */
  create(start: GameStart): Promise<void>;
  /**
   * Appends event number `seq` (2, 3, …). A second event with the same number is refused with a
   * `SeqConflictError`, so two writers can never both extend one game.
   * `san` is stored with moves and `clock` after every event, for reads that do not replay.
   */
  append(
    gameId: string,
    seq: number,
    event: ChessEvent,
    derived: { san?: string; clock: ClockPair },
  ): Promise<void>;
  /**
   * Ends the game: result, termination, PGN and, for rated games, both players' ratings, in one
   * transaction. A second call changes nothing and answers what the first one did.
   */
  finish(gameId: string, ending: GameEnding): Promise<FinishedGame>;
  load(gameId: string): Promise<StoredGame | null>;
  /** The ids of games that started and have not ended. */
  unfinished(): Promise<string[]>;
}

/** Where rooms write their log lines (a pino logger fits). */
export interface RoomLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Where games are played: lets the control plane bring an unfinished game back into a room. */
export interface GameHosting {
  /**
   * Rebuilds the game from its log into a room under its own id, unless a room already holds it
   * (`running`) or it has ended (`ended`). An `AppError` GAME_NOT_FOUND for an unknown id.
   */
  restore(gameId: string): Promise<'restored' | 'running' | 'ended'>;
  /** The queue profiles with their live figures (a queue whose room does not answer: nulls). */
  queues(): Promise<QueueInfo[]>;
  /** Direct challenges between two players, delivered and answered in the lobby. */
  challenges: ChallengeDesk;
  /** The lobby chat's moderation. */
  chat: ChatModeration;
  /** Staff commands to a match of any game, on whichever node holds it. */
  matches: MatchModeration;
  /** Every node of the cluster with its connected clients and rooms (`self`: the answering node). */
  nodes(): Promise<Array<{ node: string; ccu: number; rooms: number; self: boolean }>>;
  /** Where players are, and a message to every device of one, through the lobby. */
  players?: PlayerDirectory;
  /** Logs played again through their game's module: exports checked, replays shown. */
  replays: GameReplays;
  /** Tournament rooms, wherever they run. */
  tournaments?: TournamentDesk;
}

/** A match as the staff's games list shows it. */
export interface LiveMatchDto {
  gameId: string;
  game: string;
  /** The node (process id) that holds the room. */
  node: string;
  clients: number;
  createdAt: string | null;
  /** What the room lists about itself (chess: the players and time control). */
  live: unknown;
}

/**
 * Staff commands to matches. `command` answers the match's status after it, or an `AppError`:
 * GAME_NOT_FOUND (no room holds it), GAME_OVER, GAME_NOT_STARTED, VALIDATION_FAILED, NOT_READY.
 */
export interface MatchModeration {
  live(): Promise<LiveMatchDto[]>;
  command(
    gameId: string,
    command:
      | { type: 'pause' | 'resume' | 'abort'; reason: string }
      | { type: 'adjudicate'; reason: string; scores: number[] },
  ): Promise<'playing' | 'paused' | 'ended'>;
}

/** What staff do to the lobby chat, wherever the lobby runs. NOT_READY when it does not answer. */
export interface ChatModeration {
  mute(userId: string, untilMs: number | null): Promise<void>;
  /** What the line said; CHAT_LINE_NOT_FOUND when no line has that id (any more). */
  deleteLine(id: number): Promise<{ userId: string; name: string; text: string }>;
}

/** Whether a player is in the lobby (on any device, any node), and the game they play. */
export interface PlayerPresence {
  userId: string;
  online: boolean;
  gameId: string | null;
}

/** The players the lobby knows, wherever it runs in the cluster. */
export interface PlayerDirectory {
  presenceOf(userIds: readonly string[]): Promise<PlayerPresence[]>;
  /** Sends `message` as `type` to every lobby connection of the user; false when not there. */
  deliver(username: string, type: string, message: object): Promise<boolean>;
  /** A block against the user was made or lifted: the lobby reads again whom it hides from them. */
  blocksChanged(userId: string): Promise<void>;
}

// ---- direct challenges -----------------------------------------------------------------------

/** One side of a direct challenge, as the control plane knows it. */
export interface ChallengeParty {
  userId: string;
  name: string;
  guest: boolean;
}

/**
 * Where the control plane leaves direct challenges: the lobby delivers them to the opponent's
 * connections and holds them until answered. Refusals are `AppError`s (VALIDATION_FAILED,
 * RATED_NEEDS_ACCOUNT, USER_NOT_ONLINE, RATE_LIMITED, CHALLENGE_NOT_FOUND, NOT_READY).
 */
export interface ChallengeDesk {
  /** Chess by its `timeControl`; any other `game` by its `options` and `computers` (`GameTerms`). */
  create(
    challenge: {
      from: ChallengeParty;
      to: ChallengeParty;
      timeControl?: string;
      rated: boolean;
    } & Omit<GameTerms, 'seats'>,
  ): Promise<ChallengeDto>;
  /** The challenge, for one of its two players; CHALLENGE_NOT_FOUND for anyone else. */
  get(id: string, userId: string): Promise<ChallengeDto>;
}

// ---- the record of any game (the generic match actor writes through this) ---------------------

/** Who sits in one seat of a match, in seating order (chess: seat 0 white, seat 1 black). */
export interface MatchSeat {
  /** 0-based, in seating order. */
  seat: number;
  /** 0-based team; in a game without teams each seat is its own team (`team === seat`). */
  team: number;
  /** null for a bot. */
  userId: string | null;
  name: string;
  /** The bot's level; null for a person. */
  bot: string | null;
  guest: boolean;
}

/** What a match is, fixed when it starts (every seat taken). */
export interface MatchStart {
  /** The room id, which is also the game id. */
  id: string;
  /** The registered game module's name (`chess`). */
  game: string;
  /** The game's own options as JSON (chess: `{ timeControl: "3+2" }`), enough to rebuild it. */
  options: Record<string, unknown>;
  /** The rating pool of the game (chess: its category, `blitz`). */
  pool: string;
  rated: boolean;
  /** Server time of the start, ms since the epoch. */
  startedAt: number;
  seats: MatchSeat[];
  /**
   * Who created the match and wants its result (a queue, a party, a lobby, a tournament): a
   * presence channel. The record keeps it so that the result reaches it exactly once, even when
   * the match's node dies between the ending and the report.
   */
  reportTo?: string;
}

/** One event of a game's log as the game module wrote it: JSON with its time. */
export interface MatchEvent {
  type: string;
  /** Server time, ms since the epoch. */
  at: number;
  [field: string]: unknown;
}

/** An event as the log keeps it: its number and the version of the module's event format. */
export interface LoggedEvent {
  seq: number;
  /** The event format's version; old versions stay readable (the module upgrades them). */
  v: number;
  event: MatchEvent;
}

/** One seat's result: score (game points) and placing (1 is first; ties share a placing). */
export interface SeatResult {
  seat: number;
  score: number;
  placing: number;
  /**
   * In a game of an arena that allows berserk (its scoring reads them): the moves this seat
   * made, and whether it went berserk (gave up half its clock for an extra point on a win).
   */
  moves?: number;
  berserk?: boolean;
}

export interface MatchEnding {
  /** Why the game ended, in the game's own vocabulary (`checkmate`, `aborted`…). */
  termination: string;
  /** One per seat; empty when the game has no result (aborted, abandoned by both): never rated. */
  results: SeatResult[];
  /**
   * With no results: the seats that lost the game by not playing it (chess: the side whose first
   * move was not made in time). The game stays unrated; whoever made the match (a tournament)
   * counts it lost by forfeit for these seats and won for the others. Absent: no seat is at fault.
   */
  forfeited?: number[];
  /** ms since the epoch. */
  endedAt: number;
  /**
   * The game's own record: chess `{ result: "1-0", pgn, final: fen }`; any game may add a JSON
   * `export`.
   */
  record: { result?: string; pgn?: string; final?: string; export?: unknown };
}

/** What the record answers once a match has ended: each seat's result and rating change. */
export interface FinishedMatch {
  termination: string;
  results: Array<SeatResult & { rating?: RatingChange }>;
  /** As `MatchEnding.forfeited`; absent when no seat is at fault. */
  forfeited?: number[];
}

/** A match as the record holds it: enough to rebuild its room. */
export interface StoredMatch {
  start: MatchStart;
  status: 'playing' | 'ended';
  /** The newest snapshot, if any: the game's state after event `seq`, in format version `v`. */
  snapshot?: { seq: number; v: number; state: unknown };
  /** In order: every event after the snapshot (or from seq 1 without one). */
  events: LoggedEvent[];
  /** The number of the last event (`events.at(-1).seq`, or the snapshot's seq). */
  lastSeq: number;
}

/** A result waiting to reach whoever created its match (see `MatchStart.reportTo`). */
export interface PendingReport {
  gameId: string;
  reportTo: string;
  finished: FinishedMatch;
}

/**
 * The record of matches of any game: the append-only event log, snapshots and the result. Every
 * method may be called again after a crash or a retry without changing what it did the first time.
 */
export interface MatchRecords {
  /**
   * A player's rating in a pool. `guest`: the player is a guest, who never plays a rated game, so
   * has the initial rating, answered without a read.
   */
  ratingOf(userId: string, pool: string, guest?: boolean): Promise<RatingView>;
  /**
   * Writes the game row, its players and its first event (seq 1) in one transaction; `derived` as
   * with `append`.
   */
  create(
    start: MatchStart,
    first: { v: number; event: MatchEvent; derived?: Record<string, unknown> },
  ): Promise<void>;
  /**
   * Appends event number `seq` (2, 3, …). A second event with the same number is refused with a
   * `SeqConflictError`, so two writers can never both extend one game. `derived` is kept with the
   * event for reads that do not replay (chess: the SAN and both clocks).
   */
  append(
    gameId: string,
    seq: number,
    entry: { v: number; event: MatchEvent; derived?: Record<string, unknown> },
  ): Promise<void>;
  /** Keeps the game's state after event `seq`, so a restore replays only what follows. */
  snapshot(gameId: string, seq: number, snapshot: { v: number; state: unknown }): Promise<void>;
  /**
   * Ends the match: result per seat, termination, record and, for rated games, every player's
   * rating (Glicko-2, pairwise by placing), in one transaction. A second call changes nothing and
   * answers what the first one did.
   */
  finish(gameId: string, ending: MatchEnding): Promise<FinishedMatch>;
  load(gameId: string): Promise<StoredMatch | null>;
  /** The ids of matches that started and have not ended. */
  unfinished(): Promise<string[]>;
  /** Ended matches whose creator has not yet taken the result. */
  pendingReports(limit: number): Promise<PendingReport[]>;
  /** The creator took the result: true the first time, false for a repeat (exactly once). */
  reportDelivered(gameId: string): Promise<boolean>;
}

/** A request for a seat in a room, as the SDK's matchmaking call makes it. */
export interface SeatRequest {
  /** `joinOrCreate`, `create`, `join`, `joinById` or `reconnect`. */
  method: string;
  /** The room type, or the room id for `joinById` and `reconnect`. */
  target: string;
  /** The room options, a JSON object. */
  options: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** The client's address at the socket. */
  remoteAddress: string | undefined;
}

/** The rooms' matchmaker, behind `POST /matchmake/:method/:target`. */
export interface Matchmaker {
  /** A seat reservation for the SDK to connect with; a refusal is an `AppError`. */
  reserve(request: SeatRequest): Promise<object>;
}

/** What a log line says the work is about: `reqId`, `room`, `roomId`, `gameId`, `userId`. */
export type TrailFields = Record<string, string | undefined>;

/** Carries {@link TrailFields} along a piece of work, onto every line it logs. */
export interface LogTrail {
  /** Runs `work` with `fields` as the whole trail. */
  run<T>(fields: TrailFields, work: () => T): T;
  /** Adds to the trail of the work in progress. */
  annotate(fields: TrailFields): void;
}

/** Attributes of a span: what a trace shows of one step. */
export type SpanAttributes = Record<string, string | number | boolean | undefined>;

/** A span its starter ends: an HTTP request, ended when its answer is sent. */
export interface OpenSpan {
  setAttributes(attributes: SpanAttributes): void;
  rename(name: string): void;
  /** Ends the span; `failed` marks it as an error. */
  end(failed?: boolean): void;
}

/**
 * Traces (OpenTelemetry when configured). Where tracing is off, callers hold no `Tracing` at all
 * and do their work directly, so it costs nothing.
 */
export interface Tracing {
  /** Runs `work` in a new span, a child of the active one, ended when `work` returns or settles. */
  span<T>(name: string, attributes: SpanAttributes, work: () => T): T;
  /** Starts a span the caller ends; `work` runs with it active. */
  open<T>(name: string, attributes: SpanAttributes, work: (span: OpenSpan) => T): T;
  /** Sends what is still buffered and stops. */
  shutdown(): Promise<void>;
}

// ---- logs played again (the records' export, import and replay) ----------------------------------

/** Why a log cannot be played again: the number of the event that fails (0: the options), and why. */
export interface ReplayRefusal {
  ok: false;
  seq: number;
  message: string;
}

/** A whole log played again: where it leads, and what the record of its ending would be. */
export interface ReplayedGame {
  ok: true;
  status: 'waiting' | 'playing' | 'ended';
  ending: { termination: string; results: SeatResult[]; endedAt: number } | null;
  /** The module's record of the ending (null while the game goes on). */
  record: MatchEnding['record'] | null;
  /** What the module keeps beside each event, in the log's order. */
  derived: Array<Record<string, unknown> | undefined>;
}

/**
 * One step of a replay as a spectator saw it: the event's number, time and seat, what was done in
 * words a spectator may read (never a secret of the event, such as a seed), and the view after it.
 */
export interface ReplayFrame {
  seq: number;
  at: number;
  seat: number | null;
  move: { type: string; [field: string]: unknown };
  view: unknown;
}

/** Who played a game, for the record a replay rebuilds (chess names its players in the PGN). */
export interface ReplayContext {
  gameId: string;
  rated: boolean;
  pool: string;
  names: string[];
  ratings: Array<number | undefined>;
}

/** The logs of the games a server hosts, played again through their modules. */
export interface GameReplays {
  replay(
    game: string,
    options: Record<string, unknown>,
    events: readonly LoggedEvent[],
    context: ReplayContext,
  ): ReplayedGame | ReplayRefusal;
  /** What a spectator saw after each event (a module may show an event in several frames). */
  frames(
    game: string,
    options: Record<string, unknown>,
    events: readonly LoggedEvent[],
  ): { ok: true; frames: ReplayFrame[] } | ReplayRefusal;
}

/** How a tournament's room answers a player's entry, withdrawal, bye request or start by hand. */
export type TournamentAnswer = { ok: true } | { ok: false; code: ErrorCode; message: string };

/**
 * The log of tournaments, as their rooms keep it. `append` writes event `seq` (2, 3, …) and false
 * when that number is taken: another copy of the room wrote first, and this one must stop.
 */
export interface TournamentRecords {
  /** The log in order, or null for an unknown tournament. */
  load(id: string): Promise<unknown[] | null>;
  append(id: string, seq: number, event: { type: string; at: number }): Promise<boolean>;
}

/** What the control plane asks of tournament rooms, wherever they run. */
export interface TournamentDesk {
  /**
   * Why `game` with `options` cannot be played by a tournament of `format` on this deployment, or
   * null: two-seat formats take games of two sides; `tables` takes a game of tables, at `tableSize`.
   */
  checkGame(
    game: string,
    options: Record<string, unknown>,
    format: TournamentFormat,
    tableSize?: number,
  ): string | null;
  /** Brings the tournament's room up (after its creation), unless a node holds it. */
  open(id: string): Promise<void>;
  enter(id: string, entry: { userId: string; name: string; guest: boolean }): Promise<TournamentAnswer>;
  withdraw(id: string, userId: string): Promise<TournamentAnswer>;
  requestBye(id: string, userId: string, round: number): Promise<TournamentAnswer>;
  /** Starts a tournament without a start time now; the room checks that `by` may. */
  start(id: string, by: { userId: string; staff: boolean }): Promise<TournamentAnswer>;
  /** A staff command, for the room to carry out and write to the log (the caller checked the role). */
  staff(id: string, command: TournamentStaffCommand): Promise<TournamentStaffAnswer>;
  /** The creator (`by`) invites players to an invitation-only tournament. */
  invite(
    id: string,
    by: string,
    invitees: Array<{ userId: string; name: string }>,
  ): Promise<TournamentAnswer>;
}

/** What staff ask of a tournament's room; `by` is the staff member's user id. */
export type TournamentStaffCommand =
  | { type: 'pause' | 'resume' | 'end'; by: string; reason: string }
  | { type: 'disqualify'; by: string; reason: string; userId: string }
  /** A game of the round being played that staff ended, through its match, with these scores. */
  | { type: 'adjudicated'; gameId: string; scores: [number, number] };

/** The room's answer; `forfeited` the match of a disqualified player's game lost by forfeit. */
export type TournamentStaffAnswer =
  | { ok: true; forfeited: string | null }
  | { ok: false; code: ErrorCode; message: string };

import type { Room } from '@colyseus/sdk';
import type { TournamentState } from '../schema/tournament.state.ts';
import {
  type KnockoutOptions,
  TOURNAMENT_CLOSE_CODES,
  type TournamentDto,
  type TournamentFormat,
  type TournamentGameNotice,
  type TournamentPageDto,
  type TournamentStaffNotice,
  type TournamentStatus,
  type TournamentSummaryDto,
  type TournamentTieBreak,
} from '../schema/tournaments.ts';
import { ChessRooms } from './chess.ts';
import { RoomFollower } from './follow.ts';
import { Inbox, RoomClosedError } from './inbox.ts';
import type { RookeryClient } from './rest.ts';
import { whenNoRoom } from './room-errors.ts';
import { joinWithSession } from './session-join.ts';
import { StateWatch } from './state-watch.ts';

/** A tournament to create (`POST /api/tournaments`). */
export interface NewTournamentInput {
  name: string;
  game: string;
  /** The game's own options (chess: `{ timeControl: '3+2' }`). */
  options?: Record<string, unknown>;
  rated?: boolean;
  format: TournamentFormat;
  /** The number of rounds of a swiss or of a tournament of tables (a round robin plays its table). */
  rounds?: number;
  /** A round robin, or a groups-knockout's groups, played twice with colours reversed. */
  double?: boolean;
  /**
   * ms since the epoch; `null`: no start time, the creator starts it by hand with
   * {@link Tournaments.start} (until then it waits, upcoming, and its `startsAt` reads null).
   */
  startsAt: number | null;
  capacity?: number;
  /** A swiss's, a round robin's or a groups-knockout's groups' tie-breaks (a knockout ranks by the stage reached). */
  tieBreaks?: TournamentTieBreak[];
  /** A knockout's (or a groups-knockout's bracket's) elimination and matches; what is left out takes its default. */
  knockout?: Partial<KnockoutOptions>;
  /** A groups-knockout's groups: their number or their size at most (one of the two), and how many go on (2 if left out). */
  groups?: { count: number; advance?: number } | { size: number; advance?: number };
  /** Listed only for its creator and its invited and entered players; entered by id. */
  private?: boolean;
  /** A private tournament entered with this password (without one: by invitation only). */
  password?: string;
  /** An invitation-only tournament's invited players, by name. */
  invite?: string[];
  /** An arena's duration in minutes (a fraction is allowed), its wave interval (ms) and berserk. */
  arena?: { minutes: number; waveMs?: number; berserk?: boolean };
  /**
   * The lowest and highest rating (0–4000, in the pool of the tournament's game and options) a
   * player may have to enter; with either, guests and provisional ratings are refused
   * (`TOURNAMENT_RATING_LIMIT`).
   */
  ratingMin?: number;
  ratingMax?: number;
  /**
   * Format `tables` (golf): the seats at a table, within the game's limits, and the points by
   * place, first place first (default: size − 1 down to 0). Each round seats players by standing.
   */
  tables?: { size: number; points?: number[] };
}

/**
 * Tournaments over the API: list, read, create, enter, withdraw, ask for a half-point bye, start
 * by hand, the TRF of a swiss; and {@link follow} to watch one live and be told each game.
 *
 * @example
 *   const tournaments = new Tournaments(rookery);
 *   const t = await tournaments.create({ name: 'Friday blitz', game: 'chess',
 *     options: { timeControl: '3+2' }, format: 'swiss', rounds: 5, startsAt: Date.now() + 60_000 });
 *   await tournaments.join(t.id);
 *   const live = await tournaments.follow(t.id);
 *   const game = await live.nextGame(); // then ChessRooms.joinGame(game.gameId)
 *
 *   // Golf at tables of three, two rounds; each notice's gameId is a table for GolfRooms.joinTable.
 *   await tournaments.create({ name: 'Golf night', game: 'golf', options: { holes: 3 },
 *     format: 'tables', rounds: 2, tables: { size: 3 }, startsAt: Date.now() + 60_000 });
 */
export class Tournaments {
  constructor(private readonly rest: RookeryClient) {}

  /** The first page of the list (up to 50); {@link listPage} for the pages after it. */
  async list(filter: { status?: TournamentStatus; game?: string } = {}): Promise<TournamentSummaryDto[]> {
    return (await this.listPage(filter)).tournaments;
  }

  /**
   * A page of the list: up to `page.limit` (50) after `page.after`, the `next` of the page before
   * (none: the first page); `next` is null on the last page.
   */
  listPage(
    filter: { status?: TournamentStatus; game?: string } = {},
    page: { after?: string; limit?: number } = {},
  ): Promise<TournamentPageDto> {
    const query = new URLSearchParams(
      Object.entries({ ...filter, ...page, limit: page.limit?.toString() }).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    ).toString();
    return this.read(`/api/tournaments${query ? `?${query}` : ''}`);
  }

  /** A tournament, private ones too (by id); its creator also sees whom it invited. */
  get(id: string): Promise<TournamentDto> {
    return this.read<TournamentDto>(`/api/tournaments/${encodeURIComponent(id)}`);
  }

  /** A swiss as FIDE's Tournament Report File. */
  trf(id: string): Promise<string> {
    return this.rest.anonymous<string>('GET', `/api/tournaments/${encodeURIComponent(id)}/trf`);
  }

  create(input: NewTournamentInput): Promise<TournamentDto> {
    return this.rest.authed<TournamentDto>('POST', '/api/tournaments', input);
  }

  /** Enters the tournament; a private one entered with a password needs it. */
  join(id: string, options: { password?: string } = {}): Promise<TournamentDto> {
    const path = `/api/tournaments/${encodeURIComponent(id)}/join`;
    return this.rest.authed<TournamentDto>(
      'POST',
      path,
      options.password ? { password: options.password } : {},
    );
  }

  /** The creator invites players, by name, to an invitation-only tournament. */
  invite(id: string, usernames: string[]): Promise<TournamentDto> {
    const path = `/api/tournaments/${encodeURIComponent(id)}/invite`;
    return this.rest.authed<TournamentDto>('POST', path, { usernames });
  }

  withdraw(id: string): Promise<TournamentDto> {
    return this.rest.authed<TournamentDto>('POST', `/api/tournaments/${encodeURIComponent(id)}/withdraw`);
  }

  /**
   * Starts now a tournament created with `startsAt: null`: its creator (or staff) only
   * (`NOT_TOURNAMENT_CREATOR`). Refused for a tournament with a start time
   * (`TOURNAMENT_SCHEDULED`), one already started or over (`TOURNAMENT_STARTED`,
   * `TOURNAMENT_FINISHED`: a repeated start changes nothing), paused by staff
   * (`TOURNAMENT_PAUSED`), and with fewer than two players but in an arena
   * (`TOURNAMENT_TOO_FEW_PLAYERS`). Its first round is paired within a second.
   *
   * @example
   *   const t = await tournaments.create({ name: 'Club night', game: 'chess',
   *     options: { timeControl: '5+3' }, format: 'swiss', rounds: 4, startsAt: null });
   *   // … once the players are in:
   *   await tournaments.start(t.id);
   */
  start(id: string): Promise<TournamentDto> {
    return this.rest.authed<TournamentDto>('POST', `/api/tournaments/${encodeURIComponent(id)}/start`, {});
  }

  /** A half-point bye for a swiss round not paired yet. */
  requestBye(id: string, round: number): Promise<TournamentDto> {
    return this.rest.authed<TournamentDto>('POST', `/api/tournaments/${encodeURIComponent(id)}/bye`, {
      round,
    });
  }

  /** Reads as the signed-in user when there is one (private tournaments), else anonymously. */
  private async read<T>(path: string): Promise<T> {
    if (await this.rest.session()) return this.rest.authed<T>('GET', path);
    return this.rest.anonymous<T>('GET', path);
  }

  /** Watches the tournament's room: live standings and boards, and this player's games. */
  follow(id: string, options: { chess?: ChessRooms } = {}): Promise<TournamentClient> {
    return TournamentClient.open(this.rest, id, options.chess ?? new ChessRooms(this.rest));
  }
}

type TournamentMessage =
  | ({ type: 'game' } & TournamentGameNotice)
  | ({ type: 'staff' } & TournamentStaffNotice);

/**
 * One tournament's room, followed across nodes (the room is rebuilt elsewhere from its log when
 * its node dies): the synced {@link TournamentState} and the `game` notices of this player.
 */
export class TournamentClient {
  private readonly watch: StateWatch<TournamentState>;
  private readonly inbox: Inbox<TournamentMessage>;
  private readonly follower: RoomFollower<TournamentState>;

  private constructor(room: Room<TournamentState>, reopen: () => Promise<Room<TournamentState>>) {
    this.watch = new StateWatch(room, (state) => !!state?.tournamentId);
    this.inbox = new Inbox<TournamentMessage>(room, ['game', 'staff'], [], false);
    // A rebuilt room tells the game being played again: it is news only once.
    this.inbox.dropRepeats((m) => (m.type === 'game' ? m.gameId : undefined));
    room.onMessage('error', () => undefined);
    this.follower = new RoomFollower(room, {
      reopen,
      leftForGood: [TOURNAMENT_CLOSE_CODES.abuse],
      notFound: 'TOURNAMENT_NOT_FOUND',
      moved: (next) => {
        this.watch.follow(next);
        this.inbox.follow(next);
        next.onMessage('error', () => undefined);
      },
    });
    this.follower.onClose((code) => this.inbox.close(new RoomClosedError(code)));
  }

  static async open(rest: RookeryClient, id: string, chess: ChessRooms): Promise<TournamentClient> {
    const open = async () => {
      const { room } = await joinWithSession(rest, chess.colyseus, (c) =>
        c.joinById<TournamentState>(id, {}),
      );
      // Nothing of a connection is worth reconnecting to: a lost one opens the room again by its
      // id at once, wherever it is (its node died: it is being rebuilt elsewhere).
      room.reconnection.enabled = false;
      return room;
    };
    const reopen = () => open().catch(whenNoRoom('TOURNAMENT_NOT_FOUND', `no tournament ${id} (yet)`));
    return new TournamentClient(await open(), reopen);
  }

  get room(): Room<TournamentState> {
    return this.follower.room;
  }

  get state(): TournamentState {
    return this.room.state;
  }

  /** The next game of this player (or one told and not taken yet). */
  nextGame(timeoutMs?: number): Promise<TournamentGameNotice> {
    return this.inbox
      .next((m) => m.type === 'game', timeoutMs)
      .then(({ type: _type, ...notice }) => notice as TournamentGameNotice);
  }

  /** The next thing staff did to the tournament (paused, resumed, ended early, disqualified). */
  nextStaff(timeoutMs?: number): Promise<TournamentStaffNotice> {
    return this.inbox
      .next((m) => m.type === 'staff', timeoutMs)
      .then(({ type: _type, ...notice }) => notice as TournamentStaffNotice);
  }

  /** Resolves once `predicate` holds for the state (checked now and after every patch). */
  until(predicate: (state: TournamentState) => boolean, timeoutMs = 10_000): Promise<TournamentState> {
    return this.watch.until(predicate, timeoutMs);
  }

  onChange(listener: (state: TournamentState) => void): () => void {
    return this.follower.onChange(listener);
  }

  leave(): Promise<number> {
    return this.follower.leave();
  }
}

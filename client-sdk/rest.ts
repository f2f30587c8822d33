import type { AuthResponse, UserDto } from '../schema/accounts.ts';
import type {
  CurrentGameDto,
  GameDto,
  GameExportDto,
  GameImportDto,
  GamePageDto,
  GameReplayDto,
  GameReplayStepDto,
} from '../schema/games.ts';
import type { BoardDto, BoardPageDto, PlayerStandingDto, ProfileDto } from '../schema/leaderboards.ts';
import type { ChallengeDto, GameTerms } from '../schema/lobby.ts';
import type { QueueInfo } from '../schema/queues.ts';
import { RookeryError, toRookeryError } from './errors.ts';

/** What a client keeps between calls (and, with a {@link SessionStore}, between runs). */
export interface Session {
  user: UserDto;
  accessToken: string;
  refreshToken: string;
}

/**
 * Where sessions are kept: memory by default; give one backed by `localStorage`, a file or a
 * keychain to survive reloads. `save(undefined)` forgets the session.
 */
export interface SessionStore {
  load(): Session | undefined | Promise<Session | undefined>;
  save(session: Session | undefined): void | Promise<void>;
}

export function memorySessionStore(initial?: Session): SessionStore {
  let current = initial;
  return {
    load: () => current,
    save: (session) => {
      current = session;
    },
  };
}

/** What {@link webStorageSessionStore} needs of a `Storage` (`localStorage`, `sessionStorage`). */
export type StringStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Keeps the session in a browser's `localStorage` (or any `Storage`) under `key`, so a reload or
 * a new tab stays signed in. Anything unreadable there counts as no session.
 */
export function webStorageSessionStore(storage: StringStorage, key = 'rookery.session'): SessionStore {
  return {
    load: () => {
      const raw = storage.getItem(key);
      if (!raw) return undefined;
      try {
        const session = JSON.parse(raw) as Partial<Session>;
        return session.user && session.accessToken && session.refreshToken ? (session as Session) : undefined;
      } catch {
        return undefined;
      }
    },
    save: (session) => {
      if (session) storage.setItem(key, JSON.stringify(session));
      else storage.removeItem(key);
    },
  };
}

export interface RookeryClientOptions {
  /** The server, e.g. `http://localhost:2567`. */
  baseUrl: string;
  store?: SessionStore;
  fetch?: typeof fetch;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * The control plane from a browser or a Node program: accounts and sessions, games, profiles,
 * histories and queues. Reads of public data need no session. Access
 * tokens are refreshed by themselves: a call that meets an expired token refreshes once and
 * retries, and concurrent calls share that one refresh (a second refresh with the same token
 * would be taken for theft and end the session).
 *
 * @example
 *   const rookery = new RookeryClient({ baseUrl: 'http://localhost:2567' });
 *   await rookery.guest();                 // play at once
 *   await rookery.register({ username: 'alice', password: 'correct horse' }); // keep the account
 *   const me = await rookery.me();
 */
export class RookeryClient {
  readonly baseUrl: string;
  private readonly store: SessionStore;
  private readonly fetchImpl: typeof fetch;
  private refreshing: Promise<Session> | undefined;

  constructor(options: RookeryClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.store = options.store ?? memorySessionStore();
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The current session, if signed in. */
  async session(): Promise<Session | undefined> {
    return this.store.load();
  }

  /** A valid access token (refreshed if needed), for joining rooms. */
  async accessToken(): Promise<string> {
    const session = await this.requireSession();
    return session.accessToken;
  }

  /** Creates an account; when the current session is a guest, the guest becomes that account. */
  async register(input: { username: string; password: string; email?: string }): Promise<UserDto> {
    const current = await this.store.load();
    const auth = current?.user.guest ? current.accessToken : undefined;
    return this.startSession(await this.send<AuthResponse>('POST', '/api/auth/register', input, auth));
  }

  async login(input: { username: string; password: string }): Promise<UserDto> {
    return this.startSession(await this.send<AuthResponse>('POST', '/api/auth/login', input));
  }

  /** Starts a guest session: an account without a password, upgradable by {@link register}. */
  async guest(): Promise<UserDto> {
    return this.startSession(await this.send<AuthResponse>('POST', '/api/auth/guest'));
  }

  /** Ends the session on the server (if it can be reached) and forgets it here. */
  async logout(): Promise<void> {
    const current = await this.store.load();
    await this.store.save(undefined);
    if (current) await this.send<void>('POST', '/api/auth/logout', { refreshToken: current.refreshToken });
  }

  me(): Promise<UserDto> {
    return this.authed<UserDto>('GET', '/api/me');
  }

  async updateMe(patch: { displayName?: string | null; country?: string | null }): Promise<UserDto> {
    const user = await this.authed<UserDto>('PATCH', '/api/me', patch);
    const current = await this.store.load();
    if (current) await this.store.save({ ...current, user });
    return user;
  }

  /**
   * Challenges a player who is in the lobby (by username); they answer there. Follow it with
   * {@link challengeStatus}, or in the lobby (`LobbyClient.nextMatch`).
   */
  challenge(opponent: string, timeControl: string, rated: boolean): Promise<ChallengeDto> {
    return this.authed<ChallengeDto>('POST', '/api/challenges', { opponent, timeControl, rated });
  }

  /**
   * Challenges `opponent` to a game other than chess (`golf`), with the game's options and any
   * computer seats at the table besides the two of you.
   *
   * @example rest.challengeTo('bob', { game: 'golf', options: { holes: 3, superKings: true }, rated: false })
   */
  challengeTo(opponent: string, terms: Omit<GameTerms, 'seats'> & { rated: boolean }): Promise<ChallengeDto> {
    return this.authed<ChallengeDto>('POST', '/api/challenges', { opponent, ...terms });
  }

  /** How a challenge stands (for its two players): pending, accepted (with `roomId`), … */
  challengeStatus(id: string): Promise<ChallengeDto> {
    return this.authed<ChallengeDto>('GET', `/api/challenges/${encodeURIComponent(id)}`);
  }

  /** A game, finished or being played, with its moves (`GET /api/games/:id`); no session needed. */
  game(id: string): Promise<GameDto> {
    return this.send<GameDto>('GET', `/api/games/${encodeURIComponent(id)}`);
  }

  /**
   * A finished game in PGN; with `clocks`, a `{ [%clk h:mm:ss] }` comment after every move.
   * Rejects with `GAME_NOT_FINISHED` while the game is played.
   */
  pgn(id: string, options: { clocks?: boolean } = {}): Promise<string> {
    const query = options.clocks === undefined ? '' : `?clocks=${options.clocks}`;
    return this.send<string>('GET', `/api/games/${encodeURIComponent(id)}/pgn${query}`);
  }

  /**
   * A finished game as one signed JSON document: options (house rules), seed, seats, every event,
   * results and record. Rejects with `GAME_NOT_FINISHED` while the game is played.
   */
  exportGame(id: string): Promise<GameExportDto> {
    return this.send<GameExportDto>('GET', `/api/games/${encodeURIComponent(id)}/export`);
  }

  /**
   * Keeps an exported game again under a new id (signed in). Rejects with `GAME_EXPORT_TAMPERED`,
   * and nothing is kept, when the document was changed in any way.
   */
  importGame(doc: GameExportDto): Promise<GameImportDto> {
    return this.authed<GameImportDto>('POST', '/api/games/import', doc);
  }

  /** The public replay's outline: players, options and how many steps it has. */
  replay(id: string): Promise<GameReplayDto> {
    return this.send<GameReplayDto>('GET', `/api/games/${encodeURIComponent(id)}/replay`);
  }

  /** One step of the public replay (0 first), as a spectator saw it then. */
  replayStep(id: string, step: number): Promise<GameReplayStepDto> {
    return this.send<GameReplayStepDto>('GET', `/api/games/${encodeURIComponent(id)}/replay/${step}`);
  }

  /**
   * What anyone may know of a player (guests too): name, country, ratings per category, ranks on
   * the leaderboards, rating history and recent results.
   */
  profile(username: string): Promise<ProfileDto> {
    return this.send<ProfileDto>('GET', `/api/users/${encodeURIComponent(username)}`);
  }

  /** The leaderboards, each with the key of its current period. */
  async leaderboards(): Promise<BoardDto[]> {
    return (await this.send<{ boards: BoardDto[] }>('GET', '/api/leaderboards')).boards;
  }

  /**
   * A page of a board, best first (ranks "1224"); pass the page's `next` as `cursor` for the
   * following page. `period`: `current` (default), `all`, a season id or a period key.
   */
  leaderboard(
    id: string,
    options: { period?: string; country?: string; limit?: number; cursor?: string } = {},
  ): Promise<BoardPageDto> {
    const query = new URLSearchParams(Object.entries(options).map(([k, v]) => [k, String(v)]));
    const search = query.toString();
    return this.send<BoardPageDto>(
      'GET',
      `/api/leaderboards/${encodeURIComponent(id)}${search ? `?${search}` : ''}`,
    );
  }

  /** A player's standing on a board, with `around` players above and below when given. */
  leaderboardPlayer(
    id: string,
    username: string,
    options: { period?: string; country?: string; around?: number } = {},
  ): Promise<PlayerStandingDto> {
    const query = new URLSearchParams(Object.entries(options).map(([k, v]) => [k, String(v)]));
    const search = query.toString();
    const path = `/api/leaderboards/${encodeURIComponent(id)}/players/${encodeURIComponent(username)}`;
    return this.send<PlayerStandingDto>('GET', `${path}${search ? `?${search}` : ''}`);
  }

  /**
   * A page of a player's games, newest first; pass the page's `next` as `before` for the
   * following page (null on the last one).
   */
  userGames(username: string, options: { limit?: number; before?: string } = {}): Promise<GamePageDto> {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.before !== undefined) query.set('before', options.before);
    const search = query.toString();
    const path = `/api/users/${encodeURIComponent(username)}/games${search ? `?${search}` : ''}`;
    return this.send<GamePageDto>('GET', path);
  }

  /**
   * The signed-in player's games that have started and not ended, newest first: where to go
   * back to after a crash, a closed tab or a game that moved (join by id).
   */
  async currentGames(): Promise<CurrentGameDto[]> {
    return (await this.authed<{ games: CurrentGameDto[] }>('GET', '/api/me/games/current')).games;
  }

  /** The matchmaking queues, with the players waiting in each and the median wait. */
  async queues(): Promise<QueueInfo[]> {
    return (await this.send<{ queues: QueueInfo[] }>('GET', '/api/queues')).queues;
  }

  /** Any call of the API that needs no session (a mailed link's token stands for the account). */
  anonymous<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, path, body);
  }

  /** Any authenticated call of the API, with the token refreshed as needed. */
  async authed<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const session = await this.requireSession();
    try {
      return await this.send<T>(method, path, body, session.accessToken);
    } catch (err) {
      // Ended elsewhere (another device, a password reset): nothing here can bring it back.
      if (err instanceof RookeryError && err.code === 'SESSION_ENDED') await this.store.save(undefined);
      if (!(err instanceof RookeryError) || err.code !== 'TOKEN_EXPIRED') throw err;
      const renewed = await this.refresh(session);
      return this.send<T>(method, path, body, renewed.accessToken);
    }
  }

  /**
   * Exchanges the refresh token for a new pair, once for every caller that saw `stale` expire.
   * If the session is over (revoked, reused, expired, banned), it is forgotten and the error thrown.
   */
  refresh(stale?: Session): Promise<Session> {
    this.refreshing ??= (async () => {
      try {
        const current = await this.requireSession();
        // Someone else already refreshed past the token the caller saw expire.
        if (stale && current.accessToken !== stale.accessToken) return current;
        const answer = await this.send<AuthResponse>('POST', '/api/auth/refresh', {
          refreshToken: current.refreshToken,
        });
        const next = {
          user: answer.user,
          accessToken: answer.accessToken,
          refreshToken: answer.refreshToken,
        };
        await this.store.save(next);
        return next;
      } catch (err) {
        if (err instanceof RookeryError && err.status === 401) await this.store.save(undefined);
        throw err;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private async requireSession(): Promise<Session> {
    const session = await this.store.load();
    if (!session) throw new RookeryError('UNAUTHENTICATED', 'not signed in', 401);
    return session;
  }

  private async startSession(answer: AuthResponse): Promise<UserDto> {
    await this.store.save({
      user: answer.user,
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
    });
    return answer.user;
  }

  private async send<T>(method: Method, path: string, body?: unknown, accessToken?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new RookeryError('NETWORK', `cannot reach ${this.baseUrl}: ${(err as Error).message}`, 0);
    }
    if (!res.ok) throw await toRookeryError(res);
    if (res.status === 204) return undefined as T;
    // JSON for everything but documents such as a PGN, which are handed over as text.
    if (!/[/+]json\b/.test(res.headers.get('content-type') ?? '')) return (await res.text()) as T;
    return (await res.json()) as T;
  }
}

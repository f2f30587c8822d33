import type { ChessGameClient } from '../../client-sdk/chess.ts';
import { ChessRooms } from '../../client-sdk/chess.ts';
import { RookeryError, toRookeryError } from '../../client-sdk/errors.ts';
import { RookeryClient, type Session, type SessionStore } from '../../client-sdk/rest.ts';
import type { UserDto } from '../../schema/accounts.ts';

const SESSION_KEY = 'rookery.session';

/** Keeps the session in `localStorage`, so a reload (or a new tab) stays signed in. */
export function localSessionStore(key = SESSION_KEY): SessionStore {
  return {
    load: () => {
      try {
        const raw = localStorage.getItem(key);
        return raw ? (JSON.parse(raw) as Session) : undefined;
      } catch {
        return undefined;
      }
    },
    save: (session) => {
      if (session) localStorage.setItem(key, JSON.stringify(session));
      else localStorage.removeItem(key);
    },
  };
}

/** What every view gets: the SDK clients, who is signed in, and how to go elsewhere. */
export interface AppContext {
  rookery: RookeryClient;
  chess: ChessRooms;
  /** The signed-in user, as of the last sign-in or refresh. */
  user(): UserDto | undefined;
  /** Shows another view; `game` hands over a room already joined for that path. */
  navigate(path: string, handoff?: { game?: ChessGameClient }): void;
  /** Takes (once) the room handed over for `gameId`, if any. */
  takeHandoff(gameId: string): ChessGameClient | undefined;
  /** Redraws what depends on the session (the account bar). */
  sessionChanged(): void;
  /** A public read of the API (no token needed): games, profiles. */
  get<T>(path: string): Promise<T>;
}

export function createContext(hooks: { navigate(path: string): void; sessionChanged(): void }): AppContext {
  const store = localSessionStore();
  const rookery = new RookeryClient({ baseUrl: location.origin, store });
  const chess = new ChessRooms(rookery);
  let handoff: ChessGameClient | undefined;
  return {
    rookery,
    chess,
    user: () => (store.load() as Session | undefined)?.user,
    navigate: (path, given) => {
      handoff = given?.game;
      hooks.navigate(path);
    },
    takeHandoff: (gameId) => {
      const game = handoff?.gameId === gameId ? handoff : undefined;
      handoff = undefined;
      return game;
    },
    sessionChanged: hooks.sessionChanged,
    get: async <T>(path: string) => {
      let res: Response;
      try {
        res = await fetch(path, { headers: { accept: 'application/json' } });
      } catch (err) {
        throw new RookeryError('NETWORK', `cannot reach the server: ${(err as Error).message}`, 0);
      }
      if (!res.ok) throw await toRookeryError(res);
      return (await res.json()) as T;
    },
  };
}

import type { ChessGameClient } from '../../client-sdk/chess.ts';
import { ChessRooms } from '../../client-sdk/chess.ts';
import { RookeryError, toRookeryError } from '../../client-sdk/errors.ts';
import { GolfRooms, type GolfTable } from '../../client-sdk/golf.ts';
import { RookeryClient, type Session, type SessionStore } from '../../client-sdk/rest.ts';
import type { UserDto } from '../../schema/accounts.ts';
import type { Color } from '../../schema/chess.ts';
import { LobbySession } from './lobby-session.ts';
import { Preferences } from './prefs.ts';
import { livePath } from './router.ts';
import { Sounds } from './sounds.ts';
import { TournamentSession } from './tournament-session.ts';

const SESSION_KEY = 'rookery.session';
const SEATS_KEY = 'rookery.seats';

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
  /** Golf tables: private tables, joining one by its link, watching. */
  golf: GolfRooms;
  /** The lobby, the party and the queue search: kept for the whole visit, across views. */
  lobby: LobbySession;
  /** Tournaments: the API, and the rooms followed across views (the player's games open by themselves). */
  tournaments: TournamentSession;
  /** The signed-in user, as of the last sign-in or refresh. */
  user(): UserDto | undefined;
  /**
   * Shows another view; `game` hands over a room already joined for that path; `replace` takes
   * the place of the current page in the history (a link that only leads on, like a party's).
   */
  navigate(path: string, handoff?: { game?: ChessGameClient; golf?: GolfTable; replace?: boolean }): void;
  /** Takes (once) the room handed over for `gameId`, if any. */
  takeHandoff(gameId: string): ChessGameClient | undefined;
  /** Takes (once) the golf table handed over for `gameId`, if any. */
  takeGolfHandoff(gameId: string): GolfTable | undefined;
  /**
   * The colour a match seated this player on in `gameId`, when the room cannot tell it: a
   * consultation partner plays a side whose seat names the team's captain.
   */
  seatColor(gameId: string): Color | undefined;
  /** Redraws what depends on the session (the account bar) and starts the lobby afresh. */
  sessionChanged(): void;
  /** A public read of the API (no token needed): games, profiles. */
  get<T>(path: string): Promise<T>;
  /** This browser's choices: colours, board, pieces, sound. */
  prefs: Preferences;
  /** Move sounds (silent while the player has turned them off). */
  sounds: Sounds;
}

/** Seats from matches, per tab (`sessionStorage`), so a reload still knows its side. */
function seatBook() {
  const read = (): Record<string, Color> => {
    try {
      return JSON.parse(sessionStorage.getItem(SEATS_KEY) ?? '{}') as Record<string, Color>;
    } catch {
      return {};
    }
  };
  return {
    get: (gameId: string): Color | undefined => read()[gameId],
    set: (gameId: string, color: Color) => {
      // The latest few are enough: a seat matters only while its game runs.
      const kept = Object.entries({ ...read(), [gameId]: color }).slice(-20);
      sessionStorage.setItem(SEATS_KEY, JSON.stringify(Object.fromEntries(kept)));
    },
  };
}

export function createContext(hooks: {
  navigate(path: string, replace: boolean): void;
  sessionChanged(): void;
}): AppContext {
  const store = localSessionStore();
  const rookery = new RookeryClient({ baseUrl: location.origin, store });
  const chess = new ChessRooms(rookery);
  const seats = seatBook();
  const prefs = new Preferences(
    localStorage,
    document.documentElement,
    matchMedia('(prefers-color-scheme: dark)').matches,
  );
  const sounds = new Sounds(() => prefs.get().sound);
  let handoff: ChessGameClient | undefined;
  let golfHandoff: GolfTable | undefined;
  const golf = new GolfRooms(rookery);
  const user = () => (store.load() as Session | undefined)?.user;
  const navigate: AppContext['navigate'] = (path, given) => {
    handoff = given?.game;
    golfHandoff = given?.golf;
    hooks.navigate(path, given?.replace === true);
  };
  const lobby = new LobbySession({
    rookery,
    chess,
    userId: () => user()?.id,
    toGame: (gameId, seat) => {
      if (seat.color) seats.set(gameId, seat.color);
      navigate(livePath(seat.of ?? 'chess', gameId), { game: seat.game, golf: seat.golf });
    },
  });
  const tournaments = new TournamentSession({ rookery, chess, navigate: (path) => navigate(path) });
  return {
    rookery,
    chess,
    golf,
    lobby,
    tournaments,
    prefs,
    sounds,
    user,
    navigate,
    seatColor: seats.get,
    takeHandoff: (gameId) => {
      const game = handoff?.gameId === gameId ? handoff : undefined;
      handoff = undefined;
      return game;
    },
    takeGolfHandoff: (gameId) => {
      const table = golfHandoff?.gameId === gameId ? golfHandoff : undefined;
      golfHandoff = undefined;
      return table;
    },
    sessionChanged: () => {
      lobby.sessionChanged();
      tournaments.sessionChanged();
      hooks.sessionChanged();
    },
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

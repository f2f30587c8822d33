/**
 * The app's paths. The server answers each with the app's page (`CLIENT_ROUTES` in
 * `server/http/web.ts`: keep both in step).
 */
export type Route =
  | { view: 'home' }
  /** A live game: take a seat, come back to one, or watch. */
  | { view: 'game'; id: string; game: 'chess' | 'golf' }
  /** A game from the record, move by move. */
  | { view: 'replay'; id: string }
  /** An invitation link: join the party, then the start page shows it. */
  | { view: 'party'; code: string }
  /** The staff console (`web/src/admin/`): a page, and for `user` the username (`tournament`: its id). */
  | { view: 'admin'; page: AdminPage; name?: string }
  /** A player's profile: `/@/<username>`. */
  | { view: 'profile'; username: string }
  /** A board (or the first one): `/leaderboards/<id>?period=&country=&view=around`. */
  | { view: 'leaderboards'; id?: string }
  /** The tournaments (`/tournaments?status=running`), the form of a new one, and one tournament. */
  | { view: 'tournaments' }
  | { view: 'tournament-new' }
  | { view: 'tournament'; id: string }
  /** The account's own pages, and the pages of the links mailed to it. */
  | { view: 'settings' | 'friends' | 'inbox' | 'verify-email' | 'reset-password' }
  | { view: 'not-found' };

export type AdminPage = 'users' | 'user' | 'games' | 'tournaments' | 'tournament' | 'system' | 'audit';

const ID = '([A-Za-z0-9_-]{1,32})';

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { view: 'home' };
  const play = new RegExp(`^/play/${ID}/?$`).exec(pathname);
  if (play) return { view: 'game', id: play[1]!, game: 'chess' };
  const golf = new RegExp(`^/golf/${ID}/?$`).exec(pathname);
  if (golf) return { view: 'game', id: golf[1]!, game: 'golf' };
  const replay = new RegExp(`^/games/${ID}/?$`).exec(pathname);
  if (replay) return { view: 'replay', id: replay[1]! };
  const party = /^\/party\/([A-Za-z0-9]{1,32})\/?$/.exec(pathname);
  if (party) return { view: 'party', code: party[1]!.toUpperCase() };
  const admin = /^\/admin(?:\/(users|games|tournaments|system|audit))?\/?$/.exec(pathname);
  if (admin) return { view: 'admin', page: (admin[1] as AdminPage | undefined) ?? 'users' };
  const user = /^\/admin\/users\/([A-Za-z0-9_-]{1,64})\/?$/.exec(pathname);
  if (user) return { view: 'admin', page: 'user', name: user[1]! };
  const staffed = new RegExp(`^/admin/tournaments/${ID}/?$`).exec(pathname);
  if (staffed) return { view: 'admin', page: 'tournament', name: staffed[1]! };
  const profile = /^\/@\/([A-Za-z][A-Za-z0-9_-]{2,31})\/?$/.exec(pathname);
  if (profile) return { view: 'profile', username: profile[1]! };
  const board = /^\/leaderboards(?:\/([a-z0-9][a-z0-9-]{0,39}))?\/?$/.exec(pathname);
  if (board) return board[1] ? { view: 'leaderboards', id: board[1] } : { view: 'leaderboards' };
  if (/^\/tournaments\/?$/.test(pathname)) return { view: 'tournaments' };
  if (/^\/tournaments\/new\/?$/.test(pathname)) return { view: 'tournament-new' };
  const tournament = new RegExp(`^/tournaments/${ID}/?$`).exec(pathname);
  if (tournament) return { view: 'tournament', id: tournament[1]! };
  const account = /^\/(settings|friends|inbox|verify-email|reset-password)\/?$/.exec(pathname);
  if (account) return { view: account[1] as 'settings' };
  return { view: 'not-found' };
}

export const gamePath = (id: string) => `/play/${encodeURIComponent(id)}`;
/** A live game's page, by the game's name: a chess game's at `/play/…`, a golf table's at `/golf/…`. */
export const livePath = (game: string, id: string) =>
  game === 'golf' ? `/golf/${encodeURIComponent(id)}` : gamePath(id);
export const replayPath = (id: string) => `/games/${encodeURIComponent(id)}`;
export const partyPath = (code: string) => `/party/${encodeURIComponent(code)}`;
/** A tournament's page (`/tournaments/new`, the form, is matched first: the server's ids have eight characters). */
export const tournamentPath = (id: string) => `/tournaments/${encodeURIComponent(id)}`;

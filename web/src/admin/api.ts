import type { AppContext } from '../context.ts';

/** The staff's API (`/api/admin`), with the signed-in user's token (docs/protocol.md#admin). */
export interface AdminApi {
  get<T>(path: string): Promise<T>;
  /** A staff action: every one is a POST or DELETE and carries a reason. */
  act<T>(method: 'POST' | 'DELETE', path: string, body: object): Promise<T>;
  /** Opens the browser admin session (the cookie the console pages and the monitor need). */
  openSession(): Promise<void>;
}

export function adminApi(ctx: AppContext): AdminApi {
  return {
    get: (path) => ctx.rookery.authed('GET', `/api/admin${path}`),
    act: (method, path, body) => ctx.rookery.authed(method, `/api/admin${path}`, body),
    openSession: () => ctx.rookery.authed('POST', '/api/admin/session'),
  };
}

export interface UserListItem {
  id: string;
  username: string;
  email: string | null;
  roles: string[];
  guest: boolean;
  createdAt: string;
  lastSeenAt: string | null;
  banned: boolean;
  bannedUntil: string | null;
  muted: boolean;
}

export interface AdminUser {
  id: string;
  username: string;
  email: string | null;
  roles: string[];
  guest: boolean;
  createdAt: string;
  banned: boolean;
  bannedUntil: string | null;
  banReason: string | null;
  muted: boolean;
  mutedUntil: string | null;
  passwordChangeRequired: boolean;
  lastLoginAt: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  actorId: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
}

export interface UserDetail {
  user: AdminUser;
  lastSeenAt: string | null;
  sessions: Array<{
    id: string;
    startedAt: string;
    lastUsedAt: string;
    endedAt: string | null;
    endReason: string | null;
  }>;
  games: Array<{ id: string; status: string; result?: string | null; startedAt: string }>;
  audit: AuditEntry[];
  notes: Array<{ id: string; at: string; author: string | null; body: string }>;
}

export interface LiveMatch {
  gameId: string;
  game: string;
  node: string;
  clients: number;
  createdAt: string | null;
  live: { players?: Array<{ name: string; bot: string }>; timeControl?: string } | null;
}

export interface RecentGame {
  id: string;
  game: string;
  status: string;
  rated: boolean;
  termination: string | null;
  startedAt: string;
  endedAt: string | null;
  players: string[];
}

/** A date as staff read it: local, to the minute. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

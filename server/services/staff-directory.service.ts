import type { Role } from '../../schema/roles.ts';
import type { Database } from '../db/database.ts';
import type { AuditEntryDto } from '../db/repositories/audit.repository.ts';
import type { NoteRow, UserListRow } from '../db/repositories/staff.repository.ts';
import { AppError } from './errors.ts';
import type { AccessClaims, Clock } from './ports.ts';
import { type AdminUserDto, toAdminUserDto } from './user.dto.ts';

/** A row of the staff's user list. */
export interface UserListItemDto {
  id: string;
  username: string;
  email: string | null;
  roles: Role[];
  guest: boolean;
  createdAt: string;
  lastSeenAt: string | null;
  banned: boolean;
  bannedUntil: string | null;
  muted: boolean;
}

/** One session (a refresh-token family) of a user. */
export interface SessionDto {
  id: string;
  startedAt: string;
  /** The last refresh: when the session was last used to get a token. */
  lastUsedAt: string;
  expiresAt: string;
  endedAt: string | null;
  endReason: string | null;
}

export interface NoteDto {
  id: string;
  at: string;
  authorId: string | null;
  author: string | null;
  body: string;
}

/** A user's page for staff (the games come from the game history beside it). */
export interface UserDetailDto {
  user: AdminUserDto;
  lastSeenAt: string | null;
  sessions: SessionDto[];
  audit: AuditEntryDto[];
  notes: NoteDto[];
}

const toListItem = (row: UserListRow, now: Date): UserListItemDto => ({
  id: row.id,
  username: row.username,
  email: row.email,
  roles: row.roles,
  guest: row.guest,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  banned:
    row.banned_at !== null && (row.banned_until === null || Date.parse(row.banned_until) > now.getTime()),
  bannedUntil: row.banned_until,
  muted: row.muted_until !== null && Date.parse(row.muted_until) > now.getTime(),
});

const toNote = (row: NoteRow): NoteDto => ({
  id: row.id,
  at: row.at,
  authorId: row.author_id,
  author: row.author,
  body: row.body,
});

/** What staff read about users, and their notes. */
export class StaffDirectoryService {
  constructor(private readonly deps: { db: Database; clock: Clock }) {}

  search(filter: {
    q?: string | undefined;
    role?: Role | undefined;
    banned?: boolean | undefined;
    limit: number;
    offset: number;
  }): Promise<UserListItemDto[]> {
    const now = this.deps.clock();
    return this.deps.db.read(async (repos) =>
      (await repos.staff.searchUsers({ ...filter, query: filter.q, now })).map((row) => toListItem(row, now)),
    );
  }

  detail(username: string): Promise<UserDetailDto> {
    const now = this.deps.clock();
    return this.deps.db.read(async (repos) => {
      const user = await repos.users.findByUsername(username);
      if (!user) throw new AppError('USER_NOT_FOUND', 'no such user');
      const [families, audit, notes, listed] = await Promise.all([
        repos.refreshFamilies.listOfUser(user.id, 20),
        repos.audit.list({ targetId: user.id, limit: 50 }),
        repos.staff.notesOf(user.id, 50),
        repos.staff.searchUsers({ query: user.username, now, limit: 20, offset: 0 }),
      ]);
      return {
        user: toAdminUserDto(user, now),
        lastSeenAt: listed.find((row) => row.id === user.id)?.last_seen_at ?? null,
        sessions: families.map((f) => ({
          id: f.id,
          startedAt: f.createdAt.toISOString(),
          lastUsedAt: f.rotatedAt.toISOString(),
          expiresAt: f.expiresAt.toISOString(),
          endedAt: f.revokedAt?.toISOString() ?? null,
          endReason: f.revokeReason ?? null,
        })),
        audit,
        notes: notes.map(toNote),
      };
    });
  }

  /** The newest games of the record (any status), for the staff's games page. */
  recentGames(limit: number) {
    return this.deps.db.read(async (repos) =>
      (await repos.staff.recentGames(limit)).map((g) => ({
        id: g.id,
        game: g.game ?? 'chess',
        status: g.status,
        rated: g.rated,
        termination: g.termination,
        startedAt: g.started_at,
        endedAt: g.ended_at,
        players: g.players,
      })),
    );
  }

  /** Adds a staff note about a user (audited; notes are never edited). */
  addNote(actor: AccessClaims, username: string, body: string): Promise<NoteDto> {
    return this.deps.db.transaction(async (repos) => {
      const user = await repos.users.findByUsername(username);
      if (!user) throw new AppError('USER_NOT_FOUND', 'no such user');
      await repos.staff.addNote({ targetId: user.id, authorId: actor.userId, body });
      await repos.audit.append({
        action: 'user.note_added',
        actorId: actor.userId,
        targetId: user.id,
        details: { length: body.length },
      });
      const [note] = await repos.staff.notesOf(user.id, 1);
      return toNote(note!);
    });
  }
}

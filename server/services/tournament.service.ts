import type {
  RoundDto,
  StandingDto,
  TournamentCreators,
  TournamentDto,
  TournamentPageDto,
  TournamentStatus,
  TournamentSummaryDto,
} from '../../schema/tournaments.ts';
import type { Database } from '../db/database.ts';
import { AUDIT_OF_STAFF_EVENT } from '../db/repositories/audit.repository.ts';
import type { ListPosition } from '../db/repositories/tournament.repository.ts';
import { UNPLAYED_POINTS } from '../domain/tournaments/crosstable.ts';
import type { StandingRow } from '../domain/tournaments/standings.ts';
import { startTimeOf } from '../domain/tournaments/start-time.ts';
import { tablePlacings } from '../domain/tournaments/tables-rules.ts';
import {
  playerOf,
  replay,
  type Tournament,
  type TournamentEvent,
  type TournamentSettings,
} from '../domain/tournaments/tournament.ts';
import { accessOf } from '../domain/tournaments/tournament-access.ts';
import { standingsOf, startByHand } from '../domain/tournaments/tournament-rules.ts';
import { tournamentTrf } from '../domain/tournaments/tournament-trf.ts';
import { AppError } from './errors.ts';
import type {
  PasswordHasher,
  TournamentAnswer,
  TournamentDesk,
  TournamentRecords,
  TournamentStaffAnswer,
  TournamentStaffCommand,
} from './ports.ts';
import { arenaDto } from './tournament-arena.ts';
import { bracketDto } from './tournament-bracket.ts';
import { accountsNamed, checkPassword } from './tournament-entry.ts';
import { groupStageDto } from './tournament-groups.ts';

/** A tournament to create, as the API has checked it: its settings but the deployment's timings. */
export type NewTournament = Omit<TournamentSettings, 'seatDeadlineMs' | 'roundGapMs'>;

/** A private tournament's entry as its creator gives it: the password, or the players invited. */
export interface NewEntry {
  password?: string;
  invite?: string[];
}

/** Who reads: a signed-in user (staff see what only a creator would), or nobody. */
export type Reader = { userId: string; staff: boolean } | undefined;

export interface TournamentServiceDeps {
  db: Database;
  now: () => number;
  newId: () => string;
  /** Who may create tournaments. */
  creators: TournamentCreators;
  seatDeadlineMs: number;
  roundGapMs: number;
  /** The rooms, once the game server runs. */
  desk: () => TournamentDesk | undefined;
  /** Hashes and checks the passwords of private tournaments. */
  hasher: PasswordHasher;
}

/** The most tournaments a list answers at once. */
export const LIST_PAGE_MAX = 50;

/** Which page of a list: up to `limit` after the position `after` (a page's `next`). */
export interface ListPage {
  after?: string;
  limit?: number;
}

/** A list position as clients pass it back: `<start in ms, empty for a start by hand>.<id>`. */
export const LIST_CURSOR = /^(\d{1,15})?\.([A-Za-z0-9_-]{1,32})$/;

function cursorOf(position: ListPosition): string {
  return `${position.startsAt ?? ''}.${position.id}`;
}

function positionOf(cursor: string): ListPosition {
  const match = LIST_CURSOR.exec(cursor);
  if (!match) throw new AppError('VALIDATION_FAILED', 'after: not a position a list gave');
  return { startsAt: match[1] === undefined ? null : Number(match[1]), id: match[2]! };
}

/**
 * Tournaments for the control plane: creation (the row and the first events of the log, then the
 * room is opened), reads by replaying the log with the same pure fold the room uses, and the
 * player's requests, which only the tournament's room decides (it owns the log) but for a private
 * tournament's password, whose hash is kept in its row and checked here.
 */
export class TournamentService implements TournamentRecords {
  constructor(private readonly deps: TournamentServiceDeps) {}

  async create(
    input: NewTournament,
    by: { userId: string; staff: boolean },
    entry: NewEntry = {},
  ): Promise<TournamentDto> {
    if (this.deps.creators === 'staff' && !by.staff)
      throw new AppError('FORBIDDEN', 'only staff create tournaments on this server');
    const desk = this.desk();
    const problem = desk.checkGame(input.game, input.options, input.format, input.tables?.size);
    if (problem) throw new AppError('VALIDATION_FAILED', problem, [{ path: 'game', message: problem }]);
    const invitees = await accountsNamed(this.deps.db, entry.invite ?? []);
    const passwordHash = entry.password === undefined ? null : await this.deps.hasher.hash(entry.password);
    const now = this.deps.now();
    const settings: TournamentSettings = {
      ...input,
      startsAt: input.startsAt === null ? null : Math.max(input.startsAt, now),
      seatDeadlineMs: this.deps.seatDeadlineMs,
      roundGapMs: this.deps.roundGapMs,
    };
    const id = this.deps.newId();
    const log: TournamentEvent[] = [
      { type: 'created', at: now, id, settings, createdBy: by.userId },
      ...invitees.map((i): TournamentEvent => ({ type: 'invited', at: now, ...i })),
    ];
    await this.deps.db.transaction(async (repos) => {
      const access = input.access ?? null;
      await repos.tournaments.insert({ id, ...settings, createdBy: by.userId, access, passwordHash });
      for (const [i, event] of log.entries()) await repos.tournaments.append(id, i + 1, event);
    });
    // Should the room not open now, the keeper of tournaments opens it at its next full round
    // (within 10 s: `server/cluster/round-gate.ts`).
    await desk.open(id).catch(() => undefined);
    return this.dto(replay(log), by);
  }

  /** Who may create tournaments on this server (`TOURNAMENT_CREATORS`), for clients to offer it or not. */
  get creators(): TournamentCreators {
    return this.deps.creators;
  }

  /**
   * The tournaments `reader` may see listed (private ones: their creator's, invited or entered),
   * a page of up to `page.limit` (50) after the position `page.after` (a page's `next`).
   */
  async list(
    filter: { status?: TournamentStatus; game?: string },
    reader: Reader,
    page: ListPage = {},
  ): Promise<TournamentPageDto> {
    return this.summaries(filter, { userId: reader?.userId ?? null }, page);
  }

  /** Every tournament, private ones too (staff): not finished ones without a status, soonest first. */
  listAll(filter: { status?: TournamentStatus }, page: ListPage = {}): Promise<TournamentPageDto> {
    return this.summaries({ ...filter, unfinished: filter.status === undefined }, 'everyone', page);
  }

  async get(id: string, reader: Reader = undefined): Promise<TournamentDto> {
    return this.dto(await this.current(id), reader);
  }

  /** The tournament as a TRF file; only a swiss has one. */
  async trf(id: string): Promise<string> {
    const t = await this.current(id);
    if (t.settings.format !== 'swiss') throw new AppError('NOT_FOUND', 'only a swiss tournament has a TRF');
    return tournamentTrf(t);
  }

  /**
   * Enters a player. A tournament entered with a password needs it from everyone but its
   * creator (checked here, where its hash is kept); every other rule is the room's.
   */
  async enter(
    id: string,
    entry: { userId: string; name: string; guest: boolean },
    password?: string,
  ): Promise<TournamentDto> {
    const t = await this.current(id);
    // A player already in it (an arena player coming back from a pause) gave the password once.
    const known = entry.userId === t.createdBy || playerOf(t, entry.userId) !== undefined;
    if (accessOf(t) === 'password' && !known)
      await checkPassword(this.deps.db, this.deps.hasher, id, password);
    return this.answered(id, await this.call(() => this.desk().enter(id, entry)));
  }

  async withdraw(id: string, userId: string): Promise<TournamentDto> {
    await this.current(id);
    return this.answered(id, await this.call(() => this.desk().withdraw(id, userId)));
  }

  async requestBye(id: string, userId: string, round: number): Promise<TournamentDto> {
    await this.current(id);
    return this.answered(id, await this.call(() => this.desk().requestBye(id, userId, round)));
  }

  /**
   * Starts a tournament created without a start time, now: asked by its creator or by staff.
   * The room decides, on its own log; what the log read here already refuses (anyone else, a
   * tournament with a start time, one over whose room is gone) is answered without it.
   */
  async start(id: string, by: { userId: string; staff: boolean }): Promise<TournamentDto> {
    const early = startByHand(await this.current(id), by, this.deps.now());
    if (!early.ok) throw new AppError(early.code, early.message);
    const answer = await this.call(() => this.desk().start(id, by));
    if (!answer.ok) throw new AppError(answer.code, answer.message);
    return this.get(id, by);
  }

  /** The creator invites players by name to an invitation-only tournament. */
  async invite(id: string, by: { userId: string }, usernames: string[]): Promise<TournamentDto> {
    const t = await this.current(id);
    if (t.createdBy !== by.userId) throw new AppError('FORBIDDEN', "only the tournament's creator invites");
    const invitees = await accountsNamed(this.deps.db, usernames);
    const answer = await this.call(() => this.desk().invite(id, by.userId, invitees));
    if (!answer.ok) throw new AppError(answer.code, answer.message);
    return this.get(id, { userId: by.userId, staff: false });
  }

  /** Has the room carry out a staff command; its refusal is an `AppError`. */
  async command(id: string, command: TournamentStaffCommand): Promise<{ forfeited: string | null }> {
    await this.current(id);
    let answer: TournamentStaffAnswer;
    try {
      answer = await this.desk().staff(id, command);
    } catch {
      throw new AppError('NOT_READY', 'the tournament does not answer; try again shortly');
    }
    if (!answer.ok) throw new AppError(answer.code, answer.message);
    return { forfeited: answer.forfeited };
  }

  /** The tournament as its log makes it; TOURNAMENT_NOT_FOUND for an unknown id. */
  async current(id: string): Promise<Tournament> {
    const log = await this.load(id);
    if (!log) throw new AppError('TOURNAMENT_NOT_FOUND', `no tournament ${id}`);
    return replay(log as TournamentEvent[]);
  }

  // ---- the log, as the rooms keep it ----------------------------------------------------------

  async load(id: string): Promise<unknown[] | null> {
    const log = await this.deps.db.read((repos) => repos.tournaments.events(id));
    return log.length > 0 ? log : null;
  }

  /** Appends an event; a staff action's audit entry is written with it, in one transaction. */
  async append(id: string, seq: number, event: { type: string; at: number }): Promise<boolean> {
    return this.deps.db.transaction(async (repos) => {
      if (!(await repos.tournaments.append(id, seq, event))) return false;
      if (event.type === 'started') await repos.tournaments.markStarted(id, event.at);
      if (event.type === 'finished') await repos.tournaments.setStatus(id, 'finished');
      // Staff starting someone else's tournament by hand is a staff action too.
      const start = event as typeof event & { by?: string; staff?: boolean };
      if (start.type === 'started' && start.by && start.staff)
        await repos.audit.append({
          action: 'tournament.started',
          actorId: start.by,
          details: { tournamentId: id },
        });
      const action = AUDIT_OF_STAFF_EVENT.get(event.type);
      if (action) {
        const { by, reason, userId } = event as typeof event & {
          by: string;
          reason: string;
          userId?: string;
        };
        const details = { tournamentId: id, reason, ...(userId ? { userId } : {}) };
        await repos.audit.append({ action, actorId: by, targetId: userId ?? null, details });
      }
      return true;
    });
  }

  /** The ids of tournaments not finished: each has a room somewhere, or needs one. */
  unfinished(): Promise<string[]> {
    return this.deps.db.read((repos) => repos.tournaments.unfinished());
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private async summaries(
    filter: { status?: TournamentStatus; game?: string; unfinished?: boolean },
    viewer: { userId: string | null } | 'everyone',
    page: ListPage,
  ): Promise<TournamentPageDto> {
    const limit = Math.min(page.limit ?? LIST_PAGE_MAX, LIST_PAGE_MAX);
    const after = page.after === undefined ? undefined : positionOf(page.after);
    const { listed, logs } = await this.deps.db.read(async (repos) => {
      // One more than the page, to know whether another follows.
      const listed = await repos.tournaments.list(filter, viewer, limit + 1, after);
      return { listed, logs: await repos.tournaments.eventsOf(listed.slice(0, limit).map((p) => p.id)) };
    });
    const shown = listed.slice(0, limit);
    return {
      tournaments: shown.map((p) => summary(replay((logs.get(p.id) ?? []) as TournamentEvent[]))),
      next: listed.length > limit ? cursorOf(shown.at(-1)!) : null,
    };
  }

  private desk(): TournamentDesk {
    const desk = this.deps.desk();
    if (!desk) throw new AppError('NOT_READY', 'this node does not host tournaments yet');
    return desk;
  }

  private async call(work: () => Promise<TournamentAnswer>): Promise<TournamentAnswer> {
    try {
      return await work();
    } catch {
      throw new AppError('NOT_READY', 'the tournament does not answer; try again shortly');
    }
  }

  private async answered(id: string, answer: TournamentAnswer): Promise<TournamentDto> {
    if (!answer.ok) throw new AppError(answer.code, answer.message);
    return this.get(id);
  }

  private dto(t: Tournament, reader?: Reader): TournamentDto {
    const standings = standingDtos(t, standingsOf(t));
    const rounds: RoundDto[] = t.rounds.map((r) => ({
      round: r.round,
      boards: r.boards.map((b, board) => ({
        board,
        white: b.white,
        black: b.black,
        gameId: b.gameId,
        result: b.result,
        match: b.match ? { id: b.match.id, game: b.match.game } : null,
        table: b.seats ? { seats: [...b.seats], placings: tablePlacings(b) } : null,
      })),
      byes: r.byes.map((b) => ({ userId: b.userId, kind: b.kind, points: UNPLAYED_POINTS[b.kind] })),
      ended: r.ended,
    }));
    return {
      ...summary(t),
      tieBreaks: [...t.settings.tieBreaks],
      standings,
      rounds,
      currentRound: t.rounds.at(-1)?.round ?? 0,
      knockout: t.settings.knockout ?? null,
      bracket: bracketDto(t),
      arena: arenaDto(t),
      groups: groupStageDto(t, (rows) => standingDtos(t, rows)),
      ratingMin: t.settings.ratingMin ?? null,
      ratingMax: t.settings.ratingMax ?? null,
      tables: t.settings.tables ?? null,
      // Who is invited is for the creator and staff to see.
      ...(accessOf(t) === 'invitation' && (reader?.staff || reader?.userId === t.createdBy)
        ? { invited: t.invited.map((i) => i.name) }
        : {}),
    };
  }
}

/** Standing rows with the players' names, ratings and what befell them. */
function standingDtos(t: Tournament, rows: readonly StandingRow[]): StandingDto[] {
  const names = new Map(t.players.map((p) => [p.userId, p]));
  return rows.map((row) => {
    const p = names.get(row.id)!;
    const { rank, score, tieBreaks } = row;
    return {
      rank,
      userId: row.id,
      name: p.name,
      rating: p.rating,
      score,
      tieBreaks,
      withdrawn: p.withdrawn,
      disqualified: t.staff.disqualified.includes(row.id),
      arena: 'arena' in row ? (row.arena as StandingDto['arena']) : null,
    };
  });
}

function summary(t: Tournament): TournamentSummaryDto {
  const { settings } = t;
  const timeControl = typeof settings.options.timeControl === 'string' ? settings.options.timeControl : null;
  return {
    id: t.id,
    name: settings.name,
    game: settings.game,
    format: settings.format,
    status: t.status,
    timeControl,
    rated: settings.rated,
    startsAt: startTimeOf(t),
    players: t.players.filter((p) => !p.withdrawn).length,
    capacity: settings.capacity,
    totalRounds: t.totalRounds,
    createdBy: t.createdBy,
    access: accessOf(t),
    paused: t.staff.pausedAt !== null,
    endedEarly: t.staff.endedEarlyAt !== null,
  };
}

import type {
  RoundDto,
  StandingDto,
  TournamentCreators,
  TournamentDto,
  TournamentStatus,
  TournamentSummaryDto,
} from '../../schema/tournaments.ts';
import type { Database } from '../db/database.ts';
import { UNPLAYED_POINTS } from '../domain/tournaments/crosstable.ts';
import {
  replay,
  type Tournament,
  type TournamentEvent,
  type TournamentSettings,
} from '../domain/tournaments/tournament.ts';
import { standingsOf } from '../domain/tournaments/tournament-rules.ts';
import { tournamentTrf } from '../domain/tournaments/tournament-trf.ts';
import { AppError } from './errors.ts';
import type { TournamentAnswer, TournamentDesk, TournamentRecords } from './ports.ts';
import { arenaDto } from './tournament-arena.ts';
import { bracketDto } from './tournament-bracket.ts';

/** A tournament to create, as the API has checked it: its settings but the deployment's timings. */
export type NewTournament = Omit<TournamentSettings, 'seatDeadlineMs' | 'roundGapMs'>;

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
}

/**
 * Tournaments for the control plane: creation (the row and the first event of the log, then the
 * room is opened), reads by replaying the log with the same pure fold the room uses, and the
 * player's requests, which only the tournament's room decides (it owns the log).
 */
export class TournamentService implements TournamentRecords {
  constructor(private readonly deps: TournamentServiceDeps) {}

  async create(input: NewTournament, by: { userId: string; staff: boolean }): Promise<TournamentDto> {
    if (this.deps.creators === 'staff' && !by.staff)
      throw new AppError('FORBIDDEN', 'only staff create tournaments on this server');
    const desk = this.desk();
    const problem = desk.checkGame(input.game, input.options);
    if (problem) throw new AppError('VALIDATION_FAILED', problem, [{ path: 'game', message: problem }]);
    const now = this.deps.now();
    const settings: TournamentSettings = {
      ...input,
      startsAt: Math.max(input.startsAt, now),
      seatDeadlineMs: this.deps.seatDeadlineMs,
      roundGapMs: this.deps.roundGapMs,
    };
    const id = this.deps.newId();
    const created: TournamentEvent = { type: 'created', at: now, id, settings, createdBy: by.userId };
    await this.deps.db.transaction(async (repos) => {
      await repos.tournaments.insert({ id, ...settings, createdBy: by.userId });
      await repos.tournaments.append(id, 1, created);
    });
    // Should the room not open now, the keeper of tournaments opens it within a second.
    await desk.open(id).catch(() => undefined);
    return this.dto(replay([created]));
  }

  /** Who may create tournaments on this server (`TOURNAMENT_CREATORS`), for clients to offer it or not. */
  get creators(): TournamentCreators {
    return this.deps.creators;
  }

  async list(filter: { status?: TournamentStatus; game?: string }): Promise<TournamentSummaryDto[]> {
    const logs = await this.deps.db.read(async (repos) => {
      const ids = await repos.tournaments.list(filter.status, filter.game, 50);
      return repos.tournaments.eventsOf(ids);
    });
    return [...logs.values()].map((log) => summary(replay(log as TournamentEvent[])));
  }

  async get(id: string): Promise<TournamentDto> {
    return this.dto(await this.tournament(id));
  }

  /** The tournament as a TRF file; only a swiss has one. */
  async trf(id: string): Promise<string> {
    const t = await this.tournament(id);
    if (t.settings.format !== 'swiss') throw new AppError('NOT_FOUND', 'only a swiss tournament has a TRF');
    return tournamentTrf(t);
  }

  async enter(id: string, entry: { userId: string; name: string; guest: boolean }): Promise<TournamentDto> {
    await this.tournament(id);
    return this.answered(id, await this.call(() => this.desk().enter(id, entry)));
  }

  async withdraw(id: string, userId: string): Promise<TournamentDto> {
    await this.tournament(id);
    return this.answered(id, await this.call(() => this.desk().withdraw(id, userId)));
  }

  async requestBye(id: string, userId: string, round: number): Promise<TournamentDto> {
    await this.tournament(id);
    return this.answered(id, await this.call(() => this.desk().requestBye(id, userId, round)));
  }

  // ---- the log, as the rooms keep it ----------------------------------------------------------

  async load(id: string): Promise<unknown[] | null> {
    const log = await this.deps.db.read((repos) => repos.tournaments.events(id));
    return log.length > 0 ? log : null;
  }

  async append(id: string, seq: number, event: { type: string; at: number }): Promise<boolean> {
    return this.deps.db.transaction(async (repos) => {
      if (!(await repos.tournaments.append(id, seq, event))) return false;
      if (event.type === 'started') await repos.tournaments.setStatus(id, 'running');
      if (event.type === 'finished') await repos.tournaments.setStatus(id, 'finished');
      return true;
    });
  }

  /** The ids of tournaments not finished: each has a room somewhere, or needs one. */
  unfinished(): Promise<string[]> {
    return this.deps.db.read((repos) => repos.tournaments.unfinished());
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private async tournament(id: string): Promise<Tournament> {
    const log = await this.load(id);
    if (!log) throw new AppError('TOURNAMENT_NOT_FOUND', `no tournament ${id}`);
    return replay(log as TournamentEvent[]);
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

  private dto(t: Tournament): TournamentDto {
    const names = new Map(t.players.map((p) => [p.userId, p]));
    const standings: StandingDto[] = standingsOf(t).map((row) => {
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
        arena: 'arena' in row ? (row.arena as StandingDto['arena']) : null,
      };
    });
    const rounds: RoundDto[] = t.rounds.map((r) => ({
      round: r.round,
      boards: r.boards.map((b, board) => ({
        board,
        white: b.white,
        black: b.black,
        gameId: b.gameId,
        result: b.result,
        match: b.match ? { id: b.match.id, game: b.match.game } : null,
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
    };
  }
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
    startsAt: settings.startsAt,
    players: t.players.filter((p) => !p.withdrawn).length,
    capacity: settings.capacity,
    totalRounds: t.totalRounds,
    createdBy: t.createdBy,
  };
}

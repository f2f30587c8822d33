import type { TournamentDto, TournamentPageDto, TournamentStatus } from '../../schema/tournaments.ts';
import type { Logger } from '../platform/logger.ts';
import type { AdminService } from './admin.service.ts';
import { AppError } from './errors.ts';
import type { AccessClaims, MatchModeration } from './ports.ts';
import type { ListPage, TournamentService } from './tournament.service.ts';

export interface TournamentStaffDeps {
  tournaments: TournamentService;
  /** Staff commands to matches, once the game server runs. */
  matches: () => MatchModeration | undefined;
  admin: Pick<AdminService, 'record'>;
  log: Logger;
}

/**
 * What staff do to tournaments (the routes checked the role). Pause, resume, end early and
 * disqualify are carried out by the tournament's room, which writes each to the log with its
 * audit entry in one transaction. A disqualified player's game being played is lost by forfeit in
 * the log first, then its match is aborted, so the match's report finds the result there and
 * changes nothing. An adjudicated game ends through its match (the game's record and rating take
 * the result), and the tournament takes the same result once, whichever of the match's report
 * and this call reaches it first.
 */
export class TournamentStaffService {
  constructor(private readonly deps: TournamentStaffDeps) {}

  list(filter: { status?: TournamentStatus }, page: ListPage = {}): Promise<TournamentPageDto> {
    return this.deps.tournaments.listAll(filter, page);
  }

  /** A tournament as staff read it (a private one's invitations too). */
  get(actor: AccessClaims, id: string): Promise<TournamentDto> {
    return this.read(actor, id);
  }

  async pause(actor: AccessClaims, id: string, reason: string): Promise<TournamentDto> {
    await this.deps.tournaments.command(id, { type: 'pause', by: actor.userId, reason });
    return this.read(actor, id);
  }

  async resume(actor: AccessClaims, id: string, reason: string): Promise<TournamentDto> {
    await this.deps.tournaments.command(id, { type: 'resume', by: actor.userId, reason });
    return this.read(actor, id);
  }

  async end(actor: AccessClaims, id: string, reason: string): Promise<TournamentDto> {
    await this.deps.tournaments.command(id, { type: 'end', by: actor.userId, reason });
    return this.read(actor, id);
  }

  async disqualify(actor: AccessClaims, id: string, userId: string, reason: string): Promise<TournamentDto> {
    const command = { type: 'disqualify' as const, by: actor.userId, reason, userId };
    const { forfeited } = await this.deps.tournaments.command(id, command);
    // The forfeit is in the log: the match is stopped so that nobody plays on for nothing. One
    // being seated, or whose room is gone, cannot be: its report changes nothing.
    if (forfeited) {
      await this.matches()
        .command(forfeited, { type: 'abort', reason: `disqualified from the tournament: ${reason}` })
        .catch((err: unknown) =>
          this.deps.log.info(
            { err, gameId: forfeited, tournamentId: id },
            'the forfeited game was not aborted',
          ),
        );
    }
    return this.read(actor, id);
  }

  /**
   * Ends a game of the round being played with the result staff give (`scores`: white's,
   * black's). The match ends first; a game that already has its result is `GAME_OVER`, and
   * nothing changes.
   */
  async adjudicate(
    actor: AccessClaims,
    id: string,
    gameId: string,
    scores: [number, number],
    reason: string,
  ): Promise<TournamentDto> {
    const t = await this.deps.tournaments.current(id);
    const board = t.rounds.at(-1)?.boards.find((b) => b.gameId === gameId);
    if (!board) throw new AppError('GAME_NOT_FOUND', `no game ${gameId} in the round being played`);
    if (board.result) throw new AppError('GAME_OVER', 'the game has its result');
    await this.matches().command(gameId, { type: 'adjudicate', reason, scores });
    await this.deps.admin.record(actor, 'tournament.game_adjudicated', {
      tournamentId: id,
      gameId,
      scores,
      reason,
    });
    // The match reports its result to the tournament too; this only saves waiting for it.
    await this.deps.tournaments
      .command(id, { type: 'adjudicated', gameId, scores })
      .catch((err: unknown) =>
        this.deps.log.info({ err, gameId, tournamentId: id }, 'the result waits for the match report'),
      );
    return this.read(actor, id);
  }

  private read(actor: AccessClaims, id: string): Promise<TournamentDto> {
    return this.deps.tournaments.get(id, { userId: actor.userId, staff: true });
  }

  private matches(): MatchModeration {
    const matches = this.deps.matches();
    if (!matches) throw new AppError('NOT_READY', 'this node does not host games');
    return matches;
  }
}

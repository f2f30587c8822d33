import type { TournamentGameNotice, TournamentStaffNotice } from '../../schema/tournaments.ts';
import { arenaOptionsOf } from '../../server/domain/tournaments/arena-rules.ts';
import { formatOf } from '../../server/domain/tournaments/formats.ts';
import { tableSeated } from '../../server/domain/tournaments/tables-rules.ts';
import {
  applyEvent,
  type Board,
  type Round,
  type Tournament,
  type TournamentEvent,
} from '../../server/domain/tournaments/tournament.ts';
import {
  type Decision,
  due,
  forfeitResult,
  gameResult,
  recordResult,
  start,
} from '../../server/domain/tournaments/tournament-rules.ts';
import {
  finishIfEndedEarly,
  forfeitedGame,
  isPaused,
} from '../../server/domain/tournaments/tournament-staff.ts';
import type {
  TournamentAnswer,
  TournamentStaffAnswer,
  TournamentStaffCommand,
} from '../../server/services/ports.ts';
import type { MatchOutcome, MatchSpec } from '../shared/matches.ts';
import { type TournamentRoomDeps, tournamentChannel } from './deps.ts';
import { staffDecision, staffNotice } from './staff.ts';

/** What the director needs of its room. */
export interface DirectorHost {
  /** A player is told their game (every connection of theirs to the room). */
  tell(userId: string, notice: TournamentGameNotice): void;
  /** The tournament changed: show it. */
  changed(t: Tournament): void;
  /** Everyone watching is told what staff did. */
  announce(notice: TournamentStaffNotice): void;
}

/** Another copy of the tournament wrote to its log first: this copy must stop. */
export class LostTournamentError extends Error {
  constructor(id: string, seq: number) {
    super(`event ${seq} of tournament ${id} is already recorded`);
    this.name = 'LostTournamentError';
  }
}

/**
 * Runs a tournament from its log: every change is an event appended before it is applied or
 * shown, so the tournament a node rebuilds is the one its players saw. It starts the tournament
 * on time, pairs each round when the last one has ended, makes each game a match with held seats
 * (the tournament as its creator) and tells its players, and takes each result once: the result
 * is in the log before the report is taken, so a repeated report finds it there and changes
 * nothing. The room calls it one step at a time.
 */
export class TournamentDirector {
  constructor(
    public tournament: Tournament,
    private readonly deps: TournamentRoomDeps,
    private readonly host: DirectorHost,
  ) {}

  /** Appends `events` in order, then applies them; a taken number is a {@link LostTournamentError}. */
  async commit(events: readonly TournamentEvent[]): Promise<void> {
    for (const event of events) {
      const seq = this.tournament.seq + 1;
      if (!(await this.deps.records.append(this.tournament.id, seq, event)))
        throw new LostTournamentError(this.tournament.id, seq);
      this.tournament = applyEvent(this.tournament, event);
    }
    if (events.length > 0) this.host.changed(this.tournament);
  }

  /** Commits what a rule decided, or answers its refusal (nothing changed). */
  async decide(decision: Decision): Promise<TournamentAnswer> {
    if (!decision.ok) return { ok: false, code: decision.code, message: decision.message };
    await this.commit(decision.events);
    return { ok: true };
  }

  /**
   * What time asks for: the start (at the start time), the next round, its games, seatings that
   * were lost. A paused tournament does none of it (its games being played go on); one ended
   * early pairs no further round and finishes once its round is over.
   */
  async tick(now: number): Promise<void> {
    const t = this.tournament;
    const paused = isPaused(t);
    // A tournament without a start time waits for its creator's start (`startByHand`).
    const { startsAt } = t.settings;
    if (t.status === 'upcoming' && startsAt !== null && now >= startsAt && !paused)
      await this.decide(start(t, now));
    await this.commit(finishIfEndedEarly(this.tournament, now));
    if (this.tournament.status !== 'running' || paused) return;
    await this.commit(due(this.tournament, now));
    await this.makeGames(now);
  }

  /**
   * Carries out a staff command: its events are in the log before anyone is told. A result staff
   * gave is taken only from a match that has ended (with it), like the match's own report.
   */
  async staff(command: TournamentStaffCommand, now: number): Promise<TournamentStaffAnswer> {
    if (command.type === 'adjudicated' && (await this.deps.gameStatus(command.gameId)) !== 'ended')
      return { ok: false, code: 'GAME_NOT_FINISHED', message: 'the game has not ended' };
    const decision = staffDecision(this.tournament, command, now);
    if (!decision.ok) return decision;
    await this.commit(decision.events);
    const notice = staffNotice(command, now);
    if (notice) this.host.announce(notice);
    return { ok: true, forfeited: forfeitedGame(decision.events) };
  }

  /** A match of this tournament reports: its result, or a seating nobody (or one side) came to. */
  async hear(outcome: MatchOutcome, now: number): Promise<void> {
    if (outcome.type === 'started') return;
    const found = this.boardOf(outcome.roomId);
    const { tables } = formatOf(this.tournament);
    if (outcome.type === 'cancelled' && tables) {
      await this.commit(tables.seatingFailed(this.tournament, outcome.roomId, outcome.absent, now));
      return;
    }
    if (outcome.type === 'cancelled') {
      if (!found || found.board.result) return;
      const result = forfeitResult(found.board.white, found.board.black, outcome.absent);
      await this.commit(recordResult(this.tournament, outcome.roomId, result, now));
      return;
    }
    // In the log first, then taken: a copy that dies between the two hears it again, and finds it.
    if (found) {
      const result = tables
        ? tables.result(this.tournament, found.board, outcome.results)
        : gameResult(outcome.results, outcome.forfeited);
      await this.commit(recordResult(this.tournament, outcome.roomId, result, now));
    }
    await this.deps.matches.takeReport(outcome.roomId);
  }

  /** The game `userId` is to play now, if any (told again to a player who comes back). */
  noticeFor(userId: string): TournamentGameNotice | undefined {
    const playing = (b: Board) => tableSeated(b).includes(userId) && !b.result;
    // Rounds not ended: the current one, or an arena's waves still being played.
    const round = this.tournament.rounds.find((r) => !r.ended && r.boards.some(playing));
    if (!round) return undefined;
    const board = round.boards.findIndex(playing);
    const b = round.boards[board];
    if (!b?.gameId) return undefined;
    // The match's seats are the players who are to come, in the board's order.
    const seated = tableSeated(b);
    const seat = seated.indexOf(userId);
    const others = [...seated.slice(seat + 1), ...seated.slice(0, seat)];
    const named = (id: string) => ({ userId: id, name: this.nameOf(id) });
    const { id: tournamentId, settings } = this.tournament;
    const notice = { tournamentId, round: round.round, board, gameId: b.gameId, game: settings.game, seat };
    return formatOf(this.tournament).tables
      ? { ...notice, opponent: named(others[0]!), opponents: seated.filter((id) => id !== userId).map(named) }
      : { ...notice, opponent: named(others[0]!) };
  }

  /**
   * Makes the match of every board of the round that has none yet. A match still not started
   * well past its seating deadline never reported how its seating went (its node died, or it
   * closed with nobody in it): the board gets a new match once, and after that both players lose
   * it by forfeit, so a round never waits for ever on players who do not come.
   */
  private async makeGames(now: number): Promise<void> {
    for (const round of this.tournament.rounds) if (!round.ended) await this.makeRoundGames(round, now);
  }

  private async makeRoundGames(round: Round, now: number): Promise<void> {
    const { seatDeadlineMs } = this.tournament.settings;
    for (const [index, board] of round.boards.entries()) {
      if (board.result) continue;
      if (board.gameId) {
        const overdue = now > (board.startedAt ?? 0) + seatDeadlineMs + this.deps.settings.seatingMarginMs;
        if (!overdue || (await this.deps.gameStatus(board.gameId)) !== 'none') continue;
        this.deps.log.warn({ gameId: board.gameId, sets: board.sets }, 'a tournament game never started');
        if (board.sets >= 2) {
          const { tables } = formatOf(this.tournament);
          const lost = tables
            ? tables.unplayed(this.tournament, board)
            : forfeitResult(board.white, board.black, [board.white, board.black]);
          await this.commit(recordResult(this.tournament, board.gameId, lost, now));
          continue;
        }
      }
      const { roomId } = await this.deps.matches.create(this.spec(board));
      await this.commit([
        { type: 'game-started', at: now, round: round.round, board: index, gameId: roomId },
      ]);
      for (const userId of tableSeated(board)) {
        const notice = this.noticeFor(userId);
        if (notice) this.host.tell(userId, notice);
      }
    }
  }

  private spec(board: Board): MatchSpec {
    const { settings } = this.tournament;
    const member = (userId: string) => {
      const p = this.tournament.players.find((x) => x.userId === userId)!;
      return { userId, name: p.name, guest: p.guest };
    };
    const seats = tableSeated(board).length;
    return {
      game: settings.game,
      options: formatOf(this.tournament).tables
        ? { ...settings.options, ...this.deps.tableOptions(settings.game, seats) }
        : settings.options,
      rated: settings.rated,
      teams: tableSeated(board).map((userId) => [member(userId)]),
      seatDeadlineMs: settings.seatDeadlineMs,
      reportTo: tournamentChannel(this.tournament.id),
      origin: 'tournament',
      // Only an arena has berserk in its settings.
      ...(arenaOptionsOf(this.tournament).berserk ? { berserk: true } : {}),
    };
  }

  private boardOf(gameId: string): { board: Board } | undefined {
    for (const round of this.tournament.rounds)
      for (const board of round.boards) if (board.gameId === gameId) return { board };
    return undefined;
  }

  private nameOf(userId: string): string {
    return this.tournament.players.find((p) => p.userId === userId)?.name ?? '';
  }
}

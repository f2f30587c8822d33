import type { Client } from '@colyseus/core';
import { z } from 'zod';
import { TournamentState } from '../../schema/tournament.state.ts';
import { TOURNAMENT_CLOSE_CODES, type TournamentGameNotice } from '../../schema/tournaments.ts';
import { replay, type TournamentEvent } from '../../server/domain/tournaments/tournament.ts';
import { invite, refusedEntry } from '../../server/domain/tournaments/tournament-access.ts';
import { join, requestBye, startByHand, withdraw } from '../../server/domain/tournaments/tournament-rules.ts';
import type { TournamentAnswer, TournamentStaffAnswer } from '../../server/services/ports.ts';
import { ActorRoom, actorRoom } from '../actor/ActorRoom.ts';
import { type RoomAuth, signedIn } from '../actor/auth.ts';
import { joinError } from '../actor/join-error.ts';
import { accepted } from '../rules/refusal.ts';
import type { TournamentCalls } from '../shared/calls.ts';
import type { MatchOutcome } from '../shared/matches.ts';
import { projectArenaClock } from './arena-projection.ts';
import { type TournamentRoomDeps, tournamentChannel } from './deps.ts';
import { LostTournamentError, TournamentDirector } from './director.ts';
import { project } from './projection.ts';
import { InvitationSchema, StaffCommandSchema } from './staff.ts';

/** Only a server opens a tournament's room: by the tournament's id, to build it from its log. */
const serverOptions = z.strictObject({ serverKey: z.unknown(), restore: z.string().min(1).max(32) });

const entrySchema = z.strictObject({
  userId: z.string().min(1).max(64),
  name: z.string().min(1).max(64),
  guest: z.boolean(),
});

const starterSchema = z.strictObject({ userId: z.string().min(1).max(64), staff: z.boolean() });

/**
 * The `tournament` room: the actor of one tournament, under the tournament's id, one in the
 * cluster while the tournament is not finished. Its state is its log (`tournament_events`): the
 * room is built from it when the tournament is created and again, on another node, when its node
 * died (`server/cluster/tournaments.ts`). The control plane calls it for entries, withdrawals,
 * byes, invitations, a start by hand and staff commands; anyone signed in may watch, and a player
 * is sent `game` (the match room to join) when their game is ready, and again whenever they come
 * back while it is being played.
 */
export class TournamentRoom
  extends ActorRoom<{ state: TournamentState }, TournamentRoomDeps>
  implements TournamentCalls
{
  protected override readonly closeCodes = TOURNAMENT_CLOSE_CODES;
  private director!: TournamentDirector;
  private readonly onOutcome = (outcome: MatchOutcome) => {
    void this.step(() => this.director.hear(outcome, this.deps.now()));
  };

  override async onCreate(options: unknown): Promise<void> {
    const server = this.serverOptions(options, serverOptions);
    if (!server) throw joinError('FORBIDDEN', 'a tournament is opened by the server');
    const log = await this.deps.records.load(server.restore);
    if (!log) throw joinError('TOURNAMENT_NOT_FOUND', `no tournament "${server.restore}"`);
    const tournament = replay(log as TournamentEvent[]);
    this.roomId = tournament.id;
    this.state = new TournamentState();
    this.director = new TournamentDirector(tournament, this.deps, {
      tell: (userId, notice) => this.tell(userId, notice),
      changed: (t) => project(this.state, t, this.deps.now()),
      announce: (notice) => this.broadcast('staff', notice),
    });
    project(this.state, tournament, this.deps.now());
    // The tournament lives until it is finished, watched or not.
    this.autoDispose = tournament.status === 'finished';
    this.maxMessagesPerSecond = 10;
    // Watchers send nothing: every message type is refused, and repeated refusals close them.
    this.listen({}, { sender: () => accepted(undefined), strikes: { max: 10 } });
    await this.presence.subscribe(tournamentChannel(tournament.id), this.onOutcome);
    this.schedule.every('tick', this.deps.settings.tickMs, () =>
      this.step(async () => {
        await this.director.tick(this.deps.now());
        projectArenaClock(this.state, this.director.tournament, this.deps.now());
      }),
    );
    this.deps.log.info({ tournamentId: tournament.id, seq: tournament.seq }, 'tournament room open');
  }

  /** A room closed without its node dying (rebuilt elsewhere, finished) hears no more reports. */
  override onDispose(): void {
    void this.presence.unsubscribe(tournamentChannel(this.roomId), this.onOutcome);
    super.onDispose();
  }

  override async onJoin(client: Client, _options: unknown, auth?: RoomAuth): Promise<void> {
    const { userId } = signedIn(auth);
    client.userData = { userId };
    const notice = this.director.noticeFor(userId);
    if (notice) client.send('game', notice);
  }

  // ---- what the control plane asks (TournamentCalls) ----------------------------------------

  enter(entry: unknown): Promise<TournamentAnswer> {
    const parsed = entrySchema.safeParse(entry);
    if (!parsed.success)
      return Promise.resolve({ ok: false, code: 'VALIDATION_FAILED', message: 'bad entry' });
    return this.answer(async () => {
      const refused = refusedEntry(this.director.tournament, parsed.data.userId);
      if (refused) return refused;
      const { settings } = this.director.tournament;
      const { rating, provisional } = await this.deps.ratingOf(
        parsed.data.userId,
        settings.game,
        settings.options,
      );
      const entrant = { ...parsed.data, rating: Math.round(rating), provisional };
      return join(this.director.tournament, entrant, this.deps.now());
    });
  }

  withdraw(userId: unknown): Promise<TournamentAnswer> {
    if (typeof userId !== 'string')
      return Promise.resolve({ ok: false, code: 'VALIDATION_FAILED', message: 'bad user' });
    return this.answer(async () => withdraw(this.director.tournament, userId, this.deps.now()));
  }

  requestBye(userId: unknown, round: unknown): Promise<TournamentAnswer> {
    if (typeof userId !== 'string' || !Number.isInteger(round))
      return Promise.resolve({ ok: false, code: 'VALIDATION_FAILED', message: 'bad bye request' });
    return this.answer(async () =>
      requestBye(this.director.tournament, userId, round as number, this.deps.now()),
    );
  }

  /** A start by hand: the rule checks who asks; its games are made on the next tick. */
  start(by: unknown): Promise<TournamentAnswer> {
    const parsed = starterSchema.safeParse(by);
    if (!parsed.success)
      return Promise.resolve({ ok: false, code: 'VALIDATION_FAILED', message: 'bad start' });
    return this.answer(async () => startByHand(this.director.tournament, parsed.data, this.deps.now()));
  }

  staff(command: unknown): Promise<TournamentStaffAnswer> {
    const parsed = StaffCommandSchema.safeParse(command);
    if (!parsed.success)
      return Promise.resolve({ ok: false, code: 'VALIDATION_FAILED', message: 'bad staff command' });
    return this.step(() => this.director.staff(parsed.data, this.deps.now())).then(
      (answer) => answer ?? { ok: false, code: 'NOT_READY', message: 'the tournament moved; try again' },
    );
  }

  invite(by: unknown, invitees: unknown): Promise<TournamentAnswer> {
    const parsed = InvitationSchema.safeParse({ by, invitees });
    if (!parsed.success)
      return Promise.resolve({ ok: false, code: 'VALIDATION_FAILED', message: 'bad invitation' });
    const { data } = parsed;
    return this.answer(async () => invite(this.director.tournament, data.by, data.invitees, this.deps.now()));
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private answer(
    decide: () => Promise<Parameters<TournamentDirector['decide']>[0]>,
  ): Promise<TournamentAnswer> {
    return this.step(async () => this.director.decide(await decide())).then(
      (answer) => answer ?? { ok: false, code: 'NOT_READY', message: 'the tournament moved; try again' },
    );
  }

  /**
   * Runs one change of the tournament after those before it. A copy that finds its log extended
   * by another closes; any other failure is logged and the next tick tries again.
   */
  private step<T>(work: () => Promise<T>): Promise<T | undefined> {
    return this.schedule.serially(async () => {
      if (this.isHandingOver()) return undefined;
      try {
        const done = await work();
        if (this.director.tournament.status === 'finished') this.finished();
        return done;
      } catch (err) {
        if (err instanceof LostTournamentError) {
          this.deps.log.warn({ tournamentId: this.roomId }, 'tournament held elsewhere: this copy closes');
          await this.handOver();
          return undefined;
        }
        throw err;
      }
    });
  }

  private finished(): void {
    this.schedule.clearTimer('tick');
    this.autoDispose = true;
    if (this.clients.length === 0) void this.disconnect();
  }

  private tell(userId: string, notice: TournamentGameNotice): void {
    for (const client of this.connectionsOf(userId)) client.send('game', notice);
  }
}

/** The `tournament` room type with its services: what `server/rooms.ts` registers. */
export function createTournamentRoom(deps: TournamentRoomDeps) {
  return actorRoom(TournamentRoom, deps, 'users');
}

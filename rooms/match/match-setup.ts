import { MATCH_CLOSE_CODES } from '../../schema/match.ts';
import type { FinishedMatch, MatchStart, StoredMatch } from '../../server/services/ports.ts';
import { joinError } from '../actor/join-error.ts';
import { finishedOutcome } from '../shared/matches.ts';
import type { SnapshotState } from './match-play.ts';
import { MatchStaff } from './match-staff.ts';
import type { MatchJoinOptions, ServerOptions } from './options.ts';
import { emptySeat, type HeldSeat, hold, isTaken, membersOf, type Seat } from './seats.ts';
import { PAUSE_EVENT } from './staff.ts';

/** How a match comes to be: set up with its seats, started, cancelled, or rebuilt from its log. */
export abstract class MatchSetup extends MatchStaff {
  /** A new match: its options, held seats and bots; a deadline for held seats. */
  protected setup(given: MatchJoinOptions & Record<string, unknown>, server: ServerOptions): void {
    // Berserk is the server's to allow (in an arena's game), never a client's to ask for.
    const { berserk: _asked, ...asked } = given;
    const options = this.module.parseOptions(server.berserk ? { ...asked, berserk: true } : asked);
    if (!options.ok) throw joinError('VALIDATION_FAILED', options.refusal.message);
    const level = given.level ?? this.module.bot.defaultLevel;
    if (!this.module.bot.levels.includes(level)) throw joinError('VALIDATION_FAILED', 'invalid room options');
    this.useOptions(options.value);
    this.game = this.module.create(options.value);
    this.ratedWanted = given.rated ?? true;
    this.registered.binding.project(this.state, this.module.view(this.game, 'spectator'), this.now());
    const held = server.held ?? [];
    for (const seat of this.seats) {
      const holding = held[seat.index];
      if (holding) this.holdSeat(seat, holding);
    }
    if (given.vsBot) {
      const human = this.module.seatWish(given) ?? Math.floor(this.deps.random() * this.seats.length);
      for (const seat of this.seats) if (seat.index !== human) this.holdSeat(seat, { bot: level });
    }
    if (given.computers !== undefined && !given.vsBot) {
      const free = this.seats.filter((s) => !isTaken(s) && s.index !== this.module.seatWish(given));
      if (given.computers >= this.seats.length || given.computers > free.length)
        throw joinError(
          'VALIDATION_FAILED',
          'computers: at most one fewer than the seats, and none in a held seat',
        );
      for (const seat of free.slice(-given.computers)) this.holdSeat(seat, { bot: level });
    }
    if (given.private || given.vsBot || given.computers || server.held) void this.setPrivate(true);
    this.rated = this.ratedWanted;
    this.describe();
    this.reportTo = server.reportTo;
    if (server.held && server.seatDeadlineMs) {
      this.schedule.setTimer('seating', server.seatDeadlineMs, () => this.step(() => this.expireSeats()));
    }
  }

  private holdSeat(seat: Seat, held: HeldSeat): void {
    hold(seat, held);
    if ('bot' in held) this.ratedWanted = false;
    this.showSeat(seat);
  }

  private useOptions(options: unknown): void {
    this.options = options;
    this.pool = this.module.pool(options);
    this.seats = this.module.seats(options).teams.map((team, index) => emptySeat(index, team));
  }

  /** The seating deadline passed: if a held seat is still empty, the match is off. */
  private async expireSeats(): Promise<void> {
    if (this.status() !== 'waiting' || this.cancelled) return;
    const held = this.seats.filter((s) => s.reserved).flatMap(membersOf);
    const seated = held.filter((m) => m.present).map((m) => m.userId);
    const absent = held.filter((m) => !m.present).map((m) => m.userId);
    if (absent.length === 0) return;
    this.cancelled = true;
    this.finished = true;
    this.report({ type: 'cancelled', roomId: this.roomId, seated, absent });
    this.deps.log.info({ gameId: this.roomId, absent }, 'match cancelled: a held seat was not taken in time');
    for (const client of this.clients) {
      client.leave(MATCH_CLOSE_CODES.cancelled, 'the match was cancelled: a player did not come in time');
    }
    await this.lock();
    this.schedule.setTimer('dispose', 0, () => this.disconnect());
  }

  /** Every seat is taken: the match is recorded and its first event applied. */
  protected async start(lastSeated: Seat): Promise<void> {
    const rated = this.ratedWanted && this.seats.every((s) => !s.guest && !s.bot);
    const at = this.now();
    const start: MatchStart = {
      id: this.roomId,
      game: this.module.name,
      options: this.module.optionsJson(this.options),
      pool: this.pool,
      rated,
      startedAt: at,
      seats: this.seats.map((s) => ({
        seat: s.index,
        team: s.team,
        userId: s.userId,
        name: s.name,
        bot: s.bot,
        guest: s.guest,
      })),
      ...(this.reportTo ? { reportTo: this.reportTo } : {}),
    };
    const first = this.module.lifecycle.start(at, Math.floor(this.deps.random() * 2 ** 32));
    const started = this.module.apply(this.game, first);
    if (!started.ok) throw new Error(`a new game refused its start: ${started.refusal.message}`);
    const entry = {
      v: this.module.eventVersion,
      event: first,
      derived: this.module.derived?.(started.value, first),
    };
    try {
      await this.deps.records.create(start, entry);
    } catch (err) {
      this.deps.log.error({ err, gameId: this.roomId }, 'could not record the start of a game');
      this.releaseSeat(lastSeated);
      throw joinError('SERVER_BUSY', 'the game could not be recorded; try again');
    }
    this.rated = rated;
    this.describe();
    this.autoDispose = false;
    void this.setPrivate(true);
    this.seq = 1;
    this.startedAt = at;
    this.accept(started.value, at);
    this.sendViews();
    this.schedule.clearTimer('seating');
    this.report({
      type: 'started',
      roomId: this.roomId,
      seated: this.seats.flatMap(membersOf).map((m) => m.userId),
    });
    this.announceStart();
    await this.afterEvent();
  }

  /** Rebuilds a match from its log under its own id; the players come back by joining that id. */
  protected async restore(gameId: string): Promise<void> {
    const stored = await this.deps.records.load(gameId);
    if (!stored) throw joinError('GAME_NOT_FOUND', `no game ${gameId}`);
    this.roomId = gameId;
    const { start } = stored;
    const options = this.module.parseOptions(start.options);
    if (!options.ok) throw new Error(`game ${gameId} has unreadable options: ${options.refusal.message}`);
    this.useOptions(options.value);
    this.rated = this.ratedWanted = start.rated;
    this.reportTo = start.reportTo;
    this.startedAt = start.startedAt;
    this.describe();
    const { game, pausedAt } = this.replay(options.value, stored);
    this.game = game;
    this.seq = stored.lastSeq;
    const now = this.now();
    for (const seat of this.seats) {
      const player = start.seats.find((s) => s.seat === seat.index);
      if (!player) throw new Error(`game ${gameId} has no player in seat ${seat.index}`);
      Object.assign(seat, {
        userId: player.userId,
        name: player.name,
        guest: player.guest,
        bot: player.bot,
        goneSince: player.bot ? 0 : now,
      });
      if (player.userId)
        this.ratings[seat.index] = await this.deps.records.ratingOf(player.userId, start.pool, player.guest);
      this.showSeat(seat);
    }
    void this.setPrivate(true);
    this.autoDispose = false;
    // A paused game shows its clocks as they stood at the pause.
    this.registered.binding.project(this.state, this.module.view(this.game, 'spectator'), pausedAt ?? now);
    this.deps.log.info({ gameId, events: stored.lastSeq }, 'game restored from its log');
    await this.step(async () => {
      if (this.status() === 'playing' && pausedAt !== null) {
        // Paused by staff when its node left it: it stays paused, and their resume gives back
        // the whole time since the pause, the outage with it.
        this.announceStart();
        this.stopClocks(pausedAt);
      } else if (this.status() === 'playing') {
        this.announceStart();
        // The time the game could not be reached is charged to no clock.
        await this.commit(this.module.lifecycle.resume(this.lastAt, now));
        for (const seat of this.seats) this.armGraceTimer(seat);
      } else {
        await this.afterEvent();
      }
    });
  }

  /**
   * The game after every event of the log (from its newest snapshot, if any), and since when staff
   * have paused it (null: not paused); sets `lastAt`.
   */
  private replay(options: unknown, stored: StoredMatch): { game: unknown; pausedAt: number | null } {
    const { snapshot } = stored;
    let game: unknown;
    if (snapshot) {
      if (!this.module.snapshot) throw new Error(`game ${this.roomId}: a snapshot its game cannot read`);
      const kept = snapshot.state as SnapshotState;
      game = this.module.snapshot.load(options, kept.game, snapshot.v);
      this.lastAt = kept.at;
    } else {
      game = this.module.create(options);
    }
    let pausedAt: number | null = null;
    for (const { seq, v, event } of stored.events) {
      this.lastAt = event.at;
      // The actor's own event: the clocks stop until the game's next event (its resume, or an end).
      pausedAt = event.type === PAUSE_EVENT ? event.at : null;
      if (pausedAt !== null) continue;
      const upgraded = v === this.module.eventVersion ? event : this.module.upgrade(event, v);
      const next = this.module.apply(game, upgraded);
      if (!next.ok) {
        throw new Error(
          `replay: event ${seq} (${event.type}) refused: ${next.refusal.code}: ${next.refusal.message}`,
        );
      }
      game = next.value;
    }
    return { game, pausedAt };
  }

  /** Tells whoever created the match its result (the record keeps it until they take it). */
  protected reportFinished(done: FinishedMatch | undefined): void {
    if (!done || !this.reportTo) return;
    this.report(finishedOutcome(this.roomId, done));
  }
}

import type { MatchEvent, Tracing } from '../../server/services/ports.ts';
import type { Command, Refusal } from './game-module.ts';
import { MatchBase } from './match-base.ts';
import { recordEnding } from './records.ts';
import { goneTooLong, type Seat } from './seats.ts';

/** What the room keeps in a snapshot: the game's own state and the time of its last event. */
export interface SnapshotState {
  at: number;
  game: unknown;
}

/**
 * How a match goes on: what players and time decide is committed to the log, then shown; the
 * bots, the deadlines, the abandoned seats and the ending, recorded once.
 */
export abstract class MatchPlay extends MatchBase {
  /**
   * Since when staff stopped the clocks (ms since the epoch); null while the game runs. The pause
   * is an event of the log (`staff:pause`, rooms/match/staff.ts), so a rebuilt game is paused as its node left it.
   */
  protected paused: number | null = null;

  /** What `seat` asks for: settles what time has decided, then commits the command's events. */
  protected async play(seat: number, command: Command): Promise<Refusal | undefined> {
    if (this.finished) return { code: 'GAME_OVER', message: 'the game is over' };
    if (this.paused !== null) return { code: 'GAME_PAUSED', message: 'staff paused the game; wait for them' };
    await this.settle();
    const at = this.now();
    const events = this.module.command(this.game, seat, command, at);
    if (!events.ok) return events.refusal;
    for (const event of events.value) {
      const refusal = await this.commit(event);
      if (refusal) return refusal;
    }
    return undefined;
  }

  /** A lifecycle event (abandon, claim) at the current time, after what time has decided. */
  protected async decide(event: (at: number) => MatchEvent): Promise<Refusal | undefined> {
    await this.settle();
    return this.commit(event(this.now()));
  }

  /** Applies the event that time has made due (a flag fall, a turn timer), if any. */
  protected async settle(): Promise<void> {
    if (this.paused !== null || this.finished) return;
    const due = this.module.due(this.game, this.now());
    if (due) await this.commit(due);
  }

  /**
   * The one way the game changes: the rules accept the event, the log records it, and only then
   * the state (and so every client) sees it.
   */
  protected commit(event: MatchEvent): Promise<Refusal | undefined> {
    const tracing = this.deps.tracing;
    if (!tracing) return this.commitTraced(event, undefined);
    const attributes = { 'rookery.game_id': this.roomId, 'rookery.event': event.type };
    return tracing.span('match.commit', attributes, () => this.commitTraced(event, tracing));
  }

  /** {@link commit}, with a span for the rule and one for the broadcast when tracing (the append's is the record's). */
  private async commitTraced(event: MatchEvent, tracing: Tracing | undefined): Promise<Refusal | undefined> {
    if (this.lost) return this.loseOwnership();
    const began = performance.now();
    const applied = tracing
      ? tracing.span('match.rule', {}, () => this.module.apply(this.game, event))
      : this.module.apply(this.game, event);
    if (!applied.ok) return applied.refusal;
    const next = applied.value;
    const started = performance.now();
    const refusal = await this.appendToLog(event, this.module.derived?.(next, event));
    if (refusal) return refusal;
    const appended = performance.now();
    if (tracing) tracing.span('match.broadcast', {}, () => this.show(next, event.at));
    else this.show(next, event.at);
    this.deps.metrics.eventRecorded(
      event.type,
      (appended - started) / 1000,
      (performance.now() - began) / 1000,
    );
    this.keepSnapshot();
    await this.afterEvent();
    return undefined;
  }

  /** The event just recorded is shown: the state every client syncs, and each player's own view. */
  private show(next: unknown, at: number): void {
    this.seq += 1;
    this.accept(next, at);
    this.broadcastPatch();
    this.sendViews();
  }

  /**
   * Every so many events, the game's state goes to the record (with the time of its last event),
   * so that a restore replays only what follows. A snapshot that fails costs only replay time.
   */
  private keepSnapshot(): void {
    const snapshot = this.module.snapshot;
    if (!snapshot || this.seq % snapshot.every !== 0) return;
    const state: SnapshotState = { at: this.lastAt, game: snapshot.save(this.game) };
    this.deps.records
      .snapshot(this.roomId, this.seq, { v: snapshot.v, state })
      .catch((err) => this.deps.log.warn({ err, gameId: this.roomId }, 'could not keep a snapshot'));
  }

  /** The game is now `next`, and the synced state shows what a spectator may see of it. */
  protected accept(next: unknown, at: number): void {
    this.game = next;
    this.lastAt = at;
    this.registered.binding.project(this.state, this.module.view(next, 'spectator'), at);
  }

  /** Timers and the end of the game, after each accepted event. */
  protected async afterEvent(): Promise<void> {
    this.armDeadline();
    if (this.status() === 'ended') return this.finish();
    this.scheduleBot();
  }

  /** A timer for the next moment time decides something. */
  protected armDeadline(): void {
    const deadline = this.paused === null ? this.module.nextDeadline(this.game) : null;
    if (deadline === null) {
      this.schedule.clearTimer('deadline');
      return;
    }
    this.schedule.setTimer('deadline', deadline - this.now() + 1, () =>
      this.step(async () => {
        await this.settle();
        // Nothing was due yet if the timer fired early by the wall clock: look again later.
        this.armDeadline();
      }),
    );
  }

  private botToAct(): Seat | undefined {
    if (this.status() !== 'playing' || this.paused !== null || this.finished) return undefined;
    return this.module
      .toAct(this.game)
      .map((index) => this.seats[index])
      .find((seat): seat is Seat => !!seat?.bot);
  }

  private scheduleBot(): void {
    const seat = this.botToAct();
    if (!seat?.bot) return;
    const level = seat.bot;
    this.schedule.setTimer('bot', this.deps.settings.botDelayMs, () =>
      this.step(async () => {
        if (this.botToAct() !== seat) return;
        await this.settle();
        if (this.botToAct() !== seat) return;
        const view = this.module.view(this.game, seat.index);
        const answer = this.module.bot.choose(view, seat.index, level, this.deps.random);
        if (!(answer instanceof Promise)) {
          if (answer) await this.play(seat.index, answer);
          return;
        }
        // A bot that thinks elsewhere does not hold the room: players' messages go on being
        // handled, and the answer is played only if nothing happened meanwhile (else the bot is
        // asked again about the new position by the event that changed it).
        const askedAt = this.seq;
        void answer.then(
          (command) =>
            this.step(async () => {
              if (command && this.seq === askedAt && this.botToAct() === seat)
                await this.play(seat.index, command);
            }),
          (err) => this.deps.log.error({ err, gameId: this.roomId }, 'the bot gave no answer'),
        );
      }),
    );
  }

  protected async checkAbandoned(): Promise<void> {
    if (this.status() !== 'playing' || this.paused !== null) return;
    const now = this.now();
    const grace = this.deps.settings.graceMs;
    const gone = this.seats.filter((s) => goneTooLong(s, now, grace));
    // A bot is never gone: a game with one is not abandoned by all.
    if (gone.length === this.seats.length) {
      await this.decide((at) => this.module.lifecycle.abandon(at));
      return;
    }
    // A bot does not wait to be asked; a person claims the win when they choose.
    const bot = this.seats.find((s) => s.bot);
    const othersGone = this.seats.every((s) => s.team === bot?.team || goneTooLong(s, now, grace));
    if (bot && gone.length > 0 && othersGone) {
      await this.decide((at) => this.module.lifecycle.claim(bot.index, at));
    }
    // A player gone for less than the grace period (a timer that fired early, or another
    // player's timer) is looked at again when their own period ends.
    for (const seat of this.seats) {
      if (seat.goneSince > 0 && !goneTooLong(seat, now, grace)) this.armGraceTimer(seat);
    }
  }

  /** Writes the result, the record and the ratings; retried until the record takes it. */
  protected async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.schedule.clearTimer('bot');
    for (const seat of this.seats) this.schedule.clearTimer(`grace:${seat.index}`);
    this.announce({ type: 'ended', gameId: this.roomId });
    const ending = this.module.ending(this.game);
    if (!ending) throw new Error('finish: the game has not ended');
    const context = {
      gameId: this.roomId,
      rated: this.rated,
      pool: this.pool,
      names: this.seats.map((s) => s.name),
      ratings: this.ratings.map((r) => r?.rating),
    };
    const record = { ...ending, record: this.module.record(this.game, context) };
    const done = await recordEnding(this.deps, this.roomId, record, () => this.lost);
    if (!done) return;
    this.deps.metrics.gameEnded(ending.termination);
    for (const result of done.results) {
      if (result.rating) this.registered.binding.showRatingDiff(this.state, result.seat, result.rating.diff);
    }
    this.reportFinished(done);
    this.autoDispose = true;
    // Not from inside the step that ended the game (which may be the room's own creation).
    this.schedule.setTimer('dispose', 0, async () => {
      if (this.clients.length === 0) await this.disconnect();
    });
  }

  protected abstract reportFinished(done: Awaited<ReturnType<typeof recordEnding>>): void;
}

import type { Refusal } from './game-module.ts';
import { MatchPlay } from './match-play.ts';
import {
  PAUSE_EVENT,
  type StaffAnswer,
  type StaffCommand,
  StaffCommandSchema,
  staffScores,
} from './staff.ts';

type ClockCommand = Extract<StaffCommand, { type: 'pause' | 'resume' }>;
type EndCommand = Extract<StaffCommand, { type: 'abort' | 'adjudicate' }>;

/**
 * What staff ask of the match (the control plane calls it on the room's node): pause and resume
 * the clocks (resuming writes the game's own `resume` event, which gives the paused time back),
 * abort, or end with the scores they decide (an event of the game's log, which the game applies:
 * it ends as its own endings do). The players are told with a `staff` message.
 */
export abstract class MatchStaff extends MatchPlay {
  staff(given: unknown): Promise<StaffAnswer> {
    const parsed = StaffCommandSchema.safeParse(given);
    if (!parsed.success)
      return Promise.resolve({ ok: false, code: 'VALIDATION_FAILED', message: 'invalid staff command' });
    const command = parsed.data;
    return this.step(async (): Promise<StaffAnswer> => {
      if (this.finished || this.status() === 'ended')
        return { ok: false, code: 'GAME_OVER', message: 'the game is over' };
      if (this.status() !== 'playing')
        return { ok: false, code: 'GAME_NOT_STARTED', message: 'the game has not started' };
      const now = this.now();
      if (command.type === 'pause' || command.type === 'resume')
        return this.stopOrRestartClocks(command, now);
      return this.endByStaff(command, now);
    });
  }

  private async stopOrRestartClocks(command: ClockCommand, now: number): Promise<StaffAnswer> {
    if ((this.paused !== null) === (command.type === 'pause')) {
      return {
        ok: false,
        code: 'VALIDATION_FAILED',
        message: `the game is already ${this.paused ? 'paused' : 'running'}`,
      };
    }
    if (command.type === 'pause') {
      await this.settle();
      if (this.finished || this.status() === 'ended')
        return { ok: false, code: 'GAME_OVER', message: 'the game ended before staff paused it' };
      const at = this.now();
      const refusal = await this.appendToLog({ type: PAUSE_EVENT, at });
      if (refusal) return { ok: false, ...refusal };
      this.seq += 1;
      this.lastAt = at;
      this.stopClocks(at);
    } else {
      const refusal = await this.restartClocks(now);
      if (refusal) return { ok: false, ...refusal };
      // Whoever left during the pause is looked at again.
      for (const seat of this.seats) this.armGraceTimer(seat);
    }
    this.broadcast('staff', {
      action: command.type === 'pause' ? 'paused' : 'resumed',
      reason: command.reason,
      at: now,
    });
    return { ok: true, status: this.paused === null ? 'playing' : 'paused' };
  }

  /** The clocks stop at `at`: nothing falls due, no bot moves, and the state shows the pause. */
  protected stopClocks(at: number): void {
    this.paused = at;
    this.armDeadline();
    this.schedule.clearTimer('bot');
    this.registered.binding.showPause(this.state, at);
  }

  /** The game's `resume` event gives the paused time back, and the state shows the clocks running. */
  private async restartClocks(now: number): Promise<Refusal | undefined> {
    const since = this.paused!;
    this.paused = null;
    const refusal = await this.commit(this.module.lifecycle.resume(since, now));
    if (refusal) {
      this.paused = since;
      return refusal;
    }
    this.registered.binding.showPause(this.state, 0);
    return undefined;
  }

  private async endByStaff(command: EndCommand, now: number): Promise<StaffAnswer> {
    const scores = staffScores(command, this.seats.length);
    if (!scores.ok) return { ok: false, ...scores.refusal };
    // Whether the game takes these scores, asked before anything changes: dated at the last
    // event, which no deadline can have passed, so only the scores can be refused.
    const trial = this.module.apply(this.game, this.module.lifecycle.staffEnd(this.lastAt, scores.value));
    if (!trial.ok) return { ok: false, ...trial.refusal };
    // The clocks stopped at the pause: the game ends as they stood.
    const refusal = this.paused === null ? undefined : await this.restartClocks(now);
    if (refusal) return { ok: false, ...refusal };
    await this.settle();
    if (this.finished || this.status() === 'ended')
      return { ok: false, code: 'GAME_OVER', message: 'the game ended before staff ended it' };
    const at = this.now();
    const ended = await this.commit(this.module.lifecycle.staffEnd(at, scores.value));
    if (ended) return { ok: false, ...ended };
    this.broadcast('staff', {
      action: 'ended',
      reason: command.reason,
      at,
      ...this.module.ending(this.game),
    });
    return { ok: true, status: 'ended' };
  }
}

import type { Client } from '@colyseus/core';
import type { Schema } from '@colyseus/schema';
import { MATCH_CLOSE_CODES } from '../../schema/match.ts';
import { SeqConflictError } from '../../server/services/errors.ts';
import type { MatchEvent, RatingView, TrailFields } from '../../server/services/ports.ts';
import { ActorRoom } from '../actor/ActorRoom.ts';
import type { RegisteredGame } from '../games/registry.ts';
import type { LiveGameEvent, MatchOutcome } from '../shared/matches.ts';
import type { MatchRoomDeps } from './deps.ts';
import type { AnyGameModule, Refusal } from './game-module.ts';
import { type Partner, type Seat, vacate } from './seats.ts';

const MOVED: Refusal = { code: 'GAME_NOT_FOUND', message: 'this game moved; look it up again' };

export interface ClientData {
  role: 'player' | 'spectator';
  seat?: number;
}

/**
 * What every match room holds, whatever its game: the game's value, its seats, its schedule, and
 * the plumbing (one step at a time, refusals, server time, seats taken and left).
 */
export abstract class MatchBase extends ActorRoom<{ state: Schema }, MatchRoomDeps> {
  /** Set by `createMatchRoom`. */
  protected registered!: RegisteredGame;
  protected override readonly closeCodes = MATCH_CLOSE_CODES;

  /** A match room's id is its game's id. */
  protected override trailFields(): TrailFields {
    return { roomId: this.roomId, gameId: this.roomId };
  }

  protected game: unknown;
  protected options: unknown;
  protected pool = '';
  protected ratedWanted = true;
  protected rated = false;
  protected seats: Seat[] = [];
  protected ratings: Array<RatingView | undefined> = [];
  /** Events in the log (the number of the last one). */
  protected seq = 0;
  protected lastAt = 0;
  protected startedAt = 0;
  protected spectators = 0;
  protected finished = false;
  /** Set when another writer extended this game's log: this room no longer owns it. */
  protected lost = false;
  /** Settles once this copy, having lost the game to another, is closed. */
  protected closing: Promise<unknown> = Promise.resolve();
  /** Held seats not taken in time: the match is off and nobody may join. */
  protected cancelled = false;
  protected reportTo: string | undefined;

  protected get module(): AnyGameModule {
    return this.registered.module;
  }

  protected status(): 'waiting' | 'playing' | 'ended' {
    return this.module.status(this.game);
  }

  /** Writes the match's fixed facts (id, options, pool, rated, grace) into the synced state. */
  protected describe(): void {
    this.registered.binding.describe(this.state, {
      gameId: this.roomId,
      options: this.options,
      pool: this.pool,
      rated: this.rated,
      graceMs: this.deps.settings.graceMs,
    });
  }

  protected report(outcome: MatchOutcome): void {
    if (this.reportTo) void this.presence.publish(this.reportTo, outcome);
  }

  /** Tells every lobby of the cluster, and lists the game for the lobbies that start later. */
  protected announce(event: LiveGameEvent): void {
    if (!this.registered.binding.liveSummary) return;
    void this.setMetadata({ live: event.type === 'started' ? event.game : null });
    this.deps.announcer.announce(event);
  }

  protected announceStart(): void {
    const summary = this.registered.binding.liveSummary?.(this.state, this.startedAt);
    if (summary) this.announce({ type: 'started', game: summary });
  }

  // ---- seats ------------------------------------------------------------------------------

  /** The seat a player plays, as its captain or as a partner. */
  protected seatOf(userId: string): Seat | undefined {
    return this.seats.find((s) => s.userId === userId || s.partners.some((p) => p.userId === userId));
  }

  protected seatOfSession(sessionId: string): Seat | undefined {
    return this.seats.find(
      (s) => s.sessionId === sessionId || s.partners.some((p) => p.sessionId === sessionId),
    );
  }

  protected releaseSeat(seat: Seat): void {
    vacate(seat);
    if (seat.userId) this.showSeat(seat);
    else this.registered.binding.hideSeat(this.state, seat.index);
  }

  protected addSpectator(client: Client): void {
    client.userData = { role: 'spectator' } satisfies ClientData;
    this.spectators += 1;
    this.registered.binding.showSpectators(this.state, this.spectators);
  }

  protected removeSpectator(): void {
    this.spectators = Math.max(0, this.spectators - 1);
    this.registered.binding.showSpectators(this.state, this.spectators);
  }

  /** Puts a client in its seat (or a partner's place); a newer connection replaces an older one. */
  protected takeSeat(seat: Seat, client: Client, partner?: Partner): void {
    const holder = partner ?? seat;
    const previous = holder.sessionId ? this.clients.getById(holder.sessionId) : undefined;
    holder.sessionId = client.sessionId;
    client.userData = { role: 'player', seat: seat.index } satisfies ClientData;
    if (previous && previous !== client)
      previous.leave(MATCH_CLOSE_CODES.replaced, 'the seat was taken by a newer connection');
    if (!partner) this.markBack(seat);
  }

  protected markBack(seat: Seat): void {
    seat.goneSince = 0;
    this.schedule.clearTimer(`grace:${seat.index}`);
    this.showSeat(seat);
  }

  protected markGone(seat: Seat): void {
    if (seat.goneSince > 0) return;
    seat.goneSince = this.now();
    this.showSeat(seat);
    this.armGraceTimer(seat);
  }

  protected armGraceTimer(seat: Seat): void {
    if (seat.goneSince === 0 || this.status() !== 'playing') return;
    // One millisecond late on purpose: a timer may fire a little early by the wall clock.
    const due = seat.goneSince + this.deps.settings.graceMs - this.now() + 1;
    this.schedule.setTimer(`grace:${seat.index}`, due, () => this.step(() => this.checkAbandoned()));
  }

  protected abstract checkAbandoned(): Promise<void>;

  protected showSeat(seat: Seat): void {
    const rating = this.ratings[seat.index];
    this.registered.binding.showSeat(this.state, seat.index, {
      userId: seat.userId ?? '',
      name: seat.name,
      bot: seat.bot ?? '',
      connected: seat.bot !== null || (seat.sessionId !== null && seat.goneSince === 0),
      goneSince: seat.goneSince,
      rating: rating ? rating.rating : 0,
      provisional: rating ? rating.provisional : false,
    });
  }

  /**
   * In a game with hidden information, each seat's own view goes to that seat's connections only
   * (to `seats`' own; by default to every seat's).
   */
  protected sendViews(seats: readonly Seat[] = this.seats): void {
    if (!this.module.hiddenInformation) return;
    for (const seat of seats) {
      const sessions = [seat.sessionId, ...seat.partners.map((p) => p.sessionId)];
      const clients = sessions.flatMap((id) => (id ? [this.clients.getById(id)] : []));
      if (clients.length === 0) continue;
      const view = this.module.view(this.game, seat.index);
      for (const client of clients) client?.send('view', view);
    }
  }

  // ---- plumbing ---------------------------------------------------------------------------

  /**
   * Runs `work` as the room's next step, then sends what it changed. Every change goes out at
   * the end of its step, so the room's own patch timer is only a slow safety net.
   */
  protected step<T>(work: () => Promise<T>): Promise<T> {
    return this.schedule.serially(async () => {
      try {
        return await work();
      } finally {
        this.broadcastPatch();
      }
    });
  }

  /** Server time, never earlier than the last event (the log's times only go forward). */
  protected now(): number {
    return Math.max(this.deps.now(), this.lastAt);
  }

  /**
   * Another node lists this game (this node was taken for dead a moment, and the game rebuilt
   * there): this copy closes if the log went on without it; true when it did.
   */
  override async handOver(): Promise<boolean> {
    const stored = await this.deps.records.load(this.roomId);
    if (!stored || stored.lastSeq <= this.seq) return false;
    this.loseOwnership();
    await this.closing;
    return true;
  }

  /** Appends `event` to the log as its next number; a refusal, and nothing written, when it cannot. */
  protected async appendToLog(
    event: MatchEvent,
    derived?: Record<string, unknown>,
  ): Promise<Refusal | undefined> {
    try {
      await this.deps.records.append(this.roomId, this.seq + 1, {
        v: this.module.eventVersion,
        event,
        derived,
      });
      return undefined;
    } catch (err) {
      if (err instanceof SeqConflictError) return this.loseOwnership();
      this.deps.log.error({ err, gameId: this.roomId }, 'could not append to the game log');
      return { code: 'SERVER_BUSY', message: 'the game could not be recorded; nothing changed, try again' };
    }
  }

  /** This copy lost the game to another: its players are sent on and it closes, once; the refusal of every later command. */
  protected loseOwnership(): Refusal {
    if (!this.lost) {
      this.lost = true;
      this.deps.log.warn({ gameId: this.roomId }, 'another room extended this game log; closing this copy');
      for (const client of this.clients) client.leave(MATCH_CLOSE_CODES.moved, 'the game moved');
      this.closing = this.disconnect().catch(() => undefined);
    }
    return MOVED;
  }
}

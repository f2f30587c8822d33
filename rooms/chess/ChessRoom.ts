import { type Client, matchMaker, Room } from '@colyseus/core';
import { ChessPlayerState, ChessState } from '../../schema/chess.state.ts';
import {
  type BotLevel,
  CHESS_CLIENT_MESSAGES,
  CHESS_CLOSE_CODES,
  type ChessClientMessage,
  type ChessEvent,
  type Color,
  opposite,
} from '../../schema/chess.ts';
import type { ErrorCode } from '../../schema/errors.ts';
import { SeqConflictError } from '../../server/services/errors.ts';
import type { GameStart, RatingView } from '../../server/services/ports.ts';
import { chooseBotMove } from '../games/chess/bot.ts';
import {
  applyEvent,
  type ChessGame,
  clocksAt,
  dueEvent,
  newGame,
  nextDeadline,
  replay,
} from '../games/chess/game.ts';
import { categoryOf, parseTimeControl, type TimeControl } from '../games/chess/time-control.ts';
import { ActorSchedule } from '../shared/actor-schedule.ts';
import { LIVE_GAMES_CHANNEL, type LiveGameEvent, type MatchOutcome } from '../shared/matches.ts';
import { authenticate, joinError, type RoomAuth } from './auth.ts';
import type { ChessRoomDeps } from './deps.ts';
import { endingOf, recordEnding } from './ending.ts';
import { CHESS_MESSAGE_SCHEMAS, type ChessJoinOptionsParsed, chessJoinOptions } from './messages.ts';
import { liveSummaryOf, projectGame } from './projection.ts';
import {
  chooseSeat,
  emptySeat,
  fullyPresent,
  goneTooLong,
  membersOf,
  type ReservedPlayer,
  type Seat,
  vacate,
} from './seats.ts';

/** Options only the server gives (they carry its `serverKey`). */
interface ServerOptions {
  serverKey?: string;
  /** Rebuild this unfinished game from its log, under the same id. */
  restore?: string;
  /** Seats held for named players (rematch, matchmaker). */
  seats?: Partial<Record<Color, ReservedPlayer>>;
  /** With `seats`: further team members who play a side with its captain (consultation). */
  partners?: Partial<Record<Color, ReservedPlayer[]>>;
  /** With `seats`: how long the players have to come; then the match is cancelled. */
  seatDeadlineMs?: number;
  /** A presence channel told how the seating went ({@link MatchOutcome}). */
  reportTo?: string;
}

/** How often the room sends changes made outside a step (there should be none). */
const PATCH_SAFETY_NET_MS = 1000;

interface Refusal {
  code: ErrorCode;
  message: string;
}

interface ClientData {
  role: 'player' | 'spectator';
  color?: Color;
  strikes: number;
}

/** A reply context of a request (`room.request`); plain `send` messages have no id. */
interface ReplyContext {
  id?: number;
  reject(reason: unknown): void;
}

/**
 * The `chess` room: one game, owned by one actor. It validates what clients send, asks the pure
 * rules, appends each accepted event to the game's log before anyone sees it, and projects the
 * game into the synced state. Everything that changes the game runs one step at a time.
 */
export abstract class ChessRoom extends Room<{ state: ChessState }> {
  protected abstract readonly deps: ChessRoomDeps;

  private game!: ChessGame;
  private timeControl!: TimeControl;
  private ratedWanted = true;
  private readonly seats: Record<Color, Seat> = { white: emptySeat('white'), black: emptySeat('black') };
  private ratings: Partial<Record<Color, RatingView>> = {};
  private lastAt = 0;
  /** One change to the game at a time; the room's timers. */
  private schedule!: ActorSchedule;
  private finished = false;
  /** Set when another writer extended this game's log: this room no longer owns it. */
  private lost = false;
  /** Settles once this copy, having lost the game to another, is closed. */
  private closing: Promise<unknown> = Promise.resolve();
  /** Held seats not taken in time: the match is off and nobody may join. */
  private cancelled = false;
  private reportTo: string | undefined;

  override async onCreate(options: unknown): Promise<void> {
    const parsed = chessJoinOptions.safeParse(options ?? {});
    if (!parsed.success) throw joinError(400, 'VALIDATION_FAILED', 'invalid room options');
    const server = this.serverOptions(options);
    this.schedule = new ActorSchedule((err, timer) =>
      this.deps.log.error({ err, gameId: this.roomId, timer }, 'room timer failed'),
    );
    this.state = new ChessState();
    this.state.graceMs = this.deps.settings.graceMs;
    this.maxMessagesPerSecond = this.deps.settings.maxMessagesPerSecond;
    // Changes are sent at the end of each step (see `step`); a 20 Hz timer per room would only
    // cost CPU across thousands of idle games.
    this.patchRate = PATCH_SAFETY_NET_MS;
    for (const type of CHESS_CLIENT_MESSAGES) {
      this.onMessage(type, (client: Client, payload: unknown, ctx?: ReplyContext) =>
        this.receive(client, type, payload, ctx),
      );
    }
    this.onMessage('*', (client: Client, type: unknown) => {
      this.refuse(client, { code: 'BAD_MESSAGE', message: `unknown message type "${String(type)}"` });
    });
    if (server.restore) return this.restore(server.restore);
    this.setup(parsed.data, server);
  }

  static override async onAuth(_token: string, _options: unknown): Promise<RoomAuth> {
    throw new Error('a chess room class is made by createChessRoom');
  }

  override async onJoin(client: Client, options: unknown, auth?: RoomAuth): Promise<void> {
    const wish = chessJoinOptions.safeParse(options ?? {});
    const opts = wish.success ? wish.data : {};
    await this.step(async () => {
      if (this.cancelled)
        throw joinError(410, 'SEAT_EXPIRED', 'the match was cancelled: a player did not come in time');
      const claims = auth?.kind === 'user' ? auth.claims : undefined;
      const own = claims ? this.seatOf(claims.userId) : undefined;
      if (opts.spectate || !claims) return this.addSpectator(client);
      let seat = own;
      if (!seat) {
        if (this.state.status !== 'waiting') {
          throw joinError(409, 'SEAT_TAKEN', 'both seats are taken; join with { spectate: true } to watch');
        }
        seat = chooseSeat(this.seats, opts.color, this.deps.random);
        if (!seat) throw joinError(409, 'SEAT_TAKEN', 'both seats are taken');
        Object.assign(seat, { userId: claims.userId, name: claims.username, guest: claims.guest });
      }
      if (this.state.status === 'waiting' && !this.ratings[seat.color]) {
        this.ratings[seat.color] = await this.deps.games.ratingOf(
          claims.userId,
          categoryOf(this.timeControl),
        );
      }
      const partner = seat.partners.find((p) => p.userId === claims.userId);
      if (partner) this.takePartnerSeat(seat, partner, client);
      else this.takeSeat(seat, client);
      if (
        this.state.status === 'waiting' &&
        fullyPresent(this.seats.white) &&
        fullyPresent(this.seats.black)
      ) {
        await this.start(seat);
      }
    });
    client.send('time', { serverTime: this.deps.now() });
  }

  override onDrop(client: Client): void {
    const seat = this.seatOfSession(client.sessionId);
    if (!seat || this.finished) return;
    this.allowReconnection(client, Math.ceil(this.deps.settings.graceMs / 1000)).catch(() => undefined);
    // A partner's absence costs the side nothing while its captain plays on.
    if (seat.sessionId !== client.sessionId) return;
    void this.step(async () => {
      if (seat.sessionId === client.sessionId) this.markGone(seat);
    });
  }

  override onReconnect(client: Client): void {
    void this.step(async () => {
      const seat = this.seatOfSession(client.sessionId);
      if (seat && seat.sessionId === client.sessionId) this.markBack(seat);
      client.send('time', { serverTime: this.deps.now() });
    });
  }

  override onLeave(client: Client): void {
    void this.step(async () => {
      const data = client.userData as ClientData | undefined;
      if (data?.role === 'spectator') {
        this.state.spectators = Math.max(0, this.state.spectators - 1);
        return;
      }
      const seat = this.seatOfSession(client.sessionId);
      if (!seat) return;
      const partner = seat.partners.find((p) => p.sessionId === client.sessionId);
      if (partner) {
        partner.sessionId = null;
        return;
      }
      if (this.state.status === 'waiting') {
        // Nobody is playing yet: the seat is simply free again (or held, if reserved).
        this.releaseSeat(seat);
        return;
      }
      if (!this.finished) this.markGone(seat);
    });
  }

  override onDispose(): void {
    this.schedule?.clearAll();
  }

  // ---- creating and restoring ------------------------------------------------------------

  private serverOptions(options: unknown): ServerOptions {
    const given = (options ?? {}) as ServerOptions;
    if (given.serverKey === undefined) return {};
    // A key that is not this deployment's is refused outright: a room that silently dropped the
    // options would be a different room (an open game instead of a restored one).
    if (!this.deps.serverKey.accepts(given.serverKey))
      throw joinError(403, 'FORBIDDEN', 'room options a server gives carry its key');
    return given;
  }

  private setup(opts: ChessJoinOptionsParsed, server: ServerOptions): void {
    const tc = parseTimeControl(opts.timeControl ?? this.deps.settings.defaultTimeControl);
    if (!tc.ok) throw joinError(400, 'VALIDATION_FAILED', tc.message);
    this.useTimeControl(tc.value);
    this.game = newGame({ timeControl: tc.value, firstMoveMs: this.deps.settings.firstMoveMs });
    this.state.gameId = this.roomId;
    this.ratedWanted = opts.rated ?? true;
    projectGame(this.state, this.game, this.now());
    for (const color of ['white', 'black'] as const) {
      const reserved = server.seats?.[color];
      if (!reserved) continue;
      const seat = this.seats[color];
      const partners = server.partners?.[color] ?? [];
      Object.assign(seat, reserved, { reserved: true });
      seat.partners = partners.map((p) => ({ ...p, sessionId: null }));
      seat.name = [reserved, ...partners].map((p) => p.name).join(' & ');
      this.showPlayer(seat);
    }
    if (opts.vsBot) {
      const humanColor = opts.color ?? (this.deps.random() < 0.5 ? 'white' : 'black');
      const botSeat = this.seats[opposite(humanColor)];
      Object.assign(botSeat, { bot: opts.level ?? 'greedy', name: `Bot (${opts.level ?? 'greedy'})` });
      this.ratedWanted = false;
      this.showPlayer(botSeat);
    }
    if (opts.private || opts.vsBot || server.seats) void this.setPrivate(true);
    this.state.rated = this.ratedWanted;
    if (server.seats && server.seatDeadlineMs) {
      this.reportTo = server.reportTo;
      this.schedule.setTimer('seating', server.seatDeadlineMs, () => this.step(() => this.expireSeats()));
    }
  }

  /** The seating deadline passed: if a held seat is still empty, the match is off. */
  private async expireSeats(): Promise<void> {
    if (this.state.status !== 'waiting' || this.cancelled) return;
    const held = [this.seats.white, this.seats.black].filter((s) => s.reserved).flatMap(membersOf);
    const seated = held.filter((m) => m.present).map((m) => m.userId);
    const absent = held.filter((m) => !m.present).map((m) => m.userId);
    if (absent.length === 0) return;
    this.cancelled = true;
    this.finished = true;
    this.report({ type: 'cancelled', roomId: this.roomId, seated, absent });
    this.deps.log.info({ gameId: this.roomId, absent }, 'match cancelled: a held seat was not taken in time');
    for (const client of this.clients) {
      client.leave(CHESS_CLOSE_CODES.cancelled, 'the match was cancelled: a player did not come in time');
    }
    await this.lock();
    this.schedule.setTimer('dispose', 0, () => this.disconnect());
  }

  private report(outcome: MatchOutcome): void {
    if (this.reportTo) void this.presence.publish(this.reportTo, outcome);
  }

  /** Tells every lobby of the cluster, and lists the game for the lobbies that start later. */
  private announce(event: LiveGameEvent): void {
    void this.setMetadata({ live: event.type === 'started' ? event.game : null });
    void this.presence.publish(LIVE_GAMES_CHANNEL, event);
  }

  private useTimeControl(tc: TimeControl): void {
    this.timeControl = tc;
    this.state.timeControl = tc.label;
    this.state.initialMs = tc.initialMs;
    this.state.incrementMs = tc.incrementMs;
    this.state.category = categoryOf(tc);
  }

  /** Rebuilds a game from its log under its own id; the players come back by joining that id. */
  private async restore(gameId: string): Promise<void> {
    const stored = await this.deps.games.load(gameId);
    if (!stored) throw joinError(404, 'GAME_NOT_FOUND', `no game ${gameId}`);
    this.roomId = gameId;
    const { start } = stored;
    const tc = parseTimeControl(start.timeControl);
    if (!tc.ok) throw new Error(`game ${gameId} has an unreadable time control`);
    this.useTimeControl(tc.value);
    this.state.gameId = gameId;
    this.state.rated = start.rated;
    this.ratedWanted = start.rated;
    this.game = replay({ timeControl: tc.value, firstMoveMs: this.deps.settings.firstMoveMs }, stored.events);
    this.lastAt = stored.events.at(-1)?.at ?? 0;
    const now = this.now();
    for (const color of ['white', 'black'] as const) {
      const player = start[color];
      const seat = this.seats[color];
      Object.assign(seat, {
        userId: player.userId,
        name: player.name,
        bot: player.bot,
        goneSince: player.bot ? 0 : now,
      });
      if (player.userId) this.ratings[color] = await this.deps.games.ratingOf(player.userId, start.category);
      this.showPlayer(seat);
    }
    void this.setPrivate(true);
    this.autoDispose = false;
    projectGame(this.state, this.game, now);
    this.deps.log.info({ gameId, events: stored.events.length }, 'chess game restored from its log');
    await this.step(async () => {
      if (this.game.status === 'playing') {
        this.announce({ type: 'started', game: liveSummaryOf(this.state, start.startedAt) });
        // The time the game could not be reached is charged to neither clock.
        await this.commit({ type: 'resume', at: now, since: this.lastAt });
        for (const color of ['white', 'black'] as const) this.armGraceTimer(this.seats[color]);
      } else {
        await this.afterEvent();
      }
    });
  }

  // ---- seats ------------------------------------------------------------------------------

  /** The side a player plays, as its captain or as a partner. */
  private seatOf(userId: string): Seat | undefined {
    return this.findSeat((seat) => seat.userId === userId || seat.partners.some((p) => p.userId === userId));
  }

  private seatOfSession(sessionId: string): Seat | undefined {
    return this.findSeat(
      (seat) => seat.sessionId === sessionId || seat.partners.some((p) => p.sessionId === sessionId),
    );
  }

  private findSeat(matches: (seat: Seat) => boolean): Seat | undefined {
    return matches(this.seats.white)
      ? this.seats.white
      : matches(this.seats.black)
        ? this.seats.black
        : undefined;
  }

  private releaseSeat(seat: Seat): void {
    vacate(seat);
    if (seat.userId) this.showPlayer(seat);
    else this.state.players.delete(seat.color);
  }

  private addSpectator(client: Client): void {
    client.userData = { role: 'spectator', strikes: 0 } satisfies ClientData;
    this.state.spectators += 1;
  }

  /** Puts a client in its seat; a second connection of the same player replaces the first. */
  private takeSeat(seat: Seat, client: Client): void {
    const previous = seat.sessionId ? this.clients.getById(seat.sessionId) : undefined;
    seat.sessionId = client.sessionId;
    client.userData = { role: 'player', color: seat.color, strikes: 0 } satisfies ClientData;
    if (previous && previous !== client)
      previous.leave(CHESS_CLOSE_CODES.replaced, 'the seat was taken by a newer connection');
    this.markBack(seat);
  }

  /** A consultation partner sits with their side; a newer connection replaces an older one. */
  private takePartnerSeat(seat: Seat, partner: Seat['partners'][number], client: Client): void {
    const previous = partner.sessionId ? this.clients.getById(partner.sessionId) : undefined;
    partner.sessionId = client.sessionId;
    client.userData = { role: 'player', color: seat.color, strikes: 0 } satisfies ClientData;
    if (previous && previous !== client)
      previous.leave(CHESS_CLOSE_CODES.replaced, 'the seat was taken by a newer connection');
  }

  private markBack(seat: Seat): void {
    seat.goneSince = 0;
    this.schedule.clearTimer(`grace:${seat.color}`);
    this.showPlayer(seat);
  }

  private markGone(seat: Seat): void {
    if (seat.goneSince > 0) return;
    seat.goneSince = this.now();
    this.showPlayer(seat);
    this.armGraceTimer(seat);
  }

  private armGraceTimer(seat: Seat): void {
    if (seat.goneSince === 0 || this.state.status !== 'playing') return;
    // One millisecond late on purpose: a timer may fire a little early by the wall clock.
    const due = seat.goneSince + this.deps.settings.graceMs - this.now() + 1;
    this.schedule.setTimer(`grace:${seat.color}`, due, () => this.step(() => this.checkAbandoned()));
  }

  private showPlayer(seat: Seat): void {
    let player = this.state.players.get(seat.color);
    if (!player) {
      player = new ChessPlayerState();
      player.color = seat.color;
      this.state.players.set(seat.color, player);
    }
    player.userId = seat.userId ?? '';
    player.name = seat.name;
    player.bot = seat.bot ?? '';
    player.connected = seat.bot !== null || (seat.sessionId !== null && seat.goneSince === 0);
    player.goneSince = seat.goneSince;
    const rating = this.ratings[seat.color];
    player.rating = rating ? rating.rating : 0;
    player.provisional = rating ? rating.provisional : false;
  }

  /** Both seats are taken: the game is recorded and its first-move timer starts. */
  private async start(lastSeated: Seat): Promise<void> {
    const { white, black } = this.seats;
    const rated = this.ratedWanted && !white.guest && !black.guest && !white.bot && !black.bot;
    const at = this.now();
    const start: GameStart = {
      id: this.roomId,
      white: { userId: white.userId, name: white.name, bot: white.bot },
      black: { userId: black.userId, name: black.name, bot: black.bot },
      timeControl: this.timeControl.label,
      initialMs: this.timeControl.initialMs,
      incrementMs: this.timeControl.incrementMs,
      category: categoryOf(this.timeControl),
      rated,
      startedAt: at,
    };
    try {
      await this.deps.games.create(start);
    } catch (err) {
      this.deps.log.error({ err, gameId: this.roomId }, 'could not record the start of a game');
      this.releaseSeat(lastSeated);
      throw joinError(503, 'SERVER_BUSY', 'the game could not be recorded; try again');
    }
    this.state.rated = rated;
    this.autoDispose = false;
    void this.setPrivate(true);
    const started = applyEvent(this.game, { type: 'start', at });
    if (!started.ok) throw new Error(`a new game refused its start: ${started.message}`);
    this.game = started.value;
    this.lastAt = at;
    projectGame(this.state, this.game, at);
    this.schedule.clearTimer('seating');
    this.report({
      type: 'started',
      roomId: this.roomId,
      seated: [white, black].flatMap(membersOf).map((m) => m.userId),
    });
    this.announce({ type: 'started', game: liveSummaryOf(this.state, at) });
    await this.afterEvent();
  }

  // ---- messages ---------------------------------------------------------------------------

  private receive(
    client: Client,
    type: ChessClientMessage,
    payload: unknown,
    ctx?: ReplyContext,
  ): Promise<unknown> {
    const parsed = CHESS_MESSAGE_SCHEMAS[type].safeParse(payload);
    if (!parsed.success) {
      return Promise.resolve(
        this.refuse(client, { code: 'BAD_MESSAGE', message: `malformed "${type}" message` }, type, ctx),
      );
    }
    return this.step(async () => {
      const seat = this.seatOfSession(client.sessionId);
      if (!seat)
        return this.refuse(client, { code: 'NOT_A_PLAYER', message: 'spectators cannot play' }, type, ctx);
      const refusal = await this.act(seat, type, parsed.data);
      if (refusal) return this.refuse(client, refusal, type, ctx);
      return { ok: true };
    });
  }

  /** Does what a player asked; a refusal when it cannot be done (and then nothing changed). */
  private async act(seat: Seat, type: ChessClientMessage, payload: unknown): Promise<Refusal | undefined> {
    if (this.lost) return { code: 'GAME_NOT_FOUND', message: 'this game moved; look it up again' };
    const by = seat.color;
    switch (type) {
      case 'rematch:offer':
      case 'rematch:accept':
        return this.rematch(seat, type);
      case 'victory:claim': {
        const other = this.seats[opposite(by)];
        if (!goneTooLong(other, this.now(), this.deps.settings.graceMs)) {
          return { code: 'CLAIM_NOT_ALLOWED', message: 'the opponent is not gone for long enough' };
        }
        return this.play({ type: 'victory:claim', at: 0, by });
      }
      case 'move':
        return this.play({ type: 'move', at: 0, by, uci: (payload as { uci: string }).uci });
      case 'abort':
        return this.play({ type: 'abort', at: 0, by });
      default:
        return this.play({ type, at: 0, by } as ChessEvent);
    }
  }

  /** Settles what time has decided, then applies `event` at the current time. */
  private async play(event: ChessEvent): Promise<Refusal | undefined> {
    await this.settle();
    const timed = { ...event, at: this.now() } as ChessEvent;
    return this.commit(timed);
  }

  /** Applies the event that time has made due (a flag fall, a missed first move), if any. */
  private async settle(): Promise<void> {
    const due = dueEvent(this.game, this.now());
    if (due) await this.commit(due);
  }

  /**
   * The one way the game changes: the rules accept the event, the log records it, and only then
   * the state (and so every client) sees it.
   */
  private async commit(event: ChessEvent): Promise<Refusal | undefined> {
    if (this.lost) return { code: 'GAME_NOT_FOUND', message: 'this game moved; look it up again' };
    const applied = applyEvent(this.game, event);
    if (!applied.ok) {
      const code =
        applied.error === 'BAD_EVENT' || applied.error === 'BAD_TIME_CONTROL' ? 'BAD_MESSAGE' : applied.error;
      return { code, message: applied.message };
    }
    const next = applied.value;
    const san = event.type === 'move' ? next.moves.at(-1)?.san : undefined;
    const started = performance.now();
    try {
      await this.deps.games.append(this.roomId, next.eventCount, event, {
        san,
        clock: clocksAt(next, event.at),
      });
    } catch (err) {
      if (err instanceof SeqConflictError) return this.loseOwnership();
      this.deps.log.error({ err, gameId: this.roomId }, 'could not append to the game log');
      return { code: 'SERVER_BUSY', message: 'the game could not be recorded; nothing changed, try again' };
    }
    this.deps.metrics.eventRecorded(event.type, (performance.now() - started) / 1000);
    this.game = next;
    this.lastAt = event.at;
    projectGame(this.state, next, event.at);
    this.broadcastPatch();
    await this.afterEvent();
    return undefined;
  }

  /** Timers and the end of the game, after each accepted event. */
  private async afterEvent(): Promise<void> {
    this.armDeadline();
    if (this.game.status === 'ended') return this.finish();
    this.scheduleBot();
  }

  /** A timer for the next moment time decides something (a flag fall, a missed first move). */
  private armDeadline(): void {
    const deadline = nextDeadline(this.game);
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

  private scheduleBot(): void {
    const seat = this.seats[this.game.turn];
    if (!seat.bot || this.game.status !== 'playing') return;
    const level: BotLevel = seat.bot;
    this.schedule.setTimer('bot', this.deps.settings.botDelayMs, () =>
      this.step(async () => {
        if (this.game.status !== 'playing' || this.game.turn !== seat.color) return;
        await this.settle();
        if (this.game.status !== 'playing') return;
        const uci = chooseBotMove(this.game, level, this.deps.random);
        await this.commit({ type: 'move', at: this.now(), by: seat.color, uci });
      }),
    );
  }

  private async checkAbandoned(): Promise<void> {
    if (this.game.status !== 'playing') return;
    const now = this.now();
    const grace = this.deps.settings.graceMs;
    const gone = (['white', 'black'] as const).filter((c) => goneTooLong(this.seats[c], now, grace));
    if (gone.length === 2) {
      await this.play({ type: 'abandon', at: now });
      return;
    }
    if (gone.length === 1) {
      const stayer = this.seats[opposite(gone[0]!)];
      // The bot does not wait to be asked; a person claims the win when they choose.
      if (stayer.bot) await this.play({ type: 'victory:claim', at: now, by: stayer.color });
    }
    // A player gone for less than the grace period (a timer that fired early, or the other
    // player's timer) is looked at again when their own period ends.
    for (const color of ['white', 'black'] as const) {
      const seat = this.seats[color];
      if (seat.goneSince > 0 && !goneTooLong(seat, now, grace)) this.armGraceTimer(seat);
    }
  }

  /** Writes the result, the PGN and the ratings; retried until the record takes it. */
  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    for (const timer of ['bot', 'grace:white', 'grace:black']) this.schedule.clearTimer(timer);
    this.announce({ type: 'ended', gameId: this.roomId });
    const ending = endingOf(
      this.game,
      {
        gameId: this.roomId,
        rated: this.state.rated,
        category: this.state.category,
        names: { white: this.seats.white.name, black: this.seats.black.name },
        ratings: { white: this.ratings.white?.rating, black: this.ratings.black?.rating },
      },
      this.now(),
    );
    const done = await recordEnding(this.deps.games, this.roomId, ending, this.deps.log, () => this.lost);
    if (!done) return;
    this.deps.metrics.gameEnded(ending.termination);
    for (const color of ['white', 'black'] as const) {
      const change = done.ratings[color];
      const player = this.state.players.get(color);
      if (change && player) player.ratingDiff = change.diff;
    }
    this.autoDispose = true;
    // Not from inside the step that ended the game (which may be the room's own creation).
    this.schedule.setTimer('dispose', 0, async () => {
      if (this.clients.length === 0) await this.disconnect();
    });
  }

  private async rematch(seat: Seat, type: 'rematch:offer' | 'rematch:accept'): Promise<Refusal | undefined> {
    if (this.state.status !== 'ended' || !this.finished) {
      return { code: 'REMATCH_NOT_AVAILABLE', message: 'a rematch can be offered once the game is over' };
    }
    const other = this.seats[opposite(seat.color)];
    const offered = this.state.rematchOffer === other.color;
    if (type === 'rematch:accept' && !offered)
      return { code: 'REMATCH_NOT_AVAILABLE', message: 'no rematch offer to accept' };
    if (!offered && !other.bot) {
      this.state.rematchOffer = seat.color;
      return undefined;
    }
    this.state.rematchOffer = '';
    const seats: ServerOptions['seats'] = {};
    for (const s of [seat, other]) {
      if (s.userId) seats[opposite(s.color)] = { userId: s.userId, name: s.name, guest: s.guest };
    }
    const room = await matchMaker.createRoom(this.roomName, {
      timeControl: this.timeControl.label,
      rated: this.ratedWanted,
      private: true,
      vsBot: other.bot !== null || seat.bot !== null,
      level: other.bot ?? seat.bot ?? undefined,
      color: other.bot ? (seat.color === 'white' ? 'black' : 'white') : undefined,
      serverKey: this.deps.serverKey.current,
      seats,
    });
    for (const s of [seat, other]) {
      const client = s.sessionId ? this.clients.getById(s.sessionId) : undefined;
      client?.send('rematch', { roomId: room.roomId, color: opposite(s.color) });
    }
    return undefined;
  }

  // ---- plumbing ---------------------------------------------------------------------------

  /**
   * Another node lists this game (this node was taken for dead a moment, and the game rebuilt
   * there): this copy closes if the log went on without it; true when it did.
   */
  async handOver(): Promise<boolean> {
    const stored = await this.deps.games.load(this.roomId);
    if (!stored || stored.events.length <= this.game.eventCount) return false;
    this.loseOwnership();
    await this.closing;
    return true;
  }

  private loseOwnership(): Refusal {
    if (!this.lost) {
      this.lost = true;
      this.deps.log.warn({ gameId: this.roomId }, 'another room extended this game log; closing this copy');
      for (const client of this.clients) client.leave(CHESS_CLOSE_CODES.moved, 'the game moved');
      this.closing = this.disconnect().catch(() => undefined);
    }
    return { code: 'GAME_NOT_FOUND', message: 'this game moved; look it up again' };
  }

  private refuse(client: Client, refusal: Refusal, request?: string, ctx?: ReplyContext): Refusal {
    const data = client.userData as ClientData | undefined;
    if (data) {
      data.strikes += 1;
      if (data.strikes > this.deps.settings.maxBadMessages) {
        client.leave(CHESS_CLOSE_CODES.abuse, 'too many refused messages');
        return refusal;
      }
    }
    if (ctx?.id !== undefined) ctx.reject(refusal);
    else client.send('error', { ...refusal, request });
    return refusal;
  }

  /**
   * Runs `work` as the room's next step, then sends what it changed. Every change goes out at
   * the end of its step, so the room's own patch timer is only a slow safety net.
   */
  private step<T>(work: () => Promise<T>): Promise<T> {
    return this.schedule.serially(async () => {
      try {
        return await work();
      } finally {
        this.broadcastPatch();
      }
    });
  }

  /** Server time, never earlier than the last event (the log's times only go forward). */
  private now(): number {
    return Math.max(this.deps.now(), this.lastAt);
  }
}

/** The `chess` room type with its services: what `server/main.ts` registers. */
export function createChessRoom(deps: ChessRoomDeps) {
  return class extends ChessRoom {
    protected override readonly deps = deps;
    static override onAuth(token: string, options: unknown): Promise<RoomAuth> {
      return authenticate(deps.tokens, token, options);
    }
  };
}

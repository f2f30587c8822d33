import { type Client, matchMaker } from '@colyseus/core';
import type { z } from 'zod';
import { tournamentOfChannel } from '../../server/domain/tournaments/results-channel.ts';
import { actorRoom } from '../actor/ActorRoom.ts';
import type { RoomAuth } from '../actor/auth.ts';
import { joinError } from '../actor/join-error.ts';
import { type MessageTable, validate } from '../actor/messages.ts';
import { shareHandshake } from '../actor/shared-handshakes.ts';
import { fitStateBuffers } from '../actor/state-buffers.ts';
import type { RegisteredGame } from '../games/registry.ts';
import { accepted, refused } from '../rules/refusal.ts';
import type { MatchRoomDeps } from './deps.ts';
import type { Refusal } from './game-module.ts';
import type { ClientData } from './match-base.ts';
import { MatchSetup } from './match-setup.ts';
import {
  MATCH_MESSAGE_SCHEMAS,
  type MatchJoinOptions,
  matchJoinOptions,
  matchServerOptions,
} from './options.ts';
import { chooseSeat, fullyPresent, type HeldSeat, mayClaim, type Seat } from './seats.ts';

/** How often the room sends changes made outside a step (there should be none). */
const PATCH_SAFETY_NET_MS = 1000;

type JoinOptions = MatchJoinOptions & Record<string, unknown>;

/**
 * A match of any registered game, owned by one actor: it validates what clients send, asks the
 * game's pure module, appends each accepted event to the match's log before anyone sees it, and
 * projects what each viewer may see. Everything that changes the match runs one step at a time.
 */
export class MatchRoom extends MatchSetup {
  override async onCreate(options: unknown): Promise<void> {
    const given = this.joinOptions(options);
    if (!given) throw joinError('VALIDATION_FAILED', 'invalid room options');
    const server = this.serverOptions(options, matchServerOptions) ?? {};
    this.state = this.registered.binding.create();
    // A game's state is a few hundred bytes to a few KB: buffers that grow with it, not 32 KB a room.
    fitStateBuffers(this, 2048);
    shareHandshake(this);
    this.maxMessagesPerSecond = this.deps.settings.maxMessagesPerSecond;
    // Changes are sent at the end of each step (see `step`); a 20 Hz timer per room would only
    // cost CPU across thousands of idle games.
    this.patchRate = PATCH_SAFETY_NET_MS;
    this.listen(this.commandTable(), {
      sender: (client) => {
        const seat = this.seatOfSession(client.sessionId);
        return seat ? accepted(seat) : refused('NOT_A_PLAYER', 'spectators cannot play');
      },
      run: (work) => this.step(work),
      strikes: { max: this.deps.settings.maxBadMessages },
    });
    if (server.restore) return this.restore(server.restore);
    this.setup(given, server);
  }

  /** The game's commands and the room's own messages, each checked against its schema. */
  private commandTable(): MessageTable<string, Seat> {
    const schemas: Record<string, z.ZodType> = { ...this.module.commands, ...MATCH_MESSAGE_SCHEMAS };
    const table: MessageTable<string, Seat> = {};
    for (const [type, schema] of Object.entries(schemas)) {
      table[type] = validate(schema, async (seat: Seat, payload: unknown) => {
        const refusal = await this.act(seat, type, payload);
        return refusal ? { ok: false, refusal } : undefined;
      });
    }
    return table;
  }

  override async onJoin(client: Client, options: unknown, auth?: RoomAuth): Promise<void> {
    const opts: JoinOptions = this.joinOptions(options) ?? {};
    await this.step(async () => {
      if (this.cancelled)
        throw joinError('SEAT_EXPIRED', 'the match was cancelled: a player did not come in time');
      const claims = auth?.kind === 'user' ? auth.claims : undefined;
      const own = claims ? this.seatOf(claims.userId) : undefined;
      if (opts.spectate || !claims) return this.addSpectator(client);
      let seat = own;
      if (!seat) {
        if (this.status() !== 'waiting') {
          throw joinError('SEAT_TAKEN', 'every seat is taken; join with { spectate: true } to watch');
        }
        seat = chooseSeat(this.seats, this.module.seatWish(opts), this.deps.random);
        if (!seat) throw joinError('SEAT_TAKEN', 'every seat is taken');
        Object.assign(seat, { userId: claims.userId, name: claims.username, guest: claims.guest });
      }
      if (this.status() === 'waiting' && !this.ratings[seat.index]) {
        this.ratings[seat.index] = await this.deps.records.ratingOf(claims.userId, this.pool, claims.guest);
      }
      const partner = seat.partners.find((p) => p.userId === claims.userId);
      this.takeSeat(seat, client, partner);
      if (this.status() === 'waiting' && this.seats.every(fullyPresent)) await this.start(seat);
    });
    client.send('time', { serverTime: this.deps.now() });
    const seat = this.seatOfSession(client.sessionId);
    if (seat) this.sendViews([seat]);
  }

  override onDrop(client: Client): void {
    const seat = this.seatOfSession(client.sessionId);
    if (!seat || this.finished) return;
    this.allowReconnection(client, Math.ceil(this.deps.settings.graceMs / 1000)).catch(() => undefined);
    // A partner's absence costs the seat nothing while its captain plays on.
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
      if (seat) this.sendViews([seat]);
    });
  }

  override onLeave(client: Client): void {
    void this.step(async () => {
      const data = client.userData as ClientData | undefined;
      if (data?.role === 'spectator') return this.removeSpectator();
      const seat = this.seatOfSession(client.sessionId);
      if (!seat) return;
      const partner = seat.partners.find((p) => p.sessionId === client.sessionId);
      if (partner) {
        partner.sessionId = null;
        return;
      }
      // Nobody is playing yet: the seat is simply free again (or held, if reserved).
      if (this.status() === 'waiting') return this.releaseSeat(seat);
      if (!this.finished) this.markGone(seat);
    });
  }

  /** The room's and the game's join options, checked; undefined when either does not fit. */
  private joinOptions(options: unknown): JoinOptions | undefined {
    const room = matchJoinOptions.safeParse(options ?? {});
    const game = this.module.joinOptions.safeParse(options ?? {});
    return room.success && game.success ? { ...room.data, ...game.data } : undefined;
  }

  /** Does what a player asked; a refusal when it cannot be done (and then nothing changed). */
  private async act(seat: Seat, type: string, payload: unknown): Promise<Refusal | undefined> {
    if (this.lost) return { code: 'GAME_NOT_FOUND', message: 'this game moved; look it up again' };
    if (type === 'rematch:offer' || type === 'rematch:accept') return this.rematch(seat, type);
    if (type === 'victory:claim') {
      if (!mayClaim(this.seats, seat, this.now(), this.deps.settings.graceMs)) {
        return { code: 'CLAIM_NOT_ALLOWED', message: 'the opponent is not gone for long enough' };
      }
      return this.decide((at) => this.module.lifecycle.claim(seat.index, at));
    }
    return this.play(seat.index, { type, payload });
  }

  /** Who agreed to a rematch so far, by seat. */
  private readonly rematchAgreed = new Set<number>();

  /** Once every person agreed, a new match with the same options: each player one seat on. */
  private async rematch(seat: Seat, type: 'rematch:offer' | 'rematch:accept'): Promise<Refusal | undefined> {
    if (this.status() !== 'ended' || !this.finished) {
      return { code: 'REMATCH_NOT_AVAILABLE', message: 'a rematch can be offered once the game is over' };
    }
    // A tournament pairs its own games: a rematch beside it would keep its players from them.
    if (tournamentOfChannel(this.reportTo))
      return { code: 'REMATCH_NOT_AVAILABLE', message: 'a tournament game has no rematch' };
    const offered = [...this.rematchAgreed].some((index) => index !== seat.index);
    if (type === 'rematch:accept' && !offered)
      return { code: 'REMATCH_NOT_AVAILABLE', message: 'no rematch offer to accept' };
    this.rematchAgreed.add(seat.index);
    if (!this.seats.every((s) => s.bot || this.rematchAgreed.has(s.index))) {
      this.registered.binding.showRematchOffer(this.state, seat.index);
      return undefined;
    }
    this.rematchAgreed.clear();
    this.registered.binding.showRematchOffer(this.state, null);
    const next = (s: Seat) => (s.index + 1) % this.seats.length;
    const held: Array<HeldSeat | null> = this.seats.map(() => null);
    for (const s of this.seats) {
      if (s.bot) held[next(s)] = { bot: s.bot };
      else if (s.userId) held[next(s)] = { members: [{ userId: s.userId, name: s.name, guest: s.guest }] };
    }
    const room = await matchMaker.createRoom(this.roomName, {
      ...this.module.optionsJson(this.options),
      rated: this.ratedWanted,
      private: true,
      serverKey: this.deps.serverKey.current,
      held,
    });
    for (const s of this.seats) {
      const client = s.sessionId ? this.clients.getById(s.sessionId) : undefined;
      client?.send('rematch', this.registered.binding.rematchMessage(room.roomId, next(s)));
    }
    return undefined;
  }
}

/** The room type of one registered game with its services: what `server/rooms.ts` registers. */
export function createMatchRoom(registered: RegisteredGame, deps: MatchRoomDeps) {
  class GameMatchRoom extends MatchRoom {
    protected override registered = registered;
  }
  return actorRoom(GameMatchRoom, deps, 'users-and-spectators');
}

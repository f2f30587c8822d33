import { type Client, Deferred, matchMaker, type RoomOptions } from '@colyseus/core';
import type { z } from 'zod';
import type { TrailFields } from '../../server/services/ports.ts';
import { type Refusal, refused } from '../rules/refusal.ts';
import type { HandsOver } from '../shared/calls.ts';
import { type Admission, authenticate, type RoomAuth } from './auth.ts';
import type { ActorDeps, Listening, ShellCloseCodes } from './deps.ts';
import { joinError } from './join-error.ts';
import { inMessageTrail, signedInAs } from './message-trail.ts';
import type { MessageTable, Outcome } from './messages.ts';
import { QuietPatchRoom } from './quiet-patches.ts';
import { ActorSchedule } from './schedule.ts';
import { Strikes } from './strikes.ts';

/** A reply context of a request (`room.request`); plain `send` messages have no id. */
interface ReplyContext {
  id?: number;
  reject(reason: unknown): void;
}

/**
 * The shell every room actor shares: its schedule (one change at a time, named timers), options
 * only a server may give, a typed message table validated at the edge, refusals answered as typed
 * errors, and strikes against clients that keep sending what is refused. A room subclasses it,
 * and {@link actorRoom} makes the registered class from the room and its deps.
 *
 * @example
 * export class PartyRoom extends ActorRoom<{ state: PartyState }, PartyRoomDeps> {
 *   protected override readonly closeCodes = PARTY_CLOSE_CODES;
 *   override async onCreate(options: unknown) {
 *     const server = this.serverOptions(options, partyServerOptions);
 *     this.listen(this.clientMessages(), {
 *       sender: (client) => this.memberOf(client),
 *       run: (work) => this.schedule.serially(work),
 *       strikes: { max: 20 },
 *     });
 *   }
 * }
 * export const createPartyRoom = (deps: PartyRoomDeps) => actorRoom(PartyRoom, deps, 'users');
 */
export abstract class ActorRoom<T extends RoomOptions, D extends ActorDeps>
  extends QuietPatchRoom<T>
  implements HandsOver
{
  /** Set by {@link actorRoom}. */
  protected deps!: D;
  /** Every room sets them, from its vocabulary (`PARTY_CLOSE_CODES`, …). */
  protected readonly closeCodes!: ShellCloseCodes;
  /** The actor's steps and timers; a timer's failure is logged (nobody else would hear of it). */
  protected readonly schedule = new ActorSchedule(
    (err, timer) =>
      this.deps.log.error({ err, room: this.roomName, roomId: this.roomId, timer }, 'room timer failed'),
    (work) => {
      const trail = this.deps.trail;
      return trail ? trail.run(this.trailFields(), work) : work();
    },
  );
  private strikes = new Strikes(undefined);
  /** Connections that moderation closed: they may not come back by reconnection. */
  private readonly ended = new WeakSet<Client>();
  private handingOver = false;

  /** The actor's timers stop with it; a room that overrides this calls it. */
  override onDispose(): void | Promise<void> {
    this.schedule.clearAll();
  }

  static override async onAuth(_token: string, _options: unknown): Promise<RoomAuth> {
    throw new Error('a room class is made by actorRoom(Room, deps)');
  }

  /**
   * The room options only a server gives, checked against `schema`; undefined when the options
   * carry no server key. A key that is not this deployment's is refused outright: a room that
   * silently dropped the options would be a different room than the one asked for.
   */
  protected serverOptions<S extends z.ZodType>(options: unknown, schema: S): z.output<S> | undefined {
    const given = (options ?? {}) as { serverKey?: unknown };
    if (given.serverKey === undefined) return undefined;
    if (!this.deps.serverKey.accepts(given.serverKey))
      throw joinError('FORBIDDEN', 'room options a server gives carry its key');
    const parsed = schema.safeParse(options);
    if (!parsed.success) throw joinError('VALIDATION_FAILED', 'invalid server options');
    return parsed.data;
  }

  /**
   * Hears every message type of `table`. A payload that does not fit its schema, or a type not
   * in the table, is refused with BAD_MESSAGE; a handler that fails is refused with SERVER_BUSY
   * (and logged). A request is answered `{ ok: true, ...value }` or rejected with the refusal; a
   * plain message is answered only when refused, with `error` `{ code, message, request }`.
   */
  protected listen<Type extends string, Sender>(
    table: MessageTable<Type, Sender>,
    how: Listening<Sender>,
  ): void {
    this.strikes = new Strikes(how.strikes);
    const run = how.run ?? ((work) => work());
    for (const type of Object.keys(table) as Type[]) {
      const entry = table[type];
      const hear = (client: Client, payload: unknown, ctx?: ReplyContext) => {
        const act = entry.accept(payload);
        if (!act) {
          const malformed = { code: 'BAD_MESSAGE', message: `malformed "${type}" message` } as const;
          return Promise.resolve(this.refuse(client, malformed, type, ctx));
        }
        return run(async () => {
          const sender = how.sender(client);
          if (!sender.ok) return this.refuse(client, sender.refusal, type, ctx);
          const outcome = await this.attempt(type, () => act(sender.value, client));
          if (outcome && !outcome.ok) return this.refuse(client, outcome.refusal, type, ctx);
          return { ok: true, ...outcome?.value };
        });
      };
      this.onMessage(type, (client: Client, payload: unknown, ctx?: ReplyContext) => {
        // The hot path: without a trail or tracing, nothing is built for them.
        if (!this.deps.trail && !this.deps.tracing) return hear(client, payload, ctx);
        const at = { room: this.roomName, type, fields: this.trailFields(), client };
        return inMessageTrail(this.deps, at, () => hear(client, payload, ctx));
      });
    }
    this.onMessage('*', (client: Client, type: unknown) => {
      this.refuse(client, { code: 'BAD_MESSAGE', message: `unknown message type "${String(type)}"` });
    });
  }

  /**
   * Answers a refusal: the request is rejected with it, or the client is sent `error`. A client
   * refused more often than the strike policy allows is closed with the room's `abuse` code.
   */
  protected refuse(client: Client, refusal: Refusal, request?: string, ctx?: ReplyContext): Refusal {
    if (!this.strikes.strike(client, this.deps.now())) {
      client.leave(this.closeCodes.abuse, 'too many refused messages');
      return refusal;
    }
    if (ctx?.id !== undefined) ctx.reject(refusal);
    else client.send('error', { ...refusal, request });
    return refusal;
  }

  /**
   * What every log line of this room's work carries (besides the room type, which its logger
   * binds): its id; a match room adds its game's.
   */
  protected trailFields(): TrailFields {
    return { roomId: this.roomId };
  }

  /** The user a connection speaks for (its `userData.userId`, set when it joined), if any. */
  protected userIdOf(client: Client): string | undefined {
    const data = client.userData as { userId?: unknown } | undefined;
    return typeof data?.userId === 'string' ? data.userId : undefined;
  }

  /**
   * Closes every connection that signed in as `userId` (whatever the room keeps of it) with
   * `closeCode`: moderation ending the user's sessions. They are not held for a reconnection; the
   * room goes on as after any departure (a player's seat stays, its clock runs). How many closed.
   */
  endSessionsOf(userId: string, closeCode: number, reason: string): number {
    let closed = 0;
    for (const client of [...this.clients]) {
      if (signedInAs(client) !== userId && this.userIdOf(client) !== userId) continue;
      this.ended.add(client);
      client.leave(closeCode, reason);
      closed += 1;
    }
    return closed;
  }

  /** A connection that moderation closed is not held for a reconnection. */
  override allowReconnection(previousClient: Client, seconds: number | 'manual') {
    if (this.ended.has(previousClient)) {
      const refused = Deferred.reject(new Error('the session was ended'));
      refused.catch(() => undefined);
      return refused;
    }
    return super.allowReconnection(previousClient, seconds);
  }

  /** The connections of `userId`: several tabs, or an old one not closed yet. */
  protected connectionsOf(userId: string): Client[] {
    return this.clients.filter((client) => this.userIdOf(client) === userId);
  }

  /** Closes the connections of `userId` (but `except`), which speak for nobody from now on. */
  protected closeConnectionsOf(userId: string, closeCode: number, reason: string, except?: Client): void {
    for (const client of this.connectionsOf(userId)) {
      if (client === except) continue;
      client.userData = undefined;
      client.leave(closeCode, reason);
    }
  }

  /**
   * Another copy of this room is the listed one (the cluster took this node for dead a moment):
   * its clients are closed with the `moved` code and join that copy, with what this one kept in
   * presence. True: this copy gave way.
   */
  async handOver(): Promise<boolean> {
    this.handingOver = true;
    await this.disconnect(this.closeCodes.moved);
    return true;
  }

  /** Whether this copy gave way to another (see {@link handOver}). */
  protected isHandingOver(): boolean {
    return this.handingOver;
  }

  /** Whether the actor goes on in another room (this node drains, or another copy took over). */
  protected goingElsewhere(): boolean {
    return this.handingOver || matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN;
  }

  private async attempt(type: string, work: () => Outcome | Promise<Outcome>): Promise<Outcome> {
    try {
      return await work();
    } catch (err) {
      this.deps.log.error({ err, room: this.roomName, roomId: this.roomId, type }, 'a message failed');
      return refused('SERVER_BUSY', 'that could not be done now; nothing changed, try again');
    }
  }
}

/**
 * The room class to register (`defineRoom`) for `Room` with its deps: its `static onAuth` checks
 * the access token a client joins with, and lets in who `admission` says.
 *
 * @example
 * defineRoom(actorRoom(LobbyRoom, lobbyDeps, 'users'))
 */
// biome-ignore lint/suspicious/noExplicitAny: a mixin's base must be constructible from `any[]` (TS2545)
export function actorRoom<D extends ActorDeps, C extends new (...args: any[]) => ActorRoom<RoomOptions, D>>(
  Base: C,
  deps: D,
  admission: Admission,
) {
  return class extends Base {
    protected override deps = deps;
    static onAuth(token: string, options: unknown): Promise<RoomAuth> {
      return authenticate(deps.tokens, token, options, admission);
    }
  };
}

import { type Client, matchMaker, Room } from '@colyseus/core';
import { QueueState } from '../../schema/queue.state.ts';
import {
  type DequeueReason,
  QUEUE_CLOSE_CODES,
  type QueueMatch,
  type QueueProfile,
  type QueueStatus,
  queueRoomId,
} from '../../schema/queues.ts';
import { authenticate, joinError, type RoomAuth } from '../chess/auth.ts';
import { categoryOf, parseTimeControl } from '../games/chess/time-control.ts';
import { type FormedMatch, type Ticket, TicketPool } from '../rules/matchmaking.ts';
import { ActorSchedule } from '../shared/actor-schedule.ts';
import type { MatchOutcome, SeatedMember } from '../shared/matches.ts';
import { type PartyNotice, type PartyTicketAnswer, partyChannel } from '../shared/parties.ts';
import { admit, pairingRulesOf, type Refusal } from './admission.ts';
import { TicketClaims } from './claims.ts';
import type { QueueRoomDeps } from './deps.ts';
import { type PartyTicketRequest, partyTicketRequest, queueJoinOptions } from './messages.ts';

/**
 * How long a ticket's entry time is remembered after its queue's room is gone: a player who
 * queues again (the queue came back on another node) keeps the time already waited.
 */
const SINCE_MEMORY_MS = 10 * 60_000;

/**
 * A tick this much later than its period means the node was stalled: long enough, perhaps, for
 * the cluster to take it for dead (a ping unanswered for the presence timeout).
 */
const STALL_MS = 1_500;

/** How long past the seating deadline a match may stay unreported before its tickets return. */
const OUTCOME_GRACE_MS = 10_000;

/** A ticket's players and where to tell them things. */
interface Holder {
  members: SeatedMember[];
  /** A solo player's connection, or the party whose channel hears about the ticket. */
  sessionId?: string;
  partyId?: string;
  /** The solo player's connection is gone for good: the ticket is not requeued. */
  gone: boolean;
}

/** A match offered to its players, waiting for the match room to say how the seating went. */
interface Pending {
  match: FormedMatch;
  formedAt: number;
  /** What each party in the match was told, told again every tick until the match reports. */
  parties: Array<{ partyId: string; notice: PartyNotice }>;
}

interface ClientData {
  ticketId: string;
}

/**
 * The `queue` room: the matchmaker of one queue profile, one in the cluster (`queue-<profile>`).
 * A ticket is a player waiting alone (connected to this room) or a whole party (queued by its
 * party room, told through the party's channel). Every tick the pure pool forms matches; the
 * room creates each match with every seat held, tells the players, and waits for the match room
 * to report: started (the tickets are done) or cancelled (whoever did not come loses the match,
 * the others wait again with their original waiting time).
 */
export abstract class QueueRoom extends Room<{ state: QueueState }> {
  protected abstract readonly deps: QueueRoomDeps;

  private profile!: QueueProfile;
  private pool!: TicketPool;
  private claims!: TicketClaims;
  private schedule!: ActorSchedule;
  private readonly holders = new Map<string, Holder>();
  /** The players of every ticket held here, waiting or being seated. */
  private readonly held = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private handingOver = false;
  /** When the last tick ran. */
  private tickedAt = 0;

  override async onCreate(options: unknown): Promise<void> {
    const given = (options ?? {}) as { serverKey?: string; singletonId?: string; profile?: string };
    const profile = this.deps.profiles.get(given.profile ?? '');
    if (!profile) throw joinError(404, 'UNKNOWN_QUEUE', `no queue profile "${String(given.profile)}"`);
    if (given.serverKey !== undefined && !this.deps.serverKey.accepts(given.serverKey))
      throw joinError(403, 'FORBIDDEN', 'room options a server gives carry its key');
    if (given.serverKey !== undefined) {
      this.roomId = given.singletonId ?? queueRoomId(profile.id);
      this.autoDispose = false;
    }
    this.profile = profile;
    this.pool = new TicketPool(pairingRulesOf(profile));
    this.claims = new TicketClaims(this.presence, (owner, userId) =>
      owner === this.roomId ? Promise.resolve(this.holdsLocally(userId)) : this.deps.holds(owner, userId),
    );
    this.schedule = new ActorSchedule((err, timer) =>
      this.deps.log.error({ err, queue: profile.id, timer }, 'queue timer failed'),
    );
    this.state = new QueueState();
    this.state.queue = profile.id;
    this.state.label = profile.label;
    this.patchRate = profile.tickMs;
    this.onMessage('*', (client: Client, type: unknown) => {
      client.send('error', { code: 'BAD_MESSAGE', message: `unknown message type "${String(type)}"` });
    });
    await this.presence.subscribe(this.outcomeChannel(), (outcome: MatchOutcome) => {
      void this.schedule.serially(() => this.settle(outcome));
    });
    this.tickedAt = this.deps.now();
    this.armTick();
  }

  static override async onAuth(_token: string, _options: unknown): Promise<RoomAuth> {
    throw new Error('a queue room class is made by createQueueRoom');
  }

  override async onJoin(client: Client, options: unknown, auth?: RoomAuth): Promise<void> {
    if (auth?.kind !== 'user') throw joinError(401, 'UNAUTHENTICATED', 'sign in to queue');
    const parsed = queueJoinOptions.safeParse(options ?? {});
    if (!parsed.success) throw joinError(400, 'VALIDATION_FAILED', 'invalid queue options');
    const { claims } = auth;
    const member: SeatedMember = { userId: claims.userId, name: claims.username, guest: claims.guest };
    await this.schedule.serially(async () => {
      const refusal = await this.enqueue(`u:${claims.userId}`, [member], parsed.data.region, {
        sessionId: client.sessionId,
      });
      if (refusal) throw joinError(refusal.status, refusal.code, refusal.message);
      client.userData = { ticketId: `u:${claims.userId}` } satisfies ClientData;
    });
    this.sendStatus(`u:${claims.userId}`, this.deps.now());
  }

  override onDrop(client: Client): void {
    if (!this.ticketOfClient(client)) return;
    this.allowReconnection(client, this.deps.reconnectGraceSeconds).catch(() => undefined);
  }

  override onLeave(client: Client): void {
    const ticketId = this.ticketOfClient(client);
    if (!ticketId) return;
    // The node is shutting down: the queue comes back on another node, where the player takes
    // the ticket again, with its claim and its waiting time (both kept in presence).
    if (matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN || this.handingOver) return;
    void this.schedule.serially(async () => {
      const holder = this.holders.get(ticketId);
      if (!holder || holder.sessionId !== client.sessionId) return;
      // A copy left over from a stall (its node woke and dropped the connections it had not
      // heard from) must not end a ticket the listed copy holds: the player takes it there.
      if (await this.outlived()) return;
      if (this.pool.remove(ticketId)) await this.forget(ticketId, holder);
      // A ticket in a match being seated stays until the match room reports: the player may
      // be taking the seat right now.
      else holder.gone = true;
    });
  }

  override onDispose(): void {
    this.schedule?.clearAll();
  }

  /**
   * Another copy of this queue is the listed one (the cluster took this node for dead a moment):
   * the players take their tickets there, with the claims and entry times kept in presence.
   */
  async handOver(): Promise<boolean> {
    this.handingOver = true;
    await this.disconnect(QUEUE_CLOSE_CODES.moved);
    return true;
  }

  /** Whether another node holds the listed copy of this queue; if so this one hands over. */
  private async outlived(): Promise<boolean> {
    if (this.handingOver) return true;
    if (!(await this.deps.listedElsewhere(this.roomId).catch(() => false))) return false;
    this.deps.log.warn({ queue: this.profile.id }, 'queue held elsewhere too: this copy hands over');
    // Not awaited: the hand-over closes the room, whose work is queued behind this.
    void this.handOver();
    return true;
  }

  // ---- remote calls (from party rooms, the control plane and other queues) ----------------

  /** A party room queues its members as one ticket; a refusal says why not. */
  async enqueueParty(request: unknown): Promise<PartyTicketAnswer> {
    const parsed = partyTicketRequest.safeParse(request);
    if (!parsed.success) return { ok: false, code: 'VALIDATION_FAILED', message: 'invalid party ticket' };
    const { partyId, members, region }: PartyTicketRequest = parsed.data;
    const refusal = await this.schedule.serially(() =>
      this.enqueue(`p:${partyId}`, members, region, { partyId }),
    );
    if (refusal) return { ok: false, code: refusal.code, message: refusal.message };
    this.sendStatus(`p:${partyId}`, this.deps.now());
    return { ok: true };
  }

  /** A party room takes its ticket out (the party changed, or its leader asked). */
  async dequeueParty(partyId: unknown): Promise<boolean> {
    if (typeof partyId !== 'string') return false;
    return this.schedule.serially(async () => {
      const ticketId = `p:${partyId}`;
      const holder = this.holders.get(ticketId);
      if (!holder) return false;
      if (this.pool.remove(ticketId)) {
        await this.forget(ticketId, holder);
        return true;
      }
      holder.gone = true;
      return false;
    });
  }

  /** Whether this queue holds a ticket (waiting or being seated) of `userId`. */
  holds(userId: unknown): boolean {
    return typeof userId === 'string' && this.holdsLocally(userId);
  }

  /** The queue's live figures (`GET /api/queues`). */
  stats(): { players: number; tickets: number; medianWaitMs: number | null } {
    return {
      players: this.pool.playerCount,
      tickets: this.pool.size,
      medianWaitMs: this.pool.medianWaitMs(),
    };
  }

  // ---- tickets ----------------------------------------------------------------------------

  private async enqueue(
    ticketId: string,
    members: SeatedMember[],
    region: string | undefined,
    where: { sessionId?: string; partyId?: string },
  ): Promise<Refusal | undefined> {
    const profile = this.profile;
    const admitted = admit(profile, members, region);
    if (!admitted.ok) return admitted.refusal;
    const already = members.find((m) => this.holdsLocally(m.userId));
    const conflict =
      already?.userId ??
      (await this.claims.claim(
        members.map((m) => m.userId),
        this.roomId,
      ));
    if (conflict) {
      const name = members.find((m) => m.userId === conflict)?.name ?? conflict;
      return { status: 409, code: 'ALREADY_QUEUED', message: `${name} already holds a ticket in a queue` };
    }
    const tc = parseTimeControl(profile.timeControl);
    const category = tc.ok ? categoryOf(tc.value) : 'blitz';
    const ratings = await Promise.all(members.map((m) => this.deps.games.ratingOf(m.userId, category)));
    const now = this.deps.now();
    const remembered = Number(await this.presence.hget(this.sinceKey(), ticketId));
    const ticket: Ticket = {
      id: ticketId,
      members: members.map((m, i) => ({ userId: m.userId, rating: ratings[i]!.rating })),
      region: admitted.region,
      since: remembered > 0 && now - remembered < SINCE_MEMORY_MS ? remembered : now,
    };
    const added = this.pool.add(ticket);
    if (!added.ok) {
      await this.claims.release(
        members.map((m) => m.userId),
        this.roomId,
      );
      const status = added.code === 'UNKNOWN_REGION' ? 400 : 409;
      return { status, code: added.code, message: added.message };
    }
    this.holders.set(ticketId, { members, ...where, gone: false });
    for (const m of members) this.held.add(m.userId);
    await this.presence.hset(this.sinceKey(), ticketId, String(ticket.since));
    return undefined;
  }

  /** The ticket is done with (matched, expired or taken out): its players may queue again. */
  private async forget(ticketId: string, holder: Holder): Promise<void> {
    this.holders.delete(ticketId);
    for (const m of holder.members) this.held.delete(m.userId);
    await this.presence.hdel(this.sinceKey(), ticketId);
    await this.claims.release(
      holder.members.map((m) => m.userId),
      this.roomId,
    );
  }

  private holdsLocally(userId: string): boolean {
    return this.held.has(userId);
  }

  private ticketOfClient(client: Client): string | undefined {
    return (client.userData as ClientData | undefined)?.ticketId;
  }

  // ---- the tick -----------------------------------------------------------------------------

  private armTick(): void {
    this.schedule.setTimer('tick', this.profile.tickMs, () =>
      this.schedule.serially(async () => {
        try {
          await this.tick();
        } finally {
          this.armTick();
        }
      }),
    );
  }

  private async tick(): Promise<void> {
    const now = this.deps.now();
    // A late tick: this node was stalled, perhaps long enough for the cluster to take it for
    // dead and create the queue again elsewhere. This copy forms no match before it knows.
    const late = now - this.tickedAt > this.profile.tickMs + STALL_MS;
    this.tickedAt = now;
    if (late && (await this.outlived())) return;
    const started = performance.now();
    const formed = this.pool.tick(now);
    this.deps.metrics.tick(this.profile.id, (performance.now() - started) / 1000);
    for (const match of formed) await this.offer(match, now);
    this.deps.metrics.players(this.profile.id, this.pool.playerCount);
    this.state.players = this.pool.playerCount;
    this.state.tickets = this.pool.size;
    this.state.medianWaitMs = this.pool.medianWaitMs() ?? 0;
    for (const ticket of this.pool.tickets()) this.sendStatus(ticket.id, now);
    // A party room being rebuilt on another node misses what is published meanwhile: the seats
    // are told again until the match reports (the party ignores a repeat).
    for (const { parties } of this.pending.values())
      for (const { partyId, notice } of parties) this.notifyParty(partyId, notice);
  }

  /** Creates the match room with every seat held, and tells each player where to sit. */
  private async offer(match: FormedMatch, now: number): Promise<void> {
    const seatTimeoutMs = this.profile.seatTimeoutSeconds * 1000;
    const teams = match.teams.map((team) => team.flatMap((t) => this.holders.get(t.id)?.members ?? []));
    let roomId: string;
    try {
      ({ roomId } = await this.deps.matches.create({
        game: this.profile.game,
        timeControl: this.profile.timeControl,
        rated: this.profile.rated,
        teams,
        seatDeadlineMs: seatTimeoutMs,
        reportTo: this.outcomeChannel(),
        origin: 'queue',
      }));
    } catch (err) {
      this.deps.log.error(
        { err, queue: this.profile.id },
        'could not create a match; its tickets wait again',
      );
      for (const team of match.teams) for (const ticket of team) this.pool.add(ticket);
      return;
    }
    const pending: Pending = { match, formedAt: now, parties: [] };
    this.pending.set(roomId, pending);
    this.schedule.setTimer(`outcome:${roomId}`, seatTimeoutMs + OUTCOME_GRACE_MS, () =>
      this.schedule.serially(() => this.settle({ type: 'cancelled', roomId, seated: [], absent: [] })),
    );
    const base = {
      queue: this.profile.id,
      roomId,
      quality: match.quality,
      seatDeadline: now + seatTimeoutMs,
    };
    match.teams.forEach((team, index) => {
      const seat = { team: index, color: index === 0 ? ('white' as const) : ('black' as const) };
      for (const ticket of team) {
        const holder = this.holders.get(ticket.id);
        if (holder?.sessionId)
          this.clients.getById(holder.sessionId)?.send('match', { ...base, ...seat } satisfies QueueMatch);
        if (holder?.partyId) {
          const seats = Object.fromEntries(holder.members.map((m) => [m.userId, seat]));
          const notice: PartyNotice = { type: 'match', match: base, seats };
          pending.parties.push({ partyId: holder.partyId, notice });
          this.notifyParty(holder.partyId, notice);
        }
      }
    });
  }

  /** The match room reported (or never did, by the deadline): close or return its tickets. */
  private async settle(outcome: MatchOutcome): Promise<void> {
    // The queue has no use for a result yet: it takes the report so that it is not sent again.
    if (outcome.type === 'finished') return void (await this.deps.matches.takeReport(outcome.roomId));
    const pending = this.pending.get(outcome.roomId);
    if (!pending) return;
    this.pending.delete(outcome.roomId);
    this.schedule.clearTimer(`outcome:${outcome.roomId}`);
    const now = this.deps.now();
    const tickets = pending.match.teams.flat();
    if (outcome.type === 'started') {
      this.deps.metrics.matched(
        this.profile.id,
        tickets.map((t) => (now - t.since) / 1000),
        pending.match.quality,
      );
      for (const ticket of tickets) await this.close(ticket.id, { type: 'matched', roomId: outcome.roomId });
      return;
    }
    const absent = new Set(outcome.absent);
    if (absent.size > 0) this.deps.metrics.seatsExpired(this.profile.id, absent.size);
    if (outcome.absent.length === 0 && outcome.seated.length === 0) {
      this.deps.log.warn(
        { queue: this.profile.id, roomId: outcome.roomId },
        'a match never reported; its tickets wait again',
      );
    }
    for (const ticket of tickets) {
      const holder = this.holders.get(ticket.id);
      if (!holder) continue;
      if (ticket.members.some((m) => absent.has(m.userId))) {
        await this.close(ticket.id, { type: 'dequeued', reason: 'seat_expired' });
      } else if (holder.gone) {
        await this.close(ticket.id, { type: 'dequeued', reason: 'left' });
      } else {
        this.pool.add(ticket);
        this.tell(ticket.id, { type: 'requeued', queue: this.profile.id });
        this.sendStatus(ticket.id, now);
      }
    }
  }

  /** A ticket leaves the queue for good; its solo player's connection is closed. */
  private async close(
    ticketId: string,
    end: { type: 'matched'; roomId: string } | { type: 'dequeued'; reason: DequeueReason },
  ): Promise<void> {
    const holder = this.holders.get(ticketId);
    if (!holder) return;
    await this.forget(ticketId, holder);
    const notice: PartyNotice =
      end.type === 'matched'
        ? { type: 'matched', queue: this.profile.id, roomId: end.roomId }
        : { type: 'dequeued', queue: this.profile.id, reason: end.reason };
    if (holder.partyId) this.notifyParty(holder.partyId, notice);
    const client = holder.sessionId ? this.clients.getById(holder.sessionId) : undefined;
    if (client) {
      client.send(notice.type, notice);
      client.leave(end.type === 'matched' ? QUEUE_CLOSE_CODES.matched : QUEUE_CLOSE_CODES.dequeued);
    }
  }

  // ---- telling players ----------------------------------------------------------------------

  private sendStatus(ticketId: string, now: number): void {
    const status = this.pool.status(ticketId, now);
    if (!status) return;
    const message: QueueStatus = {
      queue: this.profile.id,
      band: { min: Math.round(status.band.min), max: Math.round(status.band.max) },
      poolSize: status.poolSize,
      estimatedWaitMs: status.estimatedWaitMs,
      waitedMs: status.waitedMs,
      regionOnly: status.waitedMs < this.profile.widening.relaxRegionAfterSeconds * 1000,
    };
    this.tell(ticketId, { type: 'status', status: message });
  }

  private tell(ticketId: string, notice: PartyNotice): void {
    const holder = this.holders.get(ticketId);
    if (!holder) return;
    if (holder.partyId) this.notifyParty(holder.partyId, notice);
    if (holder.sessionId) {
      const client = this.clients.getById(holder.sessionId);
      if (notice.type === 'status') client?.send('status', notice.status);
      else client?.send(notice.type, notice);
    }
  }

  private notifyParty(partyId: string, notice: PartyNotice): void {
    void this.presence.publish(partyChannel(partyId), notice);
  }

  /** Where the entry times of this queue's tickets are kept, for the queue's next life. */
  private sinceKey(): string {
    return `queue-since:${this.roomId}`;
  }

  private outcomeChannel(): string {
    return `queue-outcomes:${this.roomId}`;
  }
}

/** The `queue` room type with its services: what `server/rooms.ts` registers. */
export function createQueueRoom(deps: QueueRoomDeps) {
  return class extends QueueRoom {
    protected override readonly deps = deps;
    static override onAuth(token: string, options: unknown): Promise<RoomAuth> {
      return authenticate(deps.tokens, token, options);
    }
  };
}

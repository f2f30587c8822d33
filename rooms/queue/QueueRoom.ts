import type { Client } from '@colyseus/core';
import { QueueState } from '../../schema/queue.state.ts';
import { QUEUE_CLOSE_CODES, type QueueProfile, queueRoomId } from '../../schema/queues.ts';
import { ActorRoom, actorRoom } from '../actor/ActorRoom.ts';
import { type RoomAuth, signedIn } from '../actor/auth.ts';
import { joinError } from '../actor/join-error.ts';
import type { FormedMatch } from '../rules/matchmaking.ts';
import { lateTick, OUTCOME_GRACE_MS, QueueTickets, type TicketEnd } from '../rules/matchmaking-tickets.ts';
import { accepted } from '../rules/refusal.ts';
import type { QueueCalls } from '../shared/calls.ts';
import type { MatchOutcome, SeatedMember } from '../shared/matches.ts';
import type { PartyTicketAnswer } from '../shared/parties.ts';
import { pairingRulesOf } from './admission.ts';
import type { QueueRoomDeps } from './deps.ts';
import { TicketDesk } from './desk.ts';
import { countSettled } from './figures.ts';
import { partyTicketRequest, queueJoinOptions, queueServerOptions } from './messages.ts';
import { QueueNews } from './news.ts';
import { PartyResults } from './results.ts';

/**
 * The `queue` room: the matchmaker of one queue profile, one in the cluster (`queue-<profile>`).
 * A ticket is a player waiting alone (connected to this room) or a whole party (queued by its
 * party room, told through the party's channel). Every tick the pure pool forms matches; the
 * room creates each match with every seat held, tells the players, and waits for the match room
 * to report: started (the tickets are done) or cancelled (whoever did not come loses the match,
 * the others wait again with their original waiting time). The tickets' life is decided by
 * `QueueTickets` (`rooms/rules/matchmaking-tickets.ts`); the room claims, awaits and tells.
 */
export class QueueRoom extends ActorRoom<{ state: QueueState }, QueueRoomDeps> implements QueueCalls {
  protected override readonly closeCodes = QUEUE_CLOSE_CODES;
  private profile!: QueueProfile;
  private tickets!: QueueTickets;
  private desk!: TicketDesk;
  private news!: QueueNews;
  private results!: PartyResults;
  /** When the last tick ran. */
  private tickedAt = 0;

  override async onCreate(options: unknown): Promise<void> {
    const asked = (options ?? {}) as { profile?: unknown };
    const profile = this.deps.profiles.get(typeof asked.profile === 'string' ? asked.profile : '');
    if (!profile) throw joinError('UNKNOWN_QUEUE', `no queue profile "${String(asked.profile)}"`);
    const server = this.serverOptions(options, queueServerOptions);
    if (server) {
      this.roomId = server.singletonId ?? queueRoomId(profile.id);
      this.autoDispose = false;
    }
    this.profile = profile;
    this.tickets = new QueueTickets(pairingRulesOf(profile));
    const relaxRegionAfterMs = profile.widening.relaxRegionAfterSeconds * 1000;
    this.news = new QueueNews(this, this.tickets, { id: profile.id, relaxRegionAfterMs });
    this.desk = new TicketDesk(
      { roomId: this.roomId, profile, presence: this.presence },
      this.tickets,
      this.deps,
    );
    this.results = new PartyResults(
      { id: profile.id, roomId: this.roomId, presence: this.presence },
      this.deps.matches,
      (partyId, notice) => this.news.party(partyId, notice),
    );
    this.state = new QueueState();
    Object.assign(this.state, { queue: profile.id, label: profile.label });
    this.patchRate = profile.tickMs;
    // Players send nothing here: any message is answered BAD_MESSAGE.
    this.listen({}, { sender: (client) => accepted(client) });
    // The room's presence is its own: the subscription ends with the room (a copy that gave way
    // takes no more reports; the next copy does).
    await this.presence.subscribe(this.outcomeChannel(), (outcome: MatchOutcome) => {
      void this.schedule.serially(() => this.settle(outcome));
    });
    this.tickedAt = this.deps.now();
    this.schedule.every('tick', profile.tickMs, () => this.schedule.serially(() => this.tick()));
  }

  override async onJoin(client: Client, options: unknown, auth?: RoomAuth): Promise<void> {
    const claims = signedIn(auth);
    const parsed = queueJoinOptions.safeParse(options ?? {});
    if (!parsed.success) throw joinError('VALIDATION_FAILED', 'invalid queue options');
    const member: SeatedMember = { userId: claims.userId, name: claims.username, guest: claims.guest };
    const ticketId = `u:${claims.userId}`;
    await this.schedule.serially(async () => {
      const where = { sessionId: client.sessionId };
      const refusal = await this.desk.enqueue(ticketId, [member], parsed.data.region, where);
      if (refusal) throw joinError(refusal.code, refusal.message);
      client.userData = { ticketId };
    });
    this.news.status(ticketId, this.deps.now());
  }

  override onDrop(client: Client): void {
    if (!this.ticketOfClient(client)) return;
    this.allowReconnection(client, this.deps.reconnectGraceSeconds).catch(() => undefined);
  }

  override onLeave(client: Client): void {
    const ticketId = this.ticketOfClient(client);
    // The node is shutting down: the queue comes back on another node, where the player takes
    // the ticket again, with its claim and its waiting time (both kept in presence).
    if (!ticketId || this.goingElsewhere()) return;
    void this.schedule.serially(async () => {
      if (this.tickets.holder(ticketId)?.sessionId !== client.sessionId) return;
      // A copy left over from a stall (its node woke and dropped the connections it had not
      // heard from) must not end a ticket the listed copy holds: the player takes it there.
      if (await this.outlived()) return;
      if (this.tickets.withdraw(ticketId) === 'removed') await this.desk.forget(ticketId);
    });
  }

  /** Whether another node holds the listed copy of this queue; if so this one hands over. */
  private async outlived(): Promise<boolean> {
    if (this.isHandingOver()) return true;
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
    const { partyId, members, region } = parsed.data;
    const ticketId = `p:${partyId}`;
    const refusal = await this.schedule.serially(() =>
      this.desk.enqueue(ticketId, members, region, { partyId }),
    );
    if (refusal) return { ok: false, ...refusal };
    this.news.status(ticketId, this.deps.now());
    return { ok: true };
  }

  /** A party room takes its ticket out (the party changed, or its leader asked). */
  async dequeueParty(partyId: unknown): Promise<boolean> {
    if (typeof partyId !== 'string') return false;
    return this.schedule.serially(async () => {
      const withdrawn = this.tickets.withdraw(`p:${partyId}`);
      if (withdrawn === 'removed') await this.desk.forget(`p:${partyId}`);
      return withdrawn === 'removed';
    });
  }

  /** Whether this queue holds a ticket (waiting or being seated) of `userId`. */
  holds(userId: unknown): boolean {
    return typeof userId === 'string' && this.tickets.holds(userId);
  }

  /** The queue's live figures (`GET /api/queues`). */
  stats(): { players: number; tickets: number; medianWaitMs: number | null } {
    return this.tickets.figures();
  }

  private ticketOfClient(client: Client): string | undefined {
    return (client.userData as { ticketId?: string } | undefined)?.ticketId;
  }

  // ---- the tick -----------------------------------------------------------------------------

  private async tick(): Promise<void> {
    const now = this.deps.now();
    const { pool } = this.tickets;
    // A late tick: this node was stalled, perhaps long enough for the cluster to take it for
    // dead and create the queue again elsewhere. This copy forms no match before it knows.
    const late = lateTick(this.tickedAt, now, this.profile.tickMs);
    this.tickedAt = now;
    if (late && (await this.outlived())) return;
    const started = performance.now();
    const formed = pool.tick(now);
    this.deps.metrics.tick(this.profile.id, (performance.now() - started) / 1000);
    for (const match of formed) await this.offer(match, now);
    const figures = this.tickets.figures();
    this.deps.metrics.players(this.profile.id, figures.players);
    this.deps.metrics.medianWait(this.profile.id, (figures.medianWaitMs ?? 0) / 1000);
    Object.assign(this.state, { ...figures, medianWaitMs: figures.medianWaitMs ?? 0 });
    for (const ticket of pool.tickets()) this.news.status(ticket.id, now);
    // A party room being rebuilt on another node misses what is published meanwhile: the seats
    // are told again until the match reports (the party ignores a repeat).
    for (const { partyId, notice } of this.tickets.retold()) this.news.party(partyId, notice);
  }

  /** Creates the match room with every seat held, and tells each player where to sit. */
  private async offer(match: FormedMatch, now: number): Promise<void> {
    const seatDeadlineMs = this.profile.seatTimeoutSeconds * 1000;
    const teams = this.tickets.seating(match);
    const { game, rated } = this.profile;
    const options = this.deps.matchOptions(this.profile, teams.length);
    const spec = { game, options, rated, teams, seatDeadlineMs, reportTo: this.outcomeChannel() };
    let roomId: string;
    try {
      ({ roomId } = await this.deps.matches.create({ ...spec, origin: 'queue' }));
    } catch (err) {
      this.deps.log.error(
        { err, queue: this.profile.id },
        'could not create a match; its tickets wait again',
      );
      return this.tickets.unform(match);
    }
    this.schedule.setTimer(`outcome:${roomId}`, seatDeadlineMs + OUTCOME_GRACE_MS, () =>
      this.schedule.serially(() => this.settle({ type: 'cancelled', roomId, seated: [], absent: [] })),
    );
    const terms = { queue: this.profile.id, game, seatDeadline: now + seatDeadlineMs };
    this.news.offered(this.tickets.offer(roomId, match, terms));
  }

  /** The match room reported (or never did, by the deadline): close or return its tickets. */
  private async settle(outcome: MatchOutcome): Promise<void> {
    // A solo player sees the ending in the match; a party is told it through its room.
    if (outcome.type === 'finished') return this.results.finished(outcome);
    const settled = this.tickets.settle(outcome);
    if (!settled) return;
    this.schedule.clearTimer(`outcome:${outcome.roomId}`);
    const now = this.deps.now();
    const queue = this.profile.id;
    // Taken before the tickets close: the parties of a started match are told its result.
    const parties = outcome.type === 'started' ? this.tickets.seatedParties(settled.match) : [];
    countSettled(this.deps, queue, outcome, settled, now);
    for (const { ticket, end } of settled.fates) {
      if (end) await this.close(ticket.id, end);
      else {
        this.news.tell(ticket.id, { type: 'requeued', queue });
        this.news.status(ticket.id, now);
      }
    }
    await this.results.started(outcome.roomId, parties);
  }

  /** A ticket leaves the queue for good; its solo player's connection is closed. */
  private async close(ticketId: string, end: TicketEnd): Promise<void> {
    const holder = this.tickets.holder(ticketId);
    if (!holder) return;
    await this.desk.forget(ticketId);
    this.news.ended(holder, end);
  }

  private outcomeChannel(): string {
    return `queue-outcomes:${this.roomId}`;
  }
}

/** The `queue` room type with its services: what `server/rooms.ts` registers. */
export function createQueueRoom(deps: QueueRoomDeps) {
  return actorRoom(QueueRoom, deps, 'users');
}

import { type Client, matchMaker, Room } from '@colyseus/core';
import type { ErrorCode } from '../../schema/errors.ts';
import { PartyMemberState, PartyState } from '../../schema/party.state.ts';
import {
  PARTY_CLIENT_MESSAGES,
  PARTY_CLOSE_CODES,
  type PartyChatLine,
  type PartyClientMessage,
} from '../../schema/party.ts';
import type { QueueMatch } from '../../schema/queues.ts';
import { authenticate, joinError, type RoomAuth } from '../chess/auth.ts';
import { ActorSchedule } from '../shared/actor-schedule.ts';
import type { HandsOver } from '../shared/calls.ts';
import { LIVE_GAMES_CHANNEL, type LiveGameEvent } from '../shared/matches.ts';
import { type PartyNotice, type PartySnapshot, partyChannel } from '../shared/parties.ts';
import type { PartyRoomDeps } from './deps.ts';
import { PARTY_MESSAGE_SCHEMAS } from './messages.ts';

/** Letters and digits that cannot be mistaken for one another: invite codes are read aloud. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;

interface Refusal {
  code: ErrorCode;
  message: string;
}

interface ReplyContext {
  id?: number;
  reject(reason: unknown): void;
}

/** Options only a server gives (they carry its key): rebuild the party `restore`. */
interface ServerOptions {
  serverKey?: string;
  restore?: string;
}

/** How often a searching party checks that its queue still speaks to it. */
const QUEUE_WATCH_MS = 1_000;

interface ClientData {
  userId: string;
  strikes: number;
  chat: number[];
}

/**
 * The `party` room: friends who play together. Its id is the invite code. The leader queues the
 * whole party as one ticket (everyone ready); the queue's news arrives on the party's channel and
 * each member is told their seat. The party outlives its matches: members stay connected here
 * while they play, and a member who loses the connection keeps the place for a grace period.
 *
 * The room keeps a snapshot of the party (members, leader, readiness, queue status) in presence
 * after every change. When its node dies or drains, another node rebuilds the party from it
 * under the same code; members come back within the grace period, and a searching party whose
 * queue no longer speaks to it takes its ticket again.
 */
export abstract class PartyRoom extends Room<{ state: PartyState }> implements HandsOver {
  protected abstract readonly deps: PartyRoomDeps;
  private schedule!: ActorSchedule;
  /** The snapshot last saved, as JSON: an unchanged party is not written again. */
  private saved = '';
  /** When the queue last spoke of the party's ticket. */
  private heardAt = 0;
  /** The region the party queued in. */
  private region: string | undefined;
  /** The match being seated (status `matched`) and each member's seat in it. */
  private offer: PartySnapshot['offer'];
  private handingOver = false;

  override async onCreate(options: unknown): Promise<void> {
    const server = (options ?? {}) as ServerOptions;
    if (server.serverKey !== undefined && !this.deps.serverKey.accepts(server.serverKey))
      throw joinError(403, 'FORBIDDEN', 'room options a server gives carry its key');
    const snapshot =
      server.serverKey !== undefined && server.restore
        ? await this.deps.parties.load(server.restore)
        : undefined;
    if (server.restore && server.serverKey !== undefined && !snapshot)
      throw joinError(404, 'PARTY_NOT_FOUND', `no snapshot of party "${server.restore}"`);
    this.roomId = snapshot?.partyId ?? this.inviteCode();
    this.schedule = new ActorSchedule((err, timer) =>
      this.deps.log.error({ err, partyId: this.roomId, timer }, 'party timer failed'),
    );
    this.state = new PartyState();
    this.state.partyId = this.roomId;
    this.state.maxSize = this.deps.settings.maxSize;
    if (snapshot) await this.rebuild(snapshot);
    this.maxMessagesPerSecond = 20;
    for (const type of PARTY_CLIENT_MESSAGES) {
      this.onMessage(type, (client: Client, payload: unknown, ctx?: ReplyContext) =>
        this.receive(client, type, payload, ctx),
      );
    }
    this.onMessage('*', (client: Client, type: unknown) => {
      this.refuse(client, { code: 'BAD_MESSAGE', message: `unknown message type "${String(type)}"` });
    });
    await this.presence.subscribe(partyChannel(this.roomId), (notice: PartyNotice) => {
      void this.serially(async () => this.hear(notice));
    });
    await this.presence.subscribe(LIVE_GAMES_CHANNEL, (event: LiveGameEvent) => {
      if (event.type === 'ended' && event.gameId === this.state.queue.roomId) {
        void this.serially(async () => this.setQueue('idle', '', ''));
      }
    });
    this.keepSnapshot();
    this.watchQueue();
  }

  static override async onAuth(_token: string, _options: unknown): Promise<RoomAuth> {
    throw new Error('a party room class is made by createPartyRoom');
  }

  override async onJoin(client: Client, _options: unknown, auth?: RoomAuth): Promise<void> {
    if (auth?.kind !== 'user') throw joinError(401, 'UNAUTHENTICATED', 'sign in to join a party');
    const { claims } = auth;
    await this.serially(async () => {
      const existing = this.state.members.get(claims.userId);
      if (!existing && this.state.members.size >= this.deps.settings.maxSize) {
        throw joinError(409, 'PARTY_FULL', `a party has at most ${this.deps.settings.maxSize} members`);
      }
      // One connection per member: a newer one replaces the older.
      for (const other of this.clients) {
        if (other !== client && (other.userData as ClientData | undefined)?.userId === claims.userId) {
          other.userData = undefined;
          other.leave(PARTY_CLOSE_CODES.replaced, 'the party was opened from another connection');
        }
      }
      client.userData = { userId: claims.userId, strikes: 0, chat: [] } satisfies ClientData;
      // A rebuilt party stays until its members are back or their grace is over.
      this.autoDispose = true;
      if (existing) {
        existing.connected = true;
        // Back while the party's match is being seated (a new connection, or a rebuilt party).
        this.tellSeat(client);
        return;
      }
      await this.partyChanged();
      const member = memberState(
        { userId: claims.userId, name: claims.username, guest: claims.guest, joinedAt: this.deps.now() },
        true,
      );
      this.state.members.set(claims.userId, member);
      if (!this.state.leaderId) this.state.leaderId = claims.userId;
    });
  }

  override onDrop(client: Client): void {
    const userId = (client.userData as ClientData | undefined)?.userId;
    const member = userId ? this.state.members.get(userId) : undefined;
    if (!member) return;
    member.connected = false;
    this.allowReconnection(client, Math.ceil(this.deps.settings.graceMs / 1000)).catch(() => undefined);
  }

  override onReconnect(client: Client): void {
    const userId = (client.userData as ClientData | undefined)?.userId;
    const member = userId ? this.state.members.get(userId) : undefined;
    if (member) member.connected = true;
  }

  override onLeave(client: Client): void {
    const userId = (client.userData as ClientData | undefined)?.userId;
    if (!userId) return;
    // The node is shutting down: the party is rebuilt on another node with this member in it.
    if (this.goingElsewhere()) return;
    void this.serially(async () => {
      // The member came back on a new connection before this one's grace ran out.
      const again = this.clients.some(
        (c) => c !== client && (c.userData as ClientData | undefined)?.userId === userId,
      );
      if (!again) await this.removeMember(userId);
    });
  }

  override onDispose(): void {
    this.schedule?.clearAll();
    // A drain keeps the snapshot and the ticket: the party goes on elsewhere.
    if (this.goingElsewhere() || !this.state) return;
    void this.deps.parties.remove(this.roomId).catch(() => undefined);
    const queue = this.state.queue;
    if (queue.status === 'searching' || queue.status === 'matched') {
      void this.deps.dequeue(queue.queue, this.roomId).catch(() => undefined);
    }
  }

  // ---- what members ask ---------------------------------------------------------------------

  private receive(
    client: Client,
    type: PartyClientMessage,
    payload: unknown,
    ctx?: ReplyContext,
  ): Promise<unknown> {
    const parsed = PARTY_MESSAGE_SCHEMAS[type].safeParse(payload);
    if (!parsed.success) {
      return Promise.resolve(
        this.refuse(client, { code: 'BAD_MESSAGE', message: `malformed "${type}" message` }, type, ctx),
      );
    }
    return this.serially(async () => {
      const data = client.userData as ClientData | undefined;
      const member = data ? this.state.members.get(data.userId) : undefined;
      if (!data || !member)
        return this.refuse(client, { code: 'NOT_IN_PARTY', message: 'not a member' }, type, ctx);
      const refusal = await this.act(member, data, type, parsed.data as never);
      if (refusal) return this.refuse(client, refusal, type, ctx);
      return { ok: true };
    });
  }

  private async act(
    member: PartyMemberState,
    data: ClientData,
    type: PartyClientMessage,
    payload: unknown,
  ): Promise<Refusal | undefined> {
    const leads = this.state.leaderId === member.userId;
    const leaderOnly: Refusal = { code: 'NOT_PARTY_LEADER', message: `only the leader may ${type}` };
    switch (type) {
      case 'ready':
        member.ready = (payload as { ready: boolean }).ready;
        if (!member.ready) await this.partyChanged();
        return undefined;
      case 'chat':
        return this.chat(member, data, (payload as { text: string }).text);
      case 'invite':
        return this.invite(member, (payload as { username: string }).username);
      case 'kick':
      case 'promote': {
        if (!leads) return leaderOnly;
        const target = this.state.members.get((payload as { userId: string }).userId);
        if (!target || target === member) return { code: 'NOT_IN_PARTY', message: 'no such other member' };
        if (type === 'promote') {
          this.state.leaderId = target.userId;
          return undefined;
        }
        for (const c of this.clients) {
          if ((c.userData as ClientData | undefined)?.userId === target.userId) {
            c.userData = undefined;
            c.leave(PARTY_CLOSE_CODES.kicked, 'removed from the party by its leader');
          }
        }
        await this.removeMember(target.userId);
        return undefined;
      }
      case 'queue':
        if (!leads) return leaderOnly;
        return this.queue(payload as { queue: string; region?: string });
      case 'unqueue':
        if (!leads) return leaderOnly;
        if (this.state.queue.status !== 'searching')
          return { code: 'NOT_QUEUED', message: 'the party is not searching' };
        await this.partyChanged('cancelled');
        return undefined;
    }
  }

  private async queue(ask: { queue: string; region?: string }): Promise<Refusal | undefined> {
    if (!this.deps.profiles.has(ask.queue))
      return { code: 'UNKNOWN_QUEUE', message: `no queue "${ask.queue}"` };
    if (this.state.queue.status !== 'idle') {
      return { code: 'ALREADY_QUEUED', message: `the party is ${this.state.queue.status}` };
    }
    const members = [...this.state.members.values()];
    const unready = members.filter((m) => !m.ready || !m.connected).map((m) => m.name);
    if (unready.length > 0) return { code: 'PARTY_NOT_READY', message: `not ready: ${unready.join(', ')}` };
    const answer = await this.deps.enqueue(ask.queue, this.ticket(ask.region));
    if (!answer.ok) return { code: answer.code as ErrorCode, message: answer.message };
    // The queue's first status may have arrived already; only a still idle party starts searching.
    if (this.state.queue.status === 'idle') {
      this.setQueue('searching', ask.queue, '');
      this.heardAt = this.deps.now();
      this.region = ask.region;
    }
    return undefined;
  }

  private async invite(from: PartyMemberState, username: string): Promise<Refusal | undefined> {
    const sent = await this.deps.invite(username, {
      partyId: this.roomId,
      from: { userId: from.userId, name: from.name },
    });
    if (sent === 'unknown') return { code: 'USER_NOT_FOUND', message: `no player "${username}"` };
    if (sent === 'offline') return { code: 'USER_NOT_ONLINE', message: `${username} is not in the lobby` };
    return undefined;
  }

  private chat(member: PartyMemberState, data: ClientData, raw: string): Refusal | undefined {
    const text = raw.trim();
    const { chatMaxLength, chatLines, chatWindowMs } = this.deps.settings;
    if (text.length === 0 || text.length > chatMaxLength) {
      return { code: 'VALIDATION_FAILED', message: `a chat line has 1 to ${chatMaxLength} characters` };
    }
    const now = this.deps.now();
    data.chat = data.chat.filter((at) => now - at < chatWindowMs);
    if (data.chat.length >= chatLines)
      return { code: 'RATE_LIMITED', message: 'too many chat lines; wait a moment' };
    data.chat.push(now);
    this.broadcast('chat', {
      userId: member.userId,
      name: member.name,
      text,
      at: now,
    } satisfies PartyChatLine);
    return undefined;
  }

  // ---- what the queue says ------------------------------------------------------------------

  private hear(notice: PartyNotice): void {
    const queue = this.state.queue;
    this.heardAt = this.deps.now();
    switch (notice.type) {
      case 'status':
        if (queue.status !== 'searching') return;
        queue.bandMin = notice.status.band.min;
        queue.bandMax = notice.status.band.max;
        queue.poolSize = notice.status.poolSize;
        queue.estimatedWaitMs = notice.status.estimatedWaitMs ?? 0;
        queue.waitedMs = notice.status.waitedMs;
        return;
      case 'match':
        // The queue tells the seats again until the match reports: once is enough here.
        if (queue.roomId === notice.match.roomId) return;
        this.setQueue('matched', notice.match.queue, notice.match.roomId);
        this.offer = { match: notice.match, seats: notice.seats };
        for (const client of this.clients) this.tellSeat(client);
        return;
      case 'matched':
        this.matchStarted(notice.queue, notice.roomId);
        return;
      case 'requeued':
        this.setQueue('searching', notice.queue, '');
        return;
      case 'dequeued':
        this.setQueue('idle', '', '');
        this.broadcast('dequeued', { queue: notice.queue, reason: notice.reason });
        return;
    }
  }

  // ---- surviving the node ---------------------------------------------------------------------

  /**
   * Another copy of this party is the listed one (the cluster took this node for dead a moment):
   * the members join it, and the snapshot and the ticket stay.
   */
  async handOver(): Promise<boolean> {
    this.handingOver = true;
    await this.disconnect(PARTY_CLOSE_CODES.moved);
    return true;
  }

  /** The party goes on in another room (this node drains, or another copy took over). */
  private goingElsewhere(): boolean {
    return this.handingOver || matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN;
  }

  /** The party as its snapshot says; every member is away until they join again. */
  private async rebuild(snapshot: PartySnapshot): Promise<void> {
    for (const m of snapshot.members) this.state.members.set(m.userId, memberState(m, false));
    this.state.leaderId = snapshot.leaderId;
    const { status, queue, roomId } = snapshot.queue;
    this.setQueue(status, queue, roomId);
    if (status === 'matched') this.offer = snapshot.offer;
    // The snapshot may be a step behind: the match may have started (the party's last save did
    // not land before its node died) or ended while the party was down, and the queue and the
    // game say so only once.
    if (status === 'matched' || status === 'playing') {
      const game = await this.deps.gameStatus(roomId).catch(() => 'unknown' as const);
      if (game === 'ended') this.setQueue('idle', '', '');
      else if (game === 'playing' && status === 'matched') this.matchStarted(queue, roomId);
    }
    this.region = snapshot.queue.region;
    this.heardAt = this.deps.now();
    this.saved = JSON.stringify(this.snapshot());
    this.autoDispose = false;
    this.schedule.setTimer('members-back', this.deps.settings.graceMs, () =>
      this.serially(async () => {
        for (const member of [...this.state.members.values()]) {
          if (!member.connected) await this.removeMember(member.userId);
        }
        if (this.state.members.size === 0) this.disconnect();
      }),
    );
    this.deps.log.info({ partyId: snapshot.partyId, members: snapshot.members.length }, 'party rebuilt');
  }

  /** Runs a change of the party after those asked before it, then saves the snapshot. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    return this.schedule.serially(async () => {
      try {
        return await work();
      } finally {
        await this.save();
      }
    });
  }

  private snapshot(): PartySnapshot {
    return {
      partyId: this.roomId,
      leaderId: this.state.leaderId,
      members: [...this.state.members.values()].map((m) => ({
        userId: m.userId,
        name: m.name,
        guest: m.guest,
        joinedAt: m.joinedAt,
        ready: m.ready,
      })),
      queue: {
        status: this.state.queue.status,
        queue: this.state.queue.queue,
        roomId: this.state.queue.roomId,
        ...(this.region === undefined ? {} : { region: this.region }),
      },
      ...(this.offer ? { offer: this.offer } : {}),
    };
  }

  private async save(force = false): Promise<void> {
    // An empty party (being created, or over) has nothing worth rebuilding.
    if (this.state.members.size === 0 || this.goingElsewhere()) return;
    const snapshot = this.snapshot();
    const json = JSON.stringify(snapshot);
    if (json === this.saved && !force) return;
    try {
      await this.deps.parties.save(snapshot);
      this.saved = json;
    } catch (err) {
      this.deps.log.warn({ err, partyId: this.roomId }, 'could not save the party snapshot');
    }
  }

  /** The snapshot lapses unless refreshed: a party whose node is long dead is not rebuilt. */
  private keepSnapshot(): void {
    this.schedule.setTimer('snapshot', this.deps.settings.snapshotRefreshMs, async () => {
      await this.schedule.serially(() => this.save(true));
      this.keepSnapshot();
    });
  }

  /**
   * A searching party hears from its queue every tick. When it has not for a few ticks (the
   * queue's node died or drained, and the queue was re-created without the ticket), the party
   * takes its ticket again; the queue kept its claim and entry time, so the wait goes on.
   */
  private watchQueue(): void {
    this.schedule.setTimer('queue-watch', QUEUE_WATCH_MS, async () => {
      await this.serially(async () => {
        const queue = this.state.queue;
        const profile = this.deps.profiles.get(queue.queue);
        if (queue.status !== 'searching' || !profile) return;
        if (this.deps.now() - this.heardAt < 3 * profile.tickMs + 2_000) return;
        const answer = await this.deps.enqueue(queue.queue, this.ticket(this.region));
        // Held already means the queue has it after all.
        if (answer.ok || answer.code === 'ALREADY_QUEUED') this.heardAt = this.deps.now();
        else this.deps.log.warn({ partyId: this.roomId, answer }, 'could not take the ticket again');
      });
      this.watchQueue();
    });
  }

  // ---- plumbing -------------------------------------------------------------------------------

  /** The party's ticket as a queue takes it. */
  private ticket(region: string | undefined) {
    return {
      partyId: this.roomId,
      members: [...this.state.members.values()].map((m) => ({
        userId: m.userId,
        name: m.name,
        guest: m.guest,
      })),
      region,
    };
  }

  /** The party's make-up changed: a queued party leaves its queue (it would no longer fit). */
  private async partyChanged(reason: 'party_changed' | 'cancelled' = 'party_changed'): Promise<void> {
    const queue = this.state.queue;
    if (queue.status !== 'searching') return;
    const name = queue.queue;
    this.setQueue('idle', '', '');
    await this.deps
      .dequeue(name, this.roomId)
      .catch((err) =>
        this.deps.log.warn({ err, partyId: this.roomId }, 'could not take the party out of its queue'),
      );
    this.broadcast('dequeued', { queue: name, reason });
  }

  private async removeMember(userId: string): Promise<void> {
    if (!this.state.members.has(userId)) return;
    this.state.members.delete(userId);
    await this.partyChanged();
    if (this.state.leaderId === userId) {
      const next = [...this.state.members.values()].sort((a, b) => a.joinedAt - b.joinedAt)[0];
      this.state.leaderId = next?.userId ?? '';
    }
  }

  private matchStarted(queue: string, gameId: string): void {
    this.setQueue('playing', queue, gameId);
    // The next match needs a new ready check.
    for (const member of this.state.members.values()) member.ready = false;
  }

  /** Tells `client` its seat in the match being seated, if there is one. */
  private tellSeat(client: Client): void {
    const userId = (client.userData as ClientData | undefined)?.userId;
    const seat = userId && this.state.queue.status === 'matched' ? this.offer?.seats[userId] : undefined;
    if (seat && this.offer) client.send('match', { ...this.offer.match, ...seat } satisfies QueueMatch);
  }

  private setQueue(status: string, queue: string, roomId: string): void {
    if (status !== 'matched') this.offer = undefined;
    const q = this.state.queue;
    q.status = status;
    q.queue = queue;
    q.roomId = roomId;
    if (status !== 'searching') {
      q.bandMin = 0;
      q.bandMax = 0;
      q.poolSize = 0;
      q.estimatedWaitMs = 0;
      q.waitedMs = 0;
    }
  }

  private refuse(client: Client, refusal: Refusal, request?: string, ctx?: ReplyContext): Refusal {
    const data = client.userData as ClientData | undefined;
    if (data) {
      data.strikes += 1;
      if (data.strikes > this.deps.settings.maxBadMessages) {
        client.leave(PARTY_CLOSE_CODES.abuse, 'too many refused messages');
        return refusal;
      }
    }
    if (ctx?.id !== undefined) ctx.reject(refusal);
    else client.send('error', { ...refusal, request });
    return refusal;
  }

  private inviteCode(): string {
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++)
      code += CODE_ALPHABET[Math.floor(this.deps.random() * CODE_ALPHABET.length)];
    return code;
  }
}

/** A member as the synced state shows them (not ready until they say so). */
function memberState(
  m: Omit<PartySnapshot['members'][number], 'ready'> & { ready?: boolean },
  connected: boolean,
): PartyMemberState {
  const member = new PartyMemberState();
  member.userId = m.userId;
  member.name = m.name;
  member.guest = m.guest;
  member.joinedAt = m.joinedAt;
  member.ready = m.ready ?? false;
  member.connected = connected;
  return member;
}

/** The `party` room type with its services: what `server/rooms.ts` registers. */
export function createPartyRoom(deps: PartyRoomDeps) {
  return class extends PartyRoom {
    protected override readonly deps = deps;
    static override onAuth(token: string, options: unknown): Promise<RoomAuth> {
      return authenticate(deps.tokens, token, options);
    }
  };
}

import type { Client } from '@colyseus/core';
import { type PartyMemberState, PartyState } from '../../schema/party.state.ts';
import { PARTY_CLOSE_CODES, type PartyChatLine, type PartyClientMessage } from '../../schema/party.ts';
import { ActorRoom, actorRoom } from '../actor/ActorRoom.ts';
import { type RoomAuth, signedIn } from '../actor/auth.ts';
import { joinError } from '../actor/join-error.ts';
import { type MessageTable, type Outcome, validate } from '../actor/messages.ts';
import { ChatWindow } from '../rules/chat.ts';
import { accepted, type Checked, refused } from '../rules/refusal.ts';
import type { GameEndWatch } from '../shared/game-ends.ts';
import { type PartyNotice, type PartySnapshot, partyChannel } from '../shared/parties.ts';
import type { PartyRoomDeps } from './deps.ts';
import { memberState, PartyKeeper } from './keeper.ts';
import { PARTY_MESSAGE_SCHEMAS, partyServerOptions } from './messages.ts';
import * as party from './party.ts';
import { PartyQueueing } from './queueing.ts';

/**
 * The `party` room: friends who play together. Its id is the invite code. The leader queues the
 * whole party as one ticket (everyone ready); the queue's news arrives on the party's channel and
 * each member is told their seat. The party outlives its matches: members stay connected here
 * while they play, and a member who loses the connection keeps the place for a grace period.
 *
 * The rules are `party.ts`; the party with its queue is `queueing.ts`. After every change the
 * room keeps a snapshot of the party in presence (`keeper.ts`): when its node dies or drains,
 * another node rebuilds the party from it under the same code; members come back within the
 * grace period, and a searching party whose queue no longer speaks to it takes its ticket again.
 */
export class PartyRoom extends ActorRoom<{ state: PartyState }, PartyRoomDeps> {
  private queueing!: PartyQueueing;
  private keeper!: PartyKeeper;
  /** The end of the game the party is matched into or plays. */
  private gameEnd: GameEndWatch | undefined;
  protected override readonly closeCodes = PARTY_CLOSE_CODES;
  private readonly chatWindow = new ChatWindow(party.partyLine);

  override async onCreate(options: unknown): Promise<void> {
    const server = this.serverOptions(options, partyServerOptions);
    const snapshot = server?.restore ? await this.deps.parties.load(server.restore) : undefined;
    if (server?.restore && !snapshot)
      throw joinError('PARTY_NOT_FOUND', `no snapshot of party "${server.restore}"`);
    this.roomId = snapshot?.partyId ?? party.inviteCode(this.deps.random);
    this.state = new PartyState();
    Object.assign(this.state, { partyId: this.roomId, maxSize: this.deps.settings.maxSize });
    this.queueing = new PartyQueueing({
      partyId: this.roomId,
      state: this.state,
      deps: this.deps,
      broadcast: (type, message) => this.broadcast(type, message),
      tellSeats: () => {
        for (const client of this.clients) this.tellSeat(client);
      },
      follow: (gameId) => this.gameEnd?.follow(gameId),
    });
    this.keeper = new PartyKeeper(this.state, this.queueing, this.deps, () => this.goingElsewhere());
    if (snapshot) await this.rebuild(snapshot);
    this.maxMessagesPerSecond = 20;
    this.listen(this.clientMessages(), {
      sender: (client) => this.memberOf(client),
      run: (work) => this.serially(work),
      strikes: { max: this.deps.settings.maxBadMessages },
    });
    await this.presence.subscribe(partyChannel(this.roomId), (notice: PartyNotice) => {
      void this.serially(async () => this.queueing.hear(notice));
    });
    this.gameEnd = await this.deps.gameEnds.watch((gameId) => {
      void this.serially(async () => this.queueing.gameEnded(gameId));
    });
    this.gameEnd.follow(this.state.queue.roomId);
    this.keeper.keep(this.schedule);
    // A searching party checks every second that its queue still speaks to it.
    this.schedule.every('queue-watch', 1_000, () => this.serially(() => this.queueing.retake()));
  }

  override async onJoin(client: Client, _options: unknown, auth?: RoomAuth): Promise<void> {
    const { userId, username, guest } = signedIn(auth);
    await this.serially(async () => {
      const existing = this.state.members.get(userId);
      const { maxSize } = this.deps.settings;
      if (!existing && this.state.members.size >= maxSize)
        throw joinError('PARTY_FULL', `a party has at most ${maxSize} members`);
      if (!existing && (await this.blockedHere(userId)))
        throw joinError('BLOCKED', 'a member of this party blocks you');
      // One connection per member: a newer one replaces the older.
      this.closeConnectionsOf(
        userId,
        PARTY_CLOSE_CODES.replaced,
        'the party was opened from another connection',
      );
      client.userData = { userId };
      // A rebuilt party stays until its members are back or their grace is over.
      this.autoDispose = true;
      if (existing) {
        existing.connected = true;
        // Back while the party's match is being seated (a new connection, or a rebuilt party).
        return this.tellSeat(client);
      }
      await this.queueing.leave();
      const joinedAt = this.deps.now();
      this.state.members.set(userId, memberState({ userId, name: username, guest, joinedAt }, true));
      if (!this.state.leaderId) this.state.leaderId = userId;
    });
  }

  /** Whether a member blocks the user (a read that fails refuses the join too). */
  private blockedHere(userId: string): Promise<boolean> {
    return this.deps.blockedByAny(userId, [...this.state.members.keys()]).catch((err) => {
      this.deps.log.warn({ err, userId }, 'could not read whether a member blocks the user');
      throw joinError('SERVER_BUSY', 'the party could not be joined; try again');
    });
  }

  override onDrop(client: Client): void {
    const member = this.memberOf(client);
    if (!member.ok) return;
    member.value.connected = false;
    this.allowReconnection(client, Math.ceil(this.deps.settings.graceMs / 1000)).catch(() => undefined);
  }

  override onReconnect(client: Client): void {
    const member = this.memberOf(client);
    if (member.ok) member.value.connected = true;
  }

  override onLeave(client: Client): void {
    const userId = this.userIdOf(client);
    // The node is shutting down: the party is rebuilt on another node with this member in it.
    if (!userId || this.goingElsewhere()) return;
    void this.serially(async () => {
      // The member came back on a new connection before this one's grace ran out.
      if (!this.connectionsOf(userId).some((c) => c !== client)) await this.removeMember(userId);
    });
  }

  override onDispose(): void {
    super.onDispose();
    this.gameEnd?.close();
    // A drain keeps the snapshot and the ticket: the party goes on elsewhere.
    if (this.goingElsewhere() || !this.queueing) return;
    void this.deps.parties.remove(this.roomId).catch(() => undefined);
    this.queueing.abandon();
  }

  // ---- what members ask ---------------------------------------------------------------------

  private clientMessages(): MessageTable<PartyClientMessage, PartyMemberState> {
    const schemas = PARTY_MESSAGE_SCHEMAS;
    return {
      ready: validate(schemas.ready, async (member, { ready }) => {
        member.ready = ready;
        if (!ready) await this.queueing.leave();
      }),
      chat: validate(schemas.chat, (member, { text }) => this.chat(member, text)),
      invite: validate(schemas.invite, (member, { username }) => this.invite(member, username)),
      kick: validate(schemas.kick, async (member, { userId }) => {
        const target = party.leadersPick(this.state, member.userId, 'kick', userId);
        if (!target.ok) return target;
        this.closeConnectionsOf(userId, PARTY_CLOSE_CODES.kicked, 'removed from the party by its leader');
        await this.removeMember(userId);
      }),
      promote: validate(schemas.promote, (member, { userId }) => {
        const target = party.leadersPick(this.state, member.userId, 'promote', userId);
        if (target.ok) this.state.leaderId = userId;
        return target;
      }),
      queue: validate(schemas.queue, (member, ask) => this.queueing.queue(member.userId, ask)),
      unqueue: validate(schemas.unqueue, async (member) => {
        const may = party.mayUnqueue(this.state, member.userId, this.queueing.status);
        if (may.ok) await this.queueing.leave('cancelled');
        return may;
      }),
    };
  }

  private async invite(from: PartyMemberState, username: string): Promise<Outcome> {
    const invite = { partyId: this.roomId, from: { userId: from.userId, name: from.name } };
    const sent = await this.deps.invite(username, invite);
    if (sent === 'unknown') return refused('USER_NOT_FOUND', `no player "${username}"`);
    if (sent === 'offline') return refused('USER_NOT_ONLINE', `${username} is not in the lobby`);
    if (sent === 'blocked') return refused('BLOCKED', `${username} does not take invitations from you`);
  }

  private chat(member: PartyMemberState, raw: string): Outcome {
    const now = this.deps.now();
    const text = this.chatWindow.say(member.userId, raw, now, this.deps.settings);
    if (!text.ok) return text;
    const { userId, name } = member;
    this.broadcast('chat', { userId, name, text: text.value, at: now } satisfies PartyChatLine);
  }

  // ---- surviving the node ---------------------------------------------------------------------

  /** The party as its snapshot says; members who are not back within their grace are gone. */
  private async rebuild(snapshot: PartySnapshot): Promise<void> {
    await this.keeper.rebuild(snapshot);
    this.autoDispose = false;
    this.schedule.setTimer('members-back', this.deps.settings.graceMs, () =>
      this.serially(async () => {
        for (const member of [...this.state.members.values()])
          if (!member.connected) await this.removeMember(member.userId);
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
        await this.keeper.save();
      }
    });
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private async removeMember(userId: string): Promise<void> {
    if (!this.state.members.has(userId)) return;
    this.state.members.delete(userId);
    this.chatWindow.forget(userId);
    await this.queueing.leave();
    this.state.leaderId = party.successor(this.state.leaderId, userId, [...this.state.members.values()]);
  }

  /** Tells `client` its seat in the match being seated, if there is one. */
  private tellSeat(client: Client): void {
    const seat = this.queueing.seatOf(this.userIdOf(client) ?? '');
    if (seat) client.send('match', seat);
  }

  private memberOf(client: Client): Checked<PartyMemberState> {
    const member = this.state.members.get(this.userIdOf(client) ?? '');
    return member ? accepted(member) : refused('NOT_IN_PARTY', 'not a member');
  }
}

/** The `party` room type with its services: what `server/rooms.ts` registers. */
export function createPartyRoom(deps: PartyRoomDeps) {
  return actorRoom(PartyRoom, deps, 'users');
}

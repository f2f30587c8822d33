import type { PartyResult } from '../../schema/party.ts';
import type { LineRule } from '../rules/chat.ts';
import { accepted, type Checked, refused } from '../rules/refusal.ts';
import type { PartyNotice, PartySnapshot } from '../shared/parties.ts';

/**
 * The rules of a party, pure: who leads and who follows, when the party may queue, where it
 * stands with its queue, and what a member may say. The room keeps the state and applies them.
 */

/** A member as the rules see them. */
export interface Member {
  userId: string;
  joinedAt: number;
  ready: boolean;
  connected: boolean;
  name: string;
}

/** A member as a snapshot keeps them. */
export type SavedMember = PartySnapshot['members'][number];

/** A match being seated: the queue's offer, and each member's seat in it. */
export type PartyOffer = NonNullable<PartySnapshot['offer']>;

/** Where the party stands with a queue. */
export type PartyStatus =
  | { status: 'idle' }
  | { status: 'searching'; queue: string }
  | { status: 'matched'; queue: string; roomId: string; offer?: PartyOffer }
  | { status: 'playing'; queue: string; roomId: string };

export const IDLE: PartyStatus = { status: 'idle' };

/** The queue and the match room of a status ('' where it has none), as the state shows them. */
export function whereOf(status: PartyStatus): { queue: string; roomId: string } {
  return {
    queue: status.status === 'idle' ? '' : status.queue,
    roomId: status.status === 'matched' || status.status === 'playing' ? status.roomId : '',
  };
}

/** The status a snapshot saved (an unknown one is idle). */
export function statusOfSnapshot(snapshot: Pick<PartySnapshot, 'queue' | 'offer'>): PartyStatus {
  const { status, queue, roomId } = snapshot.queue;
  if (status === 'searching') return { status, queue };
  if (status === 'matched')
    return { status, queue, roomId, ...(snapshot.offer ? { offer: snapshot.offer } : {}) };
  if (status === 'playing') return { status, queue, roomId };
  return IDLE;
}

/**
 * What a queue's notice makes of the party's status. The queue tells the seats again until the
 * match reports: a repeat changes nothing. A figures-only `status` notice changes nothing either.
 */
export function afterNotice(current: PartyStatus, notice: PartyNotice): PartyStatus {
  switch (notice.type) {
    case 'status':
      return current;
    case 'match':
      if (whereOf(current).roomId === notice.match.roomId) return current;
      return {
        status: 'matched',
        queue: notice.match.queue,
        roomId: notice.match.roomId,
        offer: { match: notice.match, seats: notice.seats },
      };
    case 'matched':
      return { status: 'playing', queue: notice.queue, roomId: notice.roomId };
    case 'requeued':
      return { status: 'searching', queue: notice.queue };
    case 'dequeued':
      return IDLE;
    case 'result':
      return afterGameEnded(current, notice.result.roomId);
  }
}

/**
 * Whether a queue's result is news to a party that shows `last`: the queue tells a result once,
 * but a repeat (of the result shown, or kept in the snapshot the party was rebuilt from) changes
 * nothing.
 */
export function isNewResult(last: PartyResult | undefined, result: PartyResult): boolean {
  return last?.roomId !== result.roomId;
}

/** A seat's line of a result, as the state shows it (zeros when the match has none). */
export function seatSummary(result: Pick<PartyResult, 'results'>, seat: number) {
  const own = result.results.find((r) => r.seat === seat);
  return { seat, score: own?.score ?? 0, placing: own?.placing ?? 0, ratingDiff: own?.rating?.diff ?? 0 };
}

/** The party's own line of a result, as the state shows it: its first member's seat. */
export function resultSummary(result: PartyResult) {
  const { roomId, queue, termination, seat } = result;
  return { roomId, queue, termination, ...seatSummary(result, seat) };
}

/**
 * A party rebuilt from a snapshot one step behind asks its game where it is: a match that
 * started while the last save had not landed is being played, one that ended is over.
 */
export function afterGameStatus(
  current: PartyStatus,
  game: 'none' | 'playing' | 'ended' | 'unknown',
): PartyStatus {
  if (current.status !== 'matched' && current.status !== 'playing') return current;
  if (game === 'ended') return IDLE;
  if (game === 'playing' && current.status === 'matched')
    return { status: 'playing', queue: current.queue, roomId: current.roomId };
  return current;
}

/** The game `gameId` ended: a party matched into it or playing it is free again. */
export function afterGameEnded(current: PartyStatus, gameId: string): PartyStatus {
  return whereOf(current).roomId === gameId && current.status !== 'idle' ? IDLE : current;
}

/** Who leads the party and who is in it, as the rules see them. */
export interface PartyView<M extends Member = Member> {
  leaderId: string;
  members: ReadonlyMap<string, M>;
}

/** Only the leader may `action`. */
export function leaderOnly(party: PartyView, by: string, action: string): Checked<undefined> {
  if (party.leaderId === by) return accepted(undefined);
  return refused('NOT_PARTY_LEADER', `only the leader may ${action}`);
}

/** The member a leader kicks or promotes: another member of the party. */
export function leadersPick<M extends Member>(
  party: PartyView<M>,
  by: string,
  action: 'kick' | 'promote',
  target: string,
): Checked<M> {
  const leads = leaderOnly(party, by, action);
  if (!leads.ok) return leads;
  const member = party.members.get(target);
  if (!member || target === by) return refused('NOT_IN_PARTY', 'no such other member');
  return accepted(member);
}

/** Whether the leader may take the party out of its queue: only while it searches. */
export function mayUnqueue(party: PartyView, by: string, current: PartyStatus): Checked<{ queue: string }> {
  const leads = leaderOnly(party, by, 'unqueue');
  if (!leads.ok) return leads;
  if (current.status !== 'searching') return refused('NOT_QUEUED', 'the party is not searching');
  return accepted({ queue: current.queue });
}

/** Who leads once `leaving` has left: the leader stays, or the longest-standing member takes over. */
export function successor(leaderId: string, leaving: string, members: readonly Member[]): string {
  if (leaderId !== leaving) return leaderId;
  const next = members.filter((m) => m.userId !== leaving).sort((a, b) => a.joinedAt - b.joinedAt)[0];
  return next?.userId ?? '';
}

/**
 * Whether the leader may queue the party in `queue` (`known`: a queue of the server) now: the
 * party is idle, and everyone ready and connected.
 */
export function mayQueue(
  party: PartyView,
  by: string,
  queue: { name: string; known: boolean },
  current: PartyStatus,
): Checked<undefined> {
  const leads = leaderOnly(party, by, 'queue');
  if (!leads.ok) return leads;
  if (!queue.known) return refused('UNKNOWN_QUEUE', `no queue "${queue.name}"`);
  if (current.status !== 'idle') return refused('ALREADY_QUEUED', `the party is ${current.status}`);
  const unready = [...party.members.values()].filter((m) => !m.ready || !m.connected).map((m) => m.name);
  if (unready.length > 0) return refused('PARTY_NOT_READY', `not ready: ${unready.join(', ')}`);
  return accepted(undefined);
}

/**
 * A searching party hears from its queue every tick. When it has not for a few ticks (the queue's
 * node died or drained, and the queue was re-created without the ticket), it takes its ticket again.
 */
export function ticketLapsed(current: PartyStatus, heardAt: number, now: number, tickMs: number): boolean {
  return current.status === 'searching' && now - heardAt >= 3 * tickMs + 2_000;
}

/** A party line: 1 to `chatMaxLength` characters. */
export const partyLine: LineRule = (text, { chatMaxLength }) =>
  text.length === 0 || text.length > chatMaxLength
    ? { code: 'VALIDATION_FAILED', message: `a chat line has 1 to ${chatMaxLength} characters` }
    : undefined;

/** Letters and digits that cannot be mistaken for one another: invite codes are read aloud. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;

/** A new invite code (the party's id), from `random` uniform in [0, 1). */
export function inviteCode(random: () => number): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)];
  return code;
}

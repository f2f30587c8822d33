/**
 * What a node may ask of a room it does not hold: per room type, the methods another node calls
 * (through `remoteRoomCall`, by name) with their arguments and results. A room implements its
 * interface, and callers go through `callRoom<…Calls>(roomId)` (`server/cluster/calls.ts`), so a
 * renamed method or a wrong argument is a compile error on both sides.
 *
 * Arguments and results travel as JSON: plain data only. A room still validates what it is given
 * (its own parameters may be `unknown`): the caller may be a node of another release.
 */
import type {
  TournamentAnswer,
  TournamentStaffAnswer,
  TournamentStaffCommand,
} from '../../server/services/ports.ts';
import type { ChallengeReply, ChallengeRequest } from '../lobby/challenges.ts';
import type { StaffAnswer, StaffCommand } from '../match/staff.ts';
import type { PartyTicketRequest } from '../queue/messages.ts';
import type { PartyTicketAnswer } from './parties.ts';

export type { PartyTicketRequest };

/** The live figures of a queue (`GET /api/queues`). */
export interface QueueFigures {
  players: number;
  tickets: number;
  medianWaitMs: number | null;
}

/** A queue room, as party rooms, the control plane and other queues call it. */
export interface QueueCalls {
  /** Queues a party's members as one ticket; a refusal says why not. */
  enqueueParty(request: PartyTicketRequest): Promise<PartyTicketAnswer>;
  /** Takes a party's ticket out; false when it was not waiting here. */
  dequeueParty(partyId: string): Promise<boolean>;
  /** Whether this queue holds a ticket (waiting or being seated) of `userId`. */
  holds(userId: string): boolean;
  stats(): QueueFigures;
}

/** The lobby, as the control plane and party rooms call it. */
export interface LobbyCalls {
  /** Delivers a direct challenge to the opponent's lobby connections. */
  createChallenge(challenge: ChallengeRequest): Promise<ChallengeReply>;
  /** How a challenge stands, for one of its two players. */
  challengeStatus(id: string, userId: string): ChallengeReply;
  /** Sends `message` as `type` to every lobby connection of the user named; false when not here. */
  deliver(username: string, type: string, message: object): boolean;
  /** A block against the user was made or lifted: what the lobby shows them follows. */
  blocksChanged(userId: string): Promise<boolean>;
  /** Staff muted (`untilMs`) or unmuted (null) a user in the chat. */
  mute(userId: string, untilMs: number | null): boolean;
  /** Staff removed a chat line: what it said, or null when no line has that id (any more). */
  deleteChatLine(id: number): { userId: string; name: string; text: string } | null;
  /** Whether each user is in the lobby, and the live game that seats them (their latest). */
  presenceOf(userIds: string[]): Array<{ userId: string; online: boolean; gameId: string | null }>;
}

/** A tournament room, as the control plane calls it for its players. */
export interface TournamentCalls {
  /** Enters a player (rated from the record by the tournament's game). */
  enter(entry: { userId: string; name: string; guest: boolean }): Promise<TournamentAnswer>;
  withdraw(userId: string): Promise<TournamentAnswer>;
  /** A half-point bye asked in advance for `round` (swiss). */
  requestBye(userId: string, round: number): Promise<TournamentAnswer>;
  /** Starts a tournament without a start time now: `by` its creator, or staff. */
  start(by: { userId: string; staff: boolean }): Promise<TournamentAnswer>;
  /** Pause, resume, end early, disqualify, or take the result of a game staff ended. */
  staff(command: TournamentStaffCommand): Promise<TournamentStaffAnswer>;
  /** The creator (`by`) invites players to an invitation-only tournament. */
  invite(by: string, invitees: Array<{ userId: string; name: string }>): Promise<TournamentAnswer>;
}

/** A match room of any game, as the control plane calls it for staff. */
export interface MatchCalls {
  staff(command: StaffCommand): Promise<StaffAnswer>;
}

/**
 * A room the cluster may find twice (its node was taken for dead a moment and the room rebuilt
 * elsewhere). Called on this node only, by the keeper that settles the copies.
 */
export interface HandsOver {
  /**
   * The room's listing names another node that answers: this copy gives way (its clients find
   * the listed one) and says true, or says false when it is the one to keep.
   */
  handOver(): Promise<boolean>;
}

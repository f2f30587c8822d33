/**
 * What the control plane asks of rooms, wherever they run in the cluster: the lobby's direct
 * challenges and the queues' live figures.
 */
import type { ChallengeReply } from '../../rooms/lobby/challenges.ts';
import type { LobbyCalls, QueueCalls } from '../../rooms/shared/calls.ts';
import type { ChallengeDto } from '../../schema/lobby.ts';
import { LOBBY_ROOM_ID } from '../../schema/lobby.ts';
import { type QueueInfo, type QueueProfile, queueRoomId } from '../../schema/queues.ts';
import type { Logger } from '../platform/logger.ts';
import { AppError } from '../services/errors.ts';
import type { ChallengeDesk, ChatModeration, PlayerDirectory } from '../services/ports.ts';
import { callRoom, type Remote } from './calls.ts';

/** How long the control plane waits for the lobby (a challenge is delivered to its clients). */
const LOBBY_TIMEOUT_MS = 5_000;

/** Direct challenges, left with the lobby: its refusals become `AppError`s, its silence NOT_READY. */
export function lobbyChallengeDesk(log: Logger): ChallengeDesk {
  const ask = async (
    method: keyof LobbyCalls,
    call: (lobby: Remote<LobbyCalls>) => Promise<ChallengeReply>,
  ): Promise<ChallengeDto> => {
    let reply: ChallengeReply;
    try {
      reply = await call(callRoom<LobbyCalls>(LOBBY_ROOM_ID, LOBBY_TIMEOUT_MS));
    } catch (err) {
      log.warn({ err, method }, 'the lobby did not answer');
      throw new AppError('NOT_READY', 'the lobby does not answer; try again shortly');
    }
    if (!reply.ok) throw new AppError(reply.code, reply.message);
    return reply.challenge;
  };
  return {
    create: (challenge) => ask('createChallenge', (lobby) => lobby.createChallenge(challenge)),
    get: (id, userId) => ask('challengeStatus', (lobby) => lobby.challengeStatus(id, userId)),
  };
}

/** The lobby chat's moderation, left with the lobby wherever it runs. */
export function lobbyChatModeration(log: Logger): ChatModeration {
  const lobby = () => callRoom<LobbyCalls>(LOBBY_ROOM_ID, LOBBY_TIMEOUT_MS);
  const unanswered = (err: unknown): never => {
    log.warn({ err }, 'the lobby did not answer');
    throw new AppError('NOT_READY', 'the lobby does not answer; try again shortly');
  };
  return {
    async mute(userId, untilMs) {
      await lobby().mute(userId, untilMs).catch(unanswered);
    },
    async deleteLine(id) {
      const line = await lobby().deleteChatLine(id).catch(unanswered);
      if (!line) throw new AppError('CHAT_LINE_NOT_FOUND', `no chat line ${id} in the lobby`);
      return line;
    },
  };
}

/** The queue profiles with their live figures; a queue whose room does not answer has nulls. */
export function queueFigures(profiles: Iterable<QueueProfile>): Promise<QueueInfo[]> {
  return Promise.all(
    [...profiles].map(async (profile) => {
      const stats = await callRoom<QueueCalls>(queueRoomId(profile.id))
        .stats()
        .catch(() => null);
      return {
        ...profile,
        players: stats?.players ?? null,
        tickets: stats?.tickets ?? null,
        medianWaitMs: stats?.medianWaitMs ?? null,
      };
    }),
  );
}

/** Players as the lobby sees them, wherever it runs; a lobby that does not answer knows nobody. */
export function lobbyPlayers(log: Logger): PlayerDirectory {
  const lobby = () => callRoom<LobbyCalls>(LOBBY_ROOM_ID, LOBBY_TIMEOUT_MS);
  return {
    presenceOf: async (userIds) => {
      if (userIds.length === 0) return [];
      return lobby()
        .presenceOf([...userIds])
        .catch((err) => {
          log.warn({ err }, 'the lobby did not answer a presence request');
          return userIds.map((userId) => ({ userId, online: false, gameId: null }));
        });
    },
    deliver: (username, type, message) =>
      lobby()
        .deliver(username, type, message)
        .catch(() => false),
    blocksChanged: async (userId) => {
      await lobby()
        .blocksChanged(userId)
        .catch((err) => log.warn({ err }, 'the lobby did not hear of a block; the user sees it on joining'));
    },
  };
}

import { matchMaker } from '@colyseus/core';
import { SESSION_CLOSE_CODES, SESSION_CLOSE_MESSAGES } from '../../schema/moderation.ts';
import type { Logger } from '../platform/logger.ts';
import type { SessionEnd } from '../services/ports.ts';

/** What a room offers moderation (every actor room has it). */
interface EndsSessions {
  endSessionsOf(userId: string, closeCode: number, reason: string): number;
}

const endsSessions = (room: unknown): room is EndsSessions =>
  typeof (room as Partial<EndsSessions> | undefined)?.endSessionsOf === 'function';

/**
 * Closes this node's connections of a user whose sessions ended (every node hears every end and
 * closes its own), with the ending's close code and message. How many were closed.
 */
export async function closeLocalSessions(end: SessionEnd, log: Logger): Promise<number> {
  // Only the rooms of this process: a listing elsewhere is another node's to close.
  const listings = await matchMaker.query({ processId: matchMaker.processId });
  let closed = 0;
  for (const listing of listings) {
    const room = matchMaker.getLocalRoomById(listing.roomId);
    if (!endsSessions(room)) continue;
    closed += room.endSessionsOf(end.userId, SESSION_CLOSE_CODES[end.why], SESSION_CLOSE_MESSAGES[end.why]);
  }
  if (closed > 0) log.info({ userId: end.userId, why: end.why, closed }, 'sessions ended by moderation');
  return closed;
}

import { z } from 'zod';
import { BOT_LEVELS, type ChessClientMessage, COLORS } from '../../../schema/chess.ts';
import { emptyPayload } from '../../match/options.ts';

/**
 * The commands of chess and their payloads, checked before anything else looks at them. A payload
 * that does not fit is refused with BAD_MESSAGE and changes nothing. (`victory:claim` and the
 * rematch messages are the match room's own, the same for every game.)
 */
export const CHESS_COMMAND_SCHEMAS = {
  move: z.strictObject({ uci: z.string().max(8) }),
  resign: emptyPayload,
  'draw:offer': emptyPayload,
  'draw:accept': emptyPayload,
  'draw:decline': emptyPayload,
  'draw:claim': emptyPayload,
  abort: emptyPayload,
  berserk: emptyPayload,
} satisfies Partial<Record<ChessClientMessage, z.ZodType>>;

export type ChessCommand = keyof typeof CHESS_COMMAND_SCHEMAS;

/** The options of chess a client passes to create or join a `chess` room (the rest are the room's). */
export const chessJoinOptions = z
  .object({
    timeControl: z.string().max(16).optional(),
    level: z.enum(BOT_LEVELS).optional(),
    color: z.enum(COLORS).optional(),
  })
  .loose();

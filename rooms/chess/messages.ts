import { z } from 'zod';
import { BOT_LEVELS, type ChessClientMessage, COLORS } from '../../schema/chess.ts';

/**
 * What clients may send to the `chess` room, checked before anything else looks at it. A payload
 * that does not fit is refused with BAD_MESSAGE and changes nothing.
 */
const empty = z.union([z.undefined(), z.null(), z.strictObject({})]);

export const CHESS_MESSAGE_SCHEMAS = {
  move: z.strictObject({ uci: z.string().max(8) }),
  resign: empty,
  'draw:offer': empty,
  'draw:accept': empty,
  'draw:decline': empty,
  'draw:claim': empty,
  abort: empty,
  'victory:claim': empty,
  'rematch:offer': empty,
  'rematch:accept': empty,
} satisfies Record<ChessClientMessage, z.ZodType>;

export type ChessMessagePayload<K extends ChessClientMessage> = z.infer<(typeof CHESS_MESSAGE_SCHEMAS)[K]>;

/** Options a client passes to create or join a `chess` room. */
export const chessJoinOptions = z
  .object({
    timeControl: z.string().max(16).optional(),
    rated: z.boolean().optional(),
    private: z.boolean().optional(),
    spectate: z.boolean().optional(),
    vsBot: z.boolean().optional(),
    level: z.enum(BOT_LEVELS).optional(),
    color: z.enum(COLORS).optional(),
  })
  // Colyseus adds fields of its own (and the server adds restore/seat options), which are not
  // the client's business here.
  .loose();

export type ChessJoinOptionsParsed = z.infer<typeof chessJoinOptions>;

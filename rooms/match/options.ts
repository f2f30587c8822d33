import { z } from 'zod';

const member = z.object({ userId: z.string(), name: z.string(), guest: z.boolean() });

/** Options only the server gives (they carry its `serverKey`). */
export const matchServerOptions = z.object({
  /** Rebuild this unfinished match from its log, under the same id. */
  restore: z.string().optional(),
  /** Seats held by the server, by seat: named players (rematch, matchmaker; a captain first) or a bot. */
  held: z
    .array(z.union([z.object({ members: z.array(member).min(1) }), z.object({ bot: z.string() }), z.null()]))
    .optional(),
  /** With `held` players: how long they have to come; then the match is cancelled. */
  seatDeadlineMs: z.number().positive().optional(),
  /** A presence channel told how the seating went and, once, the result ({@link MatchOutcome}). */
  reportTo: z.string().optional(),
  /** The players may go berserk (a game of an arena that allows it; see `MatchSpec.berserk`). */
  berserk: z.boolean().optional(),
});

export type ServerOptions = z.infer<typeof matchServerOptions>;

/**
 * What clients may pass to create or join a match of any game, checked before anything else
 * looks at it; each game checks its own options besides (`GameModule.joinOptions`).
 */
export const matchJoinOptions = z
  .object({
    rated: z.boolean().optional(),
    private: z.boolean().optional(),
    spectate: z.boolean().optional(),
    vsBot: z.boolean().optional(),
    /** Computer players at the table: the last seats, each playing at `level`. */
    computers: z.number().int().min(1).max(15).optional(),
    level: z.string().max(32).optional(),
  })
  // Colyseus adds fields of its own (and the server adds restore/seat options), which are not
  // the client's business here.
  .loose();

export type MatchJoinOptions = z.infer<typeof matchJoinOptions>;

/** The payload of a message that carries none. */
export const emptyPayload = z.union([z.undefined(), z.null(), z.strictObject({})]);

/** The room's messages, whatever the game; every other message is the game's command. */
export const MATCH_MESSAGE_SCHEMAS = {
  'victory:claim': emptyPayload,
  'rematch:offer': emptyPayload,
  'rematch:accept': emptyPayload,
} as const;

export type MatchMessage = keyof typeof MATCH_MESSAGE_SCHEMAS;

import { z } from 'zod';
import { LOBBY_SERVER_MESSAGES, type LobbyClientMessage } from '../../schema/lobby.ts';

/**
 * What clients may send to the `lobby` room, checked before anything else looks at it. A payload
 * that does not fit is refused with BAD_MESSAGE and changes nothing. Limits that are part of the
 * game (a time control the chess room accepts, the length of a chat line) are checked by the
 * room, and refused with VALIDATION_FAILED.
 */
const id = z.string().min(1).max(64);
const rating = z.number().int().min(0).max(4000);

/** A game's own terms (`GameTerms`), checked by its module after this. */
const gameTerms = {
  game: z.string().min(1).max(40).optional(),
  options: z.record(z.string().max(40), z.unknown()).optional(),
  computers: z.number().int().min(0).max(15).optional(),
  level: z.string().max(32).optional(),
};

export const LOBBY_MESSAGE_SCHEMAS = {
  'seek:create': z.strictObject({
    timeControl: z.string().max(16).optional(),
    rated: z.boolean(),
    ratingMin: rating.optional(),
    ratingMax: rating.optional(),
    seats: z.number().int().min(2).max(16).optional(),
    ...gameTerms,
  }),
  'seek:cancel': z.strictObject({ seekId: id }),
  'seek:accept': z.strictObject({ seekId: id }),
  'challenge:accept': z.strictObject({ challengeId: id }),
  'challenge:decline': z.strictObject({ challengeId: id }),
  // Bounded here only against waste; the real limit is the room's `chatMaxLength`.
  chat: z.strictObject({ text: z.string().max(4096) }),
  'online:page': z.strictObject({
    query: z.string().max(64).optional(),
    after: z.string().max(256).optional(),
  }),
} satisfies Record<LobbyClientMessage, z.ZodType>;

export type LobbyMessagePayload<K extends LobbyClientMessage> = z.infer<(typeof LOBBY_MESSAGE_SCHEMAS)[K]>;

/** Join options: none of the client's own (Colyseus and the server may add theirs). */
export const lobbyJoinOptions = z.object({}).loose();

/** A challenge the control plane asks the lobby to deliver (`ChallengeDesk.create`). */
export const challengeRequest = z.strictObject({
  from: z.strictObject({ userId: id, name: z.string().min(1).max(64), guest: z.boolean() }),
  to: z.strictObject({ userId: id, name: z.string().min(1).max(64), guest: z.boolean() }),
  timeControl: z.string().max(16).optional(),
  rated: z.boolean(),
  ...gameTerms,
});

/** Options only the server gives: it opens the one lobby of the cluster under a fixed id. */
export const lobbyServerOptions = z.object({ singletonId: z.string().min(1).max(64).optional() }).loose();

/**
 * Whether other rooms may send `type` to a player through the lobby (`LobbyCalls.deliver`): a
 * short lower-case name that is not one of the lobby's own messages.
 */
export function deliverable(type: unknown): type is string {
  return (
    typeof type === 'string' &&
    /^[a-z][a-z:-]{0,31}$/.test(type) &&
    !(LOBBY_SERVER_MESSAGES as readonly string[]).includes(type)
  );
}

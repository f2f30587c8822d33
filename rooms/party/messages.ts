import { z } from 'zod';
import type { PartyClientMessage } from '../../schema/party.ts';

const userId = z.strictObject({ userId: z.string().min(1).max(64) });

/** What members may send to a `party` room, checked before anything looks at it. */
export const PARTY_MESSAGE_SCHEMAS = {
  ready: z.strictObject({ ready: z.boolean() }),
  kick: userId,
  promote: userId,
  invite: z.strictObject({ username: z.string().min(1).max(64) }),
  chat: z.strictObject({ text: z.string().max(2000) }),
  queue: z.strictObject({ queue: z.string().min(1).max(64), region: z.string().max(16).optional() }),
  unqueue: z.union([z.undefined(), z.null(), z.strictObject({})]),
} satisfies Record<PartyClientMessage, z.ZodType>;

/** Options only a server gives (they carry its key): rebuild the party `restore` from its snapshot. */
export const partyServerOptions = z.object({ restore: z.string().min(1).max(64).optional() }).loose();

import { z } from 'zod';

/** Options of a player joining a queue alone. */
export const queueJoinOptions = z
  .object({
    region: z.string().max(16).optional(),
  })
  // Colyseus and the server add fields of their own.
  .loose();

const member = z.strictObject({
  userId: z.string().min(1).max(64),
  name: z.string().min(1).max(64),
  guest: z.boolean(),
});

/** A party room asking to queue its members as one ticket. */
export const partyTicketRequest = z.strictObject({
  partyId: z.string().min(1).max(64),
  members: z.array(member).min(1).max(16),
  region: z.string().max(16).optional(),
});

export type PartyTicketRequest = z.infer<typeof partyTicketRequest>;

/** Options only a server gives (they carry its key): the queue's fixed id in the cluster. */
export const queueServerOptions = z.object({ singletonId: z.string().min(1).max(64).optional() }).loose();

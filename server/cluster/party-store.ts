import type { Presence } from '@colyseus/core';
import { z } from 'zod';
import type { PartySnapshot, PartyStore } from '../../rooms/shared/parties.ts';

/** How long a snapshot outlives the last word from its room (the room refreshes it). */
export const PARTY_SNAPSHOT_TTL_SECONDS = 600;

const INDEX_KEY = 'parties';
const snapshotKey = (partyId: string) => `party-state:${partyId}`;

/** What a seat (and, within it, each member) got from the party's last match. */
const SeatResult = z.object({
  seat: z.number().int().min(0),
  score: z.number(),
  placing: z.number(),
  rating: z
    .object({ before: z.number(), after: z.number(), diff: z.number(), provisional: z.boolean() })
    .optional(),
});

const snapshotSchema: z.ZodType<PartySnapshot> = z.object({
  partyId: z.string().min(1),
  leaderId: z.string(),
  members: z.array(
    z.object({
      userId: z.string().min(1),
      name: z.string(),
      guest: z.boolean(),
      joinedAt: z.number(),
      ready: z.boolean(),
    }),
  ),
  queue: z.object({
    status: z.string(),
    queue: z.string(),
    roomId: z.string(),
    region: z.string().optional(),
  }),
  offer: z
    .object({
      match: z.object({
        queue: z.string(),
        // A snapshot saved before matches named their game was of a chess match.
        game: z.string().default('chess'),
        roomId: z.string(),
        quality: z.number(),
        seatDeadline: z.number(),
      }),
      seats: z.record(
        z.string(),
        z
          .object({
            color: z.enum(['white', 'black']).optional(),
            team: z.number().int().min(0),
            seat: z.number().int().min(0).optional(),
          })
          .transform(({ seat, ...rest }) => ({ ...rest, seat: seat ?? rest.team })),
      ),
    })
    .optional(),
  lastResult: z
    .object({
      roomId: z.string(),
      queue: z.string(),
      termination: z.string(),
      seat: z.number().int().min(0),
      results: z.array(SeatResult),
      // A snapshot saved before members were told apart: the party's seat stands for all.
      members: z.array(SeatResult.extend({ userId: z.string() })).default([]),
    })
    .optional(),
});

/**
 * Party snapshots in presence (Redis in a cluster): one key per party that lapses unless its
 * room refreshes it, and a set of the ids, which a keeper walks to rebuild the parties of a node
 * that is gone.
 */
export function presencePartyStore(presenceOf: () => Presence): PartyStore {
  // The matchmaker's presence exists once the game server is set up, after the rooms are defined.
  const p = presenceOf;
  return {
    async save(snapshot) {
      await p().setex(snapshotKey(snapshot.partyId), JSON.stringify(snapshot), PARTY_SNAPSHOT_TTL_SECONDS);
      await p().sadd(INDEX_KEY, snapshot.partyId);
    },
    async load(partyId) {
      const raw = (await p().get(snapshotKey(partyId))) as string | null | undefined;
      if (!raw) return undefined;
      try {
        const parsed = snapshotSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async remove(partyId) {
      await p().del(snapshotKey(partyId));
      await p().srem(INDEX_KEY, partyId);
    },
    async ids() {
      const ids = (await p().smembers(INDEX_KEY)) as string[];
      // Ids whose snapshot lapsed (their room and node are long gone) leave the set.
      const kept: string[] = [];
      for (const id of ids) {
        if (await p().exists(snapshotKey(id))) kept.push(id);
        else await p().srem(INDEX_KEY, id);
      }
      return kept;
    },
  };
}

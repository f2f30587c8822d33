import type { Client } from '@colyseus/core';
import type { z } from 'zod';
import type { Refusal } from '../rules/refusal.ts';

/**
 * What a handler gives back: nothing or `{ ok: true, value }` when it was done (a request is
 * answered `{ ok: true, ...value }`), or `{ ok: false, refusal }` when it was refused and nothing
 * changed.
 */
export type Outcome = undefined | { ok: true; value?: object } | { ok: false; refusal: Refusal };

/** A message's payload checked at the edge, bound to its handler: run it for the sender. */
export type Accepted<Sender> = (sender: Sender, client: Client) => Outcome | Promise<Outcome>;

/** One entry of a room's message table: a schema and the handler of what passes it. */
export interface MessageEntry<Sender> {
  /** The handler bound to the parsed payload, or undefined when the payload does not fit. */
  accept(payload: unknown): Accepted<Sender> | undefined;
}

/** A room's closed set of client messages, each with its entry. */
export type MessageTable<Type extends string, Sender> = Record<Type, MessageEntry<Sender>>;

/**
 * A message type of a room: `schema` checks the payload, and `handler` receives what passed it
 * with its parsed type (and who sent it: the room says who a client is, see `ActorRoom.listen`).
 * Nothing else reaches the handler: a payload that does not fit is refused with BAD_MESSAGE.
 *
 * @example
 * const messages = {
 *   ready: validate(z.strictObject({ ready: z.boolean() }), (member, { ready }) => setReady(member, ready)),
 *   unqueue: validate(empty, (member) => leaveQueue(member)),
 * } satisfies MessageTable<PartyClientMessage, PartyMember>;
 */
export function validate<S extends z.ZodType, Sender>(
  schema: S,
  handler: (sender: Sender, payload: z.output<S>, client: Client) => Outcome | Promise<Outcome>,
): MessageEntry<Sender> {
  return {
    accept(payload) {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return undefined;
      return (sender, client) => handler(sender, parsed.data, client);
    },
  };
}

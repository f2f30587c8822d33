import { matchMaker } from '@colyseus/core';

/** The methods of `Calls`, each answering through a promise, as another node sees them. */
export type Remote<Calls> = {
  [M in keyof Calls]: Calls[M] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/**
 * The room `roomId`, wherever it runs in the cluster, as its calls interface `Calls` (from
 * `rooms/shared/calls.ts`) declares it: a method call here runs the room's method of that name,
 * on this node or through presence on the room's own. A call rejects when the room does not
 * answer within `timeoutMs` (by default the matchmaker's, 2 s).
 *
 * @example
 * const figures = await callRoom<QueueCalls>(queueRoomId('blitz')).stats();
 */
export function callRoom<Calls extends object>(roomId: string, timeoutMs?: number): Remote<Calls> {
  const call =
    (method: string) =>
    (...args: unknown[]): Promise<unknown> =>
      matchMaker.remoteRoomCall(roomId, method as never, args, timeoutMs);
  return new Proxy({} as Remote<Calls>, {
    // Not a promise: `then` stays undefined, so awaiting the handle is not a call.
    get: (_target, method) => (typeof method === 'string' && method !== 'then' ? call(method) : undefined),
  });
}

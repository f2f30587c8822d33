import type { AppContext } from '../context.ts';

/**
 * The place of the lobby, the matchmaking queues and parties on the start page
 * (`client-sdk/lobby.ts`, `queue.ts`, `party.ts` with the `lobby`, `queue` and `party` rooms).
 * The home view shows whatever this returns under "Play a person"; until those rooms are wired
 * here it returns nothing, and open games are paired by the `chess` room's own `joinOrCreate`.
 */
export function lobbyPanel(_ctx: AppContext): HTMLElement | null {
  return null;
}

/** What each node of the cluster reports about its load (Colyseus's process statistics). */
export interface NodeLoad {
  processId: string;
  /** Connected clients. */
  ccu: number;
  roomCount: number;
}

/**
 * Where a new room goes: the node with the fewest connected clients (a lobby with thousands of
 * players weighs more than a hundred idle rooms), then the fewest rooms, then this node (no
 * round trip). Without statistics yet, this node.
 */
export function leastLoaded(nodes: readonly NodeLoad[], self: string): string {
  let best: NodeLoad | undefined;
  for (const node of nodes) {
    if (
      !best ||
      node.ccu < best.ccu ||
      (node.ccu === best.ccu && node.roomCount < best.roomCount) ||
      (node.ccu === best.ccu && node.roomCount === best.roomCount && node.processId === self)
    ) {
      best = node;
    }
  }
  return best?.processId ?? self;
}

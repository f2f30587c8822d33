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

/**
 * The cluster's loads for placing rooms, read from Redis at most once in `maxAgeMs`: each node
 * writes its own figures at most once a second (Colyseus), so reading them for every room created
 * (a round trip a seated game) mostly read the same figures again. This node's own figures are
 * always its live ones; a node absent from the read (not yet listed, or draining) stays absent.
 */
export class NodeLoads {
  private cached: { at: number; nodes: readonly NodeLoad[] } | undefined;
  private reading: Promise<readonly NodeLoad[]> | undefined;

  constructor(
    private readonly readAll: () => Promise<readonly NodeLoad[]>,
    private readonly self: () => NodeLoad,
    private readonly maxAgeMs = 500,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async current(): Promise<NodeLoad[]> {
    const fresh = this.cached && this.now() - this.cached.at < this.maxAgeMs ? this.cached.nodes : undefined;
    const nodes = fresh ?? (await this.read());
    const me = this.self();
    return nodes.map((node) => (node.processId === me.processId ? me : node));
  }

  /** One read at a time: rooms created while it is on its way share it. */
  private read(): Promise<readonly NodeLoad[]> {
    this.reading ??= this.readAll()
      .then((nodes) => {
        this.cached = { at: this.now(), nodes };
        return nodes;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }
}

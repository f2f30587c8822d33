import { matchMaker } from '@colyseus/core';
import type { Logger } from '../platform/logger.ts';
import { type Listings, processAnswers } from './listings.ts';
import { repeat } from './repeat.ts';

/** How often a keeper makes a full round when nothing calls for one sooner. */
export const FULL_ROUND_EVERY_MS = 10_000;

/**
 * A look this long after the one before means this node stalled: long enough for the others to
 * have taken it for dead (a ping unanswered for 2 s), and rebuilt its rooms elsewhere.
 */
export const STALL_MS = 3_000;

/** The presence key a node raises when it joins the cluster (see {@link announceNode}). */
const JOINS_KEY = 'cluster:joins';

/**
 * Tells every node's keepers that this node has joined: their next look makes a full round. A
 * node that joined and left between two looks of another node is never seen in the statistics
 * by it; its rooms' listings would wait for the round every 10 s.
 */
export async function announceNode(): Promise<void> {
  await matchMaker.presence.incr(JOINS_KEY);
}

/** What a {@link RoundGate} reads of the cluster; the matchmaker's by default. */
export interface GateReads {
  /** The nodes of the cluster's statistics (one small read: a field a node). */
  nodes(): Promise<string[]>;
  /** How many times nodes have joined the cluster ({@link announceNode}; one small read). */
  joins(): Promise<string>;
  /** Whether a node still answers (a node that does not is dropped, its listings with it). */
  answers(processId: string): Promise<boolean>;
  /** This node. */
  self(): string;
  now(): number;
}

/** How long one read of the nodes, the joins or a ping serves every keeper's look. */
const SHARED_LOOK_MS = 500;

/** `read`, shared by every caller within `ms` of the call that made it. */
function sharedFor<T>(ms: number, read: () => Promise<T>): () => Promise<T> {
  let at = Number.NEGATIVE_INFINITY;
  let last: Promise<T> | undefined;
  return () => {
    const now = performance.now();
    if (last === undefined || now - at >= ms) {
      at = now;
      last = read();
    }
    return last;
  };
}

const pings = new Map<string, () => Promise<boolean>>();

/**
 * The matchmaker's reads. The keepers of games, parties and tournaments look in the same second,
 * each through a gate of its own: one read of the nodes, of the joins and one ping a node serves
 * them all.
 */
const matchmakerReads: GateReads = {
  nodes: sharedFor(SHARED_LOOK_MS, async () => {
    const ids = (await matchMaker.stats.fetchAll()).map((s) => s.processId);
    // The pings of nodes gone from the statistics go with them.
    for (const id of pings.keys()) if (!ids.includes(id)) pings.delete(id);
    return ids;
  }),
  joins: sharedFor(SHARED_LOOK_MS, async () => String((await matchMaker.presence.get(JOINS_KEY)) ?? 0)),
  answers: (processId) => {
    let ping = pings.get(processId);
    if (!ping) {
      ping = sharedFor(SHARED_LOOK_MS, () => processAnswers(processId));
      pings.set(processId, ping);
    }
    return ping();
  },
  self: () => matchMaker.processId,
  now: () => performance.now(),
};

/**
 * Tells a keeper when its full round is due. A full round reads every unfinished game and every
 * room listing of the cluster: its cost grows with the cluster's rooms, and every node makes it.
 * Rooms lose their node only when a node goes, so between full rounds a look at the nodes is
 * enough: the cluster's statistics (a field a node), the count of nodes that joined, and a ping
 * to each other node. A full round is due at the first look; when a node came or went (or joined
 * since the last look, though gone again before it) or does not answer (the ping drops it and
 * its listings); while the last full round did not leave the cluster settled (it rebuilt or failed
 * to rebuild something, handed a copy over, failed, or found a listing of a node that has left
 * the statistics: a draining node leaves them before its rooms close); after this node stalled
 * ({@link STALL_MS}: its copies may be held elsewhere now); and every
 * {@link FULL_ROUND_EVERY_MS} whatever happens, for what no node's going explains (a room that
 * failed to open, a copy left here while this node was taken for dead and woke).
 */
export class RoundGate {
  private nodes: ReadonlySet<string> = new Set();
  private seen: string | undefined;
  private lastFull = Number.NEGATIVE_INFINITY;
  private lastLook = Number.POSITIVE_INFINITY;
  private unsettled = true;

  constructor(
    private readonly fullEveryMs = FULL_ROUND_EVERY_MS,
    private readonly reads: GateReads = matchmakerReads,
  ) {}

  /** Whether this round must be full. Until {@link settled} says otherwise, every round is. */
  async due(): Promise<boolean> {
    const { reads } = this;
    const looked = reads.now();
    const stalled = looked - this.lastLook > STALL_MS;
    this.lastLook = looked;
    const [ids, joins] = await Promise.all([reads.nodes(), reads.joins()]);
    const self = reads.self();
    const answers = await Promise.all(ids.filter((id) => id !== self).map((id) => reads.answers(id)));
    const key = `${joins} ${[...ids].sort().join(' ')}`;
    const changed = key !== this.seen;
    this.seen = key;
    this.nodes = new Set(ids);
    const due =
      this.unsettled ||
      changed ||
      stalled ||
      answers.includes(false) ||
      reads.now() - this.lastFull >= this.fullEveryMs;
    if (due) {
      // A round that throws leaves the cluster unsettled: the next one is full too.
      this.unsettled = true;
      this.lastFull = reads.now();
    }
    return due;
  }

  /**
   * After a full round: `acted` when it rebuilt, failed to rebuild or handed over anything;
   * `listings` are those it read.
   */
  settled(acted: boolean, listings: Listings): void {
    const self = this.reads.self();
    this.unsettled = acted || listings.some((l) => l.processId !== self && !this.nodes.has(l.processId));
  }
}

/** What a keeper's full round did, as its gate needs to know. */
export interface FullRound {
  /** The ids rebuilt into a room on this node. */
  restored: string[];
  /** Whether a room was missing on every node that answers, or a copy here gave way. */
  acted: boolean;
  /** The listings the round read. */
  listings: Listings;
}

/** What a keeper logs: the field its rebuilt ids go under, and its two messages. */
export interface KeeperWords {
  field: string;
  rebuilt: string;
  failed: string;
}

/**
 * Runs a keeper: every `intervalMs` a look, and `round` when `gate` says a full one is due; what a
 * round rebuilt, and a round that failed, are logged in `words`. Never two at once; returns the
 * function that stops it.
 */
export function keepRounds(
  intervalMs: number,
  gate: RoundGate,
  round: () => Promise<FullRound>,
  log: Pick<Logger, 'info' | 'error'>,
  words: KeeperWords,
): () => void {
  return repeat(
    intervalMs,
    async () => {
      if (!(await gate.due())) return;
      const { restored, acted, listings } = await round();
      gate.settled(acted, listings);
      if (restored.length > 0) log.info({ [words.field]: restored }, words.rebuilt);
    },
    (err) => log.error({ err }, words.failed),
  );
}

import type { Client, Room } from '@colyseus/core';
import { WebSocketClient } from '@colyseus/ws-transport';
import { roomSerializer } from './room-serializer.ts';

/** The parts of a room's schema serializer used here (Colyseus keeps them private to the room). */
interface PatchingSerializer {
  applyPatches(clients: Client[], state: unknown, timing?: unknown): boolean;
}

type Raw = WebSocketClient['raw'];

/** A frame held for a client, with what its send was given. */
interface Held {
  bytes: Uint8Array;
  options: Parameters<Raw>[1];
  done: Parameters<Raw>[2];
}

/**
 * The mark of bytes never written to again once sent, which the transport then sends as they are
 * (`server/platform/coalesced-writes.ts`, `SENT_AS_IS`: a global symbol, the same there).
 */
const SENT_AS_IS = Symbol.for('rookery.sent-as-is');

/** The pacing of one room: see {@link pacePatches}. */
class Pacer {
  /** Clients with frames held, in the order they were first held: the order they are written in. */
  private readonly held = new Map<Client, Held[]>();
  /** While a patch pass runs: the copy of each frame it sends, by the frame (clients share one). */
  private copies: Map<Uint8Array, Uint8Array> | undefined;
  private pumping = false;

  constructor(
    private readonly perTurn: number,
    private readonly write: (client: Client, frame: Held) => void,
  ) {}

  /** Clients whose frames are held, not yet written. */
  get waiting(): number {
    return this.held.size;
  }

  /** Runs a patch pass of `clients`, holding what it sends when they are more than a turn's worth. */
  pass<T>(clients: readonly Client[], run: () => T): T {
    if (clients.length <= this.perTurn && this.held.size === 0) return run();
    for (const client of clients) paced.set(client, this);
    this.copies = new Map();
    try {
      return run();
    } finally {
      this.copies = undefined;
      this.pump();
    }
  }

  /**
   * Whether a frame for `client` is held: every frame of a paced pass, and any frame for a client
   * with frames still held (so that nothing overtakes them).
   */
  holds(client: Client, bytes: Uint8Array, options: Held['options'], done: Held['done']): boolean {
    const queue = this.held.get(client);
    if (!this.copies && !queue) return false;
    // The encoder writes every patch into a buffer of its own, which the next pass overwrites:
    // one copy for every client of the pass, a Buffer (the WebSocket layer passes one on as it
    // is), marked as never written to again, so the transport does not copy it per connection.
    let copy = this.copies?.get(bytes);
    if (!copy) {
      const owned: Buffer & { [SENT_AS_IS]?: boolean } = Buffer.from(bytes);
      owned[SENT_AS_IS] = true;
      copy = owned;
      this.copies?.set(bytes, copy);
    }
    const frame = { bytes: copy, options, done };
    if (queue) queue.push(frame);
    else this.held.set(client, [frame]);
    return true;
  }

  private pump(): void {
    if (this.pumping || this.held.size === 0) return;
    this.pumping = true;
    setImmediate(() => this.turn());
  }

  /**
   * Writes the frames of the next `perTurn` clients, then yields to the event loop. A client
   * whose write throws loses the rest of its frames, not the others theirs: the pump goes on.
   */
  private turn(): void {
    let written = 0;
    for (const [client, frames] of this.held) {
      if (written++ >= this.perTurn) break;
      this.held.delete(client);
      try {
        for (const frame of frames) this.write(client, frame);
      } catch {
        // A socket that cannot take a frame is closing: Colyseus's leave follows.
      }
    }
    this.pumping = false;
    this.pump();
  }
}

/** The pacer of each client of a paced room, once a paced pass has included it. */
const paced = new WeakMap<Client, Pacer>();
let sendRaw: Raw | undefined;

/** Routes every client's frames through its room's pacer, if it has one (once per process). */
function routeThroughPacers(): Raw {
  if (sendRaw) return sendRaw;
  const proto = WebSocketClient.prototype;
  const raw = proto.raw;
  sendRaw = raw;
  proto.raw = function pacedRaw(this: WebSocketClient, bytes, options, done) {
    const pacer = paced.get(this);
    if (pacer?.holds(this, bytes, options, done)) return;
    raw.call(this, bytes, options, done);
  };
  return raw;
}

/**
 * Spreads a crowded room's patches over the event loop: a patch pass that sends to more than
 * `perTurn` clients writes to `perTurn` of them, then yields, and so on until all have it.
 *
 * Colyseus writes a patch to every client of the room within the pass, one socket write each: for
 * a lobby of 8,000, a change of the live games list held the node's event loop for 200–300 ms
 * of writes, and every move of every game on the node waited behind it. Here the frames of such a
 * pass are held (one copy of each distinct frame), and written `perTurn` clients a turn of the
 * event loop (`setImmediate`), so a game's move waits for a turn's writes at most. Until a client's
 * held frames are written, whatever else it is sent (a message, the next patch) is held behind
 * them: a client receives everything in the order it was sent. A pass to fewer clients, when none
 * is waiting, is Colyseus's own. Returns the room's pacer (`waiting`: clients not yet written).
 */
export function pacePatches(room: Room, perTurn: number): { readonly waiting: number } {
  const serializer = roomSerializer<PatchingSerializer>(room);
  if (typeof serializer?.applyPatches !== 'function') {
    throw new Error('the room state serializer has no patch pass to pace');
  }
  if (perTurn < 1) throw new RangeError('a turn writes to one client at least');
  const raw = routeThroughPacers();
  const pacer = new Pacer(perTurn, (client, { bytes, options, done }) =>
    raw.call(client, bytes, options, done),
  );
  const applyPatches = serializer.applyPatches.bind(serializer);
  serializer.applyPatches = (clients, state, timing) =>
    pacer.pass(clients, () => applyPatches(clients, state, timing));
  return pacer;
}

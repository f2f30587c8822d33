import type { Duplex } from 'node:stream';

/**
 * Makes every write to `socket` within one turn of the event loop leave in one system call, and
 * takes a copy of each chunk's bytes as it is written.
 *
 * A move is answered with three WebSocket frames: the patch to each player and the mover's
 * acknowledgement. They are written in the same turn, but each frame went to the kernel in a
 * write of its own, and on the server those writes were the largest single cost of a move. Here
 * the first write of a turn corks the socket and the turn's end (`process.nextTick`, after the
 * microtasks that finish the move's handling) uncorks it, so the mover's patch and its
 * acknowledgement share one write, and its client one read. Nothing waits longer than the turn
 * that wrote it. Closing the socket (`end`) sends what is corked first.
 *
 * The copy: the state's encoder writes every patch into one buffer of its own and hands the
 * transport a view of it, which the WebSocket layer passes on as it is. A write the kernel does
 * not take at once (here every write until the turn ends; without coalescing, every write to a
 * client too slow to read) keeps that view, and the next patch would overwrite its bytes before
 * they are sent. A frame is a few hundred bytes; copying it costs far less than the write saved.
 * Bytes marked {@link SENT_AS_IS} are the exception: they are never written to again.
 *
 * With `limit`, a connection whose reader falls behind is cut: what the kernel does not take is
 * held in the process, for as long as the reader takes, and a client that stops reading (a
 * frozen tab, a starved process, a link far slower than the room's pace) would hold the node's
 * memory without bound while everyone else's frames keep coming. Once a turn's writes leave more
 * than `limit.maxHeldBytes` held, the socket is destroyed: the client sees its connection drop
 * (1006) and reconnects as after any drop, and is sent the room's state afresh.
 */
/**
 * The mark of bytes never written to again once sent: a frame the room's pacer holds for thousands
 * of connections (`rooms/actor/paced-patches.ts`, which makes that one copy). A chunk carrying it
 * is sent as it is: a copy for each connection was the lobby's whole patch again per connection
 * (some 20 MB at 8,000), young garbage held until the writes of the pass were done. A global
 * symbol, so that the rooms that mark and the transport that reads need not import each other.
 */
export const SENT_AS_IS = Symbol.for('rookery.sent-as-is');

/** When a connection's reader is too slow to keep: see {@link coalesceWrites}. */
export interface SlowReaderLimit {
  /** The most bytes the kernel has not taken that a connection may hold after a turn's writes. */
  maxHeldBytes: number;
  /** Told the bytes held, just before the connection is cut. */
  onCut(heldBytes: number): void;
}

export function coalesceWrites(socket: Duplex, limit?: SlowReaderLimit): void {
  const write = socket.write;
  let corked = false;
  const flush = () => {
    corked = false;
    socket.uncork();
    const held = socket.writableLength;
    if (limit && held > limit.maxHeldBytes && !socket.destroyed) {
      limit.onCut(held);
      socket.destroy();
    }
  };
  socket.write = function coalesced(this: Duplex, chunk: unknown, ...rest: unknown[]) {
    if (!corked && !socket.destroyed) {
      corked = true;
      socket.cork();
      process.nextTick(flush);
    }
    const owned =
      chunk instanceof Uint8Array && (chunk as { [SENT_AS_IS]?: boolean })[SENT_AS_IS] !== true
        ? Buffer.from(chunk)
        : chunk;
    return (write as (...args: unknown[]) => boolean).call(this, owned, ...rest);
  } as Duplex['write'];
}

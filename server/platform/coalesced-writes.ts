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
 */
export function coalesceWrites(socket: Duplex): void {
  const write = socket.write;
  let corked = false;
  const flush = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = function coalesced(this: Duplex, chunk: unknown, ...rest: unknown[]) {
    if (!corked && !socket.destroyed) {
      corked = true;
      socket.cork();
      process.nextTick(flush);
    }
    const owned = chunk instanceof Uint8Array ? Buffer.from(chunk) : chunk;
    return (write as (...args: unknown[]) => boolean).call(this, owned, ...rest);
  } as Duplex['write'];
}

/**
 * The baseline of `npm run bench:lobby`: a plain `ws` server that holds every connection it gets
 * and greets each with one small text message (the count of connections), so a client knows it is
 * in. No state, no rooms, no auth: what holding a socket costs.
 *
 * Started by the bench (`loadtest/support.ts` `startHelper`) with the port to listen on
 * (127.0.0.1); it reports `{ type: 'listening' }` over IPC. SIGUSR2 runs a full GC when the
 * process was started with `--expose-gc`.
 */
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('usage: ws-holder.ts <port>\n');
  process.exit(2);
}
process.on('SIGUSR2', () => (globalThis as { gc?: () => void }).gc?.());

const server = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, backlog: 2048 });
server.on('connection', (socket) => {
  socket.on('error', () => undefined);
  socket.send(JSON.stringify({ online: server.clients.size }));
});
server.on('listening', () => process.send?.({ type: 'listening' }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

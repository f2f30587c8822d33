/**
 * The baselines of `npm run bench:chess`: a plain `ws` server that pairs two connections by the
 * `pair` query parameter of their URL and forwards every message of one to the other, unchanged.
 * No rules, no state, no storage: what moving a message from one player to the other costs.
 *
 * Given a PostgreSQL URL as well, it first appends each message to a table (one single-row
 * INSERT, keyed by pair and sequence number, from a pool of 10 connections like the server's) and
 * forwards it once the insert has committed: the cost of a durable log without anything else.
 *
 * Started by the bench as a child process (`loadtest/support.ts` `startHelper`) with the port to
 * listen on (127.0.0.1) and the optional database URL as arguments; it reports
 * `{ type: 'listening' }` over IPC.
 */
import pg from 'pg';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const databaseUrl = process.argv[3];
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('usage: ws-relay.ts <port> [postgres-url]\n');
  process.exit(2);
}

const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 10 }) : undefined;
pool?.on('error', () => undefined);
if (pool) {
  await pool.query(
    `create table if not exists relay_moves (
       pair text not null, seq int not null, payload jsonb not null, at timestamptz not null,
       primary key (pair, seq))`,
  );
}

const pairs = new Map<string, WebSocket[]>();
/** The last sequence number appended for each pair (with a database). */
const sequences = new Map<string, number>();
const server = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: false,
  maxPayload: 16 * 1024,
});

server.on('connection', (socket, request) => {
  const id = new URL(request.url ?? '/', 'http://relay').searchParams.get('pair') ?? '';
  let pair = pairs.get(id);
  if (!pair) {
    pair = [];
    pairs.set(id, pair);
  }
  if (pair.length >= 2) {
    socket.close(4000, 'pair full');
    return;
  }
  const mates = pair;
  mates.push(socket);
  const forward = (data: RawData, isBinary: boolean) => {
    const other = mates[0] === socket ? mates[1] : mates[0];
    other?.send(data, { binary: isBinary });
  };
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (!pool) return forward(data, isBinary);
    const seq = (sequences.get(id) ?? 0) + 1;
    sequences.set(id, seq);
    pool
      .query('insert into relay_moves (pair, seq, payload, at) values ($1, $2, $3, now())', [
        id,
        seq,
        data.toString(),
      ])
      .then(
        () => forward(data, isBinary),
        (err: Error) => process.stderr.write(`relay: append failed: ${err.message}\n`),
      );
  });
  socket.on('close', () => {
    const index = mates.indexOf(socket);
    if (index >= 0) mates.splice(index, 1);
    if (mates.length === 0 && pairs.get(id) === mates) {
      pairs.delete(id);
      sequences.delete(id);
    }
  });
  socket.on('error', () => undefined);
});

server.on('listening', () => process.send?.({ type: 'listening' }));
server.on('error', (err) => {
  process.send?.({ type: 'failed', message: err.message });
  process.exit(1);
});
process.on('SIGTERM', () => {
  for (const client of server.clients) client.terminate();
  server.close(() => {
    void (pool ? pool.end() : Promise.resolve()).finally(() => process.exit(0));
  });
});
process.on('disconnect', () => process.exit(0));

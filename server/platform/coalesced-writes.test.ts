import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { coalesceWrites, SENT_AS_IS, type SlowReaderLimit } from './coalesced-writes.ts';

/** A loopback connection: the server's end (coalesced) and what the client end receives. */
async function connection(limit?: SlowReaderLimit) {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  const [socket] = (await once(server, 'connection')) as [net.Socket];
  coalesceWrites(socket, limit);
  const received: Buffer[] = [];
  client.on('data', (chunk: Buffer) => received.push(chunk));
  const text = () => Buffer.concat(received).toString();
  const close = async () => {
    client.destroy();
    socket.destroy();
    server.close();
    await once(server, 'close');
  };
  return { socket, client, text, close };
}

/** More than the kernel's buffers hold: what is written after it waits in the socket, not the kernel. */
const FILLER_BYTES = 16 * 1024 * 1024;

/**
 * Everything a client receives when, its reader stalled behind {@link FILLER_BYTES} of filler,
 * `write` writes to the coalesced socket and the socket is then ended.
 */
async function sentWhileStalled(write: (socket: net.Socket) => unknown): Promise<string> {
  const c = await connection();
  try {
    c.client.pause();
    c.socket.write(Buffer.alloc(FILLER_BYTES, '.'));
    await nextTurn();
    await write(c.socket);
    c.socket.end();
    c.client.resume();
    await once(c.client, 'end');
    return c.text();
  } finally {
    await c.close();
  }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await nextTurn();
  assert.ok(check(), 'the condition never held');
}

describe('coalesced socket writes', () => {
  it('holds the writes of one turn and sends them together, in order, at its end', async () => {
    const c = await connection();
    try {
      assert.ok(c.socket.write('patch;'));
      c.socket.write('reply;');
      // Both are still in the socket's buffer: nothing went to the kernel yet.
      assert.equal(c.socket.writableCorked, 1);
      assert.equal(c.socket.writableLength, 'patch;reply;'.length);
      await new Promise<void>((resolve) => process.nextTick(resolve));
      assert.equal(c.socket.writableCorked, 0);
      await until(() => c.text() === 'patch;reply;');
    } finally {
      await c.close();
    }
  });

  it('writes of a later turn are held and sent on their own', async () => {
    const c = await connection();
    try {
      c.socket.write('a');
      await nextTurn();
      assert.equal(c.socket.writableCorked, 0);
      c.socket.write('b');
      assert.equal(c.socket.writableCorked, 1);
      await until(() => c.text() === 'ab');
      assert.equal(c.socket.writableCorked, 0);
    } finally {
      await c.close();
    }
  });

  it('takes the bytes of a chunk when it is written: the writer may reuse its buffer at once', async () => {
    const text = await sentWhileStalled(async (socket) => {
      const shared = Buffer.from('first patch');
      socket.write(shared.subarray(0, 5));
      shared.write('xxxxx');
      await nextTurn();
      socket.write(shared.subarray(0, 5));
      shared.write('yyyyy');
    });
    assert.equal(text.length, FILLER_BYTES + 10);
    assert.equal(text.slice(FILLER_BYTES), 'firstxxxxx');
  });

  it('sends bytes marked as never written again as they are, without a copy', async () => {
    const text = await sentWhileStalled((socket) => {
      // The mark's promise is broken here on purpose: a change after the write shows in what is
      // sent only when the chunk itself, not a copy, waits in the socket.
      const frame: Buffer & { [SENT_AS_IS]?: boolean } = Buffer.from('held frame');
      frame[SENT_AS_IS] = true;
      socket.write(frame);
      frame.write('HELD');
    });
    assert.equal(text.slice(FILLER_BYTES), 'HELD frame');
  });

  it('sends what is held when the socket is ended in the same turn', async () => {
    const c = await connection();
    try {
      c.socket.write('last words');
      c.socket.end();
      await once(c.client, 'end');
      assert.equal(c.text(), 'last words');
    } finally {
      await c.close();
    }
  });

  describe('with a limit of what a slow reader may hold', () => {
    const MAX = 256 * 1024;
    /** A connection cut past MAX held bytes, and what it was told when cut. */
    async function limited() {
      const cuts: number[] = [];
      const c = await connection({ maxHeldBytes: MAX, onCut: (held) => cuts.push(held) });
      return { ...c, cuts };
    }

    it('cuts a connection whose reader stopped once more than the limit is held, and says how much', async () => {
      const c = await limited();
      try {
        c.client.pause();
        const frame = Buffer.alloc(16 * 1024, '.');
        // Turn after turn of frames the reader does not take: the kernel's buffers fill first.
        for (let turn = 0; turn < 2_000 && !c.socket.destroyed; turn++) {
          c.socket.write(frame);
          await nextTurn();
        }
        assert.ok(c.socket.destroyed, 'the slow reader was cut');
        assert.equal(c.cuts.length, 1);
        assert.ok(c.cuts[0]! > MAX && c.cuts[0]! <= MAX + frame.length, `${c.cuts[0]} bytes held when cut`);
      } finally {
        await c.close();
      }
    });

    it('keeps a reader that takes what it is sent, however much goes through', async () => {
      const c = await limited();
      try {
        const frame = Buffer.alloc(64 * 1024, '.');
        let sent = 0;
        for (let turn = 0; turn < 400; turn++) {
          c.socket.write(frame);
          sent += frame.length;
          // A reader keeping up: the next burst goes once what was held has left.
          await until(() => c.socket.writableLength === 0);
        }
        await until(() => c.text().length === sent);
        assert.equal(c.socket.destroyed, false);
        assert.deepEqual(c.cuts, []);
      } finally {
        await c.close();
      }
    });
  });
});

import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { PingRounds, SpreadPingTransport } from './spread-pings.ts';

describe('spread keep-alive pings', () => {
  it('visits every member once a round, a slice a tick, the ones that came meanwhile included', () => {
    const members = new Set(Array.from({ length: 10 }, (_, i) => i));
    const rounds = new PingRounds(members, 4);
    assert.deepEqual(rounds.next(), [0, 1, 2]);
    members.delete(4);
    members.add(10);
    assert.deepEqual(rounds.next(), [3, 5, 6]);
    assert.deepEqual(rounds.next(), [7, 8, 9]);
    // The round's last slice is short; the next tick starts a new round from the first member.
    assert.deepEqual(rounds.next(), [10]);
    assert.deepEqual(rounds.next(), [0, 1, 2]);
  });

  it('pings nobody while nobody is connected, and the first to come at the next tick', () => {
    const members = new Set<string>();
    const rounds = new PingRounds(members, 50);
    assert.deepEqual(rounds.next(), []);
    members.add('a');
    assert.deepEqual(rounds.next(), ['a']);
  });

  it('closes a connection that answers no ping and keeps one that answers', async function () {
    this.timeout(20_000);
    // The transport's keep-alive on real sockets. A connection is held open without a room, with
    // the count of unanswered pings that Colyseus's own `onConnection` keeps.
    class HeldOpen extends SpreadPingTransport {
      protected override async onConnection(raw: WebSocket & { pingCount: number }): Promise<void> {
        raw.pingCount = 0;
        raw.on('pong', () => {
          raw.pingCount = 0;
        });
      }
    }
    const server = http.createServer();
    new HeldOpen({ server, pingInterval: 300, pingMaxRetries: 2 });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const silent = new WebSocket(url, { autoPong: false });
    const answering = new WebSocket(url);
    // Counted from the socket's start: one open well before the other may be pinged meanwhile.
    let pings = 0;
    answering.on('ping', () => pings++);
    await Promise.all([once(silent, 'open'), once(answering, 'open')]);
    try {
      const [code] = (await once(silent, 'close')) as [number];
      assert.equal(code, 1006, 'ended without a close frame: terminated');
      assert.ok(pings >= 2, `the answering connection was pinged too (${pings})`);
      assert.equal(answering.readyState, WebSocket.OPEN);
    } finally {
      answering.terminate();
      silent.terminate();
      server.close();
      server.closeAllConnections();
    }
  });
});

import { WebSocketTransport } from '@colyseus/ws-transport';
import type WebSocket from 'ws';

/**
 * The connections to ping on each tick of a round, a slice at a time: over `slices` ticks every
 * connection is visited once (those that come in meanwhile too, as a `Set` iterates them), and a
 * tick visits at most `ceil(size / slices)`.
 */
export class PingRounds<T> {
  private round: Iterator<T> | null = null;

  constructor(
    private readonly members: Set<T>,
    private readonly slices: number,
  ) {}

  /** The next slice of the round; a new round starts on the tick after the last one ended. */
  next(): T[] {
    if (!this.round) this.round = this.members.values();
    const take = Math.ceil(this.members.size / this.slices);
    const slice: T[] = [];
    while (slice.length < take) {
      const step = this.round.next();
      if (step.done) {
        this.round = null;
        break;
      }
      slice.push(step.value);
    }
    return slice;
  }
}

type PingedSocket = WebSocket & { pingCount: number };

/** A ping to a connection closing meanwhile fails; its close is handled where it is heard. */
const ignore = () => undefined;

/**
 * Colyseus's WebSocket transport, with its keep-alive pings spread over the interval.
 *
 * Colyseus pings every connection in one synchronous pass each interval: at 10,000 connections
 * that pass held the event loop for a few hundred milliseconds every 10 s, and every move and join
 * arriving then waited behind it. Here the interval is cut into `slices` ticks and each tick pings
 * its share, so a connection is still pinged once an interval, and one that missed `pingMaxRetries`
 * pings in a row is still closed, at its turn.
 */
export class SpreadPingTransport extends WebSocketTransport {
  /** Ticks a ping round is cut into. */
  static readonly SLICES = 50;

  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    const rounds = new PingRounds(this.wss.clients as Set<PingedSocket>, SpreadPingTransport.SLICES);
    this.pingInterval = setInterval(() => {
      for (const client of rounds.next()) {
        if (client.pingCount >= pingMaxRetries) {
          client.terminate();
          continue;
        }
        client.pingCount++;
        client.ping(undefined, undefined, ignore);
      }
    }, pingInterval / SpreadPingTransport.SLICES);
  }
}

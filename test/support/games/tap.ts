import { Client, Room } from '@colyseus/sdk';
import type { MatchState } from '../../../schema/match.state.ts';

/**
 * Every byte each SDK room receives, from its first (the full state) to its last: the SDK's
 * message handler is wrapped once for the whole run, so nothing a client is sent escapes a test.
 */
const received = new WeakMap<object, Buffer[]>();
type Receiver = { onMessageCallback(event: { data: ArrayBuffer | Uint8Array }): void };
const proto = Room.prototype as unknown as Receiver;
const original = proto.onMessageCallback;
proto.onMessageCallback = function (this: object, event) {
  const chunks = received.get(this) ?? [];
  chunks.push(Buffer.from(event.data as ArrayBuffer));
  received.set(this, chunks);
  return original.call(this as Receiver, event);
};

/** Everything `room` has received so far, as one buffer. */
export function bytesOf(room: Room): Buffer {
  return Buffer.concat(received.get(room) ?? []);
}

/** What a seat is sent of a game with hidden information (the high card test game). */
export interface SeatView {
  status: string;
  turn: number;
  seat?: number;
  card?: string;
  choices: Array<string | null>;
  termination: string | null;
  results: Array<{ seat: number; score: number; placing: number }>;
}

/** One SDK connection to a match room, with the views its seat was sent. */
export interface Seated {
  room: Room<MatchState>;
  views: SeatView[];
  closed: Promise<number>;
  /** The spectator's view, from the synced state. */
  shown(): SeatView;
}

/** Joins (or creates) a match room of `game` with `token` (empty: anonymous). */
export async function seat(
  url: string,
  token: string,
  how: { game: string; roomId?: string; options?: Record<string, unknown> },
): Promise<Seated> {
  const client = new Client(url);
  client.auth.token = token;
  const options = how.options ?? {};
  const room = how.roomId
    ? await client.joinById<MatchState>(how.roomId, options)
    : await client.create<MatchState>(how.game, options);
  return watch(room);
}

export function watch(room: Room<MatchState>): Seated {
  const views: SeatView[] = [];
  room.onMessage('view', (view: SeatView) => views.push(view));
  for (const type of ['time', 'error', 'rematch']) room.onMessage(type, () => undefined);
  const closed = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
  return { room, views, closed, shown: () => JSON.parse(room.state.view || '{}') as SeatView };
}

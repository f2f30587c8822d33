import { Client, Room } from '@colyseus/sdk';
import type { MatchState } from '../../../schema/match.state.ts';

/**
 * Every byte each SDK room receives, from its first (the full state) to its last: the SDK's
 * message handler is wrapped once for the whole run, so nothing a client is sent escapes a test.
 */
/** One message a room received: its bytes, the messages decoded from it, the state's view after it. */
export interface Frame {
  bytes: Buffer;
  messages: Array<{ type: unknown; message: unknown }>;
  /** `state.view` once the SDK has applied the bytes (a `MatchState` room). */
  view?: string;
}

const received = new WeakMap<object, Frame[]>();
type Receiver = {
  onMessageCallback(event: { data: ArrayBuffer | Uint8Array }): void;
  dispatchMessage(type: unknown, message: unknown): void;
  serializer?: { getState(): { view?: unknown } | undefined };
};
const proto = Room.prototype as unknown as Receiver;
const original = proto.onMessageCallback;
const dispatch = proto.dispatchMessage;
proto.onMessageCallback = function (this: Receiver, event) {
  const frames = received.get(this) ?? [];
  const frame: Frame = { bytes: Buffer.from(event.data as ArrayBuffer), messages: [] };
  frames.push(frame);
  received.set(this, frames);
  const result = original.call(this, event);
  // The serializer is there once the room is joined (not for a refused or closing connection).
  const view = this.serializer?.getState()?.view;
  if (typeof view === 'string') frame.view = view;
  return result;
};
proto.dispatchMessage = function (this: Receiver, type, message) {
  received.get(this)?.at(-1)?.messages.push({ type, message });
  return dispatch.call(this, type, message);
};

/** Everything `room` has received so far, as one buffer. */
export function bytesOf(room: Room): Buffer {
  return Buffer.concat((received.get(room) ?? []).map((f) => f.bytes));
}

/** Everything `room` has received so far, message by message, with what the client decoded of each. */
export function framesOf(room: Room): Frame[] {
  return received.get(room) ?? [];
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

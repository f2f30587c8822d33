import type { Client } from '@colyseus/core';
import type { AccessTokens, LogTrail, RoomLog, Tracing } from '../../server/services/ports.ts';
import type { Checked } from '../rules/refusal.ts';
import type { ServerKey } from '../shared/server-key.ts';
import type { StrikePolicy } from './strikes.ts';

/** What every actor room needs from the server, whatever else its own deps hold. */
export interface ActorDeps {
  tokens: AccessTokens;
  log: RoomLog;
  /** Server time, ms since the epoch. */
  now: () => number;
  /** Only room options carrying it are taken as given by a server. */
  serverKey: ServerKey;
  /** Puts the room's (and the sender's) ids on every log line of a message's or timer's work. */
  trail?: LogTrail;
  /** A span per message heard; none when tracing is off. */
  tracing?: Tracing;
}

/** The close codes the shell uses, from the room's vocabulary. */
export interface ShellCloseCodes {
  /** Too many refused messages. */
  abuse: number;
  /** Another copy of the room took over: look it up again. */
  moved: number;
}

/** How a room hears its clients' messages (see {@link ActorRoom.listen}). */
export interface Listening<Sender> {
  /** Who a client is to the handlers, or why it may not send anything. */
  sender(client: Client): Checked<Sender>;
  /** How a handler runs: one step of the actor (`schedule.serially`), or at once (the default). */
  run?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Without one, refusals never close a connection. */
  strikes?: StrikePolicy;
}

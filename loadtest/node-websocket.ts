/**
 * Makes the SDK's clients in this process speak over `ws` rather than Node's built-in WebSocket.
 *
 * `@colyseus/sdk` takes `globalThis.WebSocket` when there is one (on Node 22, the WebSocket of
 * its bundled undici) and `ws` only otherwise, and it reads it once, when it is first loaded. A
 * load generator's clients spend most of their CPU receiving frames, and undici's WebSocket costs
 * more a frame (it copies each message into a fresh `ArrayBuffer` on its way through its web
 * streams): at 1,000 chess games the player processes spent 401–494 µs a move over `ws` against
 * 505–516 µs over undici, lower in each of three alternated pairs (`docs/perf.md`, "The load
 * generators' clients over `ws`"). The relay's players of `chess-players.ts` open their sockets
 * with the global too, so the baseline's clients and the SDK's are the same WebSocket.
 * `lobby-client-memory.ts` leaves the global alone: it measures the SDK's clients as a Node
 * program gets them.
 *
 * Import it first, before anything that loads the SDK: ES modules run their imports in order.
 */
import { WebSocket } from 'ws';

Object.defineProperty(globalThis, 'WebSocket', { value: WebSocket, writable: true, configurable: true });

/**
 * The vocabulary of match rooms, whatever their game (chess re-exports it under its own names).
 */

/** WebSocket close codes of a match room (4000–4999 are the application's). */
export const MATCH_CLOSE_CODES = {
  /** Too many refused or malformed messages. */
  abuse: 4400,
  /** The same player joined from another connection, which took the seat. */
  replaced: 4409,
  /** The game moved to another process (or its log was extended elsewhere): look it up again. */
  moved: 4410,
  /** A match whose seats were held for named players: someone did not come in time. */
  cancelled: 4408,
} as const;

/** Messages every match room sends besides the game's state. */
export const MATCH_SERVER_MESSAGES = [
  /** `{ code, message, request? }`: the request was refused; nothing changed. */
  'error',
  /** Every seat agreed to a rematch: join that room by id (chess: `{ roomId, color }`). */
  'rematch',
  /** `{ serverTime }` on joining: the server's clock, to count clocks down locally. */
  'time',
  /** In a game with hidden information: what this seat may see, after each change. */
  'view',
] as const;

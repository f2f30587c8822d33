import { MapSchema, Schema, type } from '@colyseus/schema';

/**
 * The state of a match room of a game without a schema of its own: the seats as the room knows
 * them, and the game as a spectator may see it, in JSON (`view`). What only a seat may see never
 * comes here: it is sent to that seat alone, as the `view` message.
 */
export class MatchSeatState extends Schema {
  /** Empty for a bot. */
  @type('string') userId = '';
  @type('string') name = '';
  /** The bot's level; empty for a person. */
  @type('string') bot = '';
  @type('boolean') connected = false;
  /** Server time (ms) since which the player is gone; 0 while connected. */
  @type('number') goneSince = 0;
  @type('number') rating = 0;
  @type('boolean') provisional = false;
  /** Set when a rated game ends: the rating change. */
  @type('number') ratingDiff = 0;
}

export class MatchState extends Schema {
  /** Also the room id. */
  @type('string') gameId = '';
  /** The registered game's name. */
  @type('string') game = '';
  /** The game's options, in JSON. */
  @type('string') options = '';
  @type('string') pool = '';
  @type('boolean') rated = false;
  /** How long a gone player keeps the seat, ms. */
  @type('number') graceMs = 0;
  @type('number') spectators = 0;
  /** The seat that offered a rematch after the end; -1 when none. */
  @type('number') rematchOffer = -1;
  /** The game as a spectator sees it, in JSON. */
  @type('string') view = '';
  /** Keyed by seat number (`"0"`, `"1"`, …). */
  @type({ map: MatchSeatState }) seats = new MapSchema<MatchSeatState>();
  /** Since when staff have paused the game (server time; nothing falls due); 0 while it runs. */
  @type('number') pausedAt = 0;
}

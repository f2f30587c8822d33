import { Schema, type } from '@colyseus/schema';

/** The synced state of a `queue` room: the queue's own figures (each player's are messages). */
export class QueueState extends Schema {
  @type('string') queue = '';
  @type('string') label = '';
  /** Players waiting (tickets of parties count each member). */
  @type('number') players = 0;
  @type('number') tickets = 0;
  /** Median wait of recent matches, ms; 0 while there is no history. */
  @type('number') medianWaitMs = 0;
}

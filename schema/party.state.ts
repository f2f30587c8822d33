import { MapSchema, Schema, type } from '@colyseus/schema';

export class PartyMemberState extends Schema {
  @type('string') userId = '';
  @type('string') name = '';
  @type('boolean') guest = false;
  @type('boolean') ready = false;
  @type('boolean') connected = true;
  /** Server time the member joined: the longest-standing member leads when the leader leaves. */
  @type('number') joinedAt = 0;
}

/** Where the party stands with a queue. */
export class PartyQueueState extends Schema {
  /** 'idle', 'searching', 'matched' (seats offered), 'playing'. */
  @type('string') status = 'idle';
  @type('string') queue = '';
  @type('number') bandMin = 0;
  @type('number') bandMax = 0;
  @type('number') poolSize = 0;
  /** Expected total wait from entering the queue, ms; 0 while unknown. */
  @type('number') estimatedWaitMs = 0;
  @type('number') waitedMs = 0;
  /** The match room, while matched or playing. */
  @type('string') roomId = '';
}

/** One member's own line of the party's last result: the seat they played and how it did. */
export class PartyMemberResultState extends Schema {
  @type('number') seat = 0;
  @type('number') score = 0;
  @type('number') placing = 0;
  @type('number') ratingDiff = 0;
}

/**
 * How the party's last match ended, for its own seat (`PartyResult` has every seat's). Empty
 * (`roomId` '') until the party has finished a match.
 */
export class PartyResultState extends Schema {
  @type('string') roomId = '';
  @type('string') queue = '';
  @type('string') termination = '';
  /** The party's seat in the match. */
  @type('number') seat = 0;
  @type('number') score = 0;
  /** 1 is first (ties share it); 0 when the match has no result (aborted). */
  @type('number') placing = 0;
  /** The seat's rating change; 0 in a casual match. */
  @type('number') ratingDiff = 0;
  /** userId → that member's own seat and result (at a table each member has a seat). */
  @type({ map: PartyMemberResultState }) members = new MapSchema<PartyMemberResultState>();
}

/** The synced state of a `party` room. Its id is also its invite code. */
export class PartyState extends Schema {
  @type('string') partyId = '';
  @type('string') leaderId = '';
  @type('number') maxSize = 0;
  @type({ map: PartyMemberState }) members = new MapSchema<PartyMemberState>();
  @type(PartyQueueState) queue = new PartyQueueState();
  @type(PartyResultState) lastResult = new PartyResultState();
}

import { ArraySchema, MapSchema, Schema, type, view } from '@colyseus/schema';

/**
 * The state of the `lobby` room, delta-synced to every connection. Fields only: the room keeps
 * it up to date as users come and go, seeks are posted and taken, games start and end anywhere
 * in the cluster, and people chat. Every number has a default, or it would never sync.
 *
 * The online list, the seeks and the chat lines are filtered per connection (`@view`): a user
 * blocked by someone is not sent that someone's entries.
 */

/** A user with at least one lobby connection. */
export class LobbyUserState extends Schema {
  @type('string') userId = '';
  @type('string') name = '';
  @type('boolean') guest = false;
  /** `idle` or `playing`. */
  @type('string') status = 'idle';
  /** While playing: the game to watch (the match's room id); empty otherwise. */
  @type('string') gameId = '';
  /** While playing: which game it is (`chess`, `golf`), so a client knows where to watch it. */
  @type('string') game = '';
}

/** An open challenge anyone (who fits) may accept. */
export class SeekState extends Schema {
  @type('string') id = '';
  /** The game (`chess`, `golf`). */
  @type('string') game = 'chess';
  /** The game's options but chess's clock, JSON (golf: holes, house rules…); `{}` for chess. */
  @type('string') options = '{}';
  /** Seats at the table, the poster's included (2 for chess). */
  @type('number') seats = 2;
  /** Seats taken by computer players. */
  @type('number') computers = 0;
  /** The names of those who accepted so far, waiting for the table to fill. */
  @type(['string']) joined = new ArraySchema<string>();
  @type('string') userId = '';
  @type('string') name = '';
  @type('boolean') guest = false;
  /** The poster's rating in the seek's category; 0 for a guest. */
  @type('number') rating = 0;
  @type('boolean') provisional = false;
  /** Chess: `"3+2"`; empty for other games. */
  @type('string') timeControl = '';
  /** The rating pool: chess's bullet, blitz, rapid or classical; `golf`. */
  @type('string') category = '';
  @type('boolean') rated = false;
  /** The accepted range of the accepter's rating; 0 means no bound. */
  @type('number') ratingMin = 0;
  @type('number') ratingMax = 0;
  /** Server time of posting, ms. */
  @type('number') createdAt = 0;
}

export class LiveGamePlayerState extends Schema {
  @type('string') userId = '';
  @type('string') name = '';
  /** 0 for the bot and for guests. */
  @type('number') rating = 0;
  @type('boolean') provisional = false;
  /** The bot's level; empty for a person. */
  @type('string') bot = '';
}

/** A game being played somewhere in the cluster; spectate it by joining `gameId`. */
export class LiveGameState extends Schema {
  @type('string') gameId = '';
  /** The game played (`chess`, `golf`): which page shows it. */
  @type('string') game = '';
  /** Chess's clock; empty for other games. */
  @type('string') timeControl = '';
  @type('string') category = '';
  @type('boolean') rated = false;
  /** Server time the game started, ms. */
  @type('number') startedAt = 0;
  /** Every seat, in seat order (chess: white, then black; a table: one per seat). */
  @type([LiveGamePlayerState]) players = new ArraySchema<LiveGamePlayerState>();
  /** The first two seats again (chess's white and black), as clients before `players` read them. */
  @type(LiveGamePlayerState) white = new LiveGamePlayerState();
  @type(LiveGamePlayerState) black = new LiveGamePlayerState();
}

export class ChatLineState extends Schema {
  /** Increasing, one per line accepted by this lobby. */
  @type('number') id = 0;
  @type('string') userId = '';
  @type('string') name = '';
  @type('string') text = '';
  /** Server time, ms. */
  @type('number') at = 0;
}

export class LobbyState extends Schema {
  /** Users with at least one connection (one user in several tabs counts once). */
  @type('number') onlineCount = 0;
  /** Keyed by user id. */
  @view() @type({ map: LobbyUserState }) online = new MapSchema<LobbyUserState>();
  /** Keyed by seek id. */
  @view() @type({ map: SeekState }) seeks = new MapSchema<SeekState>();
  /** Keyed by game id: the most recently started live games, at most `LOBBY_GAMES_SHOWN`. */
  @type({ map: LiveGameState }) games = new MapSchema<LiveGameState>();
  /** Every match being played in the cluster, listed in `games` or not. */
  @type('number') gamesCount = 0;
  /** The most recent lines, oldest first. */
  @view() @type({ array: ChatLineState }) chat = new ArraySchema<ChatLineState>();
}

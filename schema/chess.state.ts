import { ArraySchema, MapSchema, Schema, type } from '@colyseus/schema';

/**
 * The state of a `chess` room, delta-synced to every client (players and spectators). Fields only:
 * the room projects the rules' game into it after each accepted event. Every number has a
 * default, or it would never sync.
 */

/** One side of the board. */
export class ChessPlayerState extends Schema {
  /** Empty for the bot. */
  @type('string') userId = '';
  @type('string') name = '';
  /** `white` or `black`. */
  @type('string') color = '';
  /** The rating in this game's category before the game (0 for the bot and in casual bot games). */
  @type('number') rating = 0;
  @type('boolean') provisional = false;
  /** The bot's level; empty for a person. */
  @type('string') bot = '';
  @type('boolean') connected = false;
  /** Server time (ms) since which the player is gone; 0 while connected. After `graceMs` the
   *  opponent may claim the win. */
  @type('number') goneSince = 0;
  /** Set when the game ends and it was rated: the rating change. */
  @type('number') ratingDiff = 0;
}

/** One move of a game, as `ChessState.moves` carries it. */
export interface ChessMove {
  uci: string;
  san: string;
  /** The mover's clock right after the move (increment included), ms. */
  clockMs: number;
  /** Server time of the move, ms since the epoch. */
  at: number;
}

/**
 * A move as one entry of `ChessState.moves`: `"<uci> <san> <clockMs> <at>"`, four fields apart by
 * single spaces (`"e2e4 e4 179000 1764950400123"`); none of them holds a space. One string a move
 * rather than a synced object: an object kept its own change tracking on the server for the whole
 * game, about four times the memory (`docs/perf.md`, "The moves as strings").
 */
export function moveEntry(move: ChessMove): string {
  return `${move.uci} ${move.san} ${move.clockMs} ${move.at}`;
}

/** Reads one entry of `ChessState.moves` back (see {@link moveEntry}). */
export function parseMoveEntry(entry: string): ChessMove {
  const [uci = '', san = '', clockMs = '0', at = '0'] = entry.split(' ');
  return { uci, san, clockMs: Number(clockMs), at: Number(at) };
}

/** Every move of a synced chess state, read. */
export function movesOf(state: Pick<ChessState, 'moves'>): ChessMove[] {
  return Array.from(state.moves, parseMoveEntry);
}

export class ChessState extends Schema {
  /** Also the room id. */
  @type('string') gameId = '';
  /** `"3+2"`. */
  @type('string') timeControl = '';
  @type('number') initialMs = 0;
  @type('number') incrementMs = 0;
  /** bullet, blitz, rapid or classical. */
  @type('string') category = '';
  @type('boolean') rated = false;
  /** waiting, playing or ended. */
  @type('string') status = 'waiting';
  @type('string') fen = '';
  /** white or black: whose move it is. */
  @type('string') turn = 'white';
  /** The moves so far, one entry a half-move in the form of {@link moveEntry} (read them with
   *  {@link movesOf}); the array only grows at its end. */
  @type(['string']) moves = new ArraySchema<string>();
  /** `1-0`, `0-1`, `1/2-1/2`, `*`; empty while playing. */
  @type('string') result = '';
  /** Empty while playing; one of the terminations of `schema/chess.ts`. */
  @type('string') termination = '';
  /** Empty for a draw or no result. */
  @type('string') winner = '';
  /** Both clocks in ms, as they stood at server time `clockAt`. */
  @type('number') clockWhite = 0;
  @type('number') clockBlack = 0;
  @type('number') clockAt = 0;
  /** The side whose clock runs (it loses time from `clockAt`); empty when no clock runs. */
  @type('string') clockRunning = '';
  /** While a first move is due: the server time by which it must be made, else 0 (then the
   *  game is aborted). */
  @type('number') firstMoveDeadline = 0;
  /** A game of an arena that allows berserk: each player may go berserk before their first move. */
  @type('boolean') berserkAllowed = false;
  /** The side went berserk: half its initial time and its increment given up (its clock shows it). */
  @type('boolean') berserkWhite = false;
  @type('boolean') berserkBlack = false;
  /** The colour with a standing draw offer; empty when none. */
  @type('string') drawOffer = '';
  /** What the side to move may claim now: `threefold_repetition`, `fifty_moves`, or empty. */
  @type('string') claimableDraw = '';
  /** The colour that offered a rematch (after the end); empty when none. */
  @type('string') rematchOffer = '';
  /** How long a gone player keeps the seat, ms. */
  @type('number') graceMs = 0;
  @type('number') spectators = 0;
  /** Keyed by colour. */
  @type({ map: ChessPlayerState }) players = new MapSchema<ChessPlayerState>();
  /** Since when staff have paused the game (server time; its clocks stand, none runs); 0 while it runs. */
  @type('number') pausedAt = 0;
}

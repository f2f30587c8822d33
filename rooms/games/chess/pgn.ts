import { parseFen } from 'chessops/fen';
import type { Termination } from '../../../schema/chess.ts';
import type { ChessGame } from './game.ts';
import { pgnTimeControl } from './time-control.ts';

export interface PgnMeta {
  /** `"Rated blitz game"`, a tournament name… */
  event: string;
  site: string;
  gameId: string;
  white: string;
  black: string;
  whiteElo?: number;
  blackElo?: number;
  whiteRatingDiff?: number;
  blackRatingDiff?: number;
  /** Said by `event`; there is no tag of its own. */
  rated: boolean;
}

export interface PgnOptions {
  /** Add each move's clock as a `[%clk h:mm:ss]` comment. */
  clocks: boolean;
}

/** The `Termination` tag, in the words Lichess uses. */
const TERMINATION_TAG: Record<Termination, string> = {
  checkmate: 'Normal',
  stalemate: 'Normal',
  insufficient_material: 'Normal',
  threefold_repetition: 'Normal',
  fifty_moves: 'Normal',
  fivefold_repetition: 'Normal',
  seventy_five_moves: 'Normal',
  resignation: 'Normal',
  agreement: 'Normal',
  timeout: 'Time forfeit',
  timeout_vs_insufficient_material: 'Time forfeit',
  aborted: 'Unterminated',
  abandoned: 'Abandoned',
  abandoned_by_both: 'Abandoned',
  // The PGN standard's word for a result decided by an arbiter.
  adjudicated: 'Adjudication',
  aborted_by_staff: 'Unterminated',
};

const LINE_WIDTH = 80;

/**
 * The game in PGN export format: the Seven Tag Roster, then ratings, UTC date and time, time
 * control, termination and game id; movetext wrapped at 80 columns, ending with the result.
 *
 * @example makePgn(game, meta, { clocks: false }) // '[Event "Casual blitz game"]\n…\n1. f3 e5 2. g4 Qh4# 0-1\n'
 */
export function makePgn(game: ChessGame, meta: PgnMeta, options: PgnOptions): string {
  const result = game.result ?? '*';
  const started = game.startedAt === null ? null : new Date(game.startedAt).toISOString();
  const date = started ? started.slice(0, 10).replaceAll('-', '.') : '????.??.??';
  const tags: [string, string | number | undefined][] = [
    ['Event', meta.event],
    ['Site', meta.site],
    ['Date', date],
    ['Round', '-'],
    ['White', meta.white],
    ['Black', meta.black],
    ['Result', result],
    ['WhiteElo', meta.whiteElo],
    ['BlackElo', meta.blackElo],
    ['WhiteRatingDiff', signed(meta.whiteRatingDiff)],
    ['BlackRatingDiff', signed(meta.blackRatingDiff)],
    ['UTCDate', date],
    ['UTCTime', started ? started.slice(11, 19) : '??:??:??'],
    ['TimeControl', pgnTimeControl(game.config.timeControl)],
    ['Termination', game.termination ? TERMINATION_TAG[game.termination] : 'Unterminated'],
    ['GameId', meta.gameId],
  ];
  if (game.config.initialFen !== undefined) tags.push(['SetUp', '1'], ['FEN', game.config.initialFen]);
  const header = tags
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `[${name} "${escapeTag(String(value))}"]`)
    .join('\n');
  return `${header}\n\n${wrap(movetext(game, options.clocks, result))}\n`;
}

function movetext(game: ChessGame, clocks: boolean, result: string): string[] {
  const tokens: string[] = [];
  const start = game.config.initialFen === undefined ? null : parseFen(game.config.initialFen).unwrap();
  let fullmove = start?.fullmoves ?? 1;
  for (const [index, move] of game.moves.entries()) {
    if (move.by === 'white') tokens.push(`${fullmove}.`);
    else if (index === 0) tokens.push(`${fullmove}...`);
    tokens.push(move.san);
    if (clocks) tokens.push(`{ [%clk ${clockText(move.clockMs)}] }`);
    if (move.by === 'black') fullmove++;
  }
  tokens.push(result);
  return tokens;
}

/** Joins tokens with spaces into lines of at most 80 characters; a token is never split. */
function wrap(tokens: readonly string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (line === '') line = token;
    else if (line.length + 1 + token.length <= LINE_WIDTH) line += ` ${token}`;
    else {
      lines.push(line);
      line = token;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** `h:mm:ss`, seconds rounded down. */
function clockText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

function signed(diff: number | undefined): string | undefined {
  if (diff === undefined) return undefined;
  return diff > 0 ? `+${diff}` : String(diff);
}

function escapeTag(value: string): string {
  return value
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll(/[\r\n]/g, ' ');
}

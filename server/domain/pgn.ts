/**
 * Text transformations of stored PGN. Pure: the record keeps one PGN per game, with a `[%clk]`
 * comment after every move; readers who want the bare moves get this view of it.
 */

/** A clock command inside a comment: `[%clk 0:04:58]` (or `[%clk 0:04:58.3]`). */
const CLOCK_COMMAND = /\[%clk\s[^\]]*\]/g;
/** The tag-pair section: lines `[Name "value"]` at the top. */
const HEADERS = /^(?:[ \t]*\[[^\n]*\][ \t]*\r?\n)*/;
/** A move number that resumes black's move after a comment: `12...`. */
const RESUME_NUMBER = /^\s*\d+\.\.\./;
/** The end of a SAN move (`e5`, `Qh4#`, `exd8=Q+`, `O-O`, `Nf3!?`). */
const AFTER_MOVE = /[A-Za-z0-9+#=!?]$/;

/**
 * The PGN without its clock comments: headers untouched, each `{ [%clk …] }` removed with the space
 * before it, and the `N...` number that only resumed black's move after such a comment removed too.
 * Comments that say more than the clock keep the rest of what they say. Nothing is re-wrapped.
 *
 * @example
 * withoutClockComments('1. f3 { [%clk 0:05:00] } 1... e5 { [%clk 0:05:00] } 2. g4 { [%clk 0:04:58] } 2... Qh4# { [%clk 0:04:59] } 0-1')
 * // → '1. f3 e5 2. g4 Qh4# 0-1'
 */
export function withoutClockComments(pgn: string): string {
  const headers = HEADERS.exec(pgn)?.[0] ?? '';
  return headers + stripMovetext(pgn.slice(headers.length));
}

function stripMovetext(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    const close = open < 0 ? -1 : text.indexOf('}', open);
    if (close < 0) {
      out += text.slice(i);
      break;
    }
    const body = text.slice(open + 1, close);
    const rest = body.replace(CLOCK_COMMAND, '').trim();
    if (rest === body.trim()) {
      // Not a clock comment: kept as written.
      out += text.slice(i, close + 1);
    } else if (rest) {
      out += `${text.slice(i, open)}{ ${rest} }`;
    } else {
      out += text.slice(i, open).replace(/[ \t]+$/, '');
      const resume = RESUME_NUMBER.exec(text.slice(close + 1));
      if (resume && AFTER_MOVE.test(out)) i = close + 1 + resume[0].length;
      else i = close + 1;
      if (out === '' || out.endsWith('\n')) i += /^[ \t]*/.exec(text.slice(i))![0].length;
      continue;
    }
    i = close + 1;
  }
  return out;
}

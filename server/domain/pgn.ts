/**
 * Text transformations of stored PGN. Pure: the record keeps one PGN per game, with a `[%clk]`
 * comment after every move; readers who want the bare moves get this view of it.
 */

/** PGN export format: movetext lines of at most 80 characters. */
export const PGN_LINE_WIDTH = 80;

/** A clock command inside a comment: `[%clk 0:04:58]` (or `[%clk 0:04:58.3]`). */
const CLOCK_COMMAND = /\[%clk\s[^\]]*\]/g;
/** The tag-pair section: lines `[Name "value"]` at the top. */
const HEADERS = /^(?:[ \t]*\[[^\n]*\][ \t]*\r?\n)*/;
/** Comments (whole, even across lines) and every other token of movetext. */
const TOKEN = /\{[^}]*\}?|[^\s{]+/g;
/** A move number that only resumes black's move after something in between: `12...`. */
const RESUME_NUMBER = /^\d+\.\.\.$/;
/** A SAN move (`e5`, `Qh4#`, `exd8=Q+`, `O-O`, `Nf3!?`), as opposed to numbers, NAGs, comments, results. */
const SAN = /^(?:[NBRQK]?[a-h]?[1-8]?x?[a-h][1-8](?:=[NBRQ])?|O-O(?:-O)?)[+#]?[!?]{0,2}$/;

/**
 * The PGN without its clock comments, as the writer would have written it without clocks:
 * headers untouched; each `{ [%clk …] }` removed, and with it the `N...` number that only resumed
 * black's move after it; comments that say more than the clock keep the rest; the movetext
 * wrapped again at 80 columns (a token is never split).
 *
 * @example
 * withoutClockComments('1. f3 { [%clk 0:05:00] } e5 { [%clk 0:05:00] } 2. g4 { [%clk 0:04:58] } Qh4# { [%clk 0:04:59] }\n0-1\n')
 * // → '1. f3 e5 2. g4 Qh4# 0-1\n'
 */
export function withoutClockComments(pgn: string): string {
  const headers = HEADERS.exec(pgn)?.[0] ?? '';
  const movetext = pgn.slice(headers.length);
  const lead = /^\s*/.exec(movetext)![0];
  const trail = /\s*$/.exec(movetext.slice(lead.length))![0];
  const tokens: string[] = [];
  for (const token of movetext.match(TOKEN) ?? []) {
    if (token.startsWith('{')) {
      const said = token
        .slice(1, token.endsWith('}') ? -1 : undefined)
        .replace(/\s+/g, ' ')
        .trim();
      const rest = said.replace(CLOCK_COMMAND, '').replace(/\s+/g, ' ').trim();
      if (rest !== '') tokens.push(rest === said ? token.replace(/\s+/g, ' ') : `{ ${rest} }`);
      continue;
    }
    if (RESUME_NUMBER.test(token) && SAN.test(tokens.at(-1) ?? '')) continue;
    tokens.push(token);
  }
  return headers + lead + wrap(tokens, PGN_LINE_WIDTH) + trail;
}

/** Joins tokens with spaces into lines of at most `width` characters; a token is never split. */
function wrap(tokens: readonly string[], width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (line === '') line = token;
    else if (line.length + 1 + token.length <= width) line += ` ${token}`;
    else {
      lines.push(line);
      line = token;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

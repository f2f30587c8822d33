/**
 * FIDE's Tournament Report File (TRF16, Handbook C.04 Annex 2) with the extensions pairing engines
 * read during a tournament: `XXR n` (the number of rounds) and `XXC` (configuration: `white1` or
 * `black1` for the initial colour, `rank` to pair by line order). Fixed columns, counted from 1:
 * pairing number 5–8, rating 49–52, points 81–84, and for round k an 8-character block from
 * column 92 + 10(k − 1): opponent (4), colour (`w`, `b`, `-`), result.
 */

export type TrfColour = 'w' | 'b' | '-';

export interface TrfRound {
  /** The opponent's pairing number, or null for `0000` (no opponent). */
  readonly opponent: number | null;
  readonly colour: TrfColour;
  /** One of `1 = 0 W D L + - H F U Z`, or ` ` (the same as Z). Upper case except the digits. */
  readonly result: string;
}

export interface TrfPlayer {
  readonly number: number;
  readonly name: string;
  readonly rating: number;
  readonly points: number;
  readonly rank: number;
  readonly rounds: readonly TrfRound[];
  /** The line as read, to write back the columns this module does not interpret. */
  readonly line?: string;
}

export interface TrfTournament {
  readonly name: string | null;
  readonly totalRounds: number | null;
  readonly initialColour: 'white' | 'black' | null;
  readonly pairByRank: boolean;
  readonly players: readonly TrfPlayer[];
}

export type TrfResult<T> = { ok: true; value: T } | { ok: false; error: string };

const RESULTS = new Set(['1', '=', '0', 'W', 'D', 'L', '+', '-', 'H', 'F', 'U', 'Z', ' ']);

/** Reads a TRF text; lines may end in CR, LF or CRLF. */
export function parseTrf(text: string): TrfResult<TrfTournament> {
  let name: string | null = null;
  let totalRounds: number | null = null;
  let initialColour: 'white' | 'black' | null = null;
  let pairByRank = false;
  const players: TrfPlayer[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (const [index, line] of lines.entries()) {
    const code = line.slice(0, 3);
    const where = `line ${index + 1}`;
    if (code === '012') name = line.slice(4).trim();
    else if (code === 'XXR') {
      const n = Number(line.slice(3).trim());
      if (!Number.isInteger(n) || n < 1)
        return { ok: false, error: `${where}: XXR needs a positive round count` };
      totalRounds = n;
    } else if (code === 'XXC') {
      for (const word of line.slice(3).trim().split(/\s+/)) {
        if (word === 'white1') initialColour = 'white';
        else if (word === 'black1') initialColour = 'black';
        else if (word === 'rank') pairByRank = true;
      }
    } else if (code === '001') {
      const parsed = parsePlayerLine(line);
      if (!parsed.ok) return { ok: false, error: `${where}: ${parsed.error}` };
      players.push(parsed.value);
    }
  }
  const numbers = new Set<number>();
  for (const p of players) {
    if (numbers.has(p.number)) return { ok: false, error: `pairing number ${p.number} appears twice` };
    numbers.add(p.number);
  }
  for (const p of players)
    for (const r of p.rounds)
      if (r.opponent !== null && !numbers.has(r.opponent))
        return { ok: false, error: `player ${p.number} met ${r.opponent}, who has no 001 line` };
  return { ok: true, value: { name, totalRounds, initialColour, pairByRank, players } };
}

function parsePlayerLine(line: string): TrfResult<TrfPlayer> {
  if (line.length < 84) return { ok: false, error: 'a player line is at least 84 characters long' };
  const number = Number(line.slice(4, 8).trim());
  if (!Number.isInteger(number) || number < 1)
    return { ok: false, error: 'no pairing number in columns 5-8' };
  const ratingText = line.slice(48, 52).trim();
  const rating = ratingText === '' ? 0 : Number(ratingText);
  const points = Number(line.slice(80, 84).trim());
  if (!Number.isFinite(rating) || !Number.isFinite(points))
    return { ok: false, error: 'bad rating or points' };
  const rankText = line.slice(85, 89).trim();
  const rounds: TrfRound[] = [];
  for (let start = 91; start < line.length; start += 10) {
    const block = line.slice(start, start + 8).padEnd(8, ' ');
    if (block.trim() === '') {
      rounds.push({ opponent: null, colour: '-', result: 'Z' });
      continue;
    }
    const oppText = block.slice(0, 4).trim();
    const opponent = oppText === '' ? 0 : Number(oppText);
    const colourChar = block[5]!;
    const result = block[7]!.toUpperCase();
    if (!Number.isInteger(opponent)) return { ok: false, error: `round ${rounds.length + 1}: bad opponent` };
    if (!['w', 'b', '-', ' '].includes(colourChar))
      return { ok: false, error: `round ${rounds.length + 1}: bad colour` };
    if (!RESULTS.has(result)) return { ok: false, error: `round ${rounds.length + 1}: bad result ${result}` };
    rounds.push({
      opponent: opponent === 0 ? null : opponent,
      colour: colourChar === ' ' ? '-' : (colourChar as TrfColour),
      result: result === ' ' ? 'Z' : result,
    });
  }
  // Trailing blank blocks (a line padded with spaces) say nothing.
  while (rounds.length > 0 && line.slice(91 + 10 * (rounds.length - 1)).trim() === '') rounds.pop();
  return {
    ok: true,
    value: {
      number,
      name: line.slice(14, 47).trim(),
      rating,
      points,
      rank: rankText === '' ? 0 : Number(rankText),
      rounds,
      line,
    },
  };
}

const pad = (text: string | number, width: number) => String(text).padStart(width, ' ');

/** Writes a tournament back as TRF (LF line ends); columns not modelled come from each player's line. */
export function makeTrf(t: TrfTournament): string {
  const out: string[] = [];
  if (t.name !== null) out.push(`012 ${t.name}`);
  for (const p of t.players) {
    const base = (p.line ?? '').slice(0, 91).padEnd(91, ' ').split('');
    const put = (col: number, text: string) => {
      for (let i = 0; i < text.length; i++) base[col - 1 + i] = text[i]!;
    };
    put(1, '001');
    put(5, pad(p.number, 4));
    if (!p.line) put(15, p.name.slice(0, 33).padEnd(33, ' '));
    put(49, p.rating > 0 ? pad(p.rating, 4) : '    ');
    put(81, pad(p.points.toFixed(1), 4));
    put(86, pad(p.rank || '', 4));
    const blocks = p.rounds.map(
      (r) => `${r.opponent === null ? '0000' : pad(r.opponent, 4)} ${r.colour} ${r.result}`,
    );
    out.push(base.join('') + blocks.join('  '));
  }
  if (t.totalRounds !== null) out.push(`XXR ${t.totalRounds}`);
  const config = [t.initialColour ? `${t.initialColour}1` : null, t.pairByRank ? 'rank' : null].filter(
    Boolean,
  );
  if (config.length > 0) out.push(`XXC ${config.join(' ')}`);
  return `${out.join('\n')}\n`;
}

import type {
  BracketDto,
  BracketMatchDto,
  BracketMatchStatus,
  BracketSlotDto,
} from '../../schema/tournaments.ts';
import { roundName, type Stage } from './bracket-text.ts';

/** A match as the room syncs it: players by id (`''` while unknown or a bye). */
export interface MatchRow {
  id: string;
  a: string;
  b: string;
  scoreA: number;
  scoreB: number;
  status: string;
  winner: string;
}

/** The matches of the API's bracket, as the room would sync them. */
export function matchRowsOfBracket(bracket: BracketDto | null): MatchRow[] {
  const id = (s: BracketSlotDto) => (s.kind === 'player' ? s.userId : '');
  return (bracket?.rounds ?? []).flatMap((r) =>
    r.matches.map((m) => ({
      id: m.id,
      a: id(m.a),
      b: id(m.b),
      scoreA: m.score.a,
      scoreB: m.score.b,
      status: m.status,
      winner: m.winner ?? '',
    })),
  );
}

/** A bracket's round with its name (`"Semi-finals"`). */
export interface NamedRound {
  part: BracketDto['rounds'][number]['part'];
  round: number;
  name: string;
  matches: BracketMatchDto[];
}

export interface LiveBracket {
  elimination: BracketDto['elimination'];
  rounds: NamedRound[];
  champion: string | null;
}

/**
 * The API's bracket brought up to the room's matches, which are fresher: their players (a side the
 * API still had pending), scores, status and winner. The games stay the API's (the page reads it
 * again whenever a board changes). `names` gives the players' names by id.
 */
export function liveBracket(bracket: BracketDto, rows: MatchRow[], names: Map<string, string>): LiveBracket {
  const seeds = new Map<string, number>();
  for (const r of bracket.rounds)
    for (const m of r.matches)
      for (const s of [m.a, m.b]) if (s.kind === 'player') seeds.set(s.userId, s.seed);
  const fresh = new Map(rows.map((m) => [m.id, m]));
  const slot = (known: BracketSlotDto, id: string | undefined): BracketSlotDto => {
    if (!id || known.kind !== 'pending') return known;
    return { kind: 'player', userId: id, name: names.get(id) ?? '?', seed: seeds.get(id) ?? 0 };
  };
  const count = new Map<string, number>();
  for (const r of bracket.rounds) count.set(r.part, Math.max(count.get(r.part) ?? 0, r.round));
  const rounds = bracket.rounds.map((r) => ({
    part: r.part,
    round: r.round,
    name: roundName(r.part, r.round, count.get(r.part) ?? r.round, bracket.elimination),
    matches: r.matches.map((m): BracketMatchDto => {
      const row = fresh.get(m.id);
      if (!row) return m;
      return {
        ...m,
        a: slot(m.a, row.a),
        b: slot(m.b, row.b),
        status: (row.status || m.status) as BracketMatchStatus,
        score: { a: row.scoreA, b: row.scoreB },
        winner: row.winner || m.winner,
      };
    }),
  }));
  return { elimination: bracket.elimination, rounds, champion: bracket.champion };
}

const player = (s: BracketSlotDto) => (s.kind === 'player' ? s.userId : undefined);

/**
 * Where `userId` stands: champion, in (the round of their match still to be decided), or out (the
 * round of the last match they lost; in double elimination a first loss is not out).
 */
export function stageOf(bracket: LiveBracket, userId: string): Stage | null {
  if (bracket.champion === userId) return { kind: 'champion' };
  let lastRound: NamedRound | undefined;
  let lastMatch: BracketMatchDto | undefined;
  for (const r of bracket.rounds)
    for (const m of r.matches)
      if (m.status !== 'void' && (player(m.a) === userId || player(m.b) === userId)) {
        lastRound = r;
        lastMatch = m;
      }
  if (!lastRound || !lastMatch) return null;
  const decided = lastMatch.status === 'decided' || lastMatch.status === 'walkover';
  const won = lastMatch.winner === userId;
  // The match for third place is played by players already out of the title.
  if (lastRound.part === 'third')
    return { kind: 'out', round: lastRound.name, part: 'third', won, last: false, decided };
  if (!decided || won) {
    // Won the last match known: in until the next one is known (the champion is named above).
    return { kind: 'in', round: lastRound.name };
  }
  const mainOnly = bracket.elimination === 'single';
  const final =
    lastRound.part === 'final' ||
    lastRound.part === 'reset' ||
    (mainOnly &&
      lastRound.part === 'main' &&
      lastRound === bracket.rounds.filter((r) => r.part === 'main').at(-1));
  return { kind: 'out', round: lastRound.name, part: lastRound.part, won, last: final, decided };
}

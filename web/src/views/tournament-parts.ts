import type { TournamentState } from '../../../schema/tournament.state.ts';
import type { RoundDto, TournamentDto, TournamentStatus } from '../../../schema/tournaments.ts';
import { type MatchRow, matchRowsOfBracket } from '../bracket-live.ts';
import { h } from '../dom.ts';
import { playerName } from '../profile-link.ts';
import { ratingText } from '../rating-text.ts';
import { livePath, replayPath } from '../router.ts';
import {
  BY_HAND_LINE,
  boardResult,
  dateText,
  eliminationLine,
  endLine,
  formatName,
  gameName,
  groupsLine,
  knockoutLine,
  points,
  ratingLimitsLine,
  STATUS_WORDS,
  startLine,
  tieBreakName,
  tieBreakValue,
} from '../tournament-text.ts';
import { tablesLine } from './tournament-tables-form.ts';

/** One row of the standings, from the API's tournament or the room's live state. */
export interface StandingRow {
  rank: number;
  userId: string;
  name: string;
  rating: number;
  score: number;
  /** In the order of {@link Standing.tieBreaks}. */
  tieBreaks: number[];
  withdrawn: boolean;
  /** An arena player who paused (not paired until they join again). */
  paused: boolean;
}

/** A board of a round: players by id, the result as the boards write it (`''` while played). */
export interface BoardRow {
  white: string;
  black: string;
  gameId: string;
  result: string;
  forfeit: boolean;
}

/** What the page shows of a tournament as it stands: the room's state when followed, else the API's. */
export interface Standing {
  status: TournamentStatus;
  round: number;
  totalRounds: number | null;
  players: number;
  tieBreaks: string[];
  rows: StandingRow[];
  /** The current round's boards. */
  boards: BoardRow[];
  /** A knockout's matches once it started (none in the other formats). */
  matches: MatchRow[];
}

export function standingOfDto(t: TournamentDto): Standing {
  const current = t.rounds.at(-1);
  return {
    status: t.status,
    round: t.currentRound,
    totalRounds: t.totalRounds,
    players: t.players,
    tieBreaks: t.tieBreaks,
    rows: t.standings.map((s) => ({
      ...s,
      tieBreaks: t.tieBreaks.map((tb) => s.tieBreaks[tb] ?? 0),
      paused: s.arena?.paused ?? false,
    })),
    boards: (current?.boards ?? []).map((b) => ({
      white: b.white,
      black: b.black,
      gameId: b.gameId ?? '',
      result: boardResult(b.result),
      forfeit: b.result?.forfeit ?? false,
    })),
    matches: matchRowsOfBracket(t.bracket),
  };
}

export function standingOfState(s: TournamentState): Standing {
  return {
    status: s.status as TournamentStatus,
    round: s.round,
    totalRounds: s.totalRounds || null,
    players: s.players,
    tieBreaks: [...s.tieBreaks],
    rows: [...s.standings].map((r) => ({
      rank: r.rank,
      userId: r.userId,
      name: r.name,
      rating: r.rating,
      score: r.score,
      tieBreaks: [...r.tieBreaks],
      withdrawn: r.withdrawn,
      paused: r.paused,
    })),
    boards: [...s.boards].map((b) => ({
      white: b.white,
      black: b.black,
      gameId: b.gameId,
      result: b.result,
      forfeit: b.result.includes('F'),
    })),
    matches: [...s.matches].map((m) => ({
      id: m.id,
      a: m.a,
      b: m.b,
      scoreA: m.scoreA,
      scoreB: m.scoreB,
      status: m.status,
      winner: m.winner,
    })),
  };
}

/**
 * `"Starts in 4:05"`, `"Round 2 of 5"`, `"Finished"`: where the tournament stands (counted down
 * by the page). One without a start time waits for its creator (`me`, when it is theirs).
 */
export function statusLine(t: TournamentDto, s: Standing, me?: string): HTMLElement {
  const { startsAt } = t;
  if (s.status === 'upcoming' && startsAt === null)
    return h(
      'p',
      { class: 'tournament-status', 'data-status': s.status, 'data-by-hand': 'true' },
      me === t.createdBy ? 'Starts when you start it' : BY_HAND_LINE,
    );
  if (s.status === 'upcoming' && startsAt !== null)
    return h(
      'p',
      { class: 'tournament-status', 'data-status': s.status },
      h('span', { class: 'countdown', 'data-starts-at': startsAt }, startLine(startsAt, Date.now())),
    );
  const endsAt = t.arena?.endsAt ?? null;
  // An arena is played against the clock: its waves are no rounds to count.
  if (s.status === 'running' && endsAt !== null)
    return h(
      'p',
      { class: 'tournament-status', 'data-status': s.status, 'data-round': s.round },
      h('span', { class: 'countdown', 'data-ends-at': endsAt }, endLine(endsAt, Date.now())),
    );
  const of = s.totalRounds ? ` of ${s.totalRounds}` : '';
  const text =
    s.status === 'running' ? (s.round ? `Round ${s.round}${of}` : 'Starting…') : STATUS_WORDS.finished;
  return h('p', { class: 'tournament-status', 'data-status': s.status, 'data-round': s.round }, text);
}

/** The rating limits to enter, when the tournament has any (guests and provisional ratings may not). */
function ratingsEntry(t: TournamentDto): Array<[string, string]> {
  const line = ratingLimitsLine(t.ratingMin, t.ratingMax);
  return line ? [['Ratings', `${line}, established ratings only`]] : [];
}

/** The settings, as a list of terms. */
export function settingsList(t: TournamentDto, s: Standing): HTMLElement {
  const start = t.startsAt === null ? 'When its creator starts it' : dateText(t.startsAt);
  const tieBreaksEntry: [string, string] = [
    'Tie-breaks',
    t.tieBreaks.map((tb) => tieBreakName(tb).long).join(', ') || 'none',
  ];
  // An arena is played for a time, not for rounds, and ranks those level on score by performance.
  const { arena } = t;
  const length: [string, string] = arena
    ? ['Duration', `${arena.minutes} minute${arena.minutes === 1 ? '' : 's'}`]
    : t.knockout
      ? ['Matches', knockoutLine(t.knockout)]
      : ['Rounds', s.totalRounds ? String(s.totalRounds) : 'set at the start'];
  const ties: [string, string] = arena
    ? ['Level scores', 'ranked by performance']
    : t.knockout
      ? ['Knockout', eliminationLine(t.knockout)]
      : tieBreaksEntry;
  const entries: Array<[string, string]> = [
    ['Game', gameName(t.game)],
    ['Format', formatName(t.format)],
    t.tables ? ['Tables', tablesLine(t.tables)] : ['Time control', t.timeControl ?? '—'],
    ['Rated', t.rated ? 'Yes' : 'No: casual'],
    length,
    ...(arena ? [['Berserk', arena.berserk ? 'Allowed' : 'Not allowed'] as [string, string]] : []),
    ...(t.groups ? [['Groups', groupsLine(t.groups)] as [string, string]] : []),
    ['Players', `${s.players} of ${t.capacity}`],
    ...ratingsEntry(t),
    [t.status === 'upcoming' ? 'Starts' : 'Started', start],
    ties,
    // The groups' tables break their ties as a round robin does.
    ...(t.groups ? [tieBreaksEntry] : []),
  ];
  return h(
    'dl',
    { class: 'tournament-facts' },
    entries.map(([term, value]) =>
      h(
        'div',
        { class: term === 'Tie-breaks' || term === 'Knockout' || term === 'Tables' ? 'wide' : null },
        h('dt', {}, term),
        h('dd', {}, value),
      ),
    ),
  );
}

/** The head of a standings table: rank, player, rating, score, then a column per tie-break. */
export function standingsHead(tieBreaks: readonly string[]): HTMLElement {
  const heads = tieBreaks.map((tb) => {
    const name = tieBreakName(tb);
    return h('th', { scope: 'col', class: 'num' }, h('abbr', { title: name.long }, name.short));
  });
  return h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'num' }, '#'),
      h('th', { scope: 'col' }, 'Player'),
      h('th', { scope: 'col', class: 'num rating' }, 'Rating'),
      h('th', { scope: 'col', class: 'num' }, 'Score'),
      heads,
    ),
  );
}

/** The standings with a column per tie-break, in the tournament's order; the player's own row marked. */
export function standingsTable(s: Standing, me: string | undefined): HTMLElement {
  if (s.rows.length === 0) return h('p', { class: 'muted' }, 'Nobody has joined yet.');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'standings tournament-standings' },
      standingsHead(s.tieBreaks),
      h(
        'tbody',
        {},
        s.rows.map((r) =>
          h(
            'tr',
            {
              class: r.userId === me ? 'me' : '',
              'data-user': r.userId,
              'data-name': r.name,
              'data-rank': r.rank,
              'data-score': r.score,
            },
            h('td', { class: 'num' }, String(r.rank)),
            h(
              'td',
              { class: 'player' },
              playerName(r.name),
              r.withdrawn ? h('span', { class: 'muted' }, ' (withdrawn)') : null,
            ),
            h('td', { class: 'num rating' }, ratingText(r.rating)),
            h('td', { class: 'num score' }, points(r.score)),
            r.tieBreaks.map((v) => h('td', { class: 'num' }, tieBreakValue(v))),
          ),
        ),
      ),
    ),
  );
}

/** What a board's link leads to, in words. */
function gameWords(b: BoardRow, mine: boolean): string {
  if (b.result) return `the game, ${b.result}`;
  return mine ? 'play your game' : 'watch the game';
}

/** What the rounds' panel says before any pairing, by where the tournament stands. */
function noRoundsLine(status: TournamentStatus, arena: boolean): string {
  if (status === 'upcoming') return 'The pairings appear when the tournament starts.';
  if (status === 'finished') return 'No game was played.';
  return arena
    ? 'No game yet: each wave pairs the players who are free, as soon as two are.'
    : 'The first round is being paired.';
}

/**
 * Every round (an arena's wave), the latest first: its pairings with results and links to the
 * games, and its byes.
 */
export function roundsList(
  rounds: RoundDto[],
  live: Standing,
  game: string,
  names: Map<string, string>,
  me: string | undefined,
  arena = false,
): HTMLElement {
  if (rounds.length === 0 && live.boards.length === 0)
    return h('p', { class: 'muted' }, noRoundsLine(live.status, arena));
  const name = (id: string) => playerName(names.get(id) ?? '?');
  const shown = [...rounds].reverse().map((r) => {
    // The room's boards are fresher than the API's read of the round being played.
    const boards =
      r.round === live.round
        ? live.boards
        : r.boards.map((b) => ({
            white: b.white,
            black: b.black,
            gameId: b.gameId ?? '',
            result: boardResult(b.result),
            forfeit: b.result?.forfeit ?? false,
          }));
    const playing = boards.some((b) => !b.result);
    return h(
      'section',
      { class: 'round', 'data-round': r.round },
      h(
        'h3',
        {},
        `${arena ? 'Wave' : 'Round'} ${r.round}`,
        h('span', { class: 'muted' }, playing ? ' · playing' : ''),
      ),
      h(
        'ol',
        { class: 'pairings' },
        boards.map((b, i) => {
          const mine = b.white === me || b.black === me;
          const link =
            !b.gameId || b.forfeit ? null : b.result ? replayPath(b.gameId) : livePath(game, b.gameId);
          return h(
            'li',
            { class: mine ? 'me' : '', 'data-board': i, 'data-game': b.gameId, 'data-result': b.result },
            h('span', { class: 'board-no' }, String(i + 1)),
            h('span', { class: 'side white' }, name(b.white)),
            // The result is the link to the game (to watch or play it while it is on).
            link
              ? h(
                  'a',
                  {
                    class: 'result game-link',
                    href: link,
                    'aria-label': `Board ${i + 1}: ${gameWords(b, mine)}`,
                  },
                  b.result || (mine ? 'Play' : 'Watch'),
                )
              : h('span', { class: 'result' }, b.result || '…'),
            h('span', { class: 'side black' }, name(b.black)),
          );
        }),
      ),
      r.byes.length
        ? h(
            'p',
            { class: 'byes muted' },
            'Not paired: ',
            r.byes.flatMap((b, i) => [
              i > 0 ? ', ' : null,
              name(b.userId),
              ` (${b.kind.replace('-', ' ')}, ${points(b.points)})`,
            ]),
          )
        : null,
    );
  });
  return h('div', { class: 'rounds' }, shown);
}

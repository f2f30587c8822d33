import type { BracketGameDto, BracketMatchDto, BracketSlotDto } from '../../../schema/tournaments.ts';
import type { LiveBracket, NamedRound } from '../bracket-live.ts';
import { gameKindWord } from '../bracket-text.ts';
import { h } from '../dom.ts';
import { playerName } from '../profile-link.ts';
import { livePath, replayPath } from '../router.ts';
import { points } from '../tournament-text.ts';

/** What a match's line under its players says, when its games do not. */
const STATUS_WORDS: Record<string, string> = {
  waiting: 'Waiting for its players',
  playing: 'Playing',
  walkover: 'Bye',
  void: 'Not played',
};

function slotView(m: BracketMatchDto, side: 'a' | 'b', me: string | undefined): HTMLElement {
  const s: BracketSlotDto = m[side];
  const won = s.kind === 'player' && m.winner === s.userId;
  const lost = s.kind === 'player' && (m.status === 'decided' || m.status === 'walkover') && !won;
  const shown = m.games.length > 0 || m.status === 'decided';
  const who =
    s.kind === 'player'
      ? [h('span', { class: 'seed', title: `Seed ${s.seed}` }, String(s.seed)), playerName(s.name)]
      : s.kind === 'bye'
        ? [h('span', { class: 'seed' }), h('span', { class: 'muted' }, 'Bye')]
        : [
            h('span', { class: 'seed' }),
            h('span', { class: 'muted' }, `${s.from === 'winner' ? 'Winner' : 'Loser'} of ${s.match}`),
          ];
  return h(
    'div',
    {
      class: [
        'slot',
        won ? 'won' : '',
        lost ? 'lost' : '',
        s.kind === 'player' && s.userId === me ? 'me' : '',
      ]
        .filter(Boolean)
        .join(' '),
      'data-side': side,
      'data-user': s.kind === 'player' ? s.userId : null,
      'data-name': s.kind === 'player' ? s.name : null,
    },
    who,
    won ? h('span', { class: 'visually-hidden' }, ', goes on') : null,
    h('span', { class: 'slot-score' }, shown && s.kind !== 'bye' ? points(m.score[side]) : ''),
  );
}

/** A game of the match: side a's and b's points, linking to the game (its record once over). */
function gameView(m: BracketMatchDto, g: BracketGameDto, game: string, me: string | undefined): HTMLElement {
  const aId = m.a.kind === 'player' ? m.a.userId : '';
  const [pa, pb] = g.result
    ? g.white === aId
      ? [g.result.white, g.result.black]
      : [g.result.black, g.result.white]
    : [];
  const mine = g.white === me || g.black === me;
  const score = g.result
    ? `${points(pa!)}–${points(pb!)}${g.result.forfeit ? ' F' : ''}`
    : mine
      ? 'Play'
      : 'Watch';
  const kind = gameKindWord(g.kind);
  const label = `Game ${g.game}${kind ? ` (${kind.toLowerCase()})` : ''}: ${g.result ? score : 'being played'}`;
  const link =
    !g.gameId || g.result?.forfeit ? null : g.result ? replayPath(g.gameId) : livePath(game, g.gameId);
  const text = [kind ? h('abbr', { title: kind }, kind[0]!) : null, score];
  return h(
    'li',
    { 'data-game': g.gameId ?? '', 'data-result': g.result ? score : '' },
    link
      ? h('a', { class: 'game-link', href: link, 'aria-label': label, title: label }, text)
      : h('span', { title: label }, text),
  );
}

function matchView(m: BracketMatchDto, game: string, me: string | undefined): HTMLElement {
  const note =
    m.decidedBy === 'withdrawal'
      ? 'By withdrawal'
      : m.games.length === 0 || m.status === 'walkover'
        ? (STATUS_WORDS[m.status] ?? '')
        : '';
  return h(
    'li',
    { class: 'bracket-match', 'data-match': m.id, 'data-status': m.status, 'data-winner': m.winner ?? '' },
    h('span', { class: 'match-id muted' }, m.id),
    slotView(m, 'a', me),
    slotView(m, 'b', me),
    m.games.length
      ? h(
          'ol',
          { class: 'match-games', 'aria-label': 'Games' },
          m.games.map((g) => gameView(m, g, game, me)),
        )
      : null,
    note ? h('p', { class: 'match-note muted' }, note) : null,
  );
}

function roundColumn(rounds: NamedRound[], game: string, me: string | undefined): HTMLElement {
  return h(
    'section',
    { class: 'bracket-round', 'data-part': rounds[0]!.part, 'data-round': rounds[0]!.round },
    rounds.flatMap((r) => [
      h('h4', {}, r.name),
      h(
        'ol',
        { class: 'bracket-matches' },
        r.matches.map((m) => matchView(m, game, me)),
      ),
    ]),
  );
}

/** A part of the bracket as columns, one a round, scrolled sideways when wider than the page. */
function partView(
  title: string,
  part: string,
  columns: NamedRound[][],
  game: string,
  me: string | undefined,
) {
  return h(
    'section',
    { class: 'bracket-part', 'data-part': part },
    // A single elimination's one part is named by the panel's own heading.
    h('h3', { class: part === 'main' && title === 'Bracket' ? 'visually-hidden' : null }, title),
    h(
      'div',
      { class: 'bracket-rounds', role: 'region', 'aria-label': title, tabindex: 0 },
      columns.map((c) => roundColumn(c, game, me)),
    ),
  );
}

/**
 * The bracket: its rounds as columns, each match with its seeded players, score, games (linked)
 * and winner; a single elimination's match for third place under its final; a double
 * elimination's losers' bracket and grand final (with its reset) as parts of their own.
 */
export function bracketView(b: LiveBracket, game: string, me: string | undefined): HTMLElement {
  const of = (part: string) => b.rounds.filter((r) => r.part === part);
  const main = of('main').map((r) => [r]);
  const third = of('third');
  if (third.length && main.length) main[main.length - 1]!.push(...third);
  const parts =
    b.elimination === 'single'
      ? [partView('Bracket', 'main', main, game, me)]
      : [
          partView('Winners’ bracket', 'main', main, game, me),
          of('losers').length
            ? partView(
                'Losers’ bracket',
                'losers',
                of('losers').map((r) => [r]),
                game,
                me,
              )
            : null,
          partView(
            'Grand final',
            'final',
            [...of('final'), ...of('reset')].map((r) => [r]),
            game,
            me,
          ),
        ];
  const champion = b.rounds
    .flatMap((r) => r.matches.flatMap((m) => [m.a, m.b]))
    .find((s) => s.kind === 'player' && s.userId === b.champion);
  return h(
    'div',
    { class: 'bracket', 'data-elimination': b.elimination, 'data-champion': b.champion ?? '' },
    champion?.kind === 'player'
      ? h('p', { class: 'bracket-champion' }, 'Champion: ', playerName(champion.name))
      : null,
    parts,
  );
}

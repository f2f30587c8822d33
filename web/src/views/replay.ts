import type { Color } from '../../../schema/chess.ts';
import type { GameDto, GamePlayerDto } from '../../../schema/games.ts';
import { Board } from '../board.ts';
import { colorName, describeResult, formatClock, initialClockMs } from '../chess-text.ts';
import type { AppContext } from '../context.ts';
import { h, isTyping, replace } from '../dom.ts';
import { replayPositions } from '../position.ts';
import { playerName } from '../profile-link.ts';
import { ratingDiffText, ratingText } from '../rating-text.ts';
import { gamePath, tournamentPath } from '../router.ts';
import { type AnalysisPanel, analysisPanel } from './analysis.ts';
import { explain } from './auth.ts';
import { golfReplay } from './golf-replay.ts';

/** The player's name (a link to their profile) and what follows it: rating, change, computer. */
function playerLine(player: GamePlayerDto): [HTMLElement, string] {
  const rating = player.rating ? ` (${ratingText(player.rating, player.provisional)})` : '';
  const bot = player.bot ? ' · computer' : '';
  return [
    playerName(player.name, { bot: player.bot !== null }),
    `${rating}${ratingDiffText(player.ratingDiff)}${bot}`,
  ];
}

/**
 * `/games/:id`: a game from the record, stepped through with buttons, the arrow keys (← → Home
 * End) or a click on a move; each position shows both clocks as they stood after that move.
 */
export function replayView(ctx: AppContext, main: HTMLElement, gameId: string): () => void {
  let teardown: () => void = () => undefined;
  replace(main, h('p', { class: 'status', role: 'status' }, 'Loading the game…'));
  ctx.get<GameDto>(`/api/games/${encodeURIComponent(gameId)}`).then(
    (game) => {
      teardown = game.game === 'golf' ? golfReplay(ctx, main, game) : showReplay(ctx, main, game);
    },
    (err) =>
      replace(
        main,
        h(
          'section',
          { class: 'panel' },
          h('h1', {}, 'Game not found'),
          h('p', { role: 'alert' }, explain(err)),
          h('p', {}, h('a', { href: '/' }, 'Back to the start')),
        ),
      ),
  );
  return () => teardown();
}

function showReplay(ctx: AppContext, main: HTMLElement, game: GameDto): () => void {
  const fens = replayPositions(game.moves.map((m) => m.uci));
  const last = fens.length - 1;
  const start = initialClockMs(game.timeControl);
  let ply = last;
  let bottom: Color = 'white';

  const board = new Board({ orientation: 'white' });
  const bars = {
    top: { name: h('span', { class: 'player-name' }), clock: h('span', { class: 'clock' }) },
    bottom: { name: h('span', { class: 'player-name' }), clock: h('span', { class: 'clock' }) },
  };
  const where = h('p', { class: 'ply', 'aria-live': 'polite' });
  const list = h('ol', { class: 'move-list', 'aria-label': 'Moves' });
  const buttons: HTMLButtonElement[] = [];
  for (let i = 0; i < last; i += 2) {
    const cell = (p: number) => {
      const move = game.moves[p - 1];
      if (!move) return null;
      const b = h('button', { type: 'button', class: 'san', 'data-ply': p, onclick: () => go(p) }, move.san);
      buttons[p] = b;
      return b;
    };
    list.append(h('li', {}, h('span', { class: 'move-number' }, `${i / 2 + 1}.`), cell(i + 1), cell(i + 2)));
  }

  const section = h('section', { class: 'game replay', 'aria-labelledby': 'replay-title' });
  let analysis: AnalysisPanel | undefined;
  const go = (next: number) => {
    ply = Math.max(0, Math.min(last, next));
    const move = game.moves[ply - 1];
    board.show(fens[ply]!, move?.uci);
    const clock = move?.clock ?? { white: start, black: start };
    const top = bottom === 'white' ? 'black' : 'white';
    replace(bars.bottom.name, ...playerLine(game.players[bottom]));
    replace(bars.top.name, ...playerLine(game.players[top]));
    bars.bottom.clock.textContent = formatClock(clock[bottom]);
    bars.top.clock.textContent = formatClock(clock[top]);
    bars.bottom.clock.setAttribute(
      'aria-label',
      `${colorName(bottom)}'s clock: ${formatClock(clock[bottom])}`,
    );
    bars.top.clock.setAttribute('aria-label', `${colorName(top)}'s clock: ${formatClock(clock[top])}`);
    section.dataset.ply = String(ply);
    where.textContent =
      ply === 0
        ? `Start position · ${last} half-moves`
        : `${Math.ceil(ply / 2)}${ply % 2 === 1 ? '.' : '…'} ${move?.san} · half-move ${ply} of ${last}`;
    for (const [p, b] of buttons.entries()) {
      if (!b) continue;
      if (p === ply) b.setAttribute('aria-current', 'step');
      else b.removeAttribute('aria-current');
    }
    buttons[ply]?.scrollIntoView({ block: 'nearest' });
    analysis?.show(ply);
  };
  // A finished game gets the engine's evaluation graph and its moves marked.
  if (game.status === 'ended') analysis = analysisPanel(ctx, game.id, buttons, go);

  const control = (label: string, glyph: string, to: () => number) =>
    h('button', { type: 'button', 'aria-label': label, title: label, onclick: () => go(to()) }, glyph);

  const result =
    game.status === 'ended'
      ? `${game.result} · ${describeResult(game.result ?? '*', game.termination ?? '')}`
      : 'Still being played';
  const started = new Date(game.startedAt).toLocaleString();
  replace(
    section,
    h(
      'h1',
      { id: 'replay-title', class: 'visually-hidden' },
      `${game.players.white.name} against ${game.players.black.name}`,
    ),
    h(
      'div',
      { class: 'board-column' },
      h('div', { class: 'player-bar top' }, bars.top.name, bars.top.clock),
      board.el,
      h('div', { class: 'player-bar bottom' }, bars.bottom.name, bars.bottom.clock),
    ),
    h(
      'div',
      { class: 'side' },
      h('p', { class: 'result', 'data-result': game.result ?? '' }, result),
      h('p', { class: 'meta' }, `${game.timeControl} · ${game.rated ? 'rated' : 'casual'} · ${started}`),
      game.tournamentId
        ? h(
            'p',
            {},
            h(
              'a',
              { href: tournamentPath(game.tournamentId), id: 'replay-tournament' },
              'A game of a tournament',
            ),
          )
        : null,
      game.status === 'playing' ? h('p', {}, h('a', { href: gamePath(game.id) }, 'Watch it live')) : null,
      h(
        'nav',
        { class: 'replay-controls', 'aria-label': 'Replay' },
        control('First position', '«', () => 0),
        control('Previous move', '‹', () => ply - 1),
        control('Next move', '›', () => ply + 1),
        control('Last position', '»', () => last),
      ),
      where,
      analysis?.el,
      h('h2', { class: 'visually-hidden' }, 'Moves'),
      list,
      h(
        'p',
        { class: 'row' },
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              bottom = bottom === 'white' ? 'black' : 'white';
              board.flip();
              go(ply);
            },
          },
          'Flip board',
        ),
        game.status === 'ended'
          ? h(
              'a',
              {
                class: 'button',
                href: `/api/games/${encodeURIComponent(game.id)}/pgn?clocks=true`,
                download: `rookery-${game.id}.pgn`,
              },
              'Download PGN',
            )
          : null,
      ),
    ),
  );
  replace(main, section);
  go(last);

  const keys = (event: KeyboardEvent) => {
    if (isTyping(event) || event.altKey || event.ctrlKey || event.metaKey) return;
    const to = { ArrowLeft: ply - 1, ArrowRight: ply + 1, Home: 0, End: last }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    go(to);
  };
  document.addEventListener('keydown', keys);
  return () => {
    document.removeEventListener('keydown', keys);
    analysis?.stop();
    board.destroy();
  };
}

import type { GameDto, GameReplayDto, GameReplayStepDto } from '../../../schema/games.ts';
import type { GolfReplayView } from '../../../schema/golf.ts';
import type { AppContext } from '../context.ts';
import { h, isTyping, replace } from '../dom.ts';
import { golfTable, scoreTable, type TableSeat } from '../golf/board.ts';
import { rulesInForce } from '../golf/cards.ts';
import { shareLink } from '../golf/share.ts';
import { lastTurnText, moveText, resultText } from '../golf/text.ts';
import { livePath, replayPath } from '../router.ts';
import { explain } from './auth.ts';

const PLAY_EVERY_MS = 900;

/**
 * `/games/:id` for a game of golf: the public replay, one step at a time as a spectator saw it.
 * Each step is fetched alone when it is shown, so the page never holds a card before it was turned
 * in play; at the end of each hole a step shows all its cards.
 */
export function golfReplay(ctx: AppContext, main: HTMLElement, game: GameDto): () => void {
  let outline: GameReplayDto | undefined;
  let step = 0;
  let shown: GameReplayStepDto | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let asked = 0;
  const seats: TableSeat[] = game.seats.map((s) => ({ name: s.name, bot: s.bot !== null }));

  const board = h('div', { class: 'golf-replay-board' });
  const where = h('p', { class: 'ply', id: 'golf-step', 'aria-live': 'polite' });
  const warning = h('p', { class: 'golf-warning', role: 'status' });
  const scores = h('div', { class: 'golf-score-box' });
  const error = h('p', { class: 'error', role: 'alert' });
  const button = (id: string, label: string, text: string, onclick: () => void) =>
    h('button', { type: 'button', id, 'aria-label': label, onclick }, text);
  const playButton = button('golf-play', 'Play', '▶ Play', () => (timer ? stop() : play()));
  const controls = h(
    'p',
    { class: 'golf-replay-controls' },
    button('golf-first', 'First step', '« First', () => void go(0)),
    button('golf-prev', 'Previous step', '‹ Back', () => void go(step - 1)),
    playButton,
    button('golf-next', 'Next step', 'Next ›', () => void go(step + 1)),
    button('golf-last', 'Last step', 'Last »', () => void go((outline?.steps ?? 1) - 1)),
  );

  const draw = () => {
    if (!shown || !outline) return;
    const view = shown.view as GolfReplayView;
    replace(board, golfTable(view, seats, undefined, null));
    const hole = `Hole ${Math.min(view.hole + 1, view.holes)} of ${view.holes}`;
    const said = view.reveal
      ? `Hole ${view.hole + 1} is scored: every card is shown.`
      : view.status === 'ended'
        ? resultText(view, seats)
        : moveText(shown.move, shown.seat, seats, view);
    where.textContent = `${hole} · step ${step + 1} of ${outline.steps}: ${said}`;
    warning.textContent = lastTurnText(view, seats);
    replace(scores, scoreTable(view, seats));
  };

  /** Shows step `next`, fetched alone; a later answer to an earlier request is dropped. */
  const go = async (next: number) => {
    if (!outline) return;
    const target = Math.max(0, Math.min(outline.steps - 1, next));
    const ticket = ++asked;
    try {
      const answer = await ctx.get<GameReplayStepDto>(
        `/api/games/${encodeURIComponent(game.id)}/replay/${target}`,
      );
      if (ticket !== asked) return;
      step = target;
      shown = answer;
      error.textContent = '';
      draw();
      if (step >= outline.steps - 1) stop();
    } catch (err) {
      error.textContent = explain(err);
      stop();
    }
  };
  const play = () => {
    if (outline && step >= outline.steps - 1) void go(0);
    timer = setInterval(() => void go(step + 1), PLAY_EVERY_MS);
    playButton.textContent = '⏸ Pause';
    playButton.setAttribute('aria-label', 'Pause');
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    playButton.textContent = '▶ Play';
    playButton.setAttribute('aria-label', 'Play');
  };

  const keys = (event: KeyboardEvent) => {
    if (isTyping(event) || event.altKey || event.ctrlKey || event.metaKey) return;
    const moves: Record<string, () => number> = {
      ArrowLeft: () => step - 1,
      ArrowRight: () => step + 1,
      Home: () => 0,
      End: () => (outline?.steps ?? 1) - 1,
    };
    const to = moves[event.key];
    if (!to) return;
    event.preventDefault();
    void go(to());
  };

  const rules = h('ul', { class: 'golf-rules' });
  replace(
    main,
    h(
      'section',
      { class: 'golf replay', 'aria-labelledby': 'golf-replay-title' },
      h('h1', { id: 'golf-replay-title' }, `Golf: ${game.seats.map((s) => s.name).join(', ')}`),
      game.status === 'ended'
        ? h('p', { class: 'hint' }, `Played ${new Date(game.startedAt).toLocaleString()}`)
        : h('p', {}, 'Still being played: ', h('a', { href: livePath('golf', game.id) }, 'watch it live')),
      where,
      warning,
      board,
      controls,
      error,
      scores,
      h('details', { class: 'golf-rules-box' }, h('summary', {}, 'House rules'), rules),
      h('h2', {}, 'Share this replay'),
      shareLink('golf-replay-link', 'Link to this replay', replayPath(game.id)),
      game.status === 'ended'
        ? h(
            'p',
            {},
            h(
              'a',
              {
                id: 'golf-export',
                href: `/api/games/${encodeURIComponent(game.id)}/export`,
                download: `golf-${game.id}.json`,
              },
              'Download the whole game (JSON)',
            ),
          )
        : null,
    ),
  );
  document.addEventListener('keydown', keys);
  ctx.get<GameReplayDto>(`/api/games/${encodeURIComponent(game.id)}/replay`).then(
    (answer) => {
      outline = answer;
      replace(
        rules,
        rulesInForce(answer.options).map((line) => h('li', {}, line)),
      );
      void go(0);
    },
    (err) => {
      error.textContent = explain(err);
    },
  );
  return () => {
    stop();
    document.removeEventListener('keydown', keys);
  };
}

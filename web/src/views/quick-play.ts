import type { QueueInfo } from '../../../schema/queues.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { queueFigures, searchLine, waitLine } from '../lobby-text.ts';
import { redraw, type Section } from './section.ts';

/**
 * Quick play: a button per queue (`GET /api/queues`), with how many wait there and how long
 * matches took lately; while searching, the band, the pool and the wait, and a way out. The
 * match found leads to the game by itself (see `LobbySession.startSearch`).
 */
export function quickPlay(ctx: AppContext, queues: () => QueueInfo[] | undefined): Section {
  const session = ctx.lobby;
  const guest = ctx.user()?.guest === true;
  const list = h('ul', { class: 'queues', 'aria-label': 'Queues' });
  // The phase is announced; the figures that change every tick are only shown.
  const phase = h('p', { class: 'search-phase', role: 'status', 'aria-live': 'polite' });
  const figures = h('p', { class: 'search-figures' });
  const wait = h('p', { class: 'search-wait' });
  const notice = h('p', { class: 'notice' });
  const stop = h(
    'button',
    { type: 'button', class: 'danger', onclick: () => session.search?.stop() },
    'Stop searching',
  );
  const search = h('div', { class: 'search', hidden: true }, phase, figures, wait, notice, stop);
  const error = h('p', { class: 'error', role: 'alert' });
  const el = h(
    'section',
    { class: 'panel quick-play', 'aria-labelledby': 'quick-h' },
    h('h2', { id: 'quick-h' }, 'Quick play'),
    h('p', { class: 'hint' }, 'Be matched with a player of your strength; the range widens as you wait.'),
    guest
      ? h(
          'p',
          { class: 'hint', id: 'rated-needs-account' },
          'Rated queues need an account: guests play casual games. Sign up below to keep this guest account and play rated.',
        )
      : null,
    list,
    search,
    error,
  );

  const renderList = (all: QueueInfo[], searching: boolean) =>
    all.map((q) => {
      const figuresId = `queue-${q.id}-figures`;
      const refused = guest && q.rated;
      return h(
        'li',
        { 'data-queue': q.id },
        h(
          'button',
          {
            type: 'button',
            class: q.rated ? 'primary' : '',
            disabled: searching || refused,
            'aria-describedby': refused ? `${figuresId} rated-needs-account` : figuresId,
            onclick: () => session.startSearch(q),
          },
          `Play ${q.label}`,
        ),
        h(
          'span',
          { class: 'figures', id: figuresId },
          refused ? 'accounts only' : queueFigures(q.players, q.medianWaitMs),
        ),
      );
    });

  return {
    el,
    update: () => {
      const current = session.search;
      const all = queues();
      const searching = current !== undefined;
      const listKey = `${searching}|${JSON.stringify(all?.map((q) => [q.id, q.players, q.medianWaitMs]))}`;
      redraw(list, listKey, () =>
        all === undefined
          ? h('li', {}, 'Loading the queues…')
          : all.length === 0
            ? h('li', {}, 'No queues are configured on this server.')
            : renderList(all, searching),
      );
      search.hidden = !current;
      error.textContent = session.searchProblem;
      if (!current) return;
      const label = current.queue.label;
      const phaseText =
        current.phase === 'joining'
          ? `Joining the ${label} queue…`
          : current.phase === 'seating'
            ? `Opponent found in ${label}: taking the seat…`
            : `Searching: ${label}`;
      if (phase.textContent !== phaseText) phase.textContent = phaseText;
      const status = current.status;
      figures.textContent = status ? searchLine(status.band, status.poolSize) : '';
      wait.textContent = status ? waitLine(status.waitedMs, status.estimatedWaitMs) : '';
      notice.textContent = current.notice;
    },
  };
}

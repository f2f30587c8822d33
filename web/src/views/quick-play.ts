import type { QueueInfo } from '../../../schema/queues.ts';
import { initialClockMs } from '../chess-text.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { queueFigures, searchLine, waitLine } from '../lobby-text.ts';
import { redraw, type Section } from './section.ts';

/** Seconds of the clock's start plus forty increments: how long a game lasts, roughly. */
function duration(timeControl: string): number {
  const increment = Number(/\+(\d+)$/.exec(timeControl)?.[1] ?? 0);
  return initialClockMs(timeControl) / 1000 + 40 * increment;
}

/** Chess queues by game length, tables after them. */
const order = (q: QueueInfo) =>
  q.game === 'chess' && q.timeControl ? duration(q.timeControl) : Number.MAX_SAFE_INTEGER;

/** `"Blitz"` from `"Blitz 3+2 rated"`: a queue's label without its clock and its mode. */
function kindOf(queue: QueueInfo): string {
  return queue.label
    .split(' ')
    .filter((w) => w !== queue.timeControl && !/^(rated|casual)$/i.test(w))
    .join(' ');
}

/** A tile's big line and small line: the clock and the kind of a chess queue; a table's seats. */
function tileText(queue: QueueInfo): [string, string] {
  if (queue.game === 'chess') return [queue.timeControl ?? '', kindOf(queue)];
  const seats =
    queue.minSeats === queue.maxSeats ? `${queue.maxSeats}` : `${queue.minSeats}–${queue.maxSeats}`;
  return [queue.game === 'golf' ? 'Golf' : queue.game, `${seats} players`];
}

/** Which queues get a tile: chess one player a side, and tables (golf). */
const tiled = (q: QueueInfo) => (q.game === 'chess' && q.teamSize === 1) || q.maxSeats !== undefined;

/**
 * Quick play as a grid of time controls (the chess queues of `GET /api/queues` for one player a
 * side, shortest games first, then the golf tables with their seats) with a rated/casual switch: a tile enters the queue of its clock and
 * mode, shown with how many wait there and how long matches took lately. While searching, the
 * band, the pool and the wait, and a way out. The match found leads to the game by itself (see
 * `LobbySession.startSearch`). Guests play casual games: the switch stays on casual for them.
 */
export function quickPlay(ctx: AppContext, queues: () => QueueInfo[] | undefined): Section {
  const session = ctx.lobby;
  const guest = ctx.user()?.guest === true;
  let mode: 'rated' | 'casual' = guest ? 'casual' : 'rated';
  const grid = h('ul', { class: 'tc-grid', 'aria-label': 'Queues' });
  const modeChoice = (value: typeof mode, label: string) =>
    h(
      'label',
      { class: 'toggle' },
      h('input', {
        type: 'radio',
        name: 'quick-mode',
        value,
        checked: value === mode,
        disabled: guest && value === 'rated',
        onchange: () => {
          mode = value;
          update();
        },
      }),
      h('span', {}, label),
    );
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
    h(
      'div',
      { class: 'quick-head' },
      h('h2', { id: 'quick-h' }, 'Quick pairing'),
      h(
        'fieldset',
        { class: 'toggles' },
        h('legend', { class: 'visually-hidden' }, 'Rated or casual'),
        modeChoice('rated', 'Rated'),
        modeChoice('casual', 'Casual'),
      ),
    ),
    guest
      ? h(
          'p',
          { class: 'hint', id: 'rated-needs-account' },
          'Rated queues need an account: guests play casual games. Sign up below to keep this guest account and play rated.',
        )
      : h('p', { class: 'hint' }, 'A player of your strength; the range widens as you wait.'),
    grid,
    search,
    error,
  );

  const tile = (q: QueueInfo, searching: boolean) => {
    const figuresId = `queue-${q.id}-figures`;
    const [big, small] = tileText(q);
    return h(
      'li',
      { 'data-queue': q.id },
      h(
        'button',
        {
          type: 'button',
          class: 'tc',
          disabled: searching,
          'aria-label': `Play ${q.label}`,
          'aria-describedby': figuresId,
          onclick: () => session.startSearch(q),
        },
        h('span', { class: 'tc-clock' }, big),
        h('span', { class: 'tc-kind' }, small),
        h('span', { class: 'tc-figures', 'aria-hidden': 'true' }, `${q.players ?? '?'} waiting`),
        h('span', { class: 'visually-hidden', id: figuresId }, queueFigures(q.players, q.medianWaitMs)),
      ),
    );
  };

  const update = () => {
    const current = session.search;
    const all = queues();
    const searching = current !== undefined;
    const shown = (all ?? [])
      .filter((q) => tiled(q) && q.rated === (mode === 'rated'))
      // Chess by the length of its games, then the tables.
      .sort((a, b) => order(a) - order(b));
    const key = `${mode}|${searching}|${all === undefined}|${JSON.stringify(shown.map((q) => [q.id, q.players, q.medianWaitMs]))}`;
    redraw(grid, key, () =>
      all === undefined
        ? h('li', { class: 'tc-note' }, 'Loading the queues…')
        : shown.length === 0
          ? h('li', { class: 'tc-note' }, `No ${mode} queues are configured on this server.`)
          : shown.map((q) => tile(q, searching)),
    );
    search.hidden = !current;
    error.textContent = session.searchProblem;
    if (!current) return;
    const label = current.queue.label;
    const phaseText =
      current.phase === 'joining'
        ? `Joining the ${label} queue…`
        : current.phase === 'seating'
          ? `Match found in ${label}: taking the seat…`
          : `Searching: ${label}`;
    if (phase.textContent !== phaseText) phase.textContent = phaseText;
    const status = current.status;
    figures.textContent = status ? searchLine(status.band, status.poolSize) : '';
    wait.textContent = status ? waitLine(status.waitedMs, status.estimatedWaitMs) : '';
    notice.textContent = current.notice;
  };
  return { el, update };
}

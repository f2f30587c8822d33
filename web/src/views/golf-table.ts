import { RookeryError } from '../../../client-sdk/errors.ts';
import type { GolfTable } from '../../../client-sdk/golf.ts';
import type { GameDto } from '../../../schema/games.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { actionsOf, type Picking } from '../golf/actions.ts';
import { golfTable, scoreTable, type TableSeat, tableViewOf } from '../golf/board.ts';
import { rulesInForce } from '../golf/cards.ts';
import { shareLink } from '../golf/share.ts';
import { lastTurnText, resultText, seatName, turnTimerText } from '../golf/text.ts';
import { livePath, replayPath } from '../router.ts';
import { authPanel, explain } from './auth.ts';

/**
 * `/golf/:id`: a seat at a golf table (or watching it when the seats are taken), played by mouse,
 * touch or keyboard (the cards of one's grid are buttons: arrow keys move between them, Enter
 * plays one). A finished game goes to its replay.
 */
export function golfTableView(ctx: AppContext, main: HTMLElement, gameId: string): () => void {
  let closed = false;
  let table: GolfTable | undefined;
  let picking: Picking = null;
  let busy = false;

  const title = h('h1', { id: 'golf-title' }, 'Golf');
  const line = h('p', { class: 'golf-line', id: 'golf-status', role: 'status' });
  // Not a live region: the status line already says whose turn it is; this ticks every second.
  const timer = h('p', { class: 'golf-timer', id: 'golf-timer' });
  const warning = h('p', { class: 'golf-warning', id: 'golf-last-turn', role: 'alert' });
  const board = h('div', { class: 'golf-board' });
  const controls = h('p', { class: 'row golf-controls' });
  const error = h('p', { class: 'error', role: 'alert' });
  const scores = h('div', { class: 'golf-score-box' });
  const rules = h('ul', { class: 'golf-rules', id: 'golf-rules' });
  const ending = h('div', { class: 'golf-ending' });
  const connection = h('p', { class: 'banner', role: 'status', hidden: true });

  const showProblem = (text: string) =>
    replace(
      main,
      h(
        'section',
        { class: 'panel' },
        h('h1', {}, 'This table cannot be opened'),
        h('p', { role: 'alert' }, text),
        h('p', {}, h('a', { href: '/' }, 'Back to the start')),
      ),
    );

  const seatsOf = (joined: GolfTable): TableSeat[] => {
    const out: TableSeat[] = [];
    joined.room.state.seats?.forEach((s, key) => {
      out[Number(key)] = { name: s.name, bot: s.bot !== '', connected: s.connected };
    });
    return out;
  };

  const act = (ask: () => Promise<void>) => () => {
    if (busy) return;
    busy = true;
    error.textContent = '';
    ask().then(
      () => {
        busy = false;
        picking = null;
        draw();
      },
      (err) => {
        busy = false;
        error.textContent = explain(err);
        draw();
      },
    );
  };

  /** The countdown of the turn being played, from the deadline in the view and the server's clock. */
  const tick = () => {
    const view = table?.view;
    const left = table?.turnLeft() ?? null;
    if (!table || !view || left === null) {
      timer.textContent = '';
      return;
    }
    timer.textContent = turnTimerText(seatsOf(table), view.turn, left, table.seat);
    timer.classList.toggle('low', left < 10_000);
    timer.classList.toggle('mine', view.turn === table.seat);
  };
  const ticking = setInterval(tick, 500);

  const draw = () => {
    if (!table || closed) return;
    tick();
    const view = table.view;
    if (!view) return;
    const me = table.seat;
    const seats = seatsOf(table);
    const shown = tableViewOf(view);
    const focused = document.activeElement as HTMLElement | null;
    const focusIndex = Number(
      focused?.closest('.golf-grid')?.querySelector('button[tabindex="0"]')?.getAttribute('data-index') ?? 0,
    );
    const focusId =
      focused?.id || (focused?.classList.contains('slot') ? `slot-${focused.dataset.index}` : '');
    const { actions, hint, buttons } = actionsOf(view, me, picking, act, table, (mode) => {
      picking = mode;
      draw();
    });
    title.textContent =
      view.status === 'waiting'
        ? 'Golf: waiting for players'
        : `Golf · hole ${Math.min(view.hole + 1, view.holes)} of ${view.holes}`;
    const seated = seats.filter((s) => s?.name).length;
    line.textContent =
      view.status === 'waiting'
        ? `${seated} of ${view.players} seats taken. Send the link below to the players you want.`
        : view.status === 'ended'
          ? resultText(shown, seats)
          : table.room.state.pausedAt > 0
            ? 'Staff paused the game: wait for them.'
            : hint ||
              `${view.turn === me ? 'You' : seatName(seats, view.turn)}${view.turn === me ? ' are' : ' is'} playing.`;
    warning.textContent = lastTurnText(shown, seats, me);
    replace(board, view.status === 'waiting' ? null : golfTable(shown, seats, me, actions, focusIndex));
    replace(controls, buttons);
    replace(scores, view.status === 'waiting' ? null : scoreTable(shown, seats));
    replace(
      rules,
      rulesInForce(view.rules).map((text) => h('li', {}, text)),
    );
    replace(
      ending,
      view.status === 'ended'
        ? h('p', {}, h('a', { href: replayPath(gameId), id: 'golf-replay' }, 'Watch the replay'))
        : null,
    );
    board.classList.toggle('my-turn', view.status === 'playing' && view.turn === me);
    // Focus stays where it was across redraws (a card of one's grid, a pile, a button).
    const again = focusId.startsWith('slot-')
      ? board.querySelector<HTMLElement>(`.golf-seat.mine button.slot[data-index="${focusId.slice(5)}"]`)
      : focusId
        ? document.getElementById(focusId)
        : null;
    if (again && focused && !focused.isConnected) again.focus({ preventScroll: true });
  };

  const attach = (joined: GolfTable) => {
    if (closed) {
      void joined.leave().catch(() => undefined);
      return;
    }
    table = joined;
    joined.room.onStateChange(() => draw());
    joined.room.onMessage('view', () => draw());
    joined.room.onDrop(() => {
      connection.hidden = false;
      connection.textContent = 'Connection lost: reconnecting…';
    });
    joined.room.onReconnect(() => {
      connection.hidden = true;
    });
    replace(
      main,
      h(
        'section',
        { class: 'golf live', 'aria-labelledby': 'golf-title' },
        title,
        connection,
        line,
        timer,
        warning,
        board,
        controls,
        error,
        ending,
        scores,
        h('details', { class: 'golf-rules-box', open: true }, h('summary', {}, 'House rules'), rules),
        h('h2', {}, 'Share this table'),
        shareLink('golf-table-link', 'Link to this table', livePath('golf', gameId)),
      ),
    );
    draw();
  };

  const notRunning = async () => {
    try {
      const stored = await ctx.get<GameDto>(`/api/games/${encodeURIComponent(gameId)}`);
      if (stored.status === 'ended') return ctx.navigate(replayPath(gameId), { replace: true });
      showProblem('This table is not being played on this server right now. Try again in a moment.');
    } catch {
      showProblem('There is no golf table with this id.');
    }
  };

  const open = async (spectate: boolean) => {
    const handed = ctx.takeGolfHandoff(gameId);
    if (!handed && !spectate && !ctx.user()) {
      replace(
        main,
        h(
          'section',
          { class: 'panel' },
          h('h1', {}, 'Join this golf table'),
          h('p', {}, 'Sign in, or play as a guest, to take a free seat.'),
          authPanel(ctx, () => void open(false)),
          h('p', {}, h('button', { type: 'button', onclick: () => void open(true) }, 'Just watch')),
        ),
      );
      return;
    }
    replace(main, h('p', { class: 'status', role: 'status' }, 'Joining the table…'));
    try {
      if (handed) return attach(handed);
      if (spectate) return attach(await ctx.golf.spectate(gameId));
      try {
        attach(await ctx.golf.joinTable(gameId));
      } catch (err) {
        if (err instanceof RookeryError && err.code === 'SEAT_TAKEN')
          return attach(await ctx.golf.spectate(gameId));
        throw err;
      }
    } catch (err) {
      if (closed) return;
      if (err instanceof RookeryError && err.code === 'GAME_NOT_FOUND') return notRunning();
      showProblem(explain(err));
    }
  };

  void open(false);
  return () => {
    closed = true;
    clearInterval(ticking);
    void table?.leave().catch(() => undefined);
  };
}

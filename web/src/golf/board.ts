import type { GolfReplayView, GolfView } from '../../../schema/golf.ts';
import { h } from '../dom.ts';
import { cardName, isRed, rankText, suitOf } from './cards.ts';

/**
 * A golf table drawn from a view: each player's 2×3 grid (face-up cards, backs for the rest), the
 * deck and the discard pile, the card in hand, whose turn it is, the last-turn warning and the
 * scores per hole. The live table and the replay draw the same; only the live table gives actions.
 */

/** What the table shows: a live view or a replay frame, with each hole's scores. */
export type TableView = Omit<GolfReplayView, 'reveal'> & { reveal?: boolean };

export function tableViewOf(view: GolfView): TableView {
  const { played, rules: _rules, deadline: _deadline, seat: _seat, ...rest } = view;
  return { ...rest, scores: played.map((p) => p.scores) };
}

export interface TableSeat {
  name: string;
  bot: boolean;
  /** False while a person is gone (their seat is kept for the grace period). */
  connected?: boolean;
}

/** What a player may do now; null where the table only shows. */
export interface TableActions {
  /** A card of one's own grid: swap, flip, or the card to turn up with a discard. */
  card(index: number): (() => void) | null;
  deck: (() => void) | null;
  discardPile: (() => void) | null;
}

/** A card: its face, or its back (`null`). */
export function cardFace(card: string | null, extra: Record<string, string> = {}): HTMLElement {
  if (card === null)
    return h(
      'span',
      { class: 'golf-card back', 'aria-label': 'face-down card', ...extra },
      h('span', { class: 'pattern' }),
    );
  return h(
    'span',
    {
      class: `golf-card face${isRed(card) ? ' red' : ''}`,
      'aria-label': cardName(card),
      'data-card': card,
      ...extra,
    },
    h('span', { class: 'rank', 'aria-hidden': 'true' }, rankText(card)),
    h('span', { class: 'suit', 'aria-hidden': 'true' }, card.endsWith('X') ? '' : suitOf(card)),
  );
}

/** Arrow keys move between the six cards of a grid (two rows of three); Enter plays the card. */
function gridKeys(grid: HTMLElement) {
  return (event: KeyboardEvent) => {
    const cards = [...grid.querySelectorAll<HTMLButtonElement>('button.slot')];
    const at = cards.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -3, ArrowDown: 3 };
    const step = moves[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = at + step;
    if (next < 0 || next > 5) return;
    for (const c of cards) c.tabIndex = -1;
    cards[next]!.tabIndex = 0;
    cards[next]!.focus();
  };
}

function gridOf(view: TableView, seat: number, actions: TableActions | null, focus: number): HTMLElement {
  const cards = view.grids[seat] ?? [];
  const grid = h('div', {
    class: 'golf-grid',
    role: actions ? 'group' : null,
    'aria-label': actions ? 'Your cards' : null,
  });
  cards.forEach((card, index) => {
    const position = `${index < 3 ? 'top' : 'bottom'} row, ${['left', 'middle', 'right'][index % 3]}`;
    if (!actions) {
      grid.append(cardFace(card, { 'data-index': String(index), title: position }));
      return;
    }
    const act = actions.card(index);
    const face = cardFace(card);
    grid.append(
      h(
        'button',
        {
          type: 'button',
          class: `slot${act ? ' playable' : ''}`,
          'data-index': index,
          tabindex: index === focus ? 0 : -1,
          'aria-disabled': act ? null : 'true',
          'aria-label': `${face.getAttribute('aria-label')}, ${position}`,
          onclick: () => act?.(),
        },
        face,
      ),
    );
  });
  if (actions) grid.addEventListener('keydown', gridKeys(grid));
  return grid;
}

/** One player: name, total, whose turn, gone out; their grid. */
function seatPanel(
  view: TableView,
  seat: number,
  who: TableSeat | undefined,
  me: number | undefined,
  actions: TableActions | null,
  focus: number,
) {
  const mine = seat === me;
  const turn = view.status === 'playing' && view.turn === seat;
  const flags = [
    mine ? 'you' : null,
    who?.bot ? 'computer' : null,
    who && who.connected === false && !who.bot ? 'gone' : null,
    view.finisher === seat ? 'went out' : null,
  ].filter(Boolean);
  return h(
    'section',
    {
      class: `golf-seat${mine ? ' mine' : ''}${turn ? ' turn' : ''}`,
      'data-seat': seat,
      'aria-label': `${who?.name ?? `Seat ${seat + 1}`}${turn ? ', to play' : ''}`,
    },
    h(
      'header',
      {},
      h('span', { class: 'seat-name' }, who?.name || `Seat ${seat + 1}`),
      h('span', { class: 'seat-flags' }, flags.length ? flags.join(', ') : '\u00a0'),
      h('span', { class: 'seat-total', title: 'total' }, String(view.totals[seat] ?? 0)),
    ),
    gridOf(view, seat, mine ? actions : null, focus),
  );
}

/** The deck and the discard pile (each a button when it may be played), and the card in hand. */
function piles(view: TableView, actions: TableActions | null): HTMLElement {
  const deck = h(
    'span',
    { class: 'golf-card back deck' },
    h('span', { class: 'pattern' }),
    h('span', { class: 'count' }, String(view.stockCount)),
  );
  const top = view.discardTop ? cardFace(view.discardTop) : h('span', { class: 'golf-card empty' });
  const pile = (what: HTMLElement, label: string, act: (() => void) | null, id: string) =>
    actions
      ? h(
          'button',
          {
            type: 'button',
            id,
            class: `pile${act ? ' playable' : ''}`,
            'aria-disabled': act ? null : 'true',
            'aria-label': label,
            onclick: () => act?.(),
          },
          what,
        )
      : h('div', { class: 'pile', 'aria-label': label }, what);
  return h(
    'div',
    { class: 'golf-piles' },
    h(
      'figure',
      {},
      pile(deck, `Deck, ${view.stockCount} cards: draw`, actions?.deck ?? null, 'golf-deck'),
      h('figcaption', {}, 'Deck'),
    ),
    h(
      'figure',
      {},
      pile(
        top,
        `Discard pile, ${view.discardTop ? cardName(view.discardTop) : 'empty'}: take`,
        actions?.discardPile ?? null,
        'golf-discard',
      ),
      h('figcaption', {}, 'Discard'),
    ),
    view.drawn
      ? h(
          'figure',
          { class: 'in-hand' },
          cardFace(view.drawn, { id: 'golf-drawn' }),
          h('figcaption', {}, 'In hand'),
        )
      : null,
  );
}

/** Hole by hole, and the totals. */
export function scoreTable(view: TableView, seats: Array<TableSeat | undefined>): HTMLElement {
  const players = Array.from({ length: view.players }, (_, s) => s);
  return h(
    'table',
    { class: 'golf-scores' },
    h('caption', {}, 'Scores'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Player'),
        view.scores.map((_, i) => h('th', { scope: 'col' }, `H${i + 1}`)),
        h('th', { scope: 'col' }, 'Total'),
      ),
    ),
    h(
      'tbody',
      {},
      players.map((s) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, seats[s]?.name || `Seat ${s + 1}`),
          view.scores.map((hole) => h('td', {}, String(hole[s] ?? ''))),
          h('td', { class: 'total' }, String(view.totals[s] ?? 0)),
        ),
      ),
    ),
  );
}

/** The whole table: other players first, then one's own grid, nearest the hand. */
export function golfTable(
  view: TableView,
  seats: Array<TableSeat | undefined>,
  me: number | undefined,
  actions: TableActions | null,
  focus = 0,
): HTMLElement {
  const order = Array.from({ length: view.players }, (_, s) => s).filter((s) => s !== me);
  if (me !== undefined) order.push(me);
  return h(
    'div',
    { class: `golf-table${view.reveal ? ' reveal' : ''}` },
    h(
      'div',
      { class: 'golf-others' },
      order.filter((s) => s !== me).map((s) => seatPanel(view, s, seats[s], me, actions, focus)),
    ),
    view.status === 'ended' || view.reveal ? null : piles(view, actions),
    me !== undefined ? seatPanel(view, me, seats[me], me, actions, focus) : null,
  );
}

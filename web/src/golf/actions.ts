import type { GolfTable } from '../../../client-sdk/golf.ts';
import type { GolfView } from '../../../schema/golf.ts';
import { h } from '../dom.ts';
import type { TableActions } from './board.ts';
import { cardName } from './cards.ts';

/**
 * What a player at a golf table may do with the view their seat was sent, and what the page says
 * about it: the piles and cards that play, the hint, and the buttons of the moment.
 */

/** A discard that turns up a card waits for the card: the player picks it next. */
export type Picking = 'discard-flip' | null;

/** What the player may do with this view, and what the page says about it. */
export function actionsOf(
  view: GolfView,
  me: number | undefined,
  picking: Picking,
  act: (ask: () => Promise<void>) => () => void,
  table: GolfTable,
  pick: (mode: Picking) => void,
): { actions: TableActions; hint: string; buttons: HTMLElement[] } {
  const none: TableActions = { card: () => null, deck: null, discardPile: null };
  if (me === undefined || view.status !== 'playing' || view.turn !== me)
    return { actions: none, hint: '', buttons: [] };
  const grid = view.grids[me] ?? [];
  const down = grid.map((c, i) => (c === null ? i : -1)).filter((i) => i >= 0);
  const rules = view.rules;
  if (view.phase === 'choose') {
    const buttons: HTMLElement[] = [];
    const canKnock = rules.knockEarly && view.finisher === null && down.length > 0 && down.length <= 2;
    if (canKnock)
      buttons.push(
        h(
          'button',
          { type: 'button', id: 'golf-knock', onclick: act(() => table.knock()) },
          'Knock: turn up and go out',
        ),
      );
    return {
      actions: {
        card: (i) => (rules.flipAsAction && grid[i] === null ? act(() => table.flip(i)) : null),
        deck: act(() => table.draw()),
        discardPile: view.discardTop ? act(() => table.take()) : null,
      },
      hint: `Your turn: draw from the deck${view.discardTop ? ', or take the discard' : ''}${
        rules.flipAsAction ? ', or turn up one of your face-down cards' : ''
      }.`,
      buttons,
    };
  }
  const held = view.drawn ? cardName(view.drawn) : 'card';
  if (view.phase === 'took')
    return {
      actions: { ...none, card: (i) => act(() => table.swap(i)) },
      hint: `Swap the ${held} into your grid: choose the card it replaces.`,
      buttons: [],
    };
  // Holding the deck's card: swap it, or discard it (turning up a card when the rules say so).
  if (picking === 'discard-flip')
    return {
      actions: { ...none, card: (i) => (grid[i] === null ? act(() => table.discard(i)) : null) },
      hint: `Discard the ${held}: choose the face-down card to turn up.`,
      buttons: [h('button', { type: 'button', id: 'golf-cancel', onclick: () => pick(null) }, 'Back')],
    };
  const discard =
    view.discardFlip === 'must' && down.length > 0 ? () => pick('discard-flip') : act(() => table.discard());
  const buttons = [h('button', { type: 'button', id: 'golf-discard-drawn', onclick: discard }, 'Discard it')];
  if (view.discardFlip === 'may' && down.length > 0)
    buttons.push(
      h(
        'button',
        { type: 'button', id: 'golf-discard-flip', onclick: () => pick('discard-flip') },
        'Discard and turn up a card',
      ),
    );
  return {
    actions: { card: (i) => act(() => table.swap(i)), deck: null, discardPile: discard },
    hint: `You drew the ${held}: choose a card of your grid to swap it with, or discard it${
      view.discardFlip === 'must' && down.length > 0 ? ' and turn up a card' : ''
    }.`,
    buttons,
  };
}

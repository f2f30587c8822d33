import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { BOARD_LABELS, BOARDS, PIECE_LABELS, PIECE_SETS } from '../prefs.ts';

/**
 * The tools under a live board: flip it, sound on or off, and the board's colours and pieces
 * (remembered for this browser, like the sound).
 */
export function boardSettings(ctx: AppContext, actions: { flip(): void }): HTMLElement {
  const prefs = ctx.prefs;
  const sound = h('button', {
    type: 'button',
    id: 'sound-toggle',
    onclick: () => {
      prefs.set({ sound: !prefs.get().sound });
      showSound();
    },
  });
  const showSound = () => {
    const on = prefs.get().sound;
    sound.setAttribute('aria-pressed', String(on));
    sound.textContent = on ? 'Sound on' : 'Sound off';
  };
  showSound();
  const choice = <T extends string>(
    id: string,
    label: string,
    values: readonly T[],
    words: Record<T, string>,
    chosen: T,
    pick: (v: T) => void,
  ) =>
    h(
      'p',
      { class: 'field' },
      h('label', { for: id }, label),
      h(
        'select',
        { id, onchange: (event) => pick((event.target as HTMLSelectElement).value as T) },
        values.map((v) => h('option', { value: v, selected: v === chosen }, words[v])),
      ),
    );
  return h(
    'div',
    { class: 'board-tools' },
    h(
      'p',
      { class: 'row' },
      h('button', { type: 'button', id: 'flip-board', onclick: () => actions.flip() }, '⇅ Flip board'),
      sound,
    ),
    h(
      'details',
      { class: 'board-style' },
      h('summary', {}, 'Board and pieces'),
      choice('board-theme', 'Board', BOARDS, BOARD_LABELS, prefs.get().board, (board) =>
        prefs.set({ board }),
      ),
      choice('piece-set', 'Pieces', PIECE_SETS, PIECE_LABELS, prefs.get().pieces, (pieces) =>
        prefs.set({ pieces }),
      ),
    ),
  );
}

import { h, replace } from '../dom.ts';

/** Parts of a live game's side column. */

/** The link to a game waiting for its opponent, in a field to copy from, with a Copy button. */
export function shareLink(link: string, tell: (text: string) => void): HTMLElement[] {
  const input = h('input', { id: 'share-link', type: 'text', readonly: true, value: link });
  return [
    h('label', { for: 'share-link' }, 'Send this link to your opponent'),
    h(
      'div',
      { class: 'row' },
      input,
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            input.select();
            void navigator.clipboard?.writeText(link).then(() => tell('Link copied.'));
          },
        },
        'Copy',
      ),
    ),
  ];
}

/** A live game's moves, two to a numbered line, scrolled to the last. */
export function showMoves(list: HTMLElement, sans: string[]): void {
  const items: HTMLElement[] = [];
  for (let i = 0; i < sans.length; i += 2) {
    items.push(
      h(
        'li',
        {},
        h('span', { class: 'move-number' }, `${i / 2 + 1}.`),
        h('span', { class: 'san', 'data-ply': i + 1 }, sans[i]),
        sans[i + 1] !== undefined ? h('span', { class: 'san', 'data-ply': i + 2 }, sans[i + 1]) : null,
      ),
    );
  }
  replace(list, items);
  list.scrollTop = list.scrollHeight;
}

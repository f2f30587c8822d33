import { type Child, h } from '../dom.ts';

export interface Dialog {
  el: HTMLDialogElement;
  open(): void;
  close(): void;
}

/**
 * A small modal dialog (the browser's own `<dialog>`: focus kept inside, Escape closes it), with
 * a title and a close button; the rest of the page cannot be used while it is open.
 */
export function modal(id: string, title: string, ...content: (Child | Child[])[]): Dialog {
  const el: HTMLDialogElement = h(
    'dialog',
    {
      id,
      class: 'modal',
      'aria-labelledby': `${id}-title`,
      // A click on the backdrop (outside the box) closes it, as one expects on a phone.
      onclick: (event) => {
        if (event.target === el) el.close();
      },
    },
    h(
      'div',
      { class: 'modal-box' },
      h(
        'div',
        { class: 'modal-head' },
        h('h2', { id: `${id}-title` }, title),
        h(
          'button',
          { type: 'button', class: 'link modal-close', 'aria-label': 'Close', onclick: () => el.close() },
          '✕',
        ),
      ),
      ...content,
    ),
  );
  return {
    el,
    open: () => {
      if (!el.open) el.showModal();
    },
    close: () => el.close(),
  };
}

import { h } from '../dom.ts';

/**
 * A link to share: the address in a read-only field (to copy by hand on any device) and a button
 * that copies it; `copied` says so aloud.
 */
export function shareLink(id: string, label: string, path: string): HTMLElement {
  const url = new URL(path, location.origin).toString();
  const field = h('input', { id, type: 'text', readonly: true, value: url, 'aria-label': label });
  const said = h('span', { class: 'hint', role: 'status' });
  return h(
    'p',
    { class: 'share-link' },
    field,
    h(
      'button',
      {
        type: 'button',
        id: `${id}-copy`,
        onclick: () => {
          field.select();
          const done = () => {
            said.textContent = 'Link copied.';
          };
          if (navigator.clipboard) void navigator.clipboard.writeText(url).then(done, () => undefined);
          else done();
        },
      },
      'Copy link',
    ),
    said,
  );
}

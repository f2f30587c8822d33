import { type Child, h } from '../dom.ts';
import { explain } from '../views/auth.ts';

/**
 * A table of rows; on a phone each row is a card of its cells, each with its column's name (the
 * `data-label` the stylesheet shows), so that no column, and no action, is out of sight.
 */
export function table(headers: string[], rows: Child[][], label: string): HTMLElement {
  return h(
    'div',
    { class: 'admin-table-wrap' },
    h(
      'table',
      { class: 'admin-table', 'aria-label': label },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((c, i) => h('td', { 'data-label': headers[i] ?? '' }, c)),
          ),
        ),
      ),
    ),
  );
}

/**
 * A staff action with its reason: a button that opens a small form (reason, and any `extra`
 * fields), and runs `run` with what was typed. The outcome shows beside it.
 */
export function actionForm(options: {
  label: string;
  name: string;
  extra?: Array<{ name: string; label: string; type?: string; placeholder?: string; required?: boolean }>;
  danger?: boolean;
  run: (values: Record<string, string>) => Promise<unknown>;
  done?: () => void;
}): HTMLElement {
  const status = h('p', { class: 'error', role: 'alert' });
  const fields = [
    ...(options.extra ?? []),
    {
      name: 'reason',
      label: 'Reason',
      type: 'text',
      placeholder: 'why (kept in the audit log)',
      required: true,
    },
  ];
  const form = h(
    'form',
    { class: 'admin-action', 'data-action': options.name, hidden: true },
    fields.map((f) =>
      h(
        'label',
        { class: 'field' },
        f.label,
        h('input', {
          name: f.name,
          type: f.type ?? 'text',
          placeholder: f.placeholder ?? '',
          required: f.required ?? false,
        }),
      ),
    ),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'submit', class: options.danger ? 'danger' : '' }, `Confirm: ${options.label}`),
    ),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
    status.textContent = '';
    try {
      await options.run(values);
      form.hidden = true;
      form.reset();
      options.done?.();
    } catch (err) {
      status.textContent = explain(err);
    }
  });
  const open = h(
    'button',
    { type: 'button', 'data-open': options.name, onclick: () => (form.hidden = !form.hidden) },
    options.label,
  );
  return h('div', { class: 'admin-action-group' }, open, form);
}

export function failed(err: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, explain(err));
}

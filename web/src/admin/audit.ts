import { h, replace } from '../dom.ts';
import { type AdminApi, type AuditEntry, when } from './api.ts';
import { failed, table } from './ui.ts';

/** `/admin/audit`: the audit log (admins), filtered by target, actor and action. */
export function auditPage(api: AdminApi, root: HTMLElement): void {
  const results = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'row' },
    h('input', { name: 'target', placeholder: 'target user', 'aria-label': 'Target user' }),
    h('input', { name: 'actor', placeholder: 'by (staff)', 'aria-label': 'Actor' }),
    h('input', { name: 'action', placeholder: 'action, e.g. user.banned', 'aria-label': 'Action' }),
    h('button', { type: 'submit' }, 'Filter'),
  );
  const load = async () => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form).entries()) if (value) params.set(key, String(value));
    try {
      const { entries } = await api.get<{ entries: AuditEntry[] }>(`/audit?${params}`);
      replace(
        results,
        table(
          ['When', 'Action', 'Actor', 'Target', 'Details'],
          entries.map((e) => [
            when(e.at),
            e.action,
            e.actorId ?? '—',
            e.targetId ?? '—',
            e.details ? JSON.stringify(e.details) : '',
          ]),
          'Audit log',
        ),
      );
    } catch (err) {
      replace(results, failed(err));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  replace(root, h('h1', {}, 'Audit log'), form, results);
  void load();
}

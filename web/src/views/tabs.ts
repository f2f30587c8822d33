import { h } from '../dom.ts';

export interface Tab {
  id: string;
  label: string;
  panel: HTMLElement;
}

/**
 * Panels behind tabs on a narrow screen, side by side on a wide one (the tab bar and the hiding
 * are the stylesheet's, by width: `.tabs` in `lobby.css`). The tab bar follows the ARIA tabs
 * pattern: arrow keys move between tabs, the chosen one is remembered for the visit.
 */
export function tabbed(name: string, tabs: Tab[], chosen = tabs[0]?.id): HTMLElement {
  const buttons = tabs.map((tab) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `${name}-tab-${tab.id}`,
        'aria-controls': `${name}-panel-${tab.id}`,
        'data-tab': tab.id,
        onclick: () => choose(tab.id),
        onkeydown: (event) => {
          const key = (event as KeyboardEvent).key;
          const step = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
          if (!step) return;
          const at = tabs.findIndex((t) => t.id === tab.id);
          const next = tabs[(at + step + tabs.length) % tabs.length]!;
          choose(next.id);
          buttons.find((b) => b.dataset.tab === next.id)?.focus();
        },
      },
      tab.label,
    ),
  );
  const panels = tabs.map((tab) =>
    h(
      'div',
      {
        class: 'tab-panel',
        role: 'tabpanel',
        id: `${name}-panel-${tab.id}`,
        'aria-labelledby': `${name}-tab-${tab.id}`,
        'data-tab': tab.id,
      },
      tab.panel,
    ),
  );
  const choose = (id: string | undefined) => {
    for (const b of buttons) {
      const on = b.dataset.tab === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    }
    for (const p of panels) p.classList.toggle('chosen', p.dataset.tab === id);
    root.dataset.chosen = id ?? '';
  };
  const root = h(
    'div',
    { class: 'tabs', id: name },
    h('div', { class: 'tab-bar', role: 'tablist', 'aria-label': 'Lobby' }, buttons),
    h('div', { class: 'tab-panels' }, panels),
  );
  choose(chosen);
  return root;
}

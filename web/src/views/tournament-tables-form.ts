import type { TablesOptions } from '../../../schema/tournaments.ts';
import { h } from '../dom.ts';
import { field, numberInput } from './tournament-fields.ts';

/** The tables' part of the new tournament's form (golf), and what it gives the API. */
export interface TablesFields {
  el: HTMLElement;
  /** The table size and, when typed, the points by place. */
  value(): { size: number; points?: number[] };
  /** The game's own options: golf's holes. */
  options(): Record<string, unknown>;
}

/**
 * Seats at a table (three to golf's six), the holes of each table's game, and the points by place,
 * first place first, as numbers separated by spaces or commas (left empty: the server's default,
 * size − 1 down to 0). Error slots carry the API's paths (`tables.size`, `tables.points`).
 */
export function tablesFields(): TablesFields {
  const size = numberInput('t-table-size', 4, 3, 6);
  const holes = numberInput('t-holes', 9, 1, 18);
  const points = h('input', {
    id: 't-table-points',
    name: 't-table-points',
    autocomplete: 'off',
    inputmode: 'decimal',
    placeholder: '3 2 1 0',
  });
  const placeholder = () => {
    const n = Number(size.value) || 4;
    points.placeholder = Array.from({ length: n }, (_, i) => n - 1 - i).join(' ');
  };
  size.addEventListener('input', placeholder);
  const el = h(
    'fieldset',
    { class: 'tables-options' },
    h('legend', {}, 'Tables'),
    h(
      'div',
      { class: 'form-grid' },
      field('t-table-size', 'Players at a table', size, 'tables.size'),
      field('t-holes', 'Holes a game', holes, 'options'),
      field(
        't-table-points',
        'Points by place',
        points,
        'tables.points',
        'first place first; empty: one less a place',
      ),
    ),
  );
  return {
    el,
    value: () => {
      const typed = points.value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number);
      return { size: Number(size.value), ...(typed.length ? { points: typed } : {}) };
    },
    options: () => ({ holes: Number(holes.value) }),
  };
}

/** `"Tables of 4 · 3, 2, 1, 0 points by place"`. */
export function tablesLine(t: TablesOptions): string {
  return `Tables of ${t.size} · ${t.points.join(', ')} points by place`;
}

import type { NewTournamentInput } from '../../../client-sdk/tournaments.ts';
import { h } from '../dom.ts';
import { field, numberInput } from './tournament-fields.ts';

/** The groups' part of the new tournament's form, and the `groups` it gives the API. */
export interface GroupsFields {
  el: HTMLElement;
  value(): NonNullable<NewTournamentInput['groups']>;
}

/**
 * The groups of a groups-then-knockout: made by their number or by their size (the API takes one
 * of the two), and how many of each go on. Error slots carry the API's paths (`groups.count`).
 */
export function groupsFields(): GroupsFields {
  const by = h(
    'select',
    { id: 't-groups-by', name: 't-groups-by' },
    h('option', { value: 'count' }, 'Their number'),
    h('option', { value: 'size' }, 'Their size at most'),
  );
  const count = numberInput('t-groups-count', 2, 1, 64);
  const size = numberInput('t-groups-size', 4, 2, 64);
  const advance = numberInput('t-groups-advance', 2, 1, 32);
  const countRow = field('t-groups-count', 'Number of groups', count, 'groups.count');
  const sizeRow = field('t-groups-size', 'Players in a group at most', size, 'groups.size');
  const show = () => {
    countRow.hidden = by.value !== 'count';
    sizeRow.hidden = by.value !== 'size';
  };
  by.addEventListener('change', show);
  show();
  const el = h(
    'fieldset',
    { class: 'groups-options' },
    h('legend', {}, 'Groups'),
    h(
      'div',
      { class: 'form-grid' },
      field('t-groups-by', 'Groups made by', by, 'groups'),
      countRow,
      sizeRow,
      field(
        't-groups-advance',
        'Going on from each group',
        advance,
        'groups.advance',
        'The top players of each group, into the knockout',
      ),
    ),
  );
  return {
    el,
    value: () =>
      by.value === 'count'
        ? { count: Number(count.value), advance: Number(advance.value) }
        : { size: Number(size.value), advance: Number(advance.value) },
  };
}

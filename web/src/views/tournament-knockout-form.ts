import type { KnockoutOptions } from '../../../schema/tournaments.ts';
import { h } from '../dom.ts';
import { checkField, field, numberInput } from './tournament-fields.ts';

/** The knockout's part of the new tournament's form, and the options it gives the API. */
export interface KnockoutFields {
  el: HTMLElement;
  /** Only the options of the chosen elimination, as `POST /api/tournaments` takes them. */
  value(): Partial<KnockoutOptions>;
}

/**
 * Elimination, games per match, tie-breaks, the decider, and the third-place match (single
 * elimination) or the grand final's reset (double): each shown only where it applies, since the
 * API refuses an option of the other elimination. Error slots carry the API's paths (`knockout.games`).
 */
export function knockoutFields(): KnockoutFields {
  const elimination = h(
    'select',
    { id: 't-elimination', name: 't-elimination' },
    h('option', { value: 'single' }, 'Single: out after one lost match'),
    h('option', { value: 'double' }, 'Double: out after two lost matches'),
  );
  const games = numberInput('t-ko-games', 1, 1, 12);
  const tieBreakGames = numberInput('t-ko-tb-games', 0, 0, 6);
  const tieBreakSets = numberInput('t-ko-tb-sets', 1, 1, 5);
  const decider = h(
    'select',
    { id: 't-ko-decider', name: 't-ko-decider' },
    h('option', { value: 'sudden-death' }, 'Sudden death'),
    h('option', { value: 'armageddon' }, 'Armageddon'),
  );
  const thirdPlace = h('input', { id: 't-ko-third', type: 'checkbox' });
  const reset = h('input', { id: 't-ko-reset', type: 'checkbox', checked: true });

  const setsRow = field('t-ko-tb-sets', 'Tie-break sets at most', tieBreakSets, 'knockout.tieBreakSets');
  const thirdRow = checkField(thirdPlace, 'A match for third place', 'knockout.thirdPlace');
  const resetRow = checkField(
    reset,
    'A second grand final if the losers’ finalist wins the first',
    'knockout.grandFinalReset',
  );
  const show = () => {
    const single = elimination.value === 'single';
    thirdRow.hidden = !single;
    resetRow.hidden = single;
    setsRow.hidden = !(Number(tieBreakGames.value) > 0);
  };
  elimination.addEventListener('change', show);
  tieBreakGames.addEventListener('input', show);
  show();

  const el = h(
    'fieldset',
    { class: 'knockout-options' },
    h('legend', {}, 'Knockout'),
    h(
      'div',
      { class: 'form-grid' },
      field('t-elimination', 'Elimination', elimination, 'knockout.elimination'),
      field('t-ko-games', 'Games per match', games, 'knockout.games'),
      field(
        't-ko-tb-games',
        'Tie-break games',
        tieBreakGames,
        'knockout.tieBreakGames',
        'A set played while a match is level (0: none)',
      ),
      setsRow,
      field(
        't-ko-decider',
        'Then, if still level',
        decider,
        'knockout.decider',
        'Sudden death: games until one is won. Armageddon: one game, a draw goes to black.',
      ),
    ),
    thirdRow,
    resetRow,
  );
  return {
    el,
    value: () => {
      const single = elimination.value === 'single';
      const tb = Number(tieBreakGames.value);
      return {
        elimination: single ? 'single' : 'double',
        games: Number(games.value),
        tieBreakGames: tb,
        ...(tb > 0 ? { tieBreakSets: Number(tieBreakSets.value) } : {}),
        decider: decider.value as KnockoutOptions['decider'],
        ...(single ? { thirdPlace: thirdPlace.checked } : { grandFinalReset: reset.checked }),
      };
    },
  };
}

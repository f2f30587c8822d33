import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { golfRulesPicker, personalityPicker, range, select } from '../golf/rules-picker.ts';
import { livePath } from '../router.ts';
import { type Dialog, modal } from './dialog.ts';
import { attempt } from './section.ts';

/**
 * "New golf table": a private table with the house rules of the host's choosing and computer
 * players in its last seats; the host takes the first seat and shares the table's link.
 */
export function golfDialog(ctx: AppContext): Dialog {
  const players = select('golf-players', 'Players', range(2, 6), '3');
  const computers = select('golf-computers', 'Computer players among them', range(0, 5), '1');
  const level = personalityPicker('golf-level');
  const rules = golfRulesPicker('golf');
  const fitComputers = () => {
    const most = Number(players.el.value) - 1;
    for (const option of computers.el.options) option.disabled = Number(option.value) > most;
    if (Number(computers.el.value) > most) computers.el.value = String(most);
    level.el.disabled = computers.el.value === '0';
  };
  players.el.addEventListener('change', fitComputers);
  computers.el.addEventListener('change', fitComputers);
  fitComputers();

  const error = h('p', { class: 'error', role: 'alert' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'start golf-new',
      onsubmit: (event) => {
        event.preventDefault();
        const count = Number(computers.el.value);
        void attempt(form, error, async () => {
          const table = await ctx.golf.privateTable({
            ...rules.picked(),
            players: Number(players.el.value),
            seat: 0,
            ...(count > 0 ? { computers: count, level: level.el.value } : {}),
          });
          dialog.close();
          ctx.navigate(livePath('golf', table.gameId), { golf: table });
        });
      },
    },
    h('div', { class: 'golf-new-size' }, players.row, computers.row, level.row, rules.holes.row),
    h('div', { class: 'golf-new-size' }, rules.flips.row, rules.flipMode.row),
    rules.houseRules,
    error,
    h(
      'p',
      { class: 'row' },
      h('button', { type: 'submit', id: 'golf-start', class: 'primary' }, 'Open the table'),
    ),
  );
  const dialog = modal('golf-dialog', 'New golf table', form);
  return dialog;
}

import { GOLF_FLIP_MODES, GOLF_PERSONALITIES, type GolfHouseRule } from '../../../schema/golf.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { RULES_ON_OFF, ruleName, ruleText } from '../golf/cards.ts';
import { livePath } from '../router.ts';
import { type Dialog, modal } from './dialog.ts';
import { attempt } from './section.ts';

function select(id: string, label: string, options: Array<[string, string]>, chosen: string) {
  const el = h(
    'select',
    { id, name: id },
    options.map(([value, text]) => h('option', { value, selected: value === chosen }, text)),
  );
  return { el, row: h('p', { class: 'field' }, h('label', { for: id }, label), el) };
}

const range = (from: number, to: number): Array<[string, string]> =>
  Array.from({ length: to - from + 1 }, (_, i) => [String(from + i), String(from + i)]);

const FLIP_MODE_TEXT: Record<(typeof GOLF_FLIP_MODES)[number], string> = {
  never: 'Never',
  always: 'Always',
  endgame: 'In the endgame',
};

const personalityText = (name: string) => name[0]!.toUpperCase() + name.slice(1).replace('-', ' ');

/**
 * "New golf table": a private table with the house rules of the host's choosing and computer
 * players in its last seats; the host takes the first seat and shares the table's link.
 */
export function golfDialog(ctx: AppContext): Dialog {
  const players = select('golf-players', 'Players', range(2, 6), '3');
  const computers = select('golf-computers', 'Computer players among them', range(0, 5), '1');
  const level = select(
    'golf-level',
    'Computer personality',
    GOLF_PERSONALITIES.map((p) => [p, personalityText(p)]),
    'steady-player',
  );
  const holes = select('golf-holes', 'Holes', range(1, 18), '9');
  const flips = select(
    'golf-initial-flips',
    'Cards turned up at the deal',
    [
      ['2', '2'],
      ['1', '1'],
      ['0', 'None'],
    ],
    '2',
  );
  const flipMode = select(
    'golf-flip-mode',
    'A discard turns up a card',
    GOLF_FLIP_MODES.map((m) => [m, FLIP_MODE_TEXT[m]]),
    'never',
  );
  const boxes = RULES_ON_OFF.map((rule) => {
    const box = h('input', { type: 'checkbox', id: `golf-rule-${rule}`, name: rule });
    return {
      rule,
      box,
      row: h(
        'li',
        {},
        h(
          'label',
          { class: 'choice' },
          box,
          h('span', {}, h('strong', {}, ruleName(rule)), h('span', { class: 'hint' }, ` ${ruleText(rule)}`)),
        ),
      ),
    };
  });
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
        const rules = Object.fromEntries(boxes.map((b) => [b.rule, b.box.checked])) as Record<
          GolfHouseRule | 'jokers',
          boolean
        >;
        const count = Number(computers.el.value);
        void attempt(form, error, async () => {
          const table = await ctx.golf.privateTable({
            ...rules,
            players: Number(players.el.value),
            holes: Number(holes.el.value),
            initialFlips: Number(flips.el.value),
            flipMode: flipMode.el.value as (typeof GOLF_FLIP_MODES)[number],
            seat: 0,
            ...(count > 0 ? { computers: count, level: level.el.value } : {}),
          });
          dialog.close();
          ctx.navigate(livePath('golf', table.gameId), { golf: table });
        });
      },
    },
    h('div', { class: 'golf-new-size' }, players.row, computers.row, level.row, holes.row),
    h('div', { class: 'golf-new-size' }, flips.row, flipMode.row),
    h(
      'fieldset',
      { class: 'golf-house-rules' },
      h('legend', {}, 'House rules'),
      h(
        'ul',
        {},
        boxes.map((b) => b.row),
      ),
    ),
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

import { GOLF_FLIP_MODES, GOLF_PERSONALITIES, type GolfHouseRule } from '../../../schema/golf.ts';
import { h } from '../dom.ts';
import { RULES_ON_OFF, ruleName, ruleText } from './cards.ts';

/** A labelled `<select>` whose id is `id`. */
export function select(id: string, label: string, options: Array<[string, string]>, chosen: string) {
  const el = h(
    'select',
    { id, name: id },
    options.map(([value, text]) => h('option', { value, selected: value === chosen }, text)),
  );
  return { el, row: h('p', { class: 'field' }, h('label', { for: id }, label), el) };
}

export const range = (from: number, to: number): Array<[string, string]> =>
  Array.from({ length: to - from + 1 }, (_, i) => [String(from + i), String(from + i)]);

const FLIP_MODE_TEXT: Record<(typeof GOLF_FLIP_MODES)[number], string> = {
  never: 'Never',
  always: 'Always',
  endgame: 'In the endgame',
};

const personalityText = (name: string) => name[0]!.toUpperCase() + name.slice(1).replace('-', ' ');

/** The computer players' personality, as a labelled select (`docs/golf.md`). */
export function personalityPicker(id: string, label = 'Computer personality') {
  return select(
    id,
    label,
    GOLF_PERSONALITIES.map((p) => [p, personalityText(p)]),
    'steady-player',
  );
}

/** The house rules a golf table is opened with, as the golf room takes them. */
export type PickedRules = Record<GolfHouseRule | 'jokers', boolean> & {
  holes: number;
  initialFlips: number;
  flipMode: (typeof GOLF_FLIP_MODES)[number];
};

/**
 * The house-rules picker of a golf table: holes, cards up at the deal, flip mode and the on/off
 * rules. `prefix` keeps ids apart where two pickers may be in the page (`golf` gives
 * `golf-holes`, `golf-rule-superKings`, …).
 */
export function golfRulesPicker(prefix: string) {
  const holes = select(`${prefix}-holes`, 'Holes', range(1, 18), '9');
  const flips = select(
    `${prefix}-initial-flips`,
    'Cards turned up at the deal',
    [
      ['2', '2'],
      ['1', '1'],
      ['0', 'None'],
    ],
    '2',
  );
  const flipMode = select(
    `${prefix}-flip-mode`,
    'A discard turns up a card',
    GOLF_FLIP_MODES.map((m) => [m, FLIP_MODE_TEXT[m]]),
    'never',
  );
  const boxes = RULES_ON_OFF.map((rule) => {
    const box = h('input', { type: 'checkbox', id: `${prefix}-rule-${rule}`, name: rule });
    const text = h(
      'span',
      {},
      h('strong', {}, ruleName(rule)),
      h('span', { class: 'hint' }, ` ${ruleText(rule)}`),
    );
    return { rule, box, row: h('li', {}, h('label', { class: 'choice' }, box, text)) };
  });
  const houseRules = h(
    'fieldset',
    { class: 'golf-house-rules' },
    h('legend', {}, 'House rules'),
    h(
      'ul',
      {},
      boxes.map((b) => b.row),
    ),
  );
  return {
    holes,
    flips,
    flipMode,
    houseRules,
    picked: (): PickedRules => ({
      ...(Object.fromEntries(boxes.map((b) => [b.rule, b.box.checked])) as Record<
        GolfHouseRule | 'jokers',
        boolean
      >),
      holes: Number(holes.el.value),
      initialFlips: Number(flips.el.value),
      flipMode: flipMode.el.value as (typeof GOLF_FLIP_MODES)[number],
    }),
  };
}

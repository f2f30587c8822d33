import type { ChessGameClient } from '../../../client-sdk/chess.ts';
import type { BotLevel, Color } from '../../../schema/chess.ts';
import { botLevelChoices } from '../bot-levels.ts';
import { TIME_CONTROLS } from '../chess-text.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { golfRulesPicker, personalityPicker, range, select } from '../golf/rules-picker.ts';
import { gamePath } from '../router.ts';
import { type Dialog, modal } from './dialog.ts';
import { ratedField, timeControlField } from './lobby-seeks.ts';
import { attempt } from './section.ts';

const COLORS: [string, string][] = [
  ['', 'Random'],
  ['white', 'White'],
  ['black', 'Black'],
];

const colorOf = (value: string) => (value ? { color: value as Color } : {});

/** Opens a game and goes to it; a refusal is shown in `error`. */
function start(
  ctx: AppContext,
  scope: HTMLElement,
  error: HTMLElement,
  open: () => Promise<ChessGameClient>,
) {
  void attempt(scope, error, async () => {
    const game = await open();
    ctx.navigate(gamePath(game.gameId), { game });
  });
}

/** "Play the computer": its level (whatever levels the server has), one's colour, the clock. */
export function computerDialog(ctx: AppContext): Dialog {
  const levels = botLevelChoices();
  const level = select('bot-level', 'Level', levels.options, levels.chosen);
  const color = select('bot-color', 'Your colour', COLORS, 'white');
  const time = select(
    'bot-time',
    'Time control',
    TIME_CONTROLS.map((t) => [t, t]),
    '10+0',
  );
  const error = h('p', { class: 'error', role: 'alert' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'start',
      onsubmit: (event) => {
        event.preventDefault();
        start(ctx, form, error, () =>
          ctx.chess.vsBot({
            level: level.el.value as BotLevel,
            timeControl: time.el.value,
            ...colorOf(color.el.value),
          }),
        );
      },
    },
    level.row,
    color.row,
    time.row,
    error,
    h(
      'p',
      { class: 'row' },
      h('button', { type: 'submit', id: 'bot-start', class: 'primary' }, 'Start the game'),
    ),
  );
  return modal('computer-dialog', 'Play the computer', form);
}

/** Whether the lobby lists `name` online as a guest. */
function isGuestOnline(
  online: { values(): Iterable<{ name: string; guest: boolean }> } | undefined,
  name: string,
): boolean {
  if (!online || !name) return false;
  for (const person of online.values()) if (person.name === name) return person.guest;
  return false;
}

/**
 * A challenge's game: chess, or golf with its house rules (the picker of "New golf table") and
 * computer players at the table besides the two people.
 */
function golfChallengeFields() {
  const game = select(
    'challenge-game',
    'Game',
    [
      ['chess', 'Chess'],
      ['golf', 'Golf'],
    ],
    'chess',
  );
  const rules = golfRulesPicker('challenge-golf');
  rules.holes.el.value = '9';
  const computers = select('challenge-computers', 'Computer players besides you two', range(0, 4), '0');
  const level = personalityPicker('challenge-level');
  const fields = h(
    'div',
    { class: 'challenge-golf', hidden: true },
    h('div', { class: 'golf-new-size' }, rules.holes.row, rules.flips.row, rules.flipMode.row),
    h('div', { class: 'golf-new-size' }, computers.row, level.row),
    h('details', {}, h('summary', {}, 'House rules'), rules.houseRules),
  );
  const chosen = () => game.el.value === 'golf';
  const withComputers = () => chosen() && computers.el.value !== '0';
  return {
    game,
    fields,
    chosen,
    withComputers,
    fit: () => {
      fields.hidden = !chosen();
      level.el.disabled = !withComputers();
    },
    onChange: (then: () => void) => {
      for (const el of [game.el, computers.el]) el.addEventListener('change', then);
    },
    terms: () => {
      const count = Number(computers.el.value);
      return {
        game: 'golf',
        options: { ...rules.picked() },
        ...(count > 0 ? { computers: count, level: level.el.value } : {}),
      };
    },
  };
}

/**
 * "Play a friend": challenge a player who is online by username (a guest gets a casual
 * challenge: rated needs two accounts), or make a private game and send its link. `challenge`
 * opens it with a name filled in.
 */
export function friendDialog(ctx: AppContext): Dialog & { challenge(username: string): void } {
  const session = ctx.lobby;
  const guest = ctx.user()?.guest === true;
  const tc = timeControlField('challenge-time', 'Time control', '5+3');
  const isRated = ratedField('challenge-rated', 'Rated challenge', guest);
  const golf = golfChallengeFields();
  const guestNote = h(
    'p',
    { class: 'hint', id: 'challenge-guest', hidden: true },
    'This player is a guest: guests play casual games.',
  );
  const error = h('p', { class: 'error', role: 'alert' });
  const opponentChanged = () => {
    const toGuest = isGuestOnline(session.lobby?.state.online, opponent.value.trim());
    guestNote.hidden = !toGuest;
    if (!guest) {
      if (toGuest) isRated.el.checked = false;
      else if (isRated.el.disabled) isRated.el.checked = true;
    }
    fitTerms();
  };
  const opponent = h('input', {
    id: 'challenge-user',
    autocomplete: 'off',
    autocapitalize: 'off',
    required: true,
    'aria-describedby': 'challenge-guest',
    oninput: opponentChanged,
  });
  const byName: HTMLFormElement = h(
    'form',
    {
      'aria-label': 'Challenge a player',
      onsubmit: (event) => {
        event.preventDefault();
        const name = opponent.value.trim();
        const terms = golf.chosen()
          ? { ...golf.terms(), rated: isRated.el.checked }
          : { timeControl: tc.el.value, rated: isRated.el.checked };
        void attempt(byName, error, () => session.challenge(name, terms)).then((ok) => {
          if (!ok) return;
          opponent.value = '';
          opponentChanged();
          dialog.close();
        });
      },
    },
    h(
      'p',
      { class: 'field' },
      h('label', { for: 'challenge-user' }, 'Player to challenge (username)'),
      opponent,
    ),
    guestNote,
    golf.game.row,
    tc.row,
    golf.fields,
    isRated.row,
    h('p', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Challenge')),
  );

  const linkTime = timeControlField('link-time', 'Time control of the game', '5+3');
  // A friend who opens the link may not have an account yet: casual unless asked otherwise.
  const linkRated = h('input', { id: 'link-rated', type: 'checkbox', disabled: guest });
  const color = select('challenge-color', 'Your colour (link)', COLORS, '');
  const byLink: HTMLFormElement = h(
    'form',
    {
      'aria-label': 'A game by link',
      onsubmit: (event) => {
        event.preventDefault();
        start(ctx, byLink, error, () =>
          ctx.chess.challenge({
            timeControl: linkTime.el.value,
            rated: linkRated.checked,
            ...colorOf(color.el.value),
          }),
        );
      },
    },
    linkTime.row,
    color.row,
    h(
      'p',
      { class: 'field' },
      h('label', { class: 'choice' }, linkRated, 'Rated (your friend needs an account)'),
    ),
    h('p', { class: 'row' }, h('button', { type: 'submit' }, 'Create a game link')),
  );

  // Golf has no clock, and a table with computer players is casual.
  const fitTerms = () => {
    tc.row.hidden = golf.chosen();
    golf.fit();
    if (golf.withComputers()) isRated.el.checked = false;
    isRated.el.disabled = guest || golf.withComputers() || !guestNote.hidden;
  };
  golf.onChange(fitTerms);
  fitTerms();

  const dialog = modal(
    'friend-dialog',
    'Play a friend',
    h('h3', {}, 'A player who is online'),
    byName,
    h('h3', {}, 'Anyone, by a link you send'),
    byLink,
    error,
  );
  return {
    ...dialog,
    challenge: (username) => {
      opponent.value = username;
      opponentChanged();
      dialog.open();
      opponent.focus();
    },
  };
}

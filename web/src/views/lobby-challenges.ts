import type { Color } from '../../../schema/chess.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { rated } from '../rating-text.ts';
import { gamePath } from '../router.ts';
import { ratedField, timeControlField } from './lobby-seeks.ts';
import { attempt, redraw, type Section } from './section.ts';

const OUTCOME = { declined: 'declined', expired: 'was not answered in time' } as const;

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
 * Challenges: those made to this player (accept or decline), those they sent (and what became of
 * them), a player challenged by name (who must be online), or a friend by a link to a new game.
 */
export function challengePanel(ctx: AppContext): Section & { challenge(username: string): void } {
  const session = ctx.lobby;
  const guest = ctx.user()?.guest === true;
  const incoming = h('ul', { class: 'challenges', 'aria-label': 'Challenges to you' });
  const sent = h('ul', { class: 'challenges', 'aria-label': 'Your challenges' });
  const error = h('p', { class: 'error', role: 'alert' });
  const tc = timeControlField('challenge-time', 'Time control of the challenge', '5+3');
  const isRated = ratedField('challenge-rated', 'Rated challenge', guest);
  const guestNote = h(
    'p',
    { class: 'hint', id: 'challenge-guest', hidden: true },
    'This player is a guest: guests play casual games.',
  );
  // A rated game needs two accounts: a challenge to a guest is casual, and rated is not offered.
  const opponentChanged = () => {
    const toGuest = isGuestOnline(session.lobby?.state.online, opponent.value.trim());
    guestNote.hidden = !toGuest;
    if (guest) return;
    if (toGuest) isRated.el.checked = false;
    else if (isRated.el.disabled) isRated.el.checked = true;
    isRated.el.disabled = toGuest;
  };
  const opponent = h('input', {
    id: 'challenge-user',
    autocomplete: 'off',
    autocapitalize: 'off',
    required: true,
    'aria-describedby': 'challenge-guest',
    oninput: opponentChanged,
  });
  const color = h(
    'select',
    { id: 'challenge-color', name: 'challenge-color' },
    h('option', { value: '' }, 'Random'),
    h('option', { value: 'white' }, 'White'),
    h('option', { value: 'black' }, 'Black'),
  );
  const el: HTMLElement = h(
    'section',
    { class: 'panel challenges-panel', 'aria-labelledby': 'challenges-h' },
    h('h2', { id: 'challenges-h' }, 'Challenges'),
    incoming,
    sent,
    error,
    h(
      'form',
      {
        'aria-label': 'Challenge a player',
        onsubmit: (event) => {
          event.preventDefault();
          const name = opponent.value.trim();
          void attempt(el, error, () => session.challenge(name, tc.el.value, isRated.el.checked)).then(
            (ok) => {
              if (!ok) return;
              opponent.value = '';
              opponentChanged();
            },
          );
        },
      },
      h(
        'p',
        { class: 'field' },
        h('label', { for: 'challenge-user' }, 'Player to challenge (username)'),
        opponent,
      ),
      guestNote,
      tc.row,
      isRated.row,
      h('p', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Challenge')),
    ),
    h('h3', {}, 'Or a friend, by link'),
    h('p', { class: 'field' }, h('label', { for: 'challenge-color' }, 'Your colour (challenge)'), color),
    h(
      'p',
      { class: 'row' },
      h(
        'button',
        {
          type: 'button',
          onclick: () =>
            void attempt(el, error, async () => {
              const game = await ctx.chess.challenge({
                timeControl: tc.el.value,
                rated: isRated.el.checked,
                ...(color.value ? { color: color.value as Color } : {}),
              });
              ctx.navigate(gamePath(game.gameId), { game });
            }),
        },
        'Challenge a friend',
      ),
    ),
  );
  const answer = (id: string, accept: boolean) => void attempt(el, error, () => session.answer(id, accept));
  return {
    el,
    challenge: (username) => {
      opponent.value = username;
      opponentChanged();
      opponent.focus();
    },
    update: () => {
      redraw(incoming, JSON.stringify(session.incoming.map((c) => c.id)), () =>
        session.incoming.map((c) =>
          h(
            'li',
            { 'data-challenge-id': c.id, 'data-from': c.from.name },
            h(
              'span',
              {},
              `${rated(c.from.name, c.from.rating)} challenges you: ${c.timeControl} ${c.rated ? 'rated' : 'casual'}`,
            ),
            h('button', { type: 'button', class: 'primary', onclick: () => answer(c.id, true) }, 'Accept'),
            h('button', { type: 'button', onclick: () => answer(c.id, false) }, 'Decline'),
          ),
        ),
      );
      redraw(sent, JSON.stringify(session.sent.map((c) => [c.id, c.outcome])), () =>
        session.sent.map((c) =>
          h(
            'li',
            { 'data-challenge-id': c.id, 'data-outcome': c.outcome ?? 'pending' },
            h(
              'span',
              { role: 'status' },
              `Your challenge to ${c.to} (${c.timeControl} ${c.rated ? 'rated' : 'casual'}) `,
              c.outcome ? OUTCOME[c.outcome] : 'is waiting for an answer',
              '.',
            ),
            h(
              'button',
              { type: 'button', class: 'link', onclick: () => session.dismissSent(c.id) },
              'Dismiss',
            ),
          ),
        ),
      );
    },
  };
}

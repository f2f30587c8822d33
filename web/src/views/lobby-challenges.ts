import type { Color } from '../../../schema/chess.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { rated } from '../lobby-text.ts';
import { gamePath } from '../router.ts';
import { ratedField, timeControlField } from './lobby-seeks.ts';
import { attempt, redraw, type Section } from './section.ts';

const OUTCOME = { declined: 'declined', expired: 'was not answered in time' } as const;

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
  const opponent = h('input', {
    id: 'challenge-user',
    autocomplete: 'off',
    autocapitalize: 'off',
    required: true,
  });
  const tc = timeControlField('challenge-time', 'Time control of the challenge', '5+3');
  const isRated = ratedField('challenge-rated', 'Rated challenge', guest);
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
              if (ok) opponent.value = '';
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

import type { SeekState } from '../../../schema/lobby.state.ts';
import type { SeekCreatePayload } from '../../../schema/lobby.ts';
import { TIME_CONTROLS } from '../chess-text.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { ratingRange } from '../lobby-text.ts';
import { rated } from '../rating-text.ts';
import { attempt, redraw, type Section } from './section.ts';

/** A time-control select with its label, as a form row. */
export function timeControlField(id: string, label: string, chosen: string) {
  const el = h(
    'select',
    { id, name: id },
    TIME_CONTROLS.map((t) => h('option', { value: t, selected: t === chosen }, t)),
  );
  return { el, row: h('p', { class: 'field' }, h('label', { for: id }, label), el) };
}

/** A "rated" checkbox: off and disabled for a guest (guests play casual games). */
export function ratedField(id: string, label: string, guest: boolean) {
  const el = h('input', { id, type: 'checkbox', checked: !guest, disabled: guest });
  return {
    el,
    row: h(
      'p',
      { class: 'field' },
      h('label', { class: 'choice' }, el, guest ? `${label} (accounts only)` : label),
    ),
  };
}

function ratingInput(id: string, label: string) {
  const el = h('input', { id, type: 'number', min: 0, max: 4000, step: 50, inputmode: 'numeric' });
  return { el, row: h('p', { class: 'field' }, h('label', { for: id }, label), el) };
}

/** A game select (chess or golf) and, for golf, the seats of the table. */
function gameFields() {
  const game = h(
    'select',
    { id: 'seek-game', name: 'seek-game' },
    h('option', { value: 'chess', selected: true }, 'Chess'),
    h('option', { value: 'golf' }, 'Golf'),
  );
  const seats = h(
    'select',
    { id: 'seek-seats', name: 'seek-seats' },
    [2, 3, 4, 5, 6].map((n) => h('option', { value: String(n) }, `${n} players`)),
  );
  const seatsRow = h(
    'p',
    { class: 'field', hidden: true },
    h('label', { for: 'seek-seats' }, 'Seats'),
    seats,
  );
  return {
    game,
    seats,
    seatsRow,
    row: h('p', { class: 'field' }, h('label', { for: 'seek-game' }, 'Game'), game),
  };
}

/** What a seek offers, in a line: its clock (chess), or its game and table. */
function offerOf(s: SeekState): string {
  if (s.game === 'chess') return s.timeControl;
  const name = s.game === 'golf' ? 'Golf' : s.game;
  const computers = s.computers > 0 ? `, ${s.computers} computer${s.computers > 1 ? 's' : ''}` : '';
  return `${name} · ${s.seats} seats${computers}`;
}

/** How full a table is (nothing for a seek of two). */
function takenOf(s: SeekState): string {
  return s.seats > 2 ? ` · ${1 + s.joined.length + s.computers}/${s.seats} taken` : '';
}

/** Open seeks: anyone's (accept one), one's own (cancel it), and a form to post one. */
export function seekBoard(ctx: AppContext): Section {
  const session = ctx.lobby;
  const user = ctx.user();
  const me = user?.id;
  const list = h('ul', { class: 'seeks', 'aria-label': 'Open seeks' });
  const error = h('p', { class: 'error', role: 'alert' });
  const game = gameFields();
  const tc = timeControlField('seek-time', 'Time control', '5+3');
  game.game.addEventListener('change', () => {
    const golf = game.game.value === 'golf';
    game.seatsRow.hidden = !golf;
    tc.row.hidden = golf;
  });
  const isRated = ratedField('seek-rated', 'Rated', user?.guest === true);
  const min = ratingInput('seek-min', 'Lowest rating (optional)');
  const max = ratingInput('seek-max', 'Highest rating (optional)');
  const el: HTMLElement = h(
    'section',
    { class: 'panel seek-board', 'aria-labelledby': 'seeks-h' },
    h('h2', { id: 'seeks-h' }, 'Open seeks'),
    list,
    error,
    h(
      'form',
      {
        class: 'seek-form',
        'aria-label': 'Post a seek',
        onsubmit: (event) => {
          event.preventDefault();
          const seek: SeekCreatePayload =
            game.game.value === 'golf'
              ? { game: 'golf', seats: Number(game.seats.value), rated: isRated.el.checked }
              : { timeControl: tc.el.value, rated: isRated.el.checked };
          if (min.el.value) seek.ratingMin = Number(min.el.value);
          if (max.el.value) seek.ratingMax = Number(max.el.value);
          void attempt(el, error, async () => {
            const lobby = session.lobby;
            if (!lobby) throw new Error('Not connected to the lobby yet.');
            await lobby.postSeek(seek);
          });
        },
      },
      game.row,
      tc.row,
      game.seatsRow,
      isRated.row,
      h('div', { class: 'pair' }, min.row, max.row),
      h('p', { class: 'row' }, h('button', { type: 'submit' }, 'Post a seek')),
    ),
  );
  const act = (action: (lobby: NonNullable<typeof session.lobby>) => Promise<unknown>) =>
    void attempt(el, error, async () => {
      if (session.lobby) await action(session.lobby);
    });
  return {
    el,
    update: () => {
      const state = session.lobby?.state;
      if (!state?.seeks) return;
      const seeks = [...state.seeks.values()].sort((a, b) => a.createdAt - b.createdAt);
      const key = JSON.stringify(
        seeks.map((s) => [
          s.id,
          s.name,
          s.rating,
          offerOf(s),
          s.rated,
          s.ratingMin,
          s.ratingMax,
          [...s.joined],
        ]),
      );
      redraw(list, key, () =>
        seeks.length === 0
          ? h('li', {}, 'No open seeks. Post one below.')
          : seeks.map((s) => {
              const range = ratingRange(s.ratingMin, s.ratingMax);
              const what = `${rated(s.name, s.rating, s.provisional)} · ${offerOf(s)} ${s.rated ? 'rated' : 'casual'}${range ? ` · ${range}` : ''}${takenOf(s)}`;
              const own = s.userId === me;
              // At a table of more than two, an accepter holds a place until the table is full.
              const placed = user !== undefined && s.joined.includes(user.username);
              const cancel = (label: string) =>
                h('button', { type: 'button', onclick: () => act((l) => l.cancelSeek(s.id)) }, label);
              return h(
                'li',
                { 'data-seek-id': s.id, 'data-username': s.name, 'data-game': s.game },
                h('span', {}, what),
                own
                  ? cancel('Cancel my seek')
                  : placed
                    ? cancel('Give up my place')
                    : h(
                        'button',
                        { type: 'button', class: 'primary', onclick: () => act((l) => l.acceptSeek(s.id)) },
                        s.game === 'chess' ? `Accept ${s.name}'s seek` : `Join ${s.name}'s table`,
                      ),
              );
            }),
      );
    },
  };
}

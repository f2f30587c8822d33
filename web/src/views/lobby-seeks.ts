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

/** Open seeks: anyone's (accept one), one's own (cancel it), and a form to post one. */
export function seekBoard(ctx: AppContext): Section {
  const session = ctx.lobby;
  const user = ctx.user();
  const me = user?.id;
  const list = h('ul', { class: 'seeks', 'aria-label': 'Open seeks' });
  const error = h('p', { class: 'error', role: 'alert' });
  const tc = timeControlField('seek-time', 'Time control', '5+3');
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
          const seek: SeekCreatePayload = { timeControl: tc.el.value, rated: isRated.el.checked };
          if (min.el.value) seek.ratingMin = Number(min.el.value);
          if (max.el.value) seek.ratingMax = Number(max.el.value);
          void attempt(el, error, async () => {
            const lobby = session.lobby;
            if (!lobby) throw new Error('Not connected to the lobby yet.');
            await lobby.postSeek(seek);
          });
        },
      },
      tc.row,
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
        seeks.map((s) => [s.id, s.name, s.rating, s.timeControl, s.rated, s.ratingMin, s.ratingMax]),
      );
      redraw(list, key, () =>
        seeks.length === 0
          ? h('li', {}, 'No open seeks. Post one below.')
          : seeks.map((s) => {
              const range = ratingRange(s.ratingMin, s.ratingMax);
              const what = `${rated(s.name, s.rating, s.provisional)} · ${s.timeControl} ${s.rated ? 'rated' : 'casual'}${range ? ` · ${range}` : ''}`;
              const own = s.userId === me;
              return h(
                'li',
                { 'data-seek-id': s.id, 'data-username': s.name },
                h('span', {}, what),
                own
                  ? h(
                      'button',
                      { type: 'button', onclick: () => act((l) => l.cancelSeek(s.id)) },
                      'Cancel my seek',
                    )
                  : h(
                      'button',
                      { type: 'button', class: 'primary', onclick: () => act((l) => l.acceptSeek(s.id)) },
                      `Accept ${s.name}'s seek`,
                    ),
              );
            }),
      );
    },
  };
}

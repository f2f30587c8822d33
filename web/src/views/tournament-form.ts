import { RookeryError } from '../../../client-sdk/errors.ts';
import type { NewTournamentInput } from '../../../client-sdk/tournaments.ts';
import {
  TOURNAMENT_TIE_BREAKS,
  type TournamentFormat,
  type TournamentListDto,
  type TournamentTieBreak,
  TWO_SEAT_FORMATS,
} from '../../../schema/tournaments.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { tournamentPath } from '../router.ts';
import { formatName, startFromForm, tieBreakName } from '../tournament-text.ts';
import { authPanel, explain } from './auth.ts';
import { ratedField, timeControlField } from './lobby-seeks.ts';
import { field, numberInput, ratingLimitFields } from './tournament-fields.ts';
import { groupsFields } from './tournament-groups-form.ts';
import { knockoutFields } from './tournament-knockout-form.ts';
import { tablesFields } from './tournament-tables-form.ts';
import { mayCreate } from './tournaments.ts';
import '../tournaments.css';

/** The games a tournament can be made of here, and the formats each is played in. */
const GAMES: Array<{ value: string; label: string; formats: readonly TournamentFormat[] }> = [
  { value: 'chess', label: 'Chess', formats: TWO_SEAT_FORMATS },
  { value: 'golf', label: 'Golf', formats: ['tables'] },
];
/** The API's own order when none is given. */
const DEFAULT_TIE_BREAKS: TournamentTieBreak[] = ['buchholz-cut1', 'buchholz', 'sonneborn-berger'];
const ORDINALS = ['First', 'Second', 'Third'];

/** `/tournaments/new`: the form of a new tournament, for those the server lets create one. */
export function tournamentFormView(ctx: AppContext, main: HTMLElement): () => void {
  document.title = 'New tournament · Rookery';
  let left = false;
  const user = ctx.user();
  if (!user || user.guest) {
    replace(
      main,
      h(
        'section',
        { class: 'panel' },
        h('h1', {}, 'New tournament'),
        h('p', {}, 'Tournaments are created by players with an account. Sign in, or sign up, first.'),
        authPanel(ctx, () => ctx.navigate('/tournaments/new')),
      ),
    );
    return () => undefined;
  }
  replace(main, h('p', { class: 'status', role: 'status' }, 'Loading…'));
  ctx.get<TournamentListDto>('/api/tournaments?status=upcoming').then(
    ({ creators }) => {
      if (left) return;
      if (mayCreate(ctx.user(), creators)) replace(main, tournamentForm(ctx));
      else
        replace(
          main,
          h(
            'section',
            { class: 'panel' },
            h('h1', {}, 'New tournament'),
            h('p', {}, 'On this server only staff create tournaments.'),
            h('p', {}, h('a', { href: '/tournaments' }, 'Back to the tournaments')),
          ),
        );
    },
    (err) => {
      if (!left)
        replace(main, h('h1', {}, 'New tournament'), h('p', { class: 'error', role: 'alert' }, explain(err)));
    },
  );
  return () => {
    left = true;
  };
}

function tournamentForm(ctx: AppContext): HTMLElement {
  const name = h('input', { id: 't-name', name: 'name', maxlength: 80, autocomplete: 'off' });
  const game = h(
    'select',
    { id: 't-game', name: 'game' },
    GAMES.map((g) => h('option', { value: g.value }, g.label)),
  );
  const format = h('select', { id: 't-format', name: 'format' });
  // Each game offers only the formats it is played in (chess: two seats; golf: tables).
  const showFormats = () => {
    const formats = GAMES.find((g) => g.value === game.value)?.formats ?? [];
    const kept = formats.includes(format.value as TournamentFormat) ? format.value : formats[0];
    format.replaceChildren(
      ...formats.map((f) => h('option', { value: f, selected: f === kept }, formatName(f))),
    );
  };
  showFormats();
  const time = timeControlField('t-time', 'Time control', '5+3');
  const rated = ratedField('t-rated', 'Rated', false);
  rated.el.checked = false;
  const rounds = numberInput('t-rounds', 5, 1, 30);
  const double = h('input', { id: 't-double', type: 'checkbox' });
  const capacity = numberInput('t-capacity', 64, 2, 256);
  const duration = numberInput('t-duration', 30, 1, 1_440);
  const berserk = h('input', { id: 't-berserk', type: 'checkbox' });
  const inMinutes = numberInput('t-minutes', 10, 0, 10_080);
  const at = h('input', { id: 't-at', name: 't-at', type: 'datetime-local', step: 1 });
  const mode = (value: 'in' | 'at' | 'by-hand', label: string) =>
    h(
      'label',
      { class: 'choice' },
      h('input', {
        type: 'radio',
        name: 't-start',
        value,
        checked: value === 'in',
        onchange: () => showStart(),
      }),
      label,
    );
  const startIn = mode('in', 'In some minutes');
  const startAt = mode('at', 'At a date and time');
  const startByHand = mode('by-hand', 'When I start it');
  const minutesRow = field('t-minutes', 'Minutes from now', inMinutes, 'startsAt');
  const atRow = field('t-at', 'Date and time (your time)', at, 'startsAt');
  const byHandNote = h(
    'p',
    { class: 'hint', id: 't-by-hand-note' },
    'The tournament waits for you: start it from its page once the players are in.',
  );
  const startMode = (): 'in' | 'at' | 'by-hand' =>
    startAt.querySelector('input')!.checked
      ? 'at'
      : startByHand.querySelector('input')!.checked
        ? 'by-hand'
        : 'in';
  const showStart = () => {
    const chosen = startMode();
    minutesRow.hidden = chosen !== 'in';
    atRow.hidden = chosen !== 'at';
    byHandNote.hidden = chosen !== 'by-hand';
  };
  const tieBreaks = DEFAULT_TIE_BREAKS.map((chosen, i) =>
    h(
      'select',
      { id: `t-tb${i}`, name: `t-tb${i}` },
      h('option', { value: '' }, '—'),
      TOURNAMENT_TIE_BREAKS.map((tb) =>
        h('option', { value: tb, selected: tb === chosen }, tieBreakName(tb).long),
      ),
    ),
  );
  const roundsRow = field('t-rounds', 'Rounds', rounds, 'rounds');
  const doubleRow = h(
    'p',
    { class: 'field' },
    h('label', { class: 'choice' }, double, 'Play each table twice (double)'),
  );
  const durationRow = field('t-duration', 'Duration (minutes)', duration, 'arena.minutes');
  const berserkRow = h('p', { class: 'field' }, h('label', { class: 'choice' }, berserk, 'Berserk allowed'));
  const knockout = knockoutFields();
  const groups = groupsFields();
  const limits = ratingLimitFields();
  const tables = tablesFields();
  const timeRow = field('t-time', 'Time control', time.el, 'options');
  const tieBreakSet = h(
    'fieldset',
    { class: 'tie-breaks' },
    h('legend', {}, 'Tie-breaks, in order'),
    h(
      'div',
      { class: 'form-grid' },
      tieBreaks.map((select, i) => field(select.id, ORDINALS[i]!, select, `tieBreaks.${i}`)),
    ),
  );
  // A knockout plays its bracket and ranks by the stage reached, an arena by performance: no
  // rounds and no tie-breaks for either. Groups then knockout: round robins (tie-breaks, maybe
  // double) and then a knockout's bracket. Tables (golf) have no clock and break ties by tables won.
  const showFormat = () => {
    const withGroups = format.value === 'groups-knockout';
    roundsRow.hidden = format.value !== 'swiss' && format.value !== 'tables';
    doubleRow.hidden = format.value !== 'round-robin' && !withGroups;
    durationRow.hidden = format.value !== 'arena';
    berserkRow.hidden = format.value !== 'arena';
    groups.el.hidden = !withGroups;
    knockout.el.hidden = format.value !== 'knockout' && !withGroups;
    tables.el.hidden = format.value !== 'tables';
    timeRow.hidden = format.value === 'tables';
    tieBreakSet.hidden = format.value === 'knockout' || format.value === 'arena' || format.value === 'tables';
  };
  format.addEventListener('change', showFormat);
  game.addEventListener('change', () => {
    showFormats();
    showFormat();
  });

  const error = h('p', { class: 'error', role: 'alert', id: 't-error' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create the tournament');
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'panel tournament-form',
      novalidate: true,
      'aria-labelledby': 'new-tournament-title',
      onsubmit: (e) => {
        e.preventDefault();
        void send();
      },
    },
    h('h1', { id: 'new-tournament-title' }, 'New tournament'),
    field('t-name', 'Name', name, 'name'),
    h(
      'div',
      { class: 'form-grid' },
      field('t-game', 'Game', game, 'game'),
      field('t-format', 'Format', format, 'format'),
      timeRow,
      roundsRow,
      doubleRow,
      durationRow,
      berserkRow,
      field('t-capacity', 'Most players', capacity, 'capacity'),
    ),
    rated.row,
    limits.el,
    h('fieldset', { class: 'modes' }, h('legend', {}, 'Start'), startIn, startAt, startByHand),
    h('div', { class: 'form-grid' }, minutesRow, atRow),
    byHandNote,
    groups.el,
    knockout.el,
    tables.el,
    tieBreakSet,
    error,
    h('p', { class: 'row' }, submit, h('a', { href: '/tournaments' }, 'Cancel')),
  );
  showStart();
  showFormat();

  const clearErrors = () => {
    error.textContent = '';
    for (const el of form.querySelectorAll<HTMLElement>('[data-error-for]')) el.textContent = '';
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  };
  /** Each of the server's words goes by its field; what no field shows goes above the button. */
  const showError = (err: unknown) => {
    const details = err instanceof RookeryError ? (err.details ?? []) : [];
    const unplaced: string[] = [];
    for (const d of details) {
      const slot = form.querySelector<HTMLElement>(
        `[data-error-for="${CSS.escape(d.path)}"]:not([hidden] *)`,
      );
      if (!slot) {
        unplaced.push(d.path ? `${d.path}: ${d.message}` : d.message);
        continue;
      }
      slot.textContent = slot.textContent ? `${slot.textContent} ${d.message}` : d.message;
      slot.parentElement?.querySelector('input, select')?.setAttribute('aria-invalid', 'true');
    }
    const lead = details.length ? 'The tournament was not created: see the fields marked.' : explain(err);
    error.textContent = unplaced.length ? `${lead} ${unplaced.join(' ')}` : lead;
  };

  const send = async () => {
    clearErrors();
    const chosen = startMode();
    const start = startFromForm(
      chosen === 'in'
        ? { mode: 'in', minutes: inMinutes.value }
        : chosen === 'at'
          ? { mode: 'at', local: at.value }
          : { mode: 'by-hand' },
      Date.now(),
    );
    if ('problem' in start) {
      const slot = (chosen === 'in' ? minutesRow : atRow).querySelector<HTMLElement>('[data-error-for]');
      if (slot) slot.textContent = start.problem;
      error.textContent = 'The tournament was not created: see the fields marked.';
      return;
    }
    const chosenFormat = format.value as TournamentFormat;
    const tieBreakChoice = [
      ...new Set(tieBreaks.map((s) => s.value).filter(Boolean)),
    ] as TournamentTieBreak[];
    const input: NewTournamentInput = {
      name: name.value.trim(),
      game: game.value,
      options: chosenFormat === 'tables' ? tables.options() : { timeControl: time.el.value },
      rated: rated.el.checked,
      format: chosenFormat,
      startsAt: start.startsAt,
      capacity: Number(capacity.value),
      ...limits.value(),
      ...(chosenFormat === 'arena'
        ? { arena: { minutes: Number(duration.value), berserk: berserk.checked } }
        : chosenFormat === 'knockout'
          ? { knockout: knockout.value() }
          : chosenFormat === 'groups-knockout'
            ? { groups: groups.value(), knockout: knockout.value(), tieBreaks: tieBreakChoice }
            : chosenFormat === 'tables'
              ? { tables: tables.value() }
              : { tieBreaks: tieBreakChoice }),
      ...(chosenFormat === 'swiss' || chosenFormat === 'tables' ? { rounds: Number(rounds.value) } : {}),
      ...(chosenFormat === 'round-robin' || chosenFormat === 'groups-knockout'
        ? { double: double.checked }
        : {}),
    };
    submit.disabled = true;
    try {
      const created = await ctx.tournaments.api.create(input);
      ctx.navigate(tournamentPath(created.id));
    } catch (err) {
      showError(err);
    } finally {
      submit.disabled = false;
    }
  };
  return form;
}

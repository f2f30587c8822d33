import type { TournamentDto, TournamentPageDto, TournamentSummaryDto } from '../../../schema/tournaments.ts';
import { h, replace } from '../dom.ts';
import type { AdminApi } from './api.ts';
import { atTables, boardLine } from './tournament-boards.ts';
import { actionForm, failed, table } from './ui.ts';

const path = (id: string) => `/tournaments/${encodeURIComponent(id)}`;

/** Where a tournament stands, with what staff did to it. */
function standing(t: TournamentSummaryDto): string {
  const marks = [t.paused ? 'paused' : '', t.endedEarly && t.status !== 'finished' ? 'ending' : ''];
  return [t.status, ...marks.filter(Boolean)].join(' · ');
}

/** A tournament's start; one started by hand has none until it starts. */
const starts = (ms: number | null) =>
  ms === null
    ? 'by hand'
    : new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** Pause or Resume, and End, for a tournament not finished. */
function lifecycle(api: AdminApi, t: TournamentSummaryDto, done: () => void): HTMLElement | null {
  if (t.status === 'finished') return null;
  const command = (action: string) => (v: Record<string, string>) =>
    api.act('POST', `${path(t.id)}/${action}`, { reason: v.reason });
  return h(
    'div',
    { class: 'admin-actions' },
    t.paused
      ? actionForm({ label: 'Resume', name: 'resume', run: command('resume'), done })
      : actionForm({ label: 'Pause', name: 'pause', run: command('pause'), done }),
    t.endedEarly
      ? null
      : actionForm({ label: 'End now', name: 'end', danger: true, run: command('end'), done }),
  );
}

/** The two lists of the page: what staff act on, and the record. */
const LISTS = {
  active: { title: 'Running and upcoming', query: '', empty: 'No tournament is running or upcoming.' },
  finished: { title: 'Finished', query: 'status=finished', empty: 'No tournament has finished yet.' },
} as const;

/**
 * `/admin/tournaments[?status=finished]`: the tournaments not finished (private ones too), with
 * pause, resume and end, or those finished, newest first; 50 at a time, with more on demand.
 */
export function tournamentsPage(api: AdminApi, root: HTMLElement): void {
  const which = new URLSearchParams(location.search).get('status') === 'finished' ? 'finished' : 'active';
  const shown = LISTS[which];
  const list: TournamentSummaryDto[] = [];
  let next: string | null = null;
  const tabs = h(
    'nav',
    { class: 'admin-tabs', 'aria-label': 'Tournaments by state' },
    (Object.keys(LISTS) as Array<keyof typeof LISTS>).map((key) =>
      h(
        'a',
        {
          href: `/admin/tournaments${LISTS[key].query ? `?${LISTS[key].query}` : ''}`,
          ...(key === which ? { 'aria-current': 'page' } : {}),
        },
        LISTS[key].title,
      ),
    ),
  );
  const reload = () => {
    list.length = 0;
    next = null;
    void load(null);
  };
  const render = () => {
    const more = next === null ? null : h('button', { type: 'button', class: 'admin-more' }, 'Show more');
    more?.addEventListener('click', () => {
      more.disabled = true;
      void load(next);
    });
    replace(
      root,
      h('h1', {}, 'Tournaments'),
      tabs,
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, `${shown.title} (${list.length}${next === null ? '' : '+'})`),
        list.length === 0
          ? h('p', {}, shown.empty)
          : table(
              ['Tournament', 'Format', 'State', 'Entry', 'Players', 'Starts', 'Actions'],
              list.map((t) => [
                h('a', { href: `/admin${path(t.id)}`, 'data-tournament': t.id }, t.name),
                `${t.format}${t.timeControl ? ` ${t.timeControl}` : ''}`,
                h('span', { 'data-state': t.paused ? 'paused' : t.status }, standing(t)),
                t.access,
                `${t.players} / ${t.capacity}`,
                starts(t.startsAt),
                lifecycle(api, t, reload),
              ]),
              'Tournaments',
            ),
        more,
      ),
    );
  };
  const load = async (after: string | null) => {
    const query = [shown.query, after ? `after=${encodeURIComponent(after)}` : ''].filter(Boolean).join('&');
    try {
      const page = await api.get<TournamentPageDto>(`/tournaments${query ? `?${query}` : ''}`);
      list.push(...page.tournaments);
      next = page.next;
    } catch (err) {
      replace(root, h('h1', {}, 'Tournaments'), tabs, failed(err));
      return;
    }
    render();
  };
  replace(root, h('p', { role: 'status' }, 'Loading…'));
  void load(null);
}

/** A tournament game's result from what staff typed: `1-0`, `½-½` (or `1/2-1/2`), `0-1`. */
function scoresOf(typed: string): [number, number] {
  const result = typed.replace(/\s/g, '').replace(/½|1\/2/g, '0.5');
  const found = ({ '1-0': [1, 0], '0.5-0.5': [0.5, 0.5], '0-1': [0, 1] } as const)[result];
  if (!found) throw new Error('give the result as 1-0, ½-½ or 0-1');
  return [...found];
}

/**
 * `/admin/tournaments/:id`: one tournament, its players (disqualify) and the games of the round
 * being played (watch; adjudicate a two-seat game, not a table, whose result is its placings).
 */
export function tournamentPage(api: AdminApi, root: HTMLElement, id: string): void {
  const load = async () => {
    let t: TournamentDto;
    try {
      t = await api.get<TournamentDto>(path(id));
    } catch (err) {
      replace(root, h('h1', {}, 'Tournament'), failed(err));
      return;
    }
    const reload = () => void load();
    const names = new Map(t.standings.map((r) => [r.userId, r.name]));
    const open = t.status !== 'finished';
    const round = t.rounds.at(-1);
    const playerRow = (r: TournamentDto['standings'][number]) => [
      r.rank,
      h('span', { 'data-player': r.name }, r.name),
      r.rating,
      r.score,
      r.disqualified ? 'disqualified' : r.withdrawn ? 'withdrawn' : 'playing',
      open && !r.disqualified
        ? h(
            'div',
            { class: 'admin-actions' },
            actionForm({
              label: 'Disqualify',
              name: 'disqualify',
              danger: true,
              run: (v) =>
                api.act('POST', `${path(id)}/players/${encodeURIComponent(r.userId)}/disqualify`, {
                  reason: v.reason,
                }),
              done: reload,
            }),
          )
        : '',
    ];
    const tables = round !== undefined && atTables(round);
    const boardRow = (b: NonNullable<typeof round>['boards'][number]) => {
      const line = boardLine(b, t.game, names);
      const actions =
        line.watch === null
          ? ''
          : h(
              'div',
              { class: 'admin-actions' },
              h('a', { class: 'button', href: line.watch }, 'Watch'),
              line.adjudicable
                ? actionForm({
                    label: 'Adjudicate',
                    name: 'adjudicate',
                    danger: true,
                    extra: [{ name: 'result', label: 'Result (1-0, ½-½ or 0-1)', required: true }],
                    run: async (v) =>
                      api.act('POST', `${path(id)}/games/${encodeURIComponent(b.gameId!)}/adjudicate`, {
                        reason: v.reason,
                        scores: scoresOf(v.result ?? ''),
                      }),
                    done: reload,
                  })
                : null,
            );
      const number = h('span', { 'data-board': line.number }, line.number);
      return tables
        ? [number, line.players.join(', '), line.result, actions]
        : [number, line.players[0], line.players[1], line.result, actions];
    };
    replace(
      root,
      h('h1', { 'data-tournament': t.id }, t.name),
      h(
        'section',
        { class: 'panel' },
        h(
          'p',
          {},
          `${t.format} · ${t.game}${t.timeControl ? ` ${t.timeControl}` : ''} · ${t.access} · round ${t.currentRound} of ${t.totalRounds ?? '?'} · starts ${starts(t.startsAt)}`,
        ),
        h(
          'p',
          { class: t.paused ? 'admin-flag' : '', 'data-state': t.paused ? 'paused' : t.status },
          standing(t),
        ),
        lifecycle(api, t, reload),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Players'),
        table(['#', 'Player', 'Rating', 'Score', 'State', 'Actions'], t.standings.map(playerRow), 'Players'),
      ),
      round && !round.ended
        ? h(
            'section',
            { class: 'panel' },
            h('h2', {}, `Round ${round.round}`),
            table(
              tables
                ? ['Table', 'Players', 'Result', 'Actions']
                : ['Board', 'White', 'Black', 'Result', 'Actions'],
              round.boards.map(boardRow),
              'Games',
            ),
          )
        : null,
    );
  };
  replace(root, h('p', { role: 'status' }, 'Loading…'));
  void load();
}

import type { UserDto } from '../../../schema/accounts.ts';
import {
  TOURNAMENT_STATUSES,
  type TournamentCreators,
  type TournamentListDto,
  type TournamentStatus,
  type TournamentSummaryDto,
} from '../../../schema/tournaments.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { tournamentPath } from '../router.ts';
import {
  BY_HAND_LINE,
  dateText,
  endLine,
  playersLine,
  STATUS_WORDS,
  settingsLine,
  startLine,
} from '../tournament-text.ts';
import { explain } from './auth.ts';
import '../tournaments.css';

const EMPTY: Record<TournamentStatus, string> = {
  upcoming: 'No tournament is coming up.',
  running: 'No tournament is being played now.',
  finished: 'No tournament has finished yet.',
};

/** Whether `user` may create tournaments on a server whose creators are `creators`. */
export function mayCreate(user: UserDto | undefined, creators: TournamentCreators): boolean {
  if (!user || user.guest) return false;
  return creators === 'anyone' || user.roles.some((r) => r === 'moderator' || r === 'admin');
}

/**
 * The start of a tournament: its local date and time, and a countdown while it is to come; one
 * its creator starts by hand says so until it starts.
 */
export function startTime(t: Pick<TournamentSummaryDto, 'startsAt' | 'status'>): HTMLElement {
  const { startsAt } = t;
  if (startsAt === null) return h('span', { class: 'starts', 'data-by-hand': 'true' }, BY_HAND_LINE);
  const when = h('time', { datetime: new Date(startsAt).toISOString() }, dateText(startsAt));
  if (t.status !== 'upcoming') return h('span', { class: 'starts' }, 'Started ', when);
  return h(
    'span',
    { class: 'starts' },
    h('span', { class: 'countdown', 'data-starts-at': startsAt }, startLine(startsAt, Date.now())),
    ' · ',
    when,
  );
}

/**
 * Counts down every `[data-starts-at]` (to a start) and `[data-ends-at]` (to an arena's end) inside
 * `root` once a second; returns the stopper.
 */
export function tickCountdowns(root: HTMLElement): () => void {
  const timer = setInterval(() => {
    const now = Date.now();
    for (const el of root.querySelectorAll<HTMLElement>('[data-starts-at], [data-ends-at]')) {
      const { startsAt, endsAt } = el.dataset;
      const text = startsAt !== undefined ? startLine(Number(startsAt), now) : endLine(Number(endsAt), now);
      if (el.textContent !== text) el.textContent = text;
    }
  }, 1000);
  return () => clearInterval(timer);
}

function item(t: TournamentSummaryDto): HTMLElement {
  return h(
    'li',
    { 'data-tournament': t.id, 'data-status': t.status },
    h('a', { class: 'tournament-name', href: tournamentPath(t.id) }, t.name),
    h('span', { class: 'tournament-settings' }, settingsLine(t)),
    h('span', { class: 'tournament-when' }, startTime(t), ' · ', playersLine(t.players, t.capacity)),
  );
}

/** `/tournaments?status=`: the tournaments coming up, being played, or finished; the way to a new one. */
export function tournamentsView(ctx: AppContext, main: HTMLElement): () => void {
  const asked = new URLSearchParams(location.search).get('status');
  const status: TournamentStatus = TOURNAMENT_STATUSES.find((s) => s === asked) ?? 'upcoming';
  document.title = 'Tournaments · Rookery';
  let left = false;
  const list = h('ul', { class: 'tournament-list', 'aria-labelledby': 'tournaments-tab' });
  const note = h('p', { class: 'status', role: 'status' }, 'Loading the tournaments…');
  const create = h('p', { class: 'create-tournament' });
  const section = h(
    'section',
    { class: 'tournaments', 'aria-labelledby': 'tournaments-title' },
    h('div', { class: 'tournaments-head' }, h('h1', { id: 'tournaments-title' }, 'Tournaments'), create),
    h(
      'nav',
      { class: 'board-list tournament-tabs', 'aria-label': 'Tournaments by status' },
      TOURNAMENT_STATUSES.map((s) =>
        h(
          'a',
          {
            href: `/tournaments${s === 'upcoming' ? '' : `?status=${s}`}`,
            'aria-current': s === status ? 'page' : null,
            id: s === status ? 'tournaments-tab' : null,
            'data-status': s,
          },
          STATUS_WORDS[s],
        ),
      ),
    ),
    note,
    list,
  );
  replace(main, section);
  const stopTicking = tickCountdowns(list);

  const more = h('button', { type: 'button', class: 'more-tournaments', hidden: true }, 'More tournaments');
  section.append(more);
  let next: string | null = null;
  /** The list's next page (its first without `after`), added below what is shown. */
  const load = (after: string | null) =>
    ctx
      .get<TournamentListDto>(
        `/api/tournaments?status=${status}${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      )
      .then(
        ({ tournaments, creators, next: following }) => {
          if (left) return;
          if (mayCreate(ctx.user(), creators))
            replace(create, h('a', { class: 'button primary', href: '/tournaments/new' }, 'New tournament'));
          // In the server's order: upcoming soonest first (those started by hand last); the others
          // the latest first.
          list.append(...tournaments.map(item));
          next = following;
          more.hidden = next === null;
          more.disabled = false;
          const none = list.childElementCount === 0;
          note.textContent = none ? EMPTY[status] : '';
          note.hidden = !none;
          section.dataset.loaded = 'true';
        },
        (err) => {
          if (left) return;
          more.disabled = false;
          note.hidden = false;
          note.textContent = explain(err);
          note.classList.add('error');
          note.setAttribute('role', 'alert');
        },
      );
  more.addEventListener('click', () => {
    if (next === null) return;
    more.disabled = true;
    void load(next);
  });
  void load(null);
  return () => {
    left = true;
    stopTicking();
  };
}

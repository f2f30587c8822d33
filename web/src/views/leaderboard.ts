import type { BoardDto, BoardPageDto, PlayerStandingDto, StandingDto } from '../../../schema/leaderboards.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { countryLabel, playerName } from '../profile-link.ts';
import { explain } from './auth.ts';
import '../leaderboards.css';

/** What the page shows, all of it in the address: `/leaderboards/:id?period=&country=&view=&player=`. */
interface Choice {
  id: string | undefined;
  period: string;
  country: string;
  view: 'top' | 'around';
  player: string;
}

function choiceOf(id: string | undefined): Choice {
  const q = new URLSearchParams(location.search);
  return {
    id,
    period: q.get('period') ?? 'current',
    country: q.get('country') ?? '',
    view: q.get('view') === 'around' ? 'around' : 'top',
    player: q.get('player') ?? '',
  };
}

function pathOf(c: Choice): string {
  const q = new URLSearchParams();
  if (c.period !== 'current') q.set('period', c.period);
  if (c.country) q.set('country', c.country);
  if (c.view === 'around') q.set('view', 'around');
  if (c.view === 'around' && c.player) q.set('player', c.player);
  const search = q.toString();
  return `/leaderboards/${c.id}${search ? `?${search}` : ''}`;
}

function rows(standings: StandingDto[], me: string | undefined): HTMLElement {
  return h(
    'table',
    { class: 'standings' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'Rank'), h('th', {}, 'Player'), h('th', {}, 'Country'), h('th', {}, 'Score')),
    ),
    h(
      'tbody',
      {},
      standings.map((s) =>
        h(
          'tr',
          { class: s.username === me ? 'me' : '', 'data-rank': s.rank, 'data-username': s.username },
          h('td', {}, String(s.rank)),
          h('td', {}, playerName(s.username)),
          h('td', {}, countryLabel(s.country)),
          h('td', {}, String(s.value)),
        ),
      ),
    ),
  );
}

/** `/leaderboards` and `/leaderboards/:id`: the top of a board, or the players around one; by period and country. */
export function leaderboardView(ctx: AppContext, main: HTMLElement, boardId: string | undefined): () => void {
  let left = false;
  const choice = choiceOf(boardId);
  const me = ctx.user();
  const go = (next: Partial<Choice>) => ctx.navigate(pathOf({ ...choice, ...next }));
  replace(main, h('p', { class: 'status', role: 'status' }, 'Loading the leaderboards…'));

  const show = async () => {
    const { boards } = await ctx.get<{ boards: BoardDto[] }>('/api/leaderboards');
    const board = boards.find((b) => b.id === choice.id) ?? boards[0];
    if (!board)
      return replace(main, h('h1', {}, 'Leaderboards'), h('p', {}, 'No leaderboards are configured.'));
    choice.id = board.id;
    const params = new URLSearchParams({ period: choice.period });
    if (choice.country) params.set('country', choice.country);
    const status = h('p', { class: 'status', role: 'status' });
    const body = h('div', { class: 'board-body' });
    let page: BoardPageDto | undefined;
    if (choice.view === 'around') {
      const who = choice.player || me?.username;
      if (!who) status.textContent = 'Sign in to see the players around you.';
      else {
        params.set('around', '10');
        try {
          const found = await ctx.get<PlayerStandingDto>(
            `/api/leaderboards/${board.id}/players/${encodeURIComponent(who)}?${params}`,
          );
          status.textContent = `${found.standing.username} is #${found.standing.rank}.`;
          body.append(rows(found.around ?? [], me?.username));
        } catch (err) {
          status.textContent = explain(err);
        }
      }
    } else {
      page = await ctx.get<BoardPageDto>(`/api/leaderboards/${board.id}?${params}&limit=50`);
      status.textContent = page.total === 0 ? 'Nobody on this board yet.' : `${page.total} players.`;
      if (page.standings.length) body.append(rows(page.standings, me?.username));
    }
    if (left) return;

    const more = h('button', { type: 'button', class: 'more', hidden: !page?.next }, 'More');
    more.addEventListener('click', async () => {
      if (!page?.next) return;
      page = await ctx.get<BoardPageDto>(
        `/api/leaderboards/${board.id}?${params}&limit=50&cursor=${page.next}`,
      );
      body.querySelector('tbody')?.append(...rows(page.standings, me?.username).querySelectorAll('tbody tr'));
      more.hidden = !page.next;
    });
    const periods = [...new Set(['current', ...(page?.periods ?? []).slice().reverse()])];
    const countries = [
      ...new Set([me?.country, choice.country, ...(page?.standings.map((s) => s.country) ?? [])]),
    ]
      .filter((c): c is string => !!c)
      .sort();
    replace(
      main,
      h(
        'section',
        { class: 'leaderboards', 'aria-labelledby': 'board-title' },
        h('h1', { id: 'board-title' }, board.title),
        h(
          'nav',
          { class: 'board-list', 'aria-label': 'Leaderboards' },
          boards.map((b) =>
            h(
              'a',
              { href: `/leaderboards/${b.id}`, 'aria-current': b.id === board.id ? 'page' : null },
              b.title,
            ),
          ),
        ),
        h(
          'div',
          { class: 'board-controls' },
          h(
            'div',
            { class: 'tabs', role: 'group', 'aria-label': 'Show' },
            h(
              'button',
              {
                type: 'button',
                'aria-pressed': String(choice.view === 'top'),
                onclick: () => go({ view: 'top' }),
              },
              'Top',
            ),
            h(
              'button',
              {
                type: 'button',
                'aria-pressed': String(choice.view === 'around'),
                onclick: () => go({ view: 'around', player: '' }),
              },
              'Around me',
            ),
          ),
          h(
            'label',
            {},
            'Period ',
            h(
              'select',
              {
                name: 'period',
                onchange: (e: Event) => go({ period: (e.target as HTMLSelectElement).value }),
              },
              periods.map((p) =>
                h(
                  'option',
                  { value: p, selected: p === choice.period },
                  p === 'current' ? `Current (${board.currentPeriod ?? '—'})` : p,
                ),
              ),
            ),
          ),
          board.partitionByCountry
            ? h(
                'label',
                {},
                'Country ',
                h(
                  'select',
                  {
                    name: 'country',
                    onchange: (e: Event) => go({ country: (e.target as HTMLSelectElement).value }),
                  },
                  h('option', { value: '' }, 'All countries'),
                  countries.map((c) =>
                    h('option', { value: c, selected: c === choice.country }, countryLabel(c)),
                  ),
                ),
              )
            : null,
        ),
        status,
        body,
        more,
      ),
    );
  };
  show().catch((err) => {
    if (!left)
      replace(main, h('h1', {}, 'Leaderboards'), h('p', { class: 'error', role: 'alert' }, explain(err)));
  });
  return () => {
    left = true;
  };
}

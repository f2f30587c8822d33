import { h, replace } from '../dom.ts';
import { type AdminApi, type LiveMatch, type RecentGame, when } from './api.ts';
import { actionForm, failed, table } from './ui.ts';

/** `/admin/games`: live games (per node) with spectate, pause, resume, abort and adjudicate; recent games. */
export function gamesPage(api: AdminApi, root: HTMLElement): void {
  const load = async () => {
    let data: { live: LiveMatch[]; recent: RecentGame[] };
    try {
      data = await api.get('/games');
    } catch (err) {
      replace(root, h('h1', {}, 'Games'), failed(err));
      return;
    }
    const reload = () => void load();
    const command = (id: string, action: string, body: object) =>
      api.act('POST', `/games/${encodeURIComponent(id)}/${action}`, body);
    const liveRow = (g: LiveMatch) => [
      h('span', { 'data-game': g.gameId }, g.gameId),
      g.game,
      g.live?.players?.length
        ? g.live.players.map((p) => p.name || (p.bot ? `Computer (${p.bot})` : 'open seat')).join(' – ')
        : `${g.clients} connected`,
      g.node,
      h(
        'div',
        { class: 'admin-actions' },
        h('a', { class: 'button', href: `/play/${g.gameId}` }, 'Spectate'),
        actionForm({
          label: 'Pause',
          name: 'pause',
          run: (v) => command(g.gameId, 'pause', { reason: v.reason }),
        }),
        actionForm({
          label: 'Resume',
          name: 'resume',
          run: (v) => command(g.gameId, 'resume', { reason: v.reason }),
        }),
        actionForm({
          label: 'Abort',
          name: 'abort',
          danger: true,
          run: (v) => command(g.gameId, 'abort', { reason: v.reason }),
          done: reload,
        }),
        actionForm({
          label: 'Adjudicate',
          name: 'adjudicate',
          danger: true,
          extra: [{ name: 'scores', label: 'Scores per seat (e.g. 1,0 or 0.5,0.5)', required: true }],
          run: (v) =>
            command(g.gameId, 'adjudicate', { reason: v.reason, scores: v.scores!.split(',').map(Number) }),
          done: reload,
        }),
      ),
    ];
    replace(
      root,
      h('h1', {}, 'Games'),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, `Live (${data.live.length})`),
        table(['Game', 'Kind', 'Players', 'Node', 'Actions'], data.live.map(liveRow), 'Live games'),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Recent'),
        table(
          ['Game', 'Kind', 'Players', 'Status', 'Started'],
          data.recent.map((g) => [
            h('a', { href: `/games/${g.id}` }, g.id),
            g.game,
            g.players.join(' – '),
            g.termination ?? g.status,
            when(g.startedAt),
          ]),
          'Recent games',
        ),
      ),
    );
  };
  replace(root, h('p', { role: 'status' }, 'Loading…'));
  void load();
}

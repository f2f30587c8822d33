import type { TournamentClient } from '../../../client-sdk/tournaments.ts';
import type { TournamentDto } from '../../../schema/tournaments.ts';
import { liveBracket } from '../bracket-live.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { livePath } from '../router.ts';
import { explain } from './auth.ts';
import { redraw } from './section.ts';
import { tournamentActions } from './tournament-actions.ts';
import { bracketView } from './tournament-bracket.ts';
import { groupStageWords, groupsView } from './tournament-groups.ts';
import { knockoutStandingsTable } from './tournament-knockout-standings.ts';
import {
  roundsList,
  type Standing,
  settingsList,
  standingOfDto,
  standingOfState,
  standingsTable,
  statusLine,
} from './tournament-parts.ts';
import { tablesList } from './tournament-tables.ts';
import { tickCountdowns } from './tournaments.ts';
import '../tournaments.css';

/** How often a page that cannot follow the room (nobody signed in) reads the tournament again. */
const POLL_MS = 10_000;

/**
 * `/tournaments/:id`: the settings, a countdown to the start (or its creator's "Start now" for one
 * started by hand), joining and withdrawing, the live
 * standings with their tie-breaks, and every round's pairings with links to the games. The room
 * is followed while the page is shown (and, for its players, between its pages: their games open
 * by themselves, `TournamentSession`); what the room does not carry (earlier rounds) is read
 * from the API again whenever the round or a result changes.
 */
export function tournamentView(ctx: AppContext, main: HTMLElement, id: string): () => void {
  let left = false;
  let dto: TournamentDto | undefined;
  let live: TournamentClient | undefined;
  let watching: ReturnType<AppContext['tournaments']['watch']> | undefined;
  const stops: Array<() => void> = [];
  const me = ctx.user()?.id;

  const status = h('div', { class: 'tournament-when' });
  const facts = h('div', { class: 'tournament-facts-slot' });
  const ready = h('p', { class: 'banner game-ready', role: 'status', hidden: true });
  const standings = h('div', { class: 'standings-slot' });
  const rounds = h('div', { class: 'rounds-slot' });
  const bracket = h('div', { class: 'bracket-slot' });
  const groups = h('div', { class: 'groups-slot' });
  const actions = tournamentActions(ctx, id, {
    changed: (next) => {
      dto = next;
      render();
    },
  });

  const standing = (): Standing | undefined =>
    live?.state.tournamentId ? standingOfState(live.state) : dto ? standingOfDto(dto) : undefined;

  const render = () => {
    const s = standing();
    if (!dto || !s || left) return;
    document.title = `${dto.name} · Rookery`;
    redraw(status, `${s.status}|${s.round}|${s.totalRounds}|${dto.startsAt}|${dto.arena?.endsAt}`, () =>
      statusLine(dto!, s, me),
    );
    redraw(facts, `${s.players}|${s.totalRounds}|${dto.status}|${dto.startsAt}`, () => settingsList(dto!, s));
    const names = new Map([...dto.standings, ...s.rows].map((r) => [r.userId, r.name]));
    if (dto.groups) {
      const stage = dto.groups;
      redraw(groups, JSON.stringify(stage), () => groupsView(stage, dto!.tieBreaks, me));
    }
    if (dto.knockout) {
      // The room's matches are fresher than the API's bracket; its games come from the API.
      const shown = dto.bracket && liveBracket(dto.bracket, s.matches, names);
      const outside = groupStageWords(dto.groups);
      redraw(standings, JSON.stringify([s.rows, shown, dto.groups?.stage]), () =>
        knockoutStandingsTable(s, shown, me, outside),
      );
      const later = dto.groups
        ? 'The bracket is drawn once the groups are played.'
        : 'The bracket is drawn at the start.';
      redraw(bracket, JSON.stringify(shown), () =>
        shown ? bracketView(shown, dto!.game, me) : h('p', { class: 'muted' }, later),
      );
    } else redraw(standings, JSON.stringify([s.tieBreaks, s.rows]), () => standingsTable(s, me));
    redraw(rounds, JSON.stringify([dto.rounds, s.round, s.boards, s.status]), () =>
      dto!.format === 'tables'
        ? tablesList(dto!.rounds, dto!.game, names, me)
        : roundsList(dto!.rounds, s, dto!.game, names, me, dto!.format === 'arena'),
    );
    const mine = s.rows.find((r) => r.userId === me);
    actions.show(dto, s, mine);
    ctx.tournaments.playing(id, !!mine && !mine.withdrawn && s.status !== 'finished');
    showReady(s);
  };

  /** The player's game being played, with a link to it (it opened by itself the first time). */
  const showReady = (s: Standing) => {
    const notice = ctx.tournaments.notice(id);
    const board = notice && s.boards.find((b) => b.gameId === notice.gameId);
    const open = !!notice && !!board && !board.result;
    ready.hidden = !open;
    if (!open) return;
    const against = notice.opponents?.map((o) => o.name).join(', ') ?? notice.opponent.name;
    redraw(ready, notice.gameId, () => [
      `Your game is ready: round ${notice.round}, ${notice.opponents ? 'at a table with' : 'against'} `,
      h('strong', {}, against),
      '. ',
      h('a', { href: livePath(notice.game, notice.gameId) }, 'Open the game'),
    ]);
  };

  // The API's read is refreshed when the room shows a change it does not carry in full.
  let fetching: Promise<void> | undefined;
  let again = false;
  const refresh = (): Promise<void> => {
    if (fetching) {
      again = true;
      return fetching;
    }
    fetching = ctx.tournaments.api
      .get(id)
      .then((t) => {
        dto = t;
        render();
      })
      .finally(() => {
        fetching = undefined;
        if (again && !left) {
          again = false;
          void refresh().catch(() => undefined);
        }
      });
    return fetching;
  };
  const roundKey = (s: Standing | undefined) =>
    s
      ? `${s.status}|${s.round}|${s.players}|${s.boards.map((b) => `${b.gameId}:${b.result}`).join()}|${s.matches
          .map((m) => `${m.id}:${m.status}:${m.winner}`)
          .join()}`
      : '';

  const follow = async () => {
    if (!me || dto?.status === 'finished') return poll();
    watching = ctx.tournaments.watch(id);
    try {
      live = await watching.client;
    } catch {
      // The room is gone (finished meanwhile) or cannot be reached: the API is read instead.
      return poll();
    }
    if (left) return;
    let known = roundKey(standing());
    let frame = 0;
    stops.push(
      live.onChange(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => {
          render();
          const key = roundKey(standing());
          if (key !== known) {
            known = key;
            void refresh().catch(() => undefined);
          }
        });
      }),
    );
    stops.push(ctx.tournaments.onNotice(id, render));
    render();
    if (roundKey(standing()) !== roundKey(dto && standingOfDto(dto))) void refresh().catch(() => undefined);
  };
  const poll = () => {
    if (dto?.status === 'finished') return;
    const timer = setInterval(() => void refresh().catch(() => undefined), POLL_MS);
    stops.push(() => clearInterval(timer));
  };

  replace(main, h('p', { class: 'status', role: 'status' }, 'Loading the tournament…'));
  refresh().then(
    () => {
      if (left || !dto) return;
      replace(
        main,
        h(
          'section',
          { class: 'tournament', 'aria-labelledby': 'tournament-title', 'data-tournament': id },
          h(
            'div',
            { class: 'panel tournament-head' },
            h('h1', { id: 'tournament-title' }, dto.name),
            status,
            actions.el,
            ready,
            h('h2', { class: 'visually-hidden' }, 'Settings'),
            facts,
          ),
          dto.groups
            ? h(
                'section',
                { class: 'panel tournament-groups', 'aria-labelledby': 'groups-title' },
                h('h2', { id: 'groups-title' }, 'Groups'),
                groups,
              )
            : null,
          dto.knockout
            ? h(
                'section',
                { class: 'panel tournament-bracket', 'aria-labelledby': 'bracket-title' },
                h('h2', { id: 'bracket-title' }, 'Bracket'),
                bracket,
              )
            : null,
          h(
            'div',
            { class: 'tournament-body' },
            h(
              'section',
              { class: 'panel', 'aria-labelledby': 'standings-title' },
              h('h2', { id: 'standings-title' }, 'Standings'),
              standings,
            ),
            h(
              'section',
              { class: 'panel', 'aria-labelledby': 'rounds-title' },
              h('h2', { id: 'rounds-title' }, dto.format === 'arena' ? 'Waves' : 'Rounds'),
              rounds,
            ),
          ),
        ),
      );
      stops.push(tickCountdowns(status));
      render();
      void follow();
    },
    (err) => {
      if (left) return;
      document.title = 'Tournament · Rookery';
      replace(
        main,
        h(
          'section',
          { class: 'panel' },
          h('h1', {}, 'Tournament'),
          h('p', { class: 'error', role: 'alert' }, explain(err)),
          h('p', {}, h('a', { href: '/tournaments' }, 'All tournaments')),
        ),
      );
    },
  );

  return () => {
    left = true;
    for (const stop of stops) stop();
    watching?.release();
  };
}

import type { TournamentDto } from '../../../schema/tournaments.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { tournamentPath } from '../router.ts';
import { authPanel } from './auth.ts';
import { attempt, redraw } from './section.ts';
import type { Standing, StandingRow } from './tournament-parts.ts';

/**
 * Joining and withdrawing, as the API allows them: joining before the start (a swiss takes late
 * entries too) while there is room, withdrawing until the end, after a confirmation. Someone not
 * signed in is offered the sign-in form. Refusals are written under the buttons.
 */
export function tournamentActions(
  ctx: AppContext,
  id: string,
  hooks: { changed(t: TournamentDto): void },
): { el: HTMLElement; show(t: TournamentDto, s: Standing, mine: StandingRow | undefined): void } {
  const buttons = h('div', { class: 'actions tournament-actions' });
  const note = h('p', { class: 'hint tournament-note' });
  const error = h('p', { class: 'error', role: 'alert' });
  const el = h('div', { class: 'tournament-join' }, buttons, note, error);
  let confirming = false;
  let signingIn = false;
  let last: Parameters<typeof show> | undefined;

  const act = (action: () => Promise<TournamentDto>) =>
    attempt(el, error, async () => {
      const next = await action();
      confirming = false;
      hooks.changed(next);
    });
  /** Changes what the buttons show (`confirming`, `signingIn`) and draws them again. */
  const toggle = (change: () => void) => () => {
    change();
    if (last) show(...last);
  };

  function show(t: TournamentDto, s: Standing, mine: StandingRow | undefined): void {
    last = [t, s, mine];
    const user = ctx.user();
    const open = s.status === 'upcoming' || (s.status === 'running' && t.format === 'swiss');
    const full = s.players >= t.capacity;
    const canJoin = open && !mine && !full;
    const canWithdraw = !!mine && !mine.withdrawn && s.status !== 'finished';
    const guestOut = !!user?.guest && t.rated;
    const key = [!!user, canJoin, canWithdraw, confirming, signingIn, guestOut, s.status, !!mine, full].join(
      '|',
    );
    redraw(buttons, key, () => {
      if (canWithdraw && confirming)
        return [
          h(
            'button',
            {
              type: 'button',
              class: 'danger',
              onclick: () => void act(() => ctx.tournaments.api.withdraw(id)),
            },
            'Confirm withdrawal',
          ),
          h(
            'button',
            {
              type: 'button',
              onclick: toggle(() => {
                confirming = false;
              }),
            },
            'Stay in',
          ),
        ];
      if (canWithdraw)
        return h(
          'button',
          {
            type: 'button',
            onclick: toggle(() => {
              confirming = true;
            }),
          },
          'Withdraw',
        );
      if (!canJoin) return null;
      if (!user)
        return signingIn
          ? authPanel(ctx, () => ctx.navigate(tournamentPath(id), { replace: true }))
          : h(
              'button',
              {
                type: 'button',
                class: 'primary',
                onclick: toggle(() => {
                  signingIn = true;
                }),
              },
              'Sign in to join',
            );
      return h(
        'button',
        {
          type: 'button',
          class: 'primary',
          disabled: guestOut,
          onclick: () => void act(() => ctx.tournaments.api.join(id)),
        },
        'Join',
      );
    });
    note.textContent = noteFor(s, mine, { full, open, guestOut });
  }

  return { el, show };
}

function noteFor(
  s: Standing,
  mine: StandingRow | undefined,
  is: { full: boolean; open: boolean; guestOut: boolean },
): string {
  if (mine?.withdrawn) return 'You withdrew from this tournament.';
  if (mine && s.status === 'upcoming')
    return 'You are in. Your games open here by themselves when they are ready.';
  if (mine && s.status === 'running') return 'You are playing. Each game opens by itself when it is ready.';
  if (s.status === 'finished') return '';
  if (is.guestOut) return 'This tournament is rated: players with an account only.';
  if (is.full && is.open) return 'The tournament is full.';
  if (!is.open) return 'This tournament has started: it takes no more players.';
  if (s.status === 'running') return 'A late entry starts with no points for the rounds already played.';
  return '';
}
